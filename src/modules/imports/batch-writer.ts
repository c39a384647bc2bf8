// Writing an import's converted batches. Each batch is one transaction with its counts and resume
// point, and batches commit in file order, so after a crash the job goes on after the last
// committed batch and no row is written twice.
//
// On PostgreSQL, an import that matches by external id or not at all writes two batches at once,
// on two connections: while one batch's statements run, the next is built in Node and starts its
// own. The later batch waits for the earlier one to commit before it records its progress and
// commits, and rolls back if the earlier one failed or saw a cancel. It must never take a lock
// the earlier one then needs, since that one would wait on it for good, so:
// - it writes contact rows only after the earlier batch has written its own: their triggers add
//   new words to the workspace's search vocabulary, and a word both add is a lock on one row;
// - it waits for the earlier batch to commit before starting when they share an external id
//   (it could miss the contact the earlier one creates), when matching is by email or phone (two
//   values can lead to one contact, locked by both), or when it fills a list no batch has added
//   to yet (the first to add marks the list as fed from a file, an update of the list's row).
// On PGlite (one connection) batches go one at a time.
import { setImmediate } from 'node:timers/promises';
import { sql, type Kysely } from 'kysely';
import type { DB, ImportRow } from '../../db/types.js';
import { commitWithoutFlushWait } from '../../db/durability.js';
import { isManager, type Actor } from '../auth/actor.js';
import { analyzeContactTables, upsertContacts, type BulkRecord, type BulkResult } from '../contacts/bulk.js';
import { addToGroupIfThere } from '../groups/service.js';
import { addImportedEntries, type ImportedEntry } from '../lists/file-source.js';
import type { StoredImportOptions } from './options.js';
import type { CsvRow } from './read/csv.js';
import * as repo from './repo.js';
import type { ConvertedRows, EntryValues, RowPlan } from './rows.js';

/** Thrown once the batch that saw the cancel request has committed. */
export class Cancelled extends Error {}

interface Batch {
  rows: CsvRow[];
  records: BulkRecord[];
  entries: Map<number, EntryValues>;
  failures: Map<number, string[]>;
  /** External ids: a later batch sharing one waits for this one to commit. */
  keys: Set<string>;
}

interface Committed {
  cancelRequested: boolean;
  addedToList: number;
}

interface Written {
  keys: Set<string>;
  committed: Promise<Committed>;
  /** Resolves once the batch has written its contact rows, or has ended without. */
  contactsWritten: Promise<void>;
}

export class BatchWriter {
  private ordinal: number;
  private previous: Written | undefined;
  private batches = 0;
  private nextAnalyze = 1;
  private listFilled = false;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly row: ImportRow,
    private readonly options: StoredImportOptions,
    private readonly plan: RowPlan,
    private readonly members: Map<string, string>,
    /** Whether two batches may be written at once (PostgreSQL; PGlite has one connection). */
    private readonly overlap: boolean,
  ) {
    this.ordinal = row.rows_read;
  }

  /**
   * Starts writing a batch, and returns once no earlier batch is still being written. Throws the
   * error of a batch that failed, or Cancelled after the batch that saw a cancel request.
   */
  async commit(rows: CsvRow[], converted: ConvertedRows): Promise<void> {
    // Let requests waiting on the event loop (and, on PGlite, for the one connection) go first.
    await setImmediate();
    const batch = this.prepare(rows, converted);
    const previous = this.previous;
    if (previous && !this.mayOverlap(previous, batch)) await this.committedOrThrow(previous);
    let contactsWritten!: () => void;
    const contactsDone = new Promise<void>((resolve) => (contactsWritten = resolve));
    const committed = this.write(batch, previous, contactsWritten).finally(contactsWritten);
    committed.catch(() => {}); // awaited by the next commit() or finish()
    this.previous = { keys: batch.keys, committed, contactsWritten: contactsDone };
    if (previous) await this.committedOrThrow(previous);
  }

  /** Waits for the last batch; throws as commit() does. */
  async finish(): Promise<void> {
    if (this.previous) await this.committedOrThrow(this.previous);
  }

  /** Waits until no batch is being written, whatever their outcome (before the job ends). */
  async settle(): Promise<void> {
    await this.previous?.committed.catch(() => {});
  }

  private mayOverlap(previous: Written, batch: Batch): boolean {
    const { matchBy, listId } = this.options;
    return (
      this.overlap &&
      (matchBy === 'externalId' || matchBy === 'none') &&
      (!listId || this.listFilled) &&
      !shares(previous.keys, batch.keys)
    );
  }

  private async committedOrThrow(written: Written) {
    const { cancelRequested, addedToList } = await written.committed;
    if (addedToList > 0) this.listFilled = true;
    if (cancelRequested) throw new Cancelled();
  }

  private prepare(rows: CsvRow[], converted: ConvertedRows): Batch {
    const actor: Actor = this.options.actor;
    const failures = new Map<number, string[]>(converted.failures.map((f) => [f.index, f.errors]));
    const records: BulkRecord[] = [];
    const entries = new Map<number, EntryValues>();
    const keys = new Set<string>();
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
      if (fields.external_id) keys.add(fields.external_id);
    }
    this.ordinal += rows.length;
    return { rows, records, entries, failures, keys };
  }

  private async write(
    batch: Batch,
    previous: Written | undefined,
    contactsWritten: () => void,
  ): Promise<Committed> {
    const { workspace_id: workspaceId, id: importId } = this.row;
    const { rows, records, entries, failures } = batch;
    const actor: Actor = this.options.actor;
    const committed = await this.db.transaction().execute(async (trx) => {
      await commitWithoutFlushWait(trx); // the batch's progress commits with it (recordBatch)
      // Should batches side by side ever wait on each other in a way not foreseen above, the
      // wait ends in an error and the job's retry goes on from the last commit, instead of a hang.
      if (this.overlap) await sql`set local lock_timeout = '60s'`.execute(trx);
      const result = await upsertContacts(trx, actor, records, {
        matchBy: this.options.matchBy,
        onMatch: this.options.onMatch,
        tags: this.options.tags,
        ownerId: this.options.ownerId === undefined ? actor.userId : this.options.ownerId,
        required: this.plan.definitions
          .filter((d) => d.required)
          .map((d) => ({ key: d.key, label: d.label })),
        contactWrites: {
          before: async () => await previous?.contactsWritten,
          after: contactsWritten,
        },
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
      // Commits keep file order: the resume point never passes a batch that is not committed.
      // A failure or cancel before this one rolls this one back.
      if (previous && (await previous.committed).cancelRequested) throw new Cancelled();
      const progress = await repo.recordBatch(trx, workspaceId, importId, {
        rowsRead: rows.length,
        created: result.created,
        updated: result.updated,
        unchanged: result.unchanged,
        failed: failures.size,
        addedToList,
        doneThroughRow: rows[rows.length - 1].rowNumber,
      });
      return { cancelRequested: progress.cancel_requested, addedToList };
    });
    // Statistics after batches 1, 2, 4, … 32: plans stop assuming an empty table early on; later
    // the table is large enough for index plans, and on big tables ANALYZE itself takes a while.
    if (++this.batches === this.nextAnalyze && this.batches <= 32) {
      this.nextAnalyze *= 2;
      await analyzeContactTables(this.db);
    }
    return committed;
  }
}

function shares(a: Set<string>, b: Set<string>): boolean {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const k of small) if (large.has(k)) return true;
  return false;
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
