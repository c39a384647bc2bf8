import type { Kysely } from 'kysely';
import { Batcher, batcherPerDatabase } from '../../db/batcher.js';
import type { DB } from '../../db/types.js';
import { isManager, NO_USER, type Actor } from '../auth/actor.js';
import * as repo from './repo.js';

/**
 * Writes new contacts created at the same time together, in one statement per batch (db/batcher.ts).
 *
 * A single create costs PostgreSQL far more per statement than per row: the round trip, the
 * statement's execution, the search trigger's statements and the commit come once per statement,
 * the rows' index entries once per row. Measured at 1,000,000 contacts with 32 clients: 2,131
 * creates a second against 814 one statement each; two statements in flight instead of one formed
 * smaller batches and did worse (1,296 against 1,819 at 100,000 contacts; docs/benchmarks.md).
 * When a batch fails (one contact's external id taken by another), its contacts are written again
 * one by one, so each request gets its own answer.
 */
export function contactInsertBatcher(db: Kysely<DB>, limits = { batch: 50, inFlight: 1 }) {
  return new Batcher<repo.NewContactWrite, void>(
    (writes) => repo.insertNewContacts(db, writes).then(() => writes.map(() => undefined)),
    ({ row, points, change }) => repo.insertNewContact(db, row, points, change),
    limits,
  );
}

const batcherOf = batcherPerDatabase((db) => contactInsertBatcher(db));

/**
 * Inserts a new contact with its points and log entry: batched with concurrent creates on the
 * same database, or at once inside a caller's transaction (whose other writes it must join).
 */
export function insertNewContact(db: Kysely<DB>, write: repo.NewContactWrite): Promise<void> {
  if (db.isTransaction) return repo.insertNewContact(db, write.row, write.points, write.change);
  return batcherOf(db).submit(write);
}

interface ContactRead {
  actor: Actor;
  id: string;
}

/** Who sees what: managers every contact of their workspace, agents their own and shared ones. */
const viewerOf = (actor: Actor) =>
  `${actor.workspaceId} ${isManager(actor) ? 'all' : (actor.userId ?? NO_USER)}`;

/**
 * Reads of one contact each, made at the same time: one statement per viewer in the batch. Under
 * load a read by id cost the server more in its statement (the round trip, the answer's column
 * descriptions, the query's build) than in its contact (docs/benchmarks.md).
 */
async function readContacts(db: Kysely<DB>, reads: ContactRead[]) {
  const viewers = reads.map((r) => viewerOf(r.actor));
  const byViewer = new Map<string, ContactRead[]>();
  reads.forEach((read, i) => {
    const group = byViewer.get(viewers[i]);
    if (group) group.push(read);
    else byViewer.set(viewers[i], [read]);
  });
  const found = new Map<string, repo.ContactWithChildren>();
  await Promise.all(
    [...byViewer].map(async ([viewer, group]) => {
      const ids = [...new Set(group.map((r) => r.id))];
      for (const row of await repo.findVisibleManyWithChildren(db, group[0].actor, ids))
        found.set(`${viewer} ${row.id}`, row);
    }),
  );
  return reads.map((r, i) => found.get(`${viewers[i]} ${r.id}`));
}

export function contactReadBatcher(db: Kysely<DB>, limits = { batch: 100, inFlight: 1 }) {
  return new Batcher<ContactRead, repo.ContactWithChildren | undefined>(
    (reads) => readContacts(db, reads),
    ({ actor, id }) => repo.findVisibleWithChildren(db, actor, id),
    limits,
  );
}

const readBatcherOf = batcherPerDatabase((db) => contactReadBatcher(db));

/** The contact with its points and shares if the actor sees it: read with concurrent reads, or in the caller's transaction. */
export function findVisibleWithChildren(db: Kysely<DB>, actor: Actor, id: string) {
  if (db.isTransaction) return repo.findVisibleWithChildren(db, actor, id);
  return readBatcherOf(db).submit({ actor, id });
}
