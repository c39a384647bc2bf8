import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from './errors.js';
import { actorFromApiKey, actorFromSession, SESSION_COOKIE } from '../modules/auth/service.js';

/** Resolves who is calling (API key or session cookie) and enforces the route's roles on the server. */
export async function authenticate(req: FastifyRequest, _reply: FastifyReply) {
  const cfg = req.routeOptions.config ?? {};
  if (cfg.public) return;
  const db = req.server.db;
  const header = req.headers.authorization;
  let actor = null;
  if (header) {
    const [scheme, token] = header.split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) {
      throw new AppError('unauthorized', 'Authorization header must be "Bearer <API key>"');
    }
    actor = await actorFromApiKey(db, token);
    if (!actor) throw new AppError('unauthorized', 'API key is invalid or revoked');
  } else {
    const token = req.cookies[SESSION_COOKIE];
    if (token) actor = await actorFromSession(db, token);
    if (!actor)
      throw new AppError('unauthorized', 'Sign in, or send an API key as "Authorization: Bearer <key>"');
  }
  if (cfg.usersOnly && !actor.userId)
    throw new AppError('forbidden', 'Only signed-in users can do this, not API keys');
  if (cfg.roles && !cfg.roles.includes(actor.role)) {
    throw new AppError(
      'forbidden',
      `Only ${cfg.roles.join(' or ')} users can do this; you are ${actor.role}`,
    );
  }
  req.actor = actor;
}
