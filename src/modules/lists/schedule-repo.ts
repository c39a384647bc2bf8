// SQL of list schedules: which lists are due, claiming one so a single server runs it, and what a
// run leaves on the list.
import type { Kysely, Updateable } from 'kysely';
import type { ContactListsTable, DB } from '../../db/types.js';

/**
 * Lists due at `now`, across workspaces, oldest due first. Read without locks: each is claimed on
 * its own afterwards (on Citus a lock across shards is not possible, a lock on one row is).
 */
export async function dueLists(db: Kysely<DB>, now: Date, limit: number) {
  return db
    .selectFrom('contact_lists')
    .select(['workspace_id', 'id'])
    .where('next_run_at', '<=', now)
    .orderBy('next_run_at')
    .limit(limit)
    .execute();
}

/** The list, locked, if it is still due; null when it is not, or another server holds it. */
export async function lockIfDue(db: Kysely<DB>, workspaceId: string, id: string, now: Date) {
  const row = await db
    .selectFrom('contact_lists')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('schedule', 'is not', null)
    .where('next_run_at', '<=', now)
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();
  return row ?? null;
}

export type SchedulePatch = Pick<
  Updateable<ContactListsTable>,
  'schedule' | 'schedule_time_zone' | 'next_run_at' | 'schedule_error' | 'last_run_at'
>;

/** Writes schedule columns only (a run must not undo a rename or a stop made meanwhile). */
export async function updateSchedule(db: Kysely<DB>, workspaceId: string, id: string, patch: SchedulePatch) {
  await db
    .updateTable('contact_lists')
    .set(patch)
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .execute();
}

/** After a run: its time and outcome, unless the schedule was turned off meanwhile. */
export async function recordRun(
  db: Kysely<DB>,
  workspaceId: string,
  id: string,
  run: { at: Date; error: string | null },
) {
  await db
    .updateTable('contact_lists')
    .set({ last_run_at: run.at, schedule_error: run.error })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('schedule', 'is not', null)
    .execute();
}
