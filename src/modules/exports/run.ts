// Running a background export: the same stream as a direct download, written into the database
// in 1 MB chunks as it is produced, as the caller who asked for it.
import type { Readable } from 'node:stream';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB, ExportRow } from '../../db/types.js';
import { AppError } from '../../server/errors.js';
import { actorWhoAsked } from '../auth/stored-actor.js';
import * as repo from './repo.js';
import type { ExportFormat, ExportOptions } from './schema.js';
import { prepareExport } from './service.js';

export const CHUNK_BYTES = 1024 * 1024;

/** Writes the stream into chunks of exactly CHUNK_BYTES (the last one less); answers the size. */
async function storeFile(
  db: Kysely<DB>,
  row: ExportRow,
  body: Readable,
  progress: () => Promise<void>,
): Promise<number> {
  let size = 0;
  let seq = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const flush = async (bytes: Buffer) => {
    await repo.insertChunk(db, row.workspace_id, row.id, seq++, bytes);
    await progress();
  };
  for await (const piece of body as AsyncIterable<Buffer>) {
    size += piece.length;
    pending.push(piece);
    pendingBytes += piece.length;
    if (pendingBytes < CHUNK_BYTES) continue;
    let all = Buffer.concat(pending, pendingBytes);
    while (all.length >= CHUNK_BYTES) {
      await flush(all.subarray(0, CHUNK_BYTES));
      all = all.subarray(CHUNK_BYTES);
    }
    pending = [all];
    pendingBytes = all.length;
  }
  if (pendingBytes > 0) await flush(Buffer.concat(pending, pendingBytes));
  return size;
}

const optionsOf = (row: ExportRow): ExportOptions => {
  const o = row.options as Partial<ExportOptions>;
  return { format: row.format as ExportFormat, columns: o.columns, q: o.q, ids: o.ids, filter: o.filter };
};

/**
 * Runs one export. A retry starts the file over. A refusal (the caller was deactivated, a chosen
 * custom field was deleted) ends it in `error` at once; other failures are retried by the queue
 * and end in `error` after the last attempt.
 */
export async function runExport(
  db: Kysely<DB>,
  log: FastifyBaseLogger,
  ids: { workspaceId: string; exportId: string },
  attempt: { last: boolean },
): Promise<void> {
  const row = await repo.findExport(db, ids.workspaceId, ids.exportId);
  if (!row || row.state === 'done' || new Date(row.expires_at) <= new Date()) return;
  const update = (set: Parameters<typeof repo.updateExport>[3]) =>
    repo.updateExport(db, row.workspace_id, row.id, set);
  try {
    await repo.deleteChunks(db, row.workspace_id, row.id);
    await update({ state: 'processing', rows_written: 0, error: null, file_size: null });
    const prepared = await prepareExport(db, await actorWhoAsked(db, row, 'export'), optionsOf(row));
    let rows = 0;
    const size = await storeFile(
      db,
      row,
      prepared.open((n) => (rows += n)),
      () => update({ rows_written: rows }),
    );
    await update({ state: 'done', rows_written: rows, file_size: size, finished_at: new Date() });
  } catch (err) {
    const refused = err instanceof AppError;
    if (!refused) log.error({ err, exportId: row.id }, 'export failed');
    const message = refused ? err.message : 'The export failed on our side; it has been logged';
    await update(refused || attempt.last ? { state: 'error', error: message } : { state: 'waiting' });
    if (!refused) throw err;
  }
}
