import type { Kysely } from 'kysely';
import type { DB, ImportRow } from '../../db/types.js';
import { newId } from '../../lib/ids.js';
import { AppError, notFound } from '../../server/errors.js';
import { isManager, type Actor } from '../auth/actor.js';
import { definitionsFor } from '../fields/service.js';
import { suggestMapping } from './mapping.js';
import { previewFile } from './read/preview.js';
import * as repo from './repo.js';
import {
  DELIMITERS,
  type DelimiterName,
  type ImportPreview,
  type ImportSummary,
  type ReadOptions,
} from './schema.js';
import { CHUNK_BYTES, cutAtLastLine, PREVIEW_BYTES, storeChunks } from './upload.js';

const delimiterName = (d: string | null): DelimiterName | null =>
  (Object.entries(DELIMITERS).find(([, c]) => c === d)?.[0] as DelimiterName | undefined) ?? null;

function present(row: ImportRow): ImportSummary {
  return {
    id: row.id,
    fileName: row.file_name,
    fileSize: row.file_size,
    state: row.state as ImportSummary['state'],
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    encoding: row.encoding,
    delimiter: delimiterName(row.delimiter),
    hasHeader: row.has_header,
    headers: row.headers,
    rowsEstimate: row.rows_estimate,
  };
}

/** Agents work with their own imports; managers and API keys with all of the workspace's. */
const onlyCreatedBy = (actor: Actor) => (isManager(actor) ? undefined : (actor.userId ?? undefined));

async function loadVisible(db: Kysely<DB>, actor: Actor, id: string) {
  const row = await repo
    .visibleImports(db, actor.workspaceId, onlyCreatedBy(actor))
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('Import');
  return row;
}

/**
 * Reads the start of the stored file with the given options, records what was found, and
 * answers the preview with a suggested mapping.
 */
async function previewStored(
  db: Kysely<DB>,
  actor: Actor,
  row: ImportRow,
  options: ReadOptions,
  head?: Uint8Array,
): Promise<ImportPreview> {
  const start =
    head ?? Buffer.concat(await repo.headChunks(db, actor.workspaceId, row.id, PREVIEW_BYTES, CHUNK_BYTES));
  const truncated = start.length < row.file_size;
  const sample = truncated ? cutAtLastLine(start.subarray(0, PREVIEW_BYTES)) : start;
  const preview = previewFile(sample, {
    encoding: options.encoding,
    delimiter: options.delimiter === 'auto' ? 'auto' : DELIMITERS[options.delimiter],
    hasHeader: options.hasHeader === 'auto' ? 'auto' : options.hasHeader === 'true',
  });
  const rowsEstimate = truncated
    ? Math.round((preview.totalRowsEstimate * row.file_size) / sample.length)
    : preview.totalRowsEstimate;
  const detection = {
    file_size: row.file_size,
    encoding: preview.encoding,
    delimiter: preview.delimiter,
    has_header: preview.hasHeader,
    headers: preview.headers,
    rows_estimate: rowsEstimate,
  };
  await repo.updateImport(db, actor.workspaceId, row.id, {
    ...detection,
    headers: JSON.stringify(detection.headers),
  });
  const custom = (await definitionsFor(db, actor.workspaceId)).map((d) => ({
    key: d.key,
    label: d.label,
    type: d.type,
  }));
  const suggestion = suggestMapping(preview.headers, custom);
  return {
    ...present({ ...row, ...detection }),
    rows: preview.rows,
    warnings: truncated
      ? [
          ...preview.warnings,
          `Rows are counted from the first ${PREVIEW_BYTES / 1024 / 1024} MB and estimated for the rest`,
        ]
      : preview.warnings,
    suggestedMapping: suggestion,
  };
}

/**
 * Step 1 of an import: stores the uploaded file and previews it. A file that cannot be read
 * (empty, binary, too large, header only) is refused with a 4xx and nothing is kept.
 */
export async function uploadImport(
  db: Kysely<DB>,
  actor: Actor,
  body: AsyncIterable<Uint8Array>,
  opts: ReadOptions & { fileName: string; maxBytes: number },
): Promise<ImportPreview> {
  await discardAbandonedUploads(db);
  const id = newId();
  const ids = { workspaceId: actor.workspaceId, importId: id };
  const row = await repo.insertImport(db, {
    workspace_id: actor.workspaceId,
    id,
    created_by: actor.userId,
    file_name: opts.fileName,
    file_size: 0,
  });
  try {
    const { size, head } = await storeChunks(db, ids, body, opts.maxBytes);
    const preview = await previewStored(db, actor, { ...row, file_size: size }, opts, head);
    await repo.updateImport(db, actor.workspaceId, id, { state: 'uploaded' });
    return { ...preview, state: 'uploaded' };
  } catch (err) {
    await repo.deleteImport(db, actor.workspaceId, id);
    throw err;
  }
}

/** The preview again, e.g. with "has headers?" switched or another encoding chosen. */
export async function getImport(db: Kysely<DB>, actor: Actor, id: string, options: ReadOptions) {
  const row = await loadVisible(db, actor, id);
  if (row.state === 'receiving') throw new AppError('conflict', 'The file is still being uploaded');
  return previewStored(db, actor, row, options);
}

export async function listImports(db: Kysely<DB>, actor: Actor): Promise<ImportSummary[]> {
  const rows = await repo
    .visibleImports(db, actor.workspaceId, onlyCreatedBy(actor))
    .where('state', '!=', 'receiving')
    .orderBy('created_at', 'desc')
    .limit(200)
    .execute();
  return rows.map(present);
}

export async function deleteImport(db: Kysely<DB>, actor: Actor, id: string) {
  const row = await loadVisible(db, actor, id);
  if (row.state === 'processing' || row.state === 'waiting')
    throw new AppError('conflict', 'The import is running: cancel it first');
  await repo.deleteImport(db, actor.workspaceId, id);
}

/** An upload that has not moved for an hour was cut off: its partial file is removed. */
export const ABANDONED_AFTER_MS = 60 * 60 * 1000;

export function discardAbandonedUploads(db: Kysely<DB>, now = new Date()): Promise<number> {
  return repo.deleteAbandonedUploads(db, new Date(now.getTime() - ABANDONED_AFTER_MS));
}
