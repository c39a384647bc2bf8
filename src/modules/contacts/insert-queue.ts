import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import * as repo from './repo.js';

/**
 * Writes new contacts created at the same time together, in one statement per batch.
 *
 * A single create costs PostgreSQL far more per statement than per row: the round trip, the
 * statement's execution, the search trigger's statements and the commit come once per statement,
 * the rows' index entries once per row. Under load (an integration creating contacts over many
 * connections) creates queue here while one statement is being written, and the next statement
 * takes all that queued. Nothing waits on a timer: with no write in flight a create is written at
 * once, alone, as before. Measured at 1,000,000 contacts with 32 clients: 2,131 creates a second
 * against 814 one statement each; two statements in flight instead of one formed smaller batches
 * and did worse (1,296 against 1,819 at 100,000 contacts; docs/benchmarks.md).
 *
 * A batch is all or nothing; when it fails (one contact's external id taken by another) its
 * contacts are written again one by one, so each request gets its own answer.
 */
export class ContactInsertQueue {
  private queued: { write: repo.NewContactWrite; done: (err?: unknown) => void }[] = [];
  private inFlight = 0;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly limits = { batch: 50, inFlight: 1 },
  ) {}

  insert(write: repo.NewContactWrite): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queued.push({ write, done: (err) => (err === undefined ? resolve() : reject(err)) });
      this.drain();
    });
  }

  private drain() {
    while (this.inFlight < this.limits.inFlight && this.queued.length > 0) {
      const batch = this.queued.splice(0, this.limits.batch);
      this.inFlight++;
      void this.write(batch).finally(() => {
        this.inFlight--;
        this.drain();
      });
    }
  }

  private async write(batch: typeof this.queued) {
    if (batch.length > 1) {
      try {
        await repo.insertNewContacts(
          this.db,
          batch.map((b) => b.write),
        );
        for (const b of batch) b.done();
        return;
      } catch {
        // Written alone below: the ones that can be written are, the others get their own error.
      }
    }
    for (const b of batch) {
      const { row, points, change } = b.write;
      try {
        await repo.insertNewContact(this.db, row, points, change);
        b.done();
      } catch (err) {
        b.done(err ?? new Error('insert failed'));
      }
    }
  }
}

const queues = new WeakMap<Kysely<DB>, ContactInsertQueue>();

/**
 * Inserts a new contact with its points and log entry: batched with concurrent creates on the
 * same database, or at once inside a caller's transaction (whose other writes it must join).
 */
export function insertNewContact(db: Kysely<DB>, write: repo.NewContactWrite): Promise<void> {
  if (db.isTransaction) return repo.insertNewContact(db, write.row, write.points, write.change);
  let queue = queues.get(db);
  if (!queue) queues.set(db, (queue = new ContactInsertQueue(db)));
  return queue.insert(write);
}
