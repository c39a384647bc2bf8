import type { Kysely } from 'kysely';
import type { DB, ImportRow } from '../../db/types.js';
import { newId } from '../../lib/ids.js';
import { AppError, notFound } from '../../server/errors.js';
import { onlyCreatedBy, type Actor } from '../auth/actor.js';
import { definitionsFor } from '../fields/service.js';
import { listNames } from '../lists/file-source.js';
import { ERRORS_HEADER } from './enums.js';
import { suggestMapping, type ImportTarget, type MappingSuggestion } from './mapping.js';
import { presentImport } from './present.js';
import { previewTable } from './read/table.js';
import * as repo from './repo.js';
import { DELIMITERS, type ImportPreview, type ImportSummary, type ReadOptions } from './schema.js';
import { storeChunks } from './upload.js';

export async function loadVisible(db: Kysely<DB>, actor: Actor, id: string) {
  const row = await repo
    .visibleImports(db, actor.workspaceId, onlyCreatedBy(actor))
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('Import');
  return row;
}

/**
 * Reads the start of the stored file with the given options (the whole of it for a workbook),
 * records what was found, and answers the preview with a suggested mapping.
 */
export async function previewStored(
  db: Kysely<DB>,
  actor: Actor,
  row: ImportRow,
  options: ReadOptions,
): Promise<ImportPreview> {
  if (row.file_deleted_at) throw fileGone(row.file_deleted_at);
  const preview = await previewTable(() => repo.streamChunks(db, actor.workspaceId, row.id), row.file_size, {
    encoding: options.encoding,
    delimiter: options.delimiter === 'auto' ? 'auto' : DELIMITERS[options.delimiter],
    hasHeader: options.hasHeader === 'auto' ? 'auto' : options.hasHeader === 'true',
    sheet: options.sheet,
    pasted: row.file_kind === 'pasted',
  });
  const { layout } = preview;
  const detection = {
    file_kind: layout.kind,
    encoding: layout.encoding,
    delimiter: layout.delimiter,
    has_header: layout.hasHeader,
    headers: layout.headers,
    rows_estimate: preview.rowsEstimate,
    sheets: layout.sheets,
    sheet: layout.sheet,
  };
  await repo.updateImport(db, actor.workspaceId, row.id, {
    ...detection,
    headers: JSON.stringify(detection.headers),
    sheets: detection.sheets && JSON.stringify(detection.sheets),
  });
  const custom = (await definitionsFor(db, actor.workspaceId)).map((d) => ({
    key: d.key,
    label: d.label,
    type: d.type,
  }));
  return {
    ...presentImport({ ...row, ...detection }),
    rows: preview.rows,
    warnings: preview.warnings,
    suggestedMapping:
      (await reusedMapping(db, actor, row.id, layout.headers, custom)) ??
      suggestMapping(layout.headers, custom),
  };
}

/**
 * The mapping of the latest started import whose columns were the same, so a file fixed from an
 * error file (same columns plus "Errors"), or next month's export of the same system, maps as
 * before. Only targets that still exist are reused.
 */
async function reusedMapping(
  db: Kysely<DB>,
  actor: Actor,
  id: string,
  headers: string[],
  custom: { key: string }[],
): Promise<MappingSuggestion | null> {
  const own = headers[headers.length - 1] === ERRORS_HEADER ? headers.slice(0, -1) : headers;
  const earlier = await repo.latestStartedWithHeaders(
    db,
    actor.workspaceId,
    id,
    JSON.stringify(own),
    onlyCreatedBy(actor),
  );
  const mapping = (earlier?.options as { mapping?: ImportTarget[] } | null)?.mapping;
  if (!earlier || !mapping || mapping.length !== own.length) return null;
  const keys = new Set(custom.map((c) => c.key));
  const kept = mapping.map((t): ImportTarget =>
    t.kind === 'custom' && !keys.has(t.key) ? { kind: 'ignore' } : t,
  );
  const when = earlier.created_at.toISOString().slice(0, 10);
  const notes = [{ column: 0, message: `Mapping reused from the import of ${earlier.file_name} on ${when}` }];
  if (own.length < headers.length) {
    kept.push({ kind: 'ignore' });
    notes.push({ column: own.length, message: 'The error file’s reasons; not imported' });
  }
  return { mapping: kept, unmapped: [], notes };
}

