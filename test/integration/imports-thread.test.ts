// On PostgreSQL, large imports run in a worker thread with connections of their own
// (src/modules/imports/thread.ts), so requests do not wait behind the batches being built. These
// tests run such threads directly: to the end, through a failing batch, and stopped mid-way.
import { sql } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withDatabase } from '../../src/db/database-url.js';
import { importContactsJobs } from '../../src/modules/imports/job.js';
import { IMPORT_APPLICATION_NAME, importThreads } from '../../src/modules/imports/thread.js';
import { createWorkspace, startImport, useTestApp, type Client } from '../helpers.js';

// Jobs wait in the queue: the tests run them. A stopped run counts as dead after a second.
const ctx = useTestApp({ importStaleSeconds: 1 }, { jobs: 'queued' });

interface Line {
  level: string;
  fields: Record<string, unknown>;
  msg?: string;
}
const lines: Line[] = [];
const at = (level: string) => (fields: Record<string, unknown>, msg?: string) =>
  void lines.push({ level, fields, msg });
const log = {
  ...Object.fromEntries(['fatal', 'error', 'warn', 'info', 'debug', 'trace'].map((l) => [l, at(l)])),
} as unknown as FastifyBaseLogger;

let databaseUrl: string;

/** Starts an import of `rows` people (external ids T1…), then the `extra` lines. */
function startPeople(client: Client, rows: number, extra: string[] = []) {
  const csv = ['External ID,First Name,Last Name,Email'];
  for (let i = 1; i <= rows; i++) csv.push(`T${i},Tia,Name${i},tia.${i}@example.com`);
  csv.push(...extra);
  return startImport(client, csv.join('\n') + '\n', { matchBy: 'externalId' });
}

const status = async (client: Client, id: string) => (await client.get(`/api/v1/imports/${id}`)).json();

const contactsOf = async (workspaceId: string) =>
  (
    await ctx.app.db
      .selectFrom('contacts')
      .select(['external_id'])
      .where('workspace_id', '=', workspaceId)
      .execute()
  ).map((r) => r.external_id);

describe.runIf(process.env.DATABASE_URL)('imports in a thread of their own (PostgreSQL)', () => {
  beforeAll(async () => {
    const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(ctx.app.db);
    databaseUrl = withDatabase(process.env.DATABASE_URL!, rows[0].name);
  });
  afterAll(async () => {
    await sql`drop trigger if exists imports_fail_batches on imports`.execute(ctx.app.db);
  });

  it('runs a large import in a thread, on connections of its own, to its end with its counts', async () => {
    const ws = await createWorkspace(ctx.app);
    const id = await startPeople(ws.owner, 6000, ['T9,Tia,Again,not-an-email']);
    const [job] = importContactsJobs({
      db: ctx.app.db,
      config: ctx.app.config,
      log,
      engine: 'postgres',
      databaseUrl,
      queue: () => ctx.app.queue,
    });
    let seen = false;
    const running = job.handler({ workspaceId: ws.id, importId: id }, { id: 'test', attempt: 1 });
    const done = running.then(() => true);
    while (!seen && !(await Promise.race([done, new Promise((r) => setTimeout(() => r(false), 20))]))) {
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from pg_stat_activity
        where application_name = ${IMPORT_APPLICATION_NAME} and datname = current_database()`.execute(
        ctx.app.db,
      );
      seen = rows[0].n > 0;
    }
    await running;
    expect(seen).toBe(true);
    expect(await status(ws.owner, id)).toMatchObject({
      state: 'processed',
      counts: { rowsRead: 6001, created: 6000, updated: 0, unchanged: 0, failed: 1 },
    });
    expect(new Set(await contactsOf(ws.id)).size).toBe(6000);
    // The thread reports through the server's logger how long it ran and how much of that it worked.
    const ended = lines.find((l) => l.msg === 'import thread ended' && l.fields.importId === id);
    expect(ended?.level).toBe('info');
    const { seconds, busySeconds } = ended!.fields as { seconds: number; busySeconds: number };
    expect(seconds).toBeGreaterThan(0);
    expect(busySeconds).toBeGreaterThan(0);
    expect(busySeconds).toBeLessThanOrEqual(seconds);
  }, 60_000);

  it('hands a failing batch back to be retried, and logs through the server an import that fails for good', async () => {
    await sql`
      create or replace function imports_fail_batches() returns trigger language plpgsql as $$
      begin
        if new.done_through_row > 0 then raise exception 'disk full (test)'; end if;
        return new;
      end $$`.execute(ctx.app.db);
    await sql`create trigger imports_fail_batches before update on imports
      for each row execute function imports_fail_batches()`.execute(ctx.app.db);
    try {
      const ws = await createWorkspace(ctx.app);
      const id = await startPeople(ws.owner, 300);
      const payload = { workspaceId: ws.id, importId: id };
      const threads = importThreads(databaseUrl, ctx.app.config, log);

      await expect(threads.run({ payload, attempt: 1 })).rejects.toThrow('disk full (test)');
      expect(await status(ws.owner, id)).toMatchObject({
        state: 'waiting',
        error: 'Retrying: disk full (test)',
        counts: { rowsRead: 0 },
      });

      lines.length = 0;
      await threads.run({ payload, attempt: 4 }); // past the retries: the run ends the import
      expect(await status(ws.owner, id)).toMatchObject({ state: 'error', error: 'disk full (test)' });
      expect(lines).toContainEqual({
        level: 'warn',
        fields: { importId: id, err: expect.objectContaining({ message: 'disk full (test)' }) },
        msg: 'import failed',
      });
      expect(await contactsOf(ws.id)).toEqual([]);
    } finally {
      await sql`drop trigger imports_fail_batches on imports`.execute(ctx.app.db);
    }
  }, 60_000);

  it('stops at once when the server stops; a later run goes on after the last committed batch', async () => {
    const ws = await createWorkspace(ctx.app);
    const id = await startPeople(ws.owner, 20_000);
    const payload = { workspaceId: ws.id, importId: id };
    const threads = importThreads(databaseUrl, ctx.app.config, log);
    const first = threads.run({ payload, attempt: 1 });
    const deadline = Date.now() + 30_000;
    while ((await status(ws.owner, id)).counts.rowsRead < 1000 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    await threads.stop();
    await expect(first).rejects.toThrow(/thread stopped/);

    const stopped = await status(ws.owner, id);
    expect(stopped.state).toBe('processing');
    expect(stopped.counts.rowsRead).toBeGreaterThanOrEqual(1000);
    expect(stopped.counts.rowsRead).toBeLessThan(20_000);
    expect(await contactsOf(ws.id)).toHaveLength(stopped.counts.created);

    await new Promise((r) => setTimeout(r, 1500)); // its heartbeat goes stale
    await importThreads(databaseUrl, ctx.app.config, log).run({ payload, attempt: 2 });
    expect(await status(ws.owner, id)).toMatchObject({
      state: 'processed',
      counts: { rowsRead: 20_000, created: 20_000, failed: 0 },
    });
    const ids = await contactsOf(ws.id);
    expect(ids).toHaveLength(20_000);
    expect(new Set(ids).size).toBe(20_000);
  }, 120_000);
});
