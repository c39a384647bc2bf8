import type { Kysely, Updateable } from 'kysely';
import type { BulkActionRow, BulkActionsTable, DB } from '../../db/types.js';

export async function insert(
  db: Kysely<DB>,
  row: Pick<
    BulkActionRow,
    'workspace_id' | 'id' | 'created_by' | 'api_key_id' | 'actor_role' | 'actor_name' | 'total'
  > & { action: unknown; selection: unknown },
): Promise<BulkActionRow> {
  return db
    .insertInto('bulk_actions')
    .values({ ...row, action: JSON.stringify(row.action), selection: JSON.stringify(row.selection) })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function find(db: Kysely<DB>, workspaceId: string, id: string, forUpdate = false) {
  let q = db
    .selectFrom('bulk_actions')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function list(db: Kysely<DB>, workspaceId: string, onlyCreatedBy: string | undefined) {
  let q = db
    .selectFrom('bulk_actions')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .orderBy('created_at', 'desc')
    .limit(100);
  if (onlyCreatedBy) q = q.where('created_by', '=', onlyCreatedBy);
  return q.execute();
}

export async function update(
  db: Kysely<DB>,
  workspaceId: string,
  id: string,
  set: Omit<Updateable<BulkActionsTable>, 'workspace_id' | 'id'>,
) {
  await db
    .updateTable('bulk_actions')
    .set({ ...set, updated_at: new Date() })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .execute();
}

/** Moves a waiting action to running; false when another worker has it or it was cancelled. */
export async function claim(db: Kysely<DB>, workspaceId: string, id: string): Promise<boolean> {
  const r = await db
    .updateTable('bulk_actions')
    .set({ state: 'running', updated_at: new Date() })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('state', 'in', ['waiting', 'running'])
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function addProgress(
  db: Kysely<DB>,
  workspaceId: string,
  id: string,
  chunk: { processed: number; changed: number; failed: number; lastId: string },
) {
  await db
    .updateTable('bulk_actions')
    .set((eb) => ({
      processed: eb('processed', '+', chunk.processed),
      changed: eb('changed', '+', chunk.changed),
      failed: eb('failed', '+', chunk.failed),
      skipped: eb('skipped', '+', chunk.processed - chunk.changed - chunk.failed),
      last_id: chunk.lastId,
      updated_at: new Date(),
    }))
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .execute();
}

/** Ends a running action, unless it was cancelled meanwhile (a cancel stays a cancel). */
export async function finish(
  db: Kysely<DB>,
  workspaceId: string,
  id: string,
  end: { state: 'done' | 'failed'; error?: string },
) {
  await db
    .updateTable('bulk_actions')
    .set({ state: end.state, error: end.error ?? null, finished_at: new Date(), updated_at: new Date() })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('state', '=', 'running')
    .execute();
}
