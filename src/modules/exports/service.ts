import { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { DB, ExportRow } from '../../db/types.js';
import { newId } from '../../lib/ids.js';
import { AppError, notFound } from '../../server/errors.js';
import { isManager, onlyCreatedBy, type Actor } from '../auth/actor.js';
import {
  pointKinds,
  selectedContacts,
  streamContactPages,
  type StreamedContact,
} from '../contacts/stream.js';
import { definitionsFor } from '../fields/service.js';
import { checkFilter } from '../filters/service.js';
import { defaultColumns, resolveColumns, type ExportColumn, type ExportField } from './columns.js';
import * as repo from './repo.js';
import type { ExportFormat, ExportJob, ExportOptions, ExportState } from './schema.js';
import { csvHeader } from './writers/csv.js';
import { csvPage, pageRanges, type PointsRead } from './csv-repo.js';
import { vcardFile } from './writers/vcard.js';
import { xlsxFile } from './writers/xlsx.js';

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  vcf: 'text/vcard; charset=utf-8',
};

/** How long a finished background export is kept. */
export const KEEP_DAYS = 7;

export const exportFileName = (format: ExportFormat, at = new Date()) =>
  `contacts-${at.toISOString().slice(0, 10)}.${format}`;

export interface PreparedExport {
  fileName: string;
  contentType: string;
  /** Starts reading contacts as the returned stream is read; `onRows` hears each page handed on. */
  open(onRows?: (count: number) => void): Readable;
}

/** The columns of a CSV or XLSX export: the ones asked for (checked), else the default set. */
async function columnsFor(
  db: Kysely<DB>,
  workspaceId: string,
  fields: readonly ExportField[],
  names: readonly string[] | undefined,
) {
  if (names?.length) return resolveColumns(names, { pointKinds: [], fields });
  return defaultColumns({ pointKinds: await pointKinds(db, workspaceId), fields });
}

/** Columns × rows of one page of a CSV built by the database: wide exports read fewer rows at a time. */
const CSV_PAGE_CELLS = 125_000;
export const CSV_MAX_PAGE_ROWS = 5_000;
const CSV_PAGES_IN_FLIGHT = 3;

/**
 * A CSV export built by the database (csv-repo.ts), page by page in id order. The next pages are
 * built while this one goes out: on PostgreSQL on other connections, so both cores work.
 */
async function* csvFromDatabase(
  db: Kysely<DB>,
  actor: Actor,
  columns: readonly ExportColumn[],
  selection: Pick<ExportOptions, 'ids' | 'q' | 'filter'>,
  onRows?: (n: number) => void,
): AsyncGenerator<Buffer> {
  yield csvHeader(columns);
  const selected = await selectedContacts(db, actor, selection);
  if (!selected) return;
  const pageSize = Math.max(
    250,
    Math.min(CSV_MAX_PAGE_ROWS, Math.floor(CSV_PAGE_CELLS / Math.max(1, columns.length))),
  );
  const ranges = await pageRanges(db, selected, pageSize);
  // A manager's unfiltered export holds every contact in each page's id range.
  const pointsRead: PointsRead =
    isManager(actor) && !selection.ids && !selection.q && selection.filter === undefined
      ? 'range'
      : 'contact';
  const pending: Promise<{ text: string; rows: number }>[] = [];
  for (let next = 0; next < ranges.length || pending.length;) {
    while (pending.length < CSV_PAGES_IN_FLIGHT && next < ranges.length) {
      const page = csvPage(db, actor.workspaceId, selected, columns, ranges[next++], pointsRead);
      // Handled now, thrown when awaited: a download cut short leaves no unhandled rejection.
      page.catch(() => undefined);
      pending.push(page);
    }
    const page = await pending.shift()!;
    onRows?.(page.rows);
    if (page.rows) yield Buffer.from(page.text, 'utf8');
  }
}

async function* counted(pages: AsyncIterable<StreamedContact[]>, onRows?: (n: number) => void) {
  for await (const page of pages) {
    onRows?.(page.length);
    yield page;
  }
}

/**
 * Checks the options and answers how to produce the file. Nothing is read until the stream is:
 * bad options fail here, before any byte is sent.
 */
