import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Database } from '../../src/db/engine.js';
import { startQueue, type JobDefinition } from '../../src/jobs/queue.js';
import { openTestDatabase } from '../db.js';

async function until(check: () => boolean, ms = 15_000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('background jobs', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase();
    await sql`create table job_probe (workspace_id uuid not null, id text not null, primary key (workspace_id, id))`.execute(
      database.db,
    );
  });
  afterAll(async () => database?.close());

  const seen: { word: string; attempt: number }[] = [];
  const echo: JobDefinition<{ word: string }> = {
    name: 'test-echo',
    payload: z.object({ word: z.string().min(1) }),
    handler: async ({ word }, job) => {
      seen.push({ word, attempt: job.attempt });
    },
  };

  it('runs a job sent to the queue, and refuses a payload its schema rejects', async () => {
    const queue = await startQueue(database, [echo], { pollingIntervalSeconds: 0.5 });
    try {
      await queue.send(echo, { word: 'hello' });
      await until(() => seen.some((s) => s.word === 'hello'));
      expect(seen.find((s) => s.word === 'hello')?.attempt).toBe(1);
      await expect(queue.send(echo, { word: '' })).rejects.toThrow(/payload is not valid/);
    } finally {
      await queue.stop();
    }
  });

  it('keeps a job sent while no worker runs, and runs it after a restart', async () => {
    const producer = await startQueue(database, [echo], { work: false });
    await producer.send(echo, { word: 'after-restart' });
    await producer.stop();
    expect(seen.some((s) => s.word === 'after-restart')).toBe(false);
    const worker = await startQueue(database, [echo], { pollingIntervalSeconds: 0.5 });
    try {
      await until(() => seen.some((s) => s.word === 'after-restart'));
    } finally {
      await worker.stop();
    }
  });

  it('enqueues inside a transaction: a rolled-back transaction leaves no job', async () => {
    const queue = await startQueue(database, [echo], { pollingIntervalSeconds: 0.5 });
    try {
      await expect(
        database.db.transaction().execute(async (trx) => {
          await sql`insert into job_probe values (gen_random_uuid(), 'rolled back')`.execute(trx);
          await queue.send(echo, { word: 'rolled-back' }, { trx });
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      await database.db.transaction().execute(async (trx) => {
        await sql`insert into job_probe values (gen_random_uuid(), 'committed')`.execute(trx);
        await queue.send(echo, { word: 'committed' }, { trx });
      });
      await until(() => seen.some((s) => s.word === 'committed'));
      await new Promise((r) => setTimeout(r, 1200)); // two more polls: the rolled-back job would show
      expect(seen.some((s) => s.word === 'rolled-back')).toBe(false);
      const probe = await sql<{ id: string }>`select id from job_probe`.execute(database.db);
      expect(probe.rows.map((r) => r.id)).toEqual(['committed']);
    } finally {
      await queue.stop();
    }
  });

  it('retries a failing job and passes the attempt number', async () => {
    let calls = 0;
    const flaky: JobDefinition<{ n: number }> = {
      name: 'test-flaky',
      payload: z.object({ n: z.number() }),
      retryLimit: 1,
      retryDelaySeconds: 0,
      handler: async (_payload, job) => {
        calls++;
        if (job.attempt === 1) throw new Error('first attempt fails');
      },
    };
    const queue = await startQueue(database, [flaky], { pollingIntervalSeconds: 0.5, onError: () => {} });
    try {
      await queue.send(flaky, { n: 1 });
      await until(() => calls >= 2);
      expect(calls).toBe(2);
    } finally {
      await queue.stop();
    }
  });
});
