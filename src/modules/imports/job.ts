// The import job: reads the stored file in batches, converts rows in worker threads while the
// previous batch is written, and commits each batch together with its counts and the resume point.
// A job that dies (kill -9, lost connection) is taken over after importStaleSeconds and goes on
// after the last committed batch: no row is written twice and read = created + updated +
// unchanged + failed holds at every commit.
import { setImmediate } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB, ImportRow } from '../../db/types.js';
import type { JobContext } from '../../jobs/registry.js';
import type { JobDefinition } from '../../jobs/queue.js';
import { AppError } from '../../server/errors.js';
import { isManager, type Actor } from '../auth/actor.js';
import { analyzeContactTables, upsertContacts, type BulkRecord, type BulkResult } from '../contacts/bulk.js';
import { definitionsFor } from '../fields/service.js';
import { addToGroupIfThere } from '../groups/service.js';
import { addImportedEntries, type ImportedEntry } from '../lists/file-source.js';
import { activeMembersByEmail } from '../users/service.js';
import { pairedLabelColumns } from './mapping.js';
import { StoredImportOptions } from './options.js';
import type { CsvRow } from './read/csv.js';
import * as repo from './repo.js';
import { createRowConverter, type RowConverter } from './row-converter.js';
import type { ConvertedRows, EntryValues, RowPlan } from './rows.js';
import { readStoredRows } from './source.js';

export const ImportJobPayload = z.object({ workspaceId: z.uuid(), importId: z.uuid() });
export type ImportJobPayload = z.infer<typeof ImportJobPayload>;

/** Attempts after an unexpected failure (a lost database connection, say). */
const RETRIES = 3;
/** Files this small are converted on the job's own thread: starting workers would take longer. */
const INLINE_BELOW_ROWS = 5000;

/** What senders need: the job's name and payload schema. */
export const IMPORT_JOB = { name: 'import-contacts', payload: ImportJobPayload };

export function importContactsJob(ctx: JobContext): JobDefinition<ImportJobPayload> {
  return {
    ...IMPORT_JOB,
    retryLimit: RETRIES,
    retryDelaySeconds: 5,
    // Our own heartbeat finds dead runs; pg-boss's expiry only has to outlast the longest import.
    expireInSeconds: 12 * 60 * 60,
    handler: (payload, job) => runImport(ctx, payload, job.attempt),
  };
}

class Cancelled extends Error {}

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
  const writer = new BatchWriter(db, row, options, plan, await activeMembersByEmail(db, row.workspace_id));
  const converter = createRowConverter(
    (row.rows_estimate ?? 0) >= INLINE_BELOW_ROWS ? config.importWorkers : 0,
  );
  // PGlite runs queries on the server's own thread: smaller batches keep requests answered.
  const batchSize = config.databaseUrl ? 500 : 250;
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
    return true;
  } catch (err) {
    if (err instanceof Cancelled) return false;
    throw err;
  } finally {
    await closeQuietly(converter);
  }
}

async function closeQuietly(converter: RowConverter) {
  await converter.close().catch(() => {});
}

/** Writes converted batches in file order, each in one transaction with its progress. */
class BatchWriter {
  private ordinal: number;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly row: ImportRow,
    private readonly options: StoredImportOptions,
    private readonly plan: RowPlan,
    private readonly members: Map<string, string>,
  ) {
    this.ordinal = row.rows_read;
  }

  private batches = 0;
  private nextAnalyze = 1;

  async commit(rows: CsvRow[], converted: ConvertedRows) {
    // Let requests waiting on the event loop (and, on PGlite, for the one connection) go first.
    await setImmediate();
    const { workspace_id: workspaceId, id: importId } = this.row;
    const actor: Actor = this.options.actor;
    const failures = new Map<number, string[]>(converted.failures.map((f) => [f.index, f.errors]));
    const records: BulkRecord[] = [];
    const entries = new Map<number, EntryValues>();
    for (const r of converted.records) {
      const ownerId = r.ownerEmail ? this.members.get(r.ownerEmail) : undefined;
      if (r.ownerEmail && !ownerId) {
        failures.set(r.index, [`Owner email "${r.ownerEmail}" is not an active user of this workspace`]);
        continue;
      }
      if (ownerId && !isManager(actor) && ownerId !== actor.userId) {
        failures.set(r.index, ['Only admins can import contacts owned by someone else']);
        continue;
      }
      const fields = { ...r.fields };
      if (this.options.generateExternalIds && !fields.external_id)
        fields.external_id = String(this.options.externalIdBase + this.ordinal + r.index + 1);
      const key = this.options.matchBy === 'externalId' ? (fields.external_id ?? null) : r.key;
      records.push({ ref: r.index, fields, tags: r.tags, custom: r.custom, points: r.points, ownerId, key });
      entries.set(r.index, r.entry);
    }

    const cancel = await this.db.transaction().execute(async (trx) => {
      const result = await upsertContacts(trx, actor, records, {
        matchBy: this.options.matchBy,
        onMatch: this.options.onMatch,
        tags: this.options.tags,
        ownerId: this.options.ownerId === undefined ? actor.userId : this.options.ownerId,
        required: this.plan.definitions
          .filter((d) => d.required)
          .map((d) => ({ key: d.key, label: d.label })),
      });
      for (const f of result.failures) failures.set(f.ref, f.errors);
      if (this.options.groupId) await addToGroupIfThere(trx, actor, this.options.groupId, result.contactIds);
      const addedToList = this.options.listId
        ? await addImportedEntries(trx, actor, this.options.listId, listEntries(records, result, entries))
        : 0;
      await repo.insertFailedRows(
        trx,
        [...failures].map(([index, errors]) => ({
          workspace_id: workspaceId,
          import_id: importId,
          row_number: rows[index].rowNumber,
          cells: rows[index].cells,
          errors,
        })),
      );
      const progress = await repo.recordBatch(trx, workspaceId, importId, {
        rowsRead: rows.length,
        created: result.created,
        updated: result.updated,
        unchanged: result.unchanged,
        failed: failures.size,
        addedToList,
        doneThroughRow: rows[rows.length - 1].rowNumber,
      });
      return progress.cancel_requested;
    });
    this.ordinal += rows.length;
    // Statistics after batches 1, 2, 4, … 32: plans stop assuming an empty table early on; later
    // the table is large enough for index plans, and on big tables ANALYZE itself takes a while.
    if (++this.batches === this.nextAnalyze && this.batches <= 32) {
      this.nextAnalyze *= 2;
      await analyzeContactTables(this.db);
    }
    if (cancel) throw new Cancelled();
  }
}

/**
 * The list entry of each written row: its contact and its entry.* values. upsertContacts answers
 * the contacts in record order, leaving out failed records and records skipped on a match; only
 * onMatch skip skips, and start refuses entry.* columns with it, so when the two do not line up
 * the contacts are added with the list's defaults.
 */
function listEntries(
  records: BulkRecord[],
  result: BulkResult,
  entries: Map<number, EntryValues>,
): ImportedEntry[] {
  const failed = new Set(result.failures.map((f) => f.ref));
  const written = records.filter((r) => !failed.has(r.ref));
  if (written.length !== result.contactIds.length)
    return result.contactIds.map((contactId) => ({ contactId }));
  return written.map((r, i) => ({ ...entries.get(r.ref), contactId: result.contactIds[i] }));
}
