import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import { newId } from '../../lib/ids.js';
import { randomToken, safeEqual, sha256 } from '../../lib/secrets.js';
import { remembered, shortCache } from '../../lib/short-cache.js';
import { notFound } from '../../server/errors.js';
import type { Actor } from '../auth/actor.js';
import type { ApiKeyCreate } from './schema.js';
import * as repo from './repo.js';

// Key format: ck_<key id as 32 hex digits>_<secret>. The id finds the row; the whole key is
// compared by hash, so the secret itself is never stored.
const TOKEN = /^ck_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$/;
const TOUCH_EVERY_MS = 60_000;

// Integrations send a key with every request: rows are remembered briefly (src/lib/short-cache.ts),
// and a revocation drops its key.
const keyRows = shortCache<NonNullable<Awaited<ReturnType<typeof repo.findById>>>>();

const idFromHex = (h: string) =>
  `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;

export function present(row: Awaited<ReturnType<typeof repo.list>>[number]) {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.created_at.toISOString(),
    lastUsedAt: row.last_used_at ? new Date(row.last_used_at).toISOString() : null,
    revokedAt: row.revoked_at ? new Date(row.revoked_at).toISOString() : null,
  };
}

export async function createKey(db: Kysely<DB>, actor: Actor, input: ApiKeyCreate) {
  const id = newId();
  const token = `ck_${id.replaceAll('-', '')}_${randomToken()}`;
  const row = await repo.insert(db, {
    workspace_id: actor.workspaceId,
    id,
    name: input.name,
    prefix: token.slice(0, 11),
    secret_hash: sha256(token),
    created_by: actor.userId,
  });
  return { ...present(row), token };
}

export async function listKeys(db: Kysely<DB>, actor: Actor) {
  return (await repo.list(db, actor.workspaceId)).map(present);
}

export async function revokeKey(db: Kysely<DB>, actor: Actor, id: string) {
  const row = await repo.revoke(db, actor.workspaceId, id);
  keyRows.delete(id);
  if (!row) throw notFound('API key');
  return present(row);
}

export async function findApiKeyForToken(db: Kysely<DB>, token: string) {
  const m = TOKEN.exec(token);
  if (!m) return null;
  const id = idFromHex(m[1]);
  const row = await remembered(keyRows, id, () => repo.findById(db, id));
  if (!row || row.revoked_at || !safeEqual(row.secret_hash, sha256(token))) return null;
  const last = row.last_used_at ? new Date(row.last_used_at).getTime() : 0;
  if (Date.now() - last > TOUCH_EVERY_MS) {
    row.last_used_at = new Date();
    // Best effort: a failed timestamp update must not fail the request it belongs to.
    repo.touch(db, row.workspace_id, row.id).catch(() => {});
  }
  return row;
}