/**
 * Step 1 of an import: stores the uploaded file and previews it. A file that cannot be read
 * (empty, binary, too large, header only) is refused with a 4xx and nothing is kept.
 */
export async function uploadImport(
  db: Kysely<DB>,
  actor: Actor,
  body: AsyncIterable<Uint8Array>,
  opts: ReadOptions & { fileName: string; source: 'file' | 'pasted'; maxBytes: number },
): Promise<ImportPreview> {
  await discardAbandonedUploads(db);
  const id = newId();
  const ids = { workspaceId: actor.workspaceId, importId: id };
  const row = await repo.insertImport(db, {
    workspace_id: actor.workspaceId,
    id,
    created_by: actor.userId,
    file_name: opts.source === 'pasted' && opts.fileName === 'upload.csv' ? 'pasted.txt' : opts.fileName,
    file_size: 0,
    file_kind: opts.source === 'pasted' ? 'pasted' : null,
  });
  try {
    const { size } = await storeChunks(db, ids, body, opts.maxBytes);
    const preview = await previewStored(db, actor, { ...row, file_size: size }, opts);
    await repo.updateImport(db, actor.workspaceId, id, { state: 'uploaded', file_size: size });
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
  const [preview] = await withListNames(db, actor, [await previewStored(db, actor, row, options)]);
  return preview;
}

/** Imports that fill a contact list show it in their options: its id and its name now. */
export async function withListNames<T extends ImportSummary>(
  db: Kysely<DB>,
  actor: Actor,
  summaries: T[],
): Promise<T[]> {
  const ids = summaries.flatMap((s) => (s.options?.listId ? [s.options.listId] : []));
  if (ids.length === 0) return summaries;
  const names = await listNames(db, actor.workspaceId, ids);
  return summaries.map((s) => {
    const id = s.options?.listId;
    if (!id || !s.options) return s;
    const name = names.get(id);
    return { ...s, options: { ...s.options, list: name === undefined ? null : { id, name } } };
  });
}

/** One import as GET /imports/:id answers it. */
export async function importSummary(db: Kysely<DB>, actor: Actor, id: string): Promise<ImportSummary> {
  const [summary] = await withListNames(db, actor, [presentImport(await loadVisible(db, actor, id))]);
  return summary;
}

export async function listImports(db: Kysely<DB>, actor: Actor): Promise<ImportSummary[]> {
  const rows = await repo
    .visibleImports(db, actor.workspaceId, onlyCreatedBy(actor))
    .where('state', '!=', 'receiving')
    .orderBy('created_at', 'desc')
    .limit(200)
    .execute();
  return withListNames(
    db,
    actor,
    rows.map((r) => presentImport(r)),
  );
}

export async function deleteImport(db: Kysely<DB>, actor: Actor, id: string) {
  const row = await loadVisible(db, actor, id);
  if (row.state === 'processing' || row.state === 'waiting')
    throw new AppError('conflict', 'The import is running: cancel it first');
  await repo.deleteImport(db, actor.workspaceId, id);
}

/** The answer for an import whose file was deleted after retention (retention.ts). */
export function fileGone(at: Date) {
  return new AppError(
    'gone',
    `The file of this import was deleted on ${at.toISOString().slice(0, 10)}, when its days of retention ran out: upload it again`,
  );
}

/** An upload that has not moved for an hour was cut off: its partial file is removed. */
export const ABANDONED_AFTER_MS = 60 * 60 * 1000;

export function discardAbandonedUploads(db: Kysely<DB>, now = new Date()): Promise<number> {
  return repo.deleteAbandonedUploads(db, new Date(now.getTime() - ABANDONED_AFTER_MS));
}
