// The server under test, run as its own process by bench/run.ts so the load generator does not
// share its event loop. It prepares a fresh database (PGlite in a data directory on disk, or a
// PostgreSQL database it drops and re-creates), seeds it, listens on 127.0.0.1, and prints one
// JSON line describing what it holds: the URL, an API key, and samples of ids and sort keys.
import { constants, monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';
import { sql } from 'kysely';
import { createBenchWorkspace, openFreshDatabase } from './fresh-db.js';
import { buildApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/config.js';
import { boundHeapGrowth } from '../src/server/heap.js';
import { seedContacts } from './seed.js';

const engine = process.env.BENCH_ENGINE === 'postgres' ? 'postgres' : 'pglite';
const count = Number(process.env.BENCH_CONTACTS ?? 10_000);
const sampleSize = Number(process.env.BENCH_SAMPLES ?? 5_000);
const log = (msg: string) => process.stderr.write(`[${engine}] ${msg}\n`);
// As `npm start` runs the server (src/server/start.ts); HEAP_GROWING_PERCENT=0 for V8's own.
boundHeapGrowth(loadConfig().heapGrowingPercent);

const { database, dataDir } = await openFreshDatabase(engine);
const db = database.db;
const { workspace, userId, token } = await createBenchWorkspace(db, 'Bench');

const seedStarted = Date.now();
let lastReport = 0;
await seedContacts(db, {
  workspaceId: workspace.id,
  ownerId: userId,
  count,
  onProgress: (done) => {
    if (Date.now() - lastReport > 10_000 || done === count) {
      lastReport = Date.now();
      log(`seeded ${done.toLocaleString('en')} of ${count.toLocaleString('en')} contacts`);
    }
  },
});
const seedSeconds = (Date.now() - seedStarted) / 1000;

// Random rows, for reads by id and for cursors that start pages anywhere in the last-name order.
// Their phone numbers too, for inbound conversations from known senders.
const samples = await sql<{ id: string; last_name: string; phone: string | null }>`
  select c.id, c.last_name,
         (select p.normalized from contact_points p
          where p.workspace_id = c.workspace_id and p.contact_id = c.id and p.channel = 'phone' limit 1) as phone
  from contacts c where c.workspace_id = ${workspace.id}
  order by random() limit ${sampleSize}`.execute(db);

const config = { ...loadConfig({}), rateLimitPerMinute: 0, logLevel: 'warn' };
// BENCH_JOBS=1 runs background jobs (imports) in this process too.
const jobs = process.env.BENCH_JOBS === '1' ? { work: true, pollingIntervalSeconds: 0.5 } : false;
const app = await buildApp({ config, database, web: false, logger: false, jobs });
const url = await app.listen({ host: '127.0.0.1', port: 0 });

process.stdout.write(
  JSON.stringify({
    url,
    token,
    workspaceId: workspace.id,
    engine,
    contacts: count,
    seedSeconds,
    dataDir,
    samples: samples.rows,
  }) + '\n',
);

process.on('SIGTERM', async () => {
  await app.close();
  await database.close();
  process.exit(0);
});

// BENCH_MEMORY_LOG=1: the server's memory by kind every 2 s, to tell heap from the rest of its RSS.
if (process.env.BENCH_MEMORY_LOG === '1') {
  setInterval(() => {
    const mb = Object.entries(process.memoryUsage()).map(([k, v]) => `${k} ${Math.round(v / 2 ** 20)}`);
    const spaces = v8
      .getHeapSpaceStatistics()
      .filter((s) => s.space_size > 2 ** 20)
      .map(
        (s) =>
          `${s.space_name.replace(/_space$/, '')} ${Math.round(s.space_used_size / 2 ** 20)}/${Math.round(s.space_size / 2 ** 20)}`,
      );
    log(`memory MB: ${mb.join(', ')}; heap spaces used/size: ${spaces.join(', ')}`);
  }, 2000).unref();
}

// BENCH_LOOP_LOG=1: every 2 s, how long the event loop was held up (requests wait that long) and
// the garbage collector's pauses, to tell the server's own stalls from waits on the database.
if (process.env.BENCH_LOOP_LOG === '1') {
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const pauses: { kind: number; ms: number }[] = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries())
      pauses.push({ kind: (e as unknown as { detail: { kind: number } }).detail.kind, ms: e.duration });
  }).observe({ entryTypes: ['gc'] });
  setInterval(() => {
    const ms = (ns: number) => (ns / 1e6).toFixed(1);
    const major = pauses.filter((p) => p.kind === constants.NODE_PERFORMANCE_GC_MAJOR);
    const longest = (ps: typeof pauses) => Math.max(0, ...ps.map((p) => p.ms)).toFixed(1);
    log(
      `event loop delay p99 ${ms(delay.percentile(99))} ms, max ${ms(delay.max)} ms; ` +
        `gc ${pauses.length} pauses, ${pauses.reduce((s, p) => s + p.ms, 0).toFixed(0)} ms, longest ${longest(pauses)} ms ` +
        `(major ${major.length}, longest ${longest(major)} ms)`,
    );
    delay.reset();
    pauses.length = 0;
  }, 2000).unref();
}
