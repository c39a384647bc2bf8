import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import { fieldError } from '../../server/errors.js';
import type { Actor } from '../auth/actor.js';
import * as repo from './repo.js';

const MAX_BYTES = 16 * 1024;

export async function getPreference(db: Kysely<DB>, actor: Actor, key: string) {
  return (await repo.find(db, actor.workspaceId, actor.userId!, key)) ?? null;
}

export async function setPreference(db: Kysely<DB>, actor: Actor, key: string, value: unknown) {
  const json = JSON.stringify(value);
  if (json.length > MAX_BYTES) throw fieldError('value', `must be at most ${MAX_BYTES} bytes of JSON`);
  await repo.upsert(db, actor.workspaceId, actor.userId!, key, json);
  return value;
}
