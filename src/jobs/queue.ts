// Background jobs on the application's own database with pg-boss, on PostgreSQL and on PGlite
// alike (through Database.executeSql). Jobs survive restarts: they are rows, not promises.
import { CompiledQuery, type Kysely } from 'kysely';
import PgBoss from 'pg-boss';
import type { z } from 'zod';
import type { Database } from '../db/engine.js';
import type { DB } from '../db/types.js';
import { AppError } from '../server/errors.js';

/** A kind of job: its name, the payload it takes, and what runs it. */
export interface JobDefinition<P = unknown> {
  name: string;
  payload: z.ZodType<P>;
  handler: (payload: P, job: { id: string; attempt: number }) => Promise<void>;
  /** Attempts after the first failure (default 2), seconds between them (default 10). */
  retryLimit?: number;
  retryDelaySeconds?: number;
  /** How long one run may take before pg-boss gives up on it (default 15 minutes). */
  expireInSeconds?: number;
  /** Ends runs at once when the queue stops (those that resume from where they got to). */
  stop?: () => Promise<void>;
}

export interface QueueOptions {
  /** Run handlers in this process (the server does; a producer-only client does not). */
  work?: boolean;
  /** How often an idle worker looks for jobs (default 2 s; tests use less). */
  pollingIntervalSeconds?: number;
  /** Where pg-boss's own errors go (its maintenance, polling); the server passes its logger. */
  onError?: (err: Error) => void;
}

export interface Queue {
  /**
   * Enqueues a job. Pass the transaction that writes the job's own rows, so the job exists if
   * and only if they do.
   */
  send<P>(
    job: Pick<JobDefinition<P>, 'name' | 'payload'>,
    payload: P,
    opts?: { trx?: Kysely<DB>; singletonKey?: string },
  ): Promise<string>;
  stop(): Promise<void>;
}

/** pg-boss's database interface over a Kysely transaction. */
const viaKysely = (trx: Kysely<DB>) => ({
  executeSql: async (text: string, values: unknown[] = []) => {
    const result = await trx.executeQuery(CompiledQuery.raw(text, values));
    return { rows: result.rows as any[] };
  },
});

export async function startQueue(
  database: Database,
  jobs: JobDefinition<any>[],
  opts: QueueOptions = {},
): Promise<Queue> {
  const boss = new PgBoss({
    db: { executeSql: (text, values) => database.executeSql(text, values) },
    schedule: false,
  });
  boss.on('error', opts.onError ?? ((err) => console.error('job queue:', err)));
  await boss.start();

  const known = new Map(jobs.map((j) => [j.name, j]));
  for (const job of jobs) {
    await boss.createQueue(job.name, {
      name: job.name,
      retryLimit: job.retryLimit ?? 2,
      retryDelay: job.retryDelaySeconds ?? 10,
      expireInSeconds: job.expireInSeconds ?? 15 * 60,
    });
    if (opts.work !== false) {
      await boss.work(
        job.name,
        { pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 2, includeMetadata: true },
        async ([raw]) => {
          // Payloads are checked when sent; parsing again guards jobs written by an older version.
          const payload = job.payload.parse(raw.data);
          await job.handler(payload, { id: raw.id, attempt: raw.retryCount + 1 });
        },
      );
    }
  }

  return {
    async send(job, payload, sendOpts = {}) {
      if (!known.has(job.name)) throw new Error(`Job "${job.name}" is not registered with this queue`);
      const parsed = job.payload.safeParse(payload);
      if (!parsed.success) throw new AppError('validation', `Job "${job.name}": payload is not valid`);
      const id = await boss.send(job.name, parsed.data as object, {
        singletonKey: sendOpts.singletonKey,
        ...(sendOpts.trx ? { db: viaKysely(sendOpts.trx) } : {}),
      });
      if (!id) throw new AppError('conflict', `Job "${job.name}" is already queued`);
      return id;
    },
    async stop() {
      await Promise.all(jobs.map((j) => j.stop?.()));
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}
