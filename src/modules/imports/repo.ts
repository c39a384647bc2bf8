import type { Kysely, Updateable } from 'kysely';
import type { DB, ImportRow, ImportsTable } from '../../db/types.js';

export async function insertImport(
  db: Kysely<DB>,
  row: { workspace_id: string; id: string; created_by: string | null; file_name: string; file_size: number },
): Promise<ImportRow> {
  return db.insertInto('imports').values(row).returningAll().executeTakeFirstOrThrow();
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

/** Changes an import; every change counts as progress (see deleteAbandonedUploads). */
export async function updateImport(
  db: Kysely<DB>,
  workspaceId: string,
  id: string,
  set: Omit<Updateable<ImportsTable>, 'workspace_id' | 'id' | 'updated_at'>,
) {
  await db
    .updateTable('imports')
    .set({ ...set, updated_at: new Date() })
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
