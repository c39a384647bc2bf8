import type { ImportRow } from '../../db/types.js';
import { DELIMITERS, type DelimiterName } from './enums.js';
import type { ImportSummary } from './schema.js';

export const delimiterName = (d: string | null): DelimiterName | null =>
  (Object.entries(DELIMITERS).find(([, c]) => c === d)?.[0] as DelimiterName | undefined) ?? null;

/** Rows per second since the job started, and what that leaves for the estimated rest. */
function progressOf(row: ImportRow, now: number): ImportSummary['progress'] {
  const estimate = row.rows_estimate ?? 0;
  const done = row.state === 'processed';
  const percent = done
    ? 100
    : estimate > 0
      ? Math.min(99, Math.floor((row.rows_read / estimate) * 100))
      : null;
  const end = row.finished_at?.getTime() ?? now;
  const seconds = row.started_at ? (end - row.started_at.getTime()) / 1000 : 0;
  const rate = seconds > 0 && row.rows_read > 0 ? Math.round(row.rows_read / seconds) : null;
  const secondsLeft =
    row.state === 'processing' && rate ? Math.max(0, Math.round((estimate - row.rows_read) / rate)) : null;
  return { percent: row.started_at ? percent : null, rowsPerSecond: rate, secondsLeft };
}

export function presentImport(row: ImportRow, now = Date.now()): ImportSummary {
  const options = (row.options ?? null) as (ImportSummary['options'] & { actor?: unknown }) | null;
  let shown: ImportSummary['options'] = null;
  if (options) {
    const { actor: _actor, externalIdBase: _base, ...rest } = options as Record<string, unknown>;
    shown = rest as ImportSummary['options'];
  }
  return {
    id: row.id,
    fileName: row.file_name,
    fileSize: row.file_size,
    state: row.state as ImportSummary['state'],
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    kind: (row.file_kind as ImportSummary['kind']) ?? null,
    sheets: row.sheets ?? null,
    sheet: row.sheet ?? null,
    encoding: row.encoding,
    delimiter: delimiterName(row.delimiter),
    hasHeader: row.has_header,
    headers: row.headers,
    rowsEstimate: row.rows_estimate,
    counts: {
      rowsRead: row.rows_read ?? 0,
      created: row.created ?? 0,
      updated: row.updated ?? 0,
      unchanged: row.unchanged ?? 0,
      failed: row.failed ?? 0,
      ...(options?.listId ? { addedToList: row.added_to_list ?? 0 } : {}),
    },
    progress: progressOf(row, now),
    error: row.error ?? null,
    cancelRequested: row.cancel_requested ?? false,
    startedAt: row.started_at?.toISOString() ?? null,
    finishedAt: row.finished_at?.toISOString() ?? null,
    options: shown,
    errorFileUrl: (row.failed ?? 0) > 0 ? `/api/v1/imports/${row.id}/errors` : null,
    fileDeletedAt: row.file_deleted_at?.toISOString() ?? null,
  };
}
