import { sql, type Kysely, type Updateable } from 'kysely';
import type { DB, ExportRow, ExportsTable, Role } from '../../db/types.js';

export interface NewExport {
  workspace_id: string;
  id: string;
  created_by: string | null;
  api_key_id: string | null;
  actor_role: Role;
  actor_name: string;
  format: string;
  options: Record<string, unknown>;
  file_name: string;
  created_at?: Date;
  expires_at: Date;
}

export async function insertExport(db: Kysely<DB>, row: NewExport): Promise<ExportRow> {
  return db
    .insertInto('exports')
    .values({ ...row, options: JSON.stringify(row.options) })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A workspace's exports that have not expired; with `onlyCreatedBy`, one user's (what an agent sees). */
export function visibleExports(db: Kysely<DB>, workspaceId: string, onlyCreatedBy?: string) {
  let q = db
    .selectFrom('exports')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('expires_at', '>', sql<Date>`now()`);
  if (onlyCreatedBy) q = q.where('created_by', '=', onlyCreatedBy);
  return q;
}

export async function findExport(db: Kysely<DB>, workspaceId: string, id: string) {
  return db
    .selectFrom('exports')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function updateExport(
  db: Kysely<DB>,
  workspaceId: string,
  id: string,
  set: Omit<Updateable<ExportsTable>, 'workspace_id' | 'id' | 'updated_at'>,
) {
  await db
    .updateTable('exports')
    .set({ ...set, updated_at: new Date() })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .execute();
}

export async function insertChunk(
  db: Kysely<DB>,
  workspaceId: string,
  exportId: string,
  seq: number,
  data: Uint8Array,
) {
  await db
    .insertInto('export_chunks')
    .values({ workspace_id: workspaceId, export_id: exportId, seq, data })
    .execute();
}

export async function deleteChunks(db: Kysely<DB>, workspaceId: string, exportId: string) {
  await db
    .deleteFrom('export_chunks')
    .where('workspace_id', '=', workspaceId)
    .where('export_id', '=', exportId)
    .execute();
}

/** One chunk of a finished file, or undefined past its end. */
export async function readChunk(db: Kysely<DB>, workspaceId: string, exportId: string, seq: number) {
  const row = await db
    .selectFrom('export_chunks')
    .select('data')
    .where('workspace_id', '=', workspaceId)
    .where('export_id', '=', exportId)
    .where('seq', '=', seq)
    .executeTakeFirst();
  return row?.data;
}

/** Exports past their expiry, of every workspace, with their files. */
export async function deleteExpired(db: Kysely<DB>): Promise<number> {
  const rows = await db
    .deleteFrom('exports')
    .where('expires_at', '<=', sql<Date>`now()`)
    .returning('id')
    .execute();
  return rows.length;
}
