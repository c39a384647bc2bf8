import { sql, type Kysely, type Updateable } from 'kysely';
import type { DB, ImportRow, ImportsTable } from '../../db/types.js';

export async function insertImport(
  db: Kysely<DB>,
  row: {
    workspace_id: string;
    id: string;
    created_by: string | null;
    file_name: string;
    file_size: number;
    file_kind: string | null;
  },
): Promise<ImportRow> {
  return db.insertInto('imports').values(row).returningAll().executeTakeFirstOrThrow();
}

// A file's chunks go in and out of the database as hex text, which Node encodes and decodes
// natively: PGlite converts byte parameters and results one byte at a time in JavaScript (270 ms
// to store a 1 MB chunk, 90 ms to read it back; as hex 34 and 8 ms). PostgreSQL sends byte
// results as hex text anyway, and takes 1 MB as hex in 22 ms against 16 ms as bytes.

export async function insertChunk(
  db: Kysely<DB>,
  workspaceId: string,
  importId: string,
  seq: number,
  data: Uint8Array,
) {
  const hex = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('hex');
  await db
    .insertInto('import_chunks')
    .values({
      workspace_id: workspaceId,
      import_id: importId,
      seq,
      data: sql<Uint8Array>`decode(${hex}, 'hex')`,
    })
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

/** The stored file from its start, a few chunks per query. */
export async function* streamChunks(
  db: Kysely<DB>,
  workspaceId: string,
  importId: string,
  perQuery = 4,
): AsyncGenerator<Uint8Array> {
  for (let seq = 0; ; seq += perQuery) {
    const rows = await db
      .selectFrom('import_chunks')
      .select(sql<string>`encode(data, 'hex')`.as('hex'))
      .where('workspace_id', '=', workspaceId)
      .where('import_id', '=', importId)
      .where('seq', '>=', seq)
      .where('seq', '<', seq + perQuery)
      .orderBy('seq')
      .execute();
    for (const r of rows) yield Buffer.from(r.hex, 'hex');
    if (rows.length < perQuery) return;
  }
}

/** How many rows the import's file holds, as counted when it was stored (undefined: no such import). */
export async function rowsEstimate(db: Kysely<DB>, workspaceId: string, id: string) {
  const row = await db
    .selectFrom('imports')
    .select('rows_estimate')
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row && (row.rows_estimate ?? 0);
}

/**
 * Takes an import for this worker: one that waits, or one whose worker stopped beating (it died).
 * Answers undefined when another worker has it or it is no longer to be run.
 */
export async function claimImport(
  db: Kysely<DB>,
  workspaceId: string,
  id: string,
  staleSeconds: number,
): Promise<ImportRow | undefined> {
  return db
    .updateTable('imports')
    .set({
      state: 'processing',
      heartbeat_at: sql`now()`,
      updated_at: sql`now()`,
      started_at: sql`coalesce(started_at, now())`,
    })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where((eb) =>
      eb.or([
        eb('state', '=', 'waiting'),
        eb.and([
          eb('state', '=', 'processing'),
          eb('heartbeat_at', '<', sql<Date>`now() - make_interval(secs => ${staleSeconds})`),
        ]),
      ]),
    )
    .returningAll()
    .executeTakeFirst();
}

export interface BatchProgress {
  rowsRead: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  addedToList: number;
  doneThroughRow: number;
}

/** Adds a committed batch's counts and moves the resume point; answers whether to stop. */
export async function recordBatch(
  db: Kysely<DB>,
  workspaceId: string,
  id: string,
  p: BatchProgress,
): Promise<{ cancel_requested: boolean }> {
  return db
    .updateTable('imports')
    .set((eb) => ({
      rows_read: eb('rows_read', '+', p.rowsRead),
      created: eb('created', '+', p.created),
      updated: eb('updated', '+', p.updated),
      unchanged: eb('unchanged', '+', p.unchanged),
      failed: eb('failed', '+', p.failed),
      added_to_list: eb('added_to_list', '+', p.addedToList),
      done_through_row: p.doneThroughRow,
      heartbeat_at: sql`now()`,
      updated_at: sql`now()`,
    }))
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .returning('cancel_requested')
    .executeTakeFirstOrThrow();
}

export async function heartbeat(db: Kysely<DB>, workspaceId: string, id: string) {
  await db
    .updateTable('imports')
    .set({ heartbeat_at: sql`now()` })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('state', '=', 'processing')
    .execute();
}

export async function insertFailedRows(
  db: Kysely<DB>,
  rows: { workspace_id: string; import_id: string; row_number: number; cells: string[]; errors: string[] }[],
) {
  if (rows.length === 0) return;
  await sql`insert into import_rows_failed select * from jsonb_populate_recordset(null::import_rows_failed, ${JSON.stringify(rows)}::jsonb)`.execute(
    db,
  );
}

/** Failed rows in file order, a page at a time (the error file streams them). */
export async function failedRowsPage(
  db: Kysely<DB>,
  workspaceId: string,
  importId: string,
  afterRow: number,
  limit: number,
) {
  return db
    .selectFrom('import_rows_failed')
    .select(['row_number', 'cells', 'errors'])
    .where('workspace_id', '=', workspaceId)
    .where('import_id', '=', importId)
    .where('row_number', '>', afterRow)
    .orderBy('row_number')
    .limit(limit)
    .execute();
}

/** Imports whose job may have been lost: running without a heartbeat, or waiting for long. */
export async function staleImports(db: Kysely<DB>, staleSeconds: number) {
  return db
    .selectFrom('imports')
    .select(['workspace_id', 'id', 'state', 'rows_estimate'])
    .where((eb) =>
      eb.or([
        eb.and([
          eb('state', '=', 'processing'),
          eb('heartbeat_at', '<', sql<Date>`now() - make_interval(secs => ${staleSeconds})`),
        ]),
        eb.and([
          eb('state', '=', 'waiting'),
          eb('updated_at', '<', sql<Date>`now() - make_interval(secs => ${staleSeconds * 5})`),
        ]),
      ]),
    )
    .limit(100)
    .execute();
}

/** Lets every running import be taken over at once (PGlite: no other process can be running it). */
export async function releaseRunningImports(db: Kysely<DB>) {
  await db
    .updateTable('imports')
    .set({ heartbeat_at: sql`'epoch'::timestamptz` })
    .where('state', '=', 'processing')
    .execute();
}

/** Changes an import only if it is in state `from`; answers the changed row, or undefined. */
export async function moveState(
  db: Kysely<DB>,
  workspaceId: string,
  id: string,
  from: string,
  set: Omit<Updateable<ImportsTable>, 'workspace_id' | 'id' | 'updated_at'>,
): Promise<ImportRow | undefined> {
  return db
    .updateTable('imports')
    .set({ ...set, updated_at: new Date() })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('state', '=', from)
    .returningAll()
    .executeTakeFirst();
}

/** The newest started import of the workspace (other than `exceptId`) whose headers were these. */
export async function latestStartedWithHeaders(
  db: Kysely<DB>,
  workspaceId: string,
  exceptId: string,
  headersJson: string,
  onlyCreatedBy?: string,
) {
  return visibleImports(db, workspaceId, onlyCreatedBy)
    .where('id', '!=', exceptId)
    .where('options', 'is not', null)
    .where(sql<boolean>`headers = ${headersJson}::jsonb`)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/**
 * Deletes the file of one import whose file is past retention: ended (processed, error, cancelled)
 * before `before`, or uploaded and left unstarted since then. Answers the import, or undefined when
 * none is left. The row is locked (others skipped), so servers pruning at once take different ones
 * and a start waits for it.
 */
export async function deleteOneOldFile(db: Kysely<DB>, before: Date) {
  const r = await sql<{ workspace_id: string; id: string; file_size: number }>`
    with old as (
      select workspace_id, id from imports
      where file_deleted_at is null
        and ((state in ('processed', 'error', 'cancelled') and coalesce(finished_at, updated_at) < ${before})
          or (state = 'uploaded' and updated_at < ${before}))
      order by coalesce(finished_at, updated_at)
      limit 1
      for update skip locked
    ), gone as (
      delete from import_chunks c using old where c.workspace_id = old.workspace_id and c.import_id = old.id
    )
    update imports i set file_deleted_at = now()
    from old where i.workspace_id = old.workspace_id and i.id = old.id
    returning i.workspace_id, i.id, i.file_size`.execute(db);
  return r.rows[0];
}

/** Marks the space of deleted files reusable (a plain VACUUM: no lock that stops uploads). */
export async function vacuumChunks(db: Kysely<DB>) {
  await sql`vacuum import_chunks`.execute(db);
}
