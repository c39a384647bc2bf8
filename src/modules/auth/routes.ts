import { z } from 'zod';
import type { App } from '../../server/types.js';
import { Me, SignIn } from './schema.js';
import { actorFromSession, SESSION_COOKIE, signIn, signOut } from './service.js';
import { describeActor } from '../workspaces/service.js';

export function setSessionCookie(app: App, reply: any, token: string, expiresAt: Date) {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: app.config.secureCookies,
    expires: expiresAt,
  });
}

export async function authRoutes(app: App) {
  app.post(
    '/auth/sign-in',
    {
      config: {
        public: true,
        rateLimit: {
          max: app.config.signInAttempts || 1_000_000,
          timeWindow: '15 minutes',
          // After body parsing and validation, so the key can include the email being tried.
          hook: 'preHandler',
          keyGenerator: (req: any) => `${req.ip}|${String(req.body?.email ?? '').toLowerCase()}`,
          errorResponseBuilder: (_req: any, ctx: any) => ({
            statusCode: 429,
            message: `Too many sign-in attempts; try again in ${ctx.after}`,
          }),
        },
      },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with email and password',
        body: SignIn,
        response: { 200: Me },
      },
    },
    async (req, reply) => {
      const { token, expiresAt } = await signIn(
        app.db,
        req.body.email,
        req.body.password,
        app.config.sessionDays,
      );
      setSessionCookie(app, reply, token, expiresAt);
      const actor = (await actorFromSession(app.db, token))!;
      return describeActor(app.db, actor);
    },
  );

  app.post(
    '/auth/sign-out',
    { schema: { tags: ['auth'], summary: 'Sign out of this session', response: { 204: z.null() } } },
    async (req, reply) => {
      await signOut(app.db, req.actor);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/auth/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'Who am I: user or API key, role and workspace',
        response: { 200: Me },
      },
    },
    async (req) => describeActor(app.db, req.actor),
  );
}
