import type { Kysely } from 'kysely';
import type { DB } from './types.js';

/**
 * Runs calls that arrive while earlier ones are in flight together, as one batch.
 *
 * PostgreSQL's cost of a small statement is mostly per statement, not per row: the round trip,
 * the parse of the answer's columns, the plan's start, the commit of a write. Under load (many
 * clients at once) calls queue here while `limits.inFlight` batches are running, and the next batch
 * takes up to `limits.batch` of those queued. Nothing waits on a timer: with nothing in flight a
 * call runs at once, alone (through `runOne`).
 *
 * A batch is all or nothing: when `runBatch` fails, its calls run again one by one, so each caller
 * gets its own answer (one bad input must not fail the others).
 */
export class Batcher<In, Out> {
  private queued: { input: In; resolve: (out: Out) => void; reject: (err: unknown) => void }[] = [];
  private inFlight = 0;

  constructor(
    private readonly runBatch: (inputs: In[]) => Promise<Out[]>,
    private readonly runOne: (input: In) => Promise<Out>,
    private readonly limits: { batch: number; inFlight: number },
  ) {}

  submit(input: In): Promise<Out> {
    return new Promise((resolve, reject) => {
      this.queued.push({ input, resolve, reject });
      this.drain();
    });
  }

  private drain() {
    while (this.inFlight < this.limits.inFlight && this.queued.length > 0) {
      const batch = this.queued.splice(0, this.limits.batch);
      this.inFlight++;
      void this.run(batch).finally(() => {
        this.inFlight--;
        this.drain();
      });
    }
  }

  private async run(batch: typeof this.queued) {
    if (batch.length > 1) {
      try {
        const outs = await this.runBatch(batch.map((b) => b.input));
        batch.forEach((b, i) => b.resolve(outs[i]));
        return;
      } catch {
        // Run alone below: the calls that can succeed do, the others get their own error.
      }
    }
    for (const b of batch) {
      try {
        b.resolve(await this.runOne(b.input));
      } catch (err) {
        b.reject(err);
      }
    }
  }
}

/** One batcher per database (each server process has one; tests open several). */
export function batcherPerDatabase<In, Out>(create: (db: Kysely<DB>) => Batcher<In, Out>) {
  const batchers = new WeakMap<Kysely<DB>, Batcher<In, Out>>();
  return (db: Kysely<DB>) => {
    let batcher = batchers.get(db);
    if (!batcher) batchers.set(db, (batcher = create(db)));
    return batcher;
  };
}
