import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import { newId } from '../../lib/ids.js';
import { remembered, shortCache } from '../../lib/short-cache.js';
import { AppError, fieldError } from '../../server/errors.js';
import type { Actor } from '../auth/actor.js';
import type { Me } from '../auth/schema.js';
import { createUserWithMembership, findUser } from '../users/service.js';
import type { Setup, WorkspacePatch } from './schema.js';
import type { DateFormat } from './date-formats.js';
import * as repo from './repo.js';

export const setupNeeded = async (db: Kysely<DB>) => !(await repo.anyUserExists(db));

/** First run: the workspace and its owner. Refused once any user exists. */
export async function runSetup(trx: Kysely<DB>, input: Setup) {
  await repo.lockSetup(trx);
  if (await repo.anyUserExists(trx)) throw new AppError('conflict', 'Setup is already done: sign in instead');
  return createWorkspaceWithOwner(trx, input);
}

/** A workspace with its first owner (setup, demo data and test factories). */
export async function createWorkspaceWithOwner(
  trx: Kysely<DB>,
  input: Pick<Setup, 'workspaceName' | 'name' | 'email' | 'password' | 'defaultCountry'>,
) {
  const workspace = await repo.insertWorkspace(trx, {
    id: newId(),
    name: input.workspaceName,
    default_country: input.defaultCountry,
  });
  const user = await createUserWithMembership(trx, workspace.id, {
    name: input.name,
    email: input.email,
    password: input.password,
    role: 'owner',
  });
  return { workspace, userId: user.id };
}

export function presentWorkspace(w: Awaited<ReturnType<typeof repo.findWorkspace>>) {
  return {
    id: w.id,
    name: w.name,
    defaultCountry: w.default_country,
    dateFormat: w.date_format as DateFormat,
    optOutKeywords: w.optout_keywords,
    optInKeywords: w.optin_keywords,
    createdAt: w.created_at.toISOString(),
  };
}

export async function getWorkspace(db: Kysely<DB>, actor: Actor) {
  return presentWorkspace(await repo.findWorkspace(db, actor.workspaceId));
}

// Contact writes read the default country on every call: remembered briefly
// (src/lib/short-cache.ts), and a settings change drops its workspace's entry.
const settingsCache = shortCache<ReturnType<typeof presentWorkspace>>();

const loadSettings = async (db: Kysely<DB>, workspaceId: string) =>
  presentWorkspace(await repo.findWorkspace(db, workspaceId));

export async function workspaceSettings(db: Kysely<DB>, workspaceId: string) {
  return (await remembered(settingsCache, workspaceId, () => loadSettings(db, workspaceId)))!;
}

/**
 * A word can opt a sender out or back in, not both: inbound messages read it as an opt-out first,
 * so the same word in both lists would never opt anyone in. Checked against the stored list when
 * the patch changes only one.
 */
async function checkKeywordsApart(db: Kysely<DB>, workspaceId: string, patch: WorkspacePatch) {
  if (!patch.optOutKeywords && !patch.optInKeywords) return;
  // Read afresh, not from the cache: another server may have changed the lists within its 5 s.
  const stored = await loadSettings(db, workspaceId);
  const optOut = patch.optOutKeywords ?? stored.optOutKeywords;
  const optIn = patch.optInKeywords ?? stored.optInKeywords;
  const both = optIn.filter((k) => optOut.includes(k));
  if (both.length === 0) return;
  const path = patch.optInKeywords ? 'optInKeywords' : 'optOutKeywords';
  const other = path === 'optInKeywords' ? 'opt-out' : 'opt-in';
  const words = both.map((k) => `"${k}"`).join(', ');
  const also = both.length > 1 ? `are also ${other} keywords` : `is also an ${other} keyword`;
  throw fieldError(path, `${words} ${also}: a word can only do one`);
}

export async function updateWorkspace(db: Kysely<DB>, actor: Actor, patch: WorkspacePatch) {
  await checkKeywordsApart(db, actor.workspaceId, patch);
  settingsCache.delete(actor.workspaceId);
  const row = await repo.updateWorkspace(db, actor.workspaceId, {
    name: patch.name,
    default_country: patch.defaultCountry,
    date_format: patch.dateFormat,
    optout_keywords: patch.optOutKeywords,
    optin_keywords: patch.optInKeywords,
  });
  return presentWorkspace(row);
}

export async function describeActor(db: Kysely<DB>, actor: Actor): Promise<Me> {
  const w = await repo.findWorkspace(db, actor.workspaceId);
  const user = actor.userId ? ((await findUser(db, actor.userId)) ?? null) : null;
  return {
    user,
    apiKey: actor.apiKeyId ? { id: actor.apiKeyId, name: actor.name } : null,
    role: actor.role,
    workspace: {
      id: w.id,
      name: w.name,
      defaultCountry: w.default_country,
      dateFormat: w.date_format as DateFormat,
    },
  };
}

export async function firstOwnerActor(db: Kysely<DB>): Promise<Actor | null> {
  const o = await repo.firstOwner(db);
  return o
    ? { workspaceId: o.workspace_id, role: 'owner', userId: o.user_id, apiKeyId: null, name: o.name }
    : null;
}
