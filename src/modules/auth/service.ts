import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import { AppError } from '../../server/errors.js';
import { DUMMY_PASSWORD_HASH, randomToken, sha256, verifyPassword } from '../../lib/secrets.js';
import type { Actor } from './actor.js';
import * as repo from './repo.js';
import { findApiKeyForToken } from '../api-keys/service.js';

export const SESSION_COOKIE = 'sid';

/** Checks the password and opens a session; the returned token goes into the cookie only. */
export async function signIn(db: Kysely<DB>, email: string, password: string, sessionDays: number) {
  const user = await repo.findUserByEmail(db, email);
  // Verify against a dummy hash for unknown emails so response time does not reveal which exist.
  const ok = await verifyPassword(password, user?.password_hash ?? DUMMY_PASSWORD_HASH);
  if (!user || !ok) throw new AppError('unauthorized', 'Email or password is incorrect');
  const [membership] = await repo.activeMemberships(db, user.id);
  if (!membership) throw new AppError('unauthorized', 'This account is deactivated');
  const token = randomToken();
  const expiresAt = new Date(Date.now() + sessionDays * 86_400_000);
  await repo.insertSession(db, {
    id: sha256(token),
    user_id: user.id,
    workspace_id: membership.workspace_id,
    expires_at: expiresAt,
  });
  return { token, expiresAt };
}

export async function openSessionFor(
  db: Kysely<DB>,
  userId: string,
  workspaceId: string,
  sessionDays: number,
) {
  const token = randomToken();
  const expiresAt = new Date(Date.now() + sessionDays * 86_400_000);
  await repo.insertSession(db, {
    id: sha256(token),
    user_id: userId,
    workspace_id: workspaceId,
    expires_at: expiresAt,
  });
  return { token, expiresAt };
}

export async function signOut(db: Kysely<DB>, actor: Actor) {
  if (actor.sessionId) await repo.deleteSession(db, actor.sessionId);
}

export async function actorFromSession(db: Kysely<DB>, token: string): Promise<Actor | null> {
  const id = sha256(token);
  const s = await repo.findLiveSession(db, id);
  if (!s) return null;
  return {
    workspaceId: s.workspace_id,
    role: s.role,
    userId: s.user_id,
    apiKeyId: null,
    name: s.name,
    sessionId: s.id,
  };
}

export async function actorFromApiKey(db: Kysely<DB>, token: string): Promise<Actor | null> {
  const key = await findApiKeyForToken(db, token);
  if (!key) return null;
  // Integrations act as an admin of their workspace: they see every contact.
  return {
    workspaceId: key.workspace_id,
    role: 'admin',
    userId: null,
    apiKeyId: key.id,
    name: `API key ${key.name}`,
  };
}
