import type { Kysely } from 'kysely';
import type { DB, ImportRow } from '../../db/types.js';

export async function insertImport(
  db: Kysely<DB>,
  row: { workspace_id: string; id: string; created_by: string | null; file_name: string; file_size: number },
) {
  await db.insertInto('imports').values(row).execute();
}

export async function insertChunk(
  db: Kysely<DB>,
  workspaceId: string,
  importId: string,
  seq: number,
  data: Uint8Array,
) {
  await db
    .insertInto('import_chunks')
    .values({ workspace_id: workspaceId, import_id: importId, seq, data })
    .execute();
}

export async function saveDetection(
  db: Kysely<DB>,
  workspaceId: string,
  id: string,
  set: {
    file_size: number;
    encoding: string;
    delimiter: string;
    has_header: boolean;
    headers: string[];
    rows_estimate: number;
  },
) {
  await db
    .updateTable('imports')
    .set({ ...set, headers: JSON.stringify(set.headers), updated_at: new Date() })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .execute();
}

/** The first chunks of a file, up to about `bytes` bytes, in order. */
export async function headChunks(
  db: Kysely<DB>,
  workspaceId: string,
  importId: string,
  bytes: number,
  chunkSize: number,
) {
  const rows = await db
    .selectFrom('import_chunks')
    .select('data')
    .where('workspace_id', '=', workspaceId)
    .where('import_id', '=', importId)
    .orderBy('seq')
    .limit(Math.max(1, Math.ceil(bytes / chunkSize)))
    .execute();
  return rows.map((r) => r.data);
}

/** A workspace's imports; with `onlyCreatedBy`, just that user's (what an agent sees). */
export function visibleImports(db: Kysely<DB>, workspaceId: string, onlyCreatedBy?: string) {
  let q = db.selectFrom('imports').selectAll().where('workspace_id', '=', workspaceId);
  if (onlyCreatedBy) q = q.where('created_by', '=', onlyCreatedBy);
  return q;
}

export async function deleteImport(
  db: Kysely<DB>,
  workspaceId: string,
  id: string,
): Promise<ImportRow | undefined> {
  return db
    .deleteFrom('imports')
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/** Marks progress, so a long upload is not taken for an abandoned one. */
export async function touch(db: Kysely<DB>, workspaceId: string, id: string) {
  await db
    .updateTable('imports')
    .set({ updated_at: new Date() })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .execute();
}

export async function setState(db: Kysely<DB>, workspaceId: string, id: string, state: string) {
  await db
    .updateTable('imports')
    .set({ state, updated_at: new Date() })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .execute();
}

/** Uploads that never finished (the connection or the server died), older than `before`. */
export async function deleteAbandonedUploads(db: Kysely<DB>, before: Date): Promise<number> {
  const rows = await db
    .deleteFrom('imports')
    .where('state', '=', 'receiving')
    .where('updated_at', '<', before)
    .returning('id')
    .execute();
  return rows.length;
}
