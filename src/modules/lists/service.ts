import type { Kysely } from 'kysely';
import type { ContactListRow, DB, EntryState } from '../../db/types.js';
import { newId } from '../../lib/ids.js';
import { AppError, fieldError, notFound } from '../../server/errors.js';
import { assertManager, type Actor } from '../auth/actor.js';
import { loadCampaign } from '../campaigns/service.js';
import { checkNewOwner } from '../contacts/service.js';
import * as repo from './repo.js';
import { ENTRY_STATES, type ContactList, type ListCreate } from './schema.js';

export function presentList(r: ContactListRow, counts: Map<EntryState, number> | undefined): ContactList {
  const byState = Object.fromEntries(ENTRY_STATES.map((s) => [s, counts?.get(s) ?? 0])) as Record<
    EntryState,
    number
  >;
  return {
    id: r.id,
    campaignId: r.campaign_id,
    name: r.name,
    state: r.state,
    source: r.source,
    counters: { total: Object.values(byState).reduce((a, b) => a + b, 0), ...byState },
    schedule: r.schedule
      ? {
          cron: r.schedule,
          timeZone: r.schedule_time_zone ?? 'UTC',
          nextRunAt: r.next_run_at?.toISOString() ?? null,
          lastRunAt: r.last_run_at?.toISOString() ?? null,
          lastError: r.schedule_error,
        }
      : null,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

export async function loadList(db: Kysely<DB>, actor: Actor, id: string, forUpdate = false) {
  const row = await repo.find(db, actor.workspaceId, id, forUpdate);
  if (!row) throw notFound('List');
  return row;
}

async function presentOne(db: Kysely<DB>, actor: Actor, row: ContactListRow) {
  return presentList(row, (await repo.counters(db, actor.workspaceId, [row.id])).get(row.id));
}

export async function listLists(db: Kysely<DB>, actor: Actor, campaignId: string) {
  assertManager(actor, 'see contact lists');
  await loadCampaign(db, actor, campaignId);
  const rows = await repo.listsOf(db, actor.workspaceId, campaignId);
  const counts = await repo.counters(
    db,
    actor.workspaceId,
    rows.map((r) => r.id),
  );
  return rows.map((r) => presentList(r, counts.get(r.id)));
}

export async function getList(db: Kysely<DB>, actor: Actor, id: string) {
  assertManager(actor, 'see contact lists');
  return presentOne(db, actor, await loadList(db, actor, id));
}

const nameTaken = () => fieldError('name', 'the campaign has another list with this name');

export async function createList(db: Kysely<DB>, actor: Actor, campaignId: string, input: ListCreate) {
  assertManager(actor, 'create contact lists');
  await loadCampaign(db, actor, campaignId);
  if ((await repo.listsOf(db, actor.workspaceId, campaignId)).length >= repo.MAX_LISTS_PER_CAMPAIGN)
    throw new AppError('conflict', `A campaign has at most ${repo.MAX_LISTS_PER_CAMPAIGN} lists`);
  try {
    const row = await repo.insert(db, {
      workspace_id: actor.workspaceId,
      id: newId(),
      campaign_id: campaignId,
      name: input.name,
      state: input.state,
      created_by: actor.userId,
    });
    return presentList(row, undefined);
  } catch (err) {
    if (repo.isNameTaken(err)) throw nameTaken();
    throw err;
  }
}

export async function renameList(db: Kysely<DB>, actor: Actor, id: string, name: string | undefined) {
  assertManager(actor, 'change contact lists');
  await loadList(db, actor, id);
  try {
    return presentOne(db, actor, await repo.update(db, actor.workspaceId, id, { name }));
  } catch (err) {
    if (repo.isNameTaken(err)) throw nameTaken();
    throw err;
  }
}

/** Started lists hand out entries (when their campaign is active); stopped ones keep them. */
export async function setListState(db: Kysely<DB>, actor: Actor, id: string, state: 'started' | 'stopped') {
  assertManager(actor, state === 'started' ? 'start lists' : 'stop lists');
  await loadList(db, actor, id);
  return presentOne(db, actor, await repo.update(db, actor.workspaceId, id, { state }));
}

export async function deleteList(db: Kysely<DB>, actor: Actor, id: string) {
  assertManager(actor, 'delete contact lists');
  await loadList(db, actor, id);
  await repo.remove(db, actor.workspaceId, id);
}

/** A preferred agent must be an active member of the workspace. */
export async function checkAgent(
  db: Kysely<DB>,
  actor: Actor,
  userId: string | null | undefined,
  path: string,
) {
  if (userId) await checkNewOwner(db, actor, userId, path);
}