export async function prepareExport(
  db: Kysely<DB>,
  actor: Actor,
  options: ExportOptions,
): Promise<PreparedExport> {
  const { format } = options;
  // A bad filter is a 400 now, not an error in the middle of a download.
  if (options.filter !== undefined) await checkFilter(db, actor, options.filter);
  const fields = await definitionsFor(db, actor.workspaceId);
  const columns: ExportColumn[] =
    format === 'vcf' ? [] : await columnsFor(db, actor.workspaceId, fields, options.columns);
  const ownerEmails = columns.some((c) => c.header === 'ownerEmail');
  return {
    fileName: exportFileName(format),
    contentType: CONTENT_TYPES[format],
    open(onRows) {
      if (format === 'csv') {
        const selection = { ids: options.ids, q: options.q, filter: options.filter };
        return Readable.from(csvFromDatabase(db, actor, columns, selection, onRows), { objectMode: false });
      }
      const pages = counted(
        streamContactPages(db, actor, {
          ids: options.ids,
          q: options.q,
          filter: options.filter,
          ownerEmails,
        }),
        onRows,
      );
      // Byte streams with a small buffer: the next page is read only when the previous one has gone out.
      if (format === 'vcf') return Readable.from(vcardFile(fields, pages), { objectMode: false });
      return xlsxFile(columns, pages);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Background exports

function present(row: ExportRow): ExportJob {
  const done = row.state === 'done';
  return {
    id: row.id,
    format: row.format as ExportFormat,
    state: row.state as ExportState,
    rowsWritten: row.rows_written,
    fileName: row.file_name,
    fileSize: row.file_size,
    error: row.error,
    createdBy: {
      type: row.created_by ? 'user' : 'api_key',
      id: row.created_by ?? row.api_key_id,
      name: row.actor_name,
    },
    createdAt: row.created_at.toISOString(),
    finishedAt: row.finished_at ? row.finished_at.toISOString() : null,
    expiresAt: new Date(row.expires_at).toISOString(),
    downloadUrl: done ? `/api/v1/exports/${row.id}/download` : null,
  };
}

async function loadVisible(db: Kysely<DB>, actor: Actor, id: string) {
  const row = await repo
    .visibleExports(db, actor.workspaceId, onlyCreatedBy(actor))
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('Export');
  return row;
}

export type SendExportJob = (
  trx: Kysely<DB>,
  payload: { workspaceId: string; exportId: string },
) => Promise<unknown>;

/**
 * Records an export and queues its job in one transaction. The options are checked first, so a
 * bad column is a 400 now rather than a failed job later. Expired exports are cleared on the way.
 */
export async function startExport(
  db: Kysely<DB>,
  actor: Actor,
  options: ExportOptions,
  send: SendExportJob,
): Promise<ExportJob> {
  if (options.filter !== undefined) await checkFilter(db, actor, options.filter);
  if (options.format !== 'vcf' && options.columns?.length)
    resolveColumns(options.columns, { pointKinds: [], fields: await definitionsFor(db, actor.workspaceId) });
  await repo.deleteExpired(db);
  const now = new Date();
  return db.transaction().execute(async (trx) => {
    const row = await repo.insertExport(trx, {
      workspace_id: actor.workspaceId,
      id: newId(),
      created_by: actor.userId,
      api_key_id: actor.apiKeyId,
      actor_role: actor.role,
      actor_name: actor.name,
      format: options.format,
      options: { columns: options.columns, q: options.q, ids: options.ids, filter: options.filter },
      file_name: exportFileName(options.format, now),
      created_at: now,
      expires_at: new Date(now.getTime() + KEEP_DAYS * 86_400_000),
    });
    await send(trx, { workspaceId: actor.workspaceId, exportId: row.id });
    return present(row);
  });
}

export async function getExport(db: Kysely<DB>, actor: Actor, id: string): Promise<ExportJob> {
  return present(await loadVisible(db, actor, id));
}

export async function listExports(db: Kysely<DB>, actor: Actor): Promise<ExportJob[]> {
  const rows = await repo
    .visibleExports(db, actor.workspaceId, onlyCreatedBy(actor))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(100)
    .execute();
  return rows.map(present);
}

async function* storedChunks(db: Kysely<DB>, workspaceId: string, exportId: string) {
  for (let seq = 0; ; seq++) {
    const data = await repo.readChunk(db, workspaceId, exportId, seq);
    if (!data) return;
    yield Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  }
}

/** A finished export's file, read one stored chunk at a time. */
export async function openDownload(db: Kysely<DB>, actor: Actor, id: string) {
  const row = await loadVisible(db, actor, id);
  if (row.state !== 'done') {
    throw new AppError(
      'conflict',
      `The export is not finished (it is ${row.state}); download it once GET /exports/${id} says done`,
    );
  }
  return {
    fileName: row.file_name,
    contentType: CONTENT_TYPES[row.format as ExportFormat],
    size: row.file_size ?? 0,
    body: Readable.from(storedChunks(db, actor.workspaceId, id), { objectMode: false }),
  };
}
