// The import job: reads the stored file in batches, converts rows in worker threads while earlier
// batches are written, and commits each batch together with its counts and the resume point
// (batch-writer.ts).
// A job that dies (kill -9, lost connection) is taken over after importStaleSeconds and goes on
// after the last committed batch: no row is written twice and read = created + updated +
// unchanged + failed holds at every commit.
import { z } from 'zod';
import type { ImportRow } from '../../db/types.js';
import type { JobContext } from '../../jobs/registry.js';
import type { JobDefinition } from '../../jobs/queue.js';
import { AppError } from '../../server/errors.js';
import { definitionsFor } from '../fields/service.js';
import { activeMembersByEmail } from '../users/service.js';
import { pairedLabelColumns } from './mapping.js';
import { StoredImportOptions } from './options.js';
import type { CsvRow } from './read/csv.js';
import { BatchWriter, Cancelled } from './batch-writer.js';
import * as repo from './repo.js';
import { createRowConverter, type RowConverter } from './row-converter.js';
import type { ConvertedRows, RowPlan } from './rows.js';
import { readStoredRows } from './source.js';
import { importThreads } from './thread.js';

export const ImportJobPayload = z.object({ workspaceId: z.uuid(), importId: z.uuid() });
export type ImportJobPayload = z.infer<typeof ImportJobPayload>;

/** Attempts after an unexpected failure (a lost database connection, say). */
const RETRIES = 3;
/** Files this small run on the server's thread, converted there: starting threads would take longer. */
const INLINE_BELOW_ROWS = 5000;

/** What senders need: the job's name and payload schema. */
export const IMPORT_JOB = { name: 'import-contacts', payload: ImportJobPayload };
/**
 * Small imports have a queue of their own: each queue runs one import at a time, and a file of a
 * few rows should not wait minutes behind another workspace's million.
 */
export const SMALL_IMPORT_JOB = { name: 'import-contacts-small', payload: ImportJobPayload };

/** The queue an import goes to, by the row count its upload estimated (unknown: the large one). */
export function importJobFor(rowsEstimate: number | null) {
  return rowsEstimate !== null && rowsEstimate < INLINE_BELOW_ROWS ? SMALL_IMPORT_JOB : IMPORT_JOB;
}

/** The two import queues' jobs: the same handler, each queue worked on its own. */
export function importContactsJobs(ctx: JobContext): JobDefinition<ImportJobPayload>[] {
  // On PostgreSQL, large imports run in a thread of their own so requests do not wait behind them
  // (thread.ts); small ones are over before a thread would have started.
  const threads = ctx.databaseUrl ? importThreads(ctx.databaseUrl, ctx.config, ctx.log) : undefined;
  const large: JobDefinition<ImportJobPayload> = {
    ...IMPORT_JOB,
    retryLimit: RETRIES,
    retryDelaySeconds: 5,
    // Our own heartbeat finds dead runs; pg-boss's expiry only has to outlast the longest import.
    expireInSeconds: 12 * 60 * 60,
    handler: async (payload, job) => {
      const rows = threads && (await repo.rowsEstimate(ctx.db, payload.workspaceId, payload.importId));
      if (threads && (rows ?? 0) >= INLINE_BELOW_ROWS) return threads.run({ payload, attempt: job.attempt });
      return runImport(ctx, payload, job.attempt);
    },
    stop: threads?.stop,
  };
  return [large, { ...large, ...SMALL_IMPORT_JOB, stop: undefined }];
}

export async function runImport(ctx: JobContext, { workspaceId, importId }: ImportJobPayload, attempt = 1) {
  const { db, config, log } = ctx;
  const row = await repo.claimImport(db, workspaceId, importId, config.importStaleSeconds);
  if (!row) return; // cancelled, finished, or another worker has it
  const beat = setInterval(
    () => repo.heartbeat(db, workspaceId, importId).catch((err) => log.warn({ err }, 'import heartbeat')),
    Math.max(500, (config.importStaleSeconds * 1000) / 4),
  );
  try {
    const finished = await importRows(ctx, row);
    await repo.updateImport(db, workspaceId, importId, {
      state: finished ? 'processed' : 'cancelled',
      finished_at: new Date(),
      error: null,
    });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (err instanceof AppError || attempt > RETRIES) {
      // A file that turns out unreadable past the preview (bad bytes at 80 MB) will not get better.
      await repo.updateImport(db, workspaceId, importId, {
        state: 'error',
        error: message,
        finished_at: new Date(),
      });
      log.warn({ err, importId }, 'import failed');
      return;
    }
    await repo.updateImport(db, workspaceId, importId, { state: 'waiting', error: `Retrying: ${message}` });
    throw err;
  } finally {
    clearInterval(beat);
  }
}

/** Runs the rows after the resume point; answers false when the import was cancelled. */
async function importRows(ctx: JobContext, row: ImportRow): Promise<boolean> {
  const { db, config } = ctx;
  const options = StoredImportOptions.parse(row.options);
  const plan: RowPlan = {
    headers: row.headers,
    mapping: options.mapping,
    labelColumns: [...pairedLabelColumns(row.headers)],
    definitions: (await definitionsFor(db, row.workspace_id)).map(
      ({ key, label, type, options, required }) => ({
        key,
        label,
        type,
        options,
        required,
      }),
    ),
    defaultCountry: options.defaultCountry,
    dateFormat: options.dateFormat,
    matchBy: options.matchBy,
  };
  const members = await activeMembersByEmail(db, row.workspace_id);
  const onPostgres = ctx.engine === 'postgres';
  const writer = new BatchWriter(db, row, options, plan, members, onPostgres);
  const converter = createRowConverter(
    (row.rows_estimate ?? 0) >= INLINE_BELOW_ROWS ? config.importWorkers : 0,
  );
  // Small batches keep requests answered: the server's thread builds each batch's rows, search
  // text, log entries and statements in one go, and a request waits behind it (PGlite also runs
  // the queries there). On PostgreSQL 150-row batches also imported faster than 500-row ones:
  // 1,000,000 rows at 4,153 rows/s with GET p99 48 ms, against 3,741 and 122 ms (docs/benchmarks.md).
  const batchSize = onPostgres ? 150 : 250;
  const inFlight: { rows: CsvRow[]; converted: Promise<ConvertedRows> }[] = [];
  try {
    for await (const rows of readStoredRows(db, row, options, batchSize)) {
      const fresh = rows.filter((r) => r.rowNumber > row.done_through_row);
      if (fresh.length === 0) continue;
      const converted = converter.convert(fresh, plan);
      converted.catch(() => {}); // awaited in turn below; this only keeps it from counting as unhandled
      inFlight.push({ rows: fresh, converted });
      if (inFlight.length > converter.parallelism) {
        const next = inFlight.shift()!;
        await writer.commit(next.rows, await next.converted);
      }
    }
    while (inFlight.length) {
      const next = inFlight.shift()!;
      await writer.commit(next.rows, await next.converted);
    }
    await writer.finish();
    return true;
  } catch (err) {
    if (err instanceof Cancelled) return false;
    throw err;
  } finally {
    await writer.settle();
    await closeQuietly(converter);
  }
}

async function closeQuietly(converter: RowConverter) {
  await converter.close().catch(() => {});
}
