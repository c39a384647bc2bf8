// Export benchmark: N seeded contacts (two contact points each) downloaded as CSV through
// GET /api/v1/exports/contacts, streamed and counted, in a server process of its own so its peak
// RSS is the server's.
//
//   npm run bench:export                               # 1,000,000 contacts on PGlite (and PostgreSQL with BENCH_DATABASE_URL)
//   BENCH_SIZE=small npm run bench:export              # 5,000 contacts (CI: proves it works)
//   BENCH_CONTACTS=200000 BENCH_ENGINES=postgres npm run bench:export
//   BENCH_RUNS=3 …                                     # downloads per engine (default 3, small 1); the median is reported
import type { Engine } from './fresh-db.js';
import { runAndReport } from './report.js';
import { rssOf, startBenchServer, stopBenchServer } from './server-process.js';

const size = process.env.BENCH_SIZE === 'small' ? 'small' : 'full';
const contacts = Number(process.env.BENCH_CONTACTS ?? (size === 'small' ? 5_000 : 1_000_000));
const engines = (process.env.BENCH_ENGINES?.split(',') ??
  (process.env.BENCH_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'])) as Engine[];
const runs = Number(process.env.BENCH_RUNS ?? (size === 'small' ? 1 : 3));
const log = (msg: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${msg}\n`);

/** One download of every contact as CSV: its speed, and the server's RSS before and at its peak. */
async function download(engine: Engine, pid: number, info: { url: string; token: string }) {
  const before = rssOf(pid);
  const started = performance.now();
  const res = await fetch(`${info.url}/api/v1/exports/contacts?format=csv`, {
    headers: { authorization: `Bearer ${info.token}` },
  });
  if (!res.ok || !res.body) throw new Error(`export: ${res.status} ${await res.text()}`);
  let bytes = 0;
  let lines = 0;
  let firstByteMs = 0;
  let peakMb = before.nowMb;
  const reader = res.body.getReader();
  for (let n = 0; ; n++) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!firstByteMs) firstByteMs = performance.now() - started;
    bytes += value.length;
    for (let at = value.indexOf(10); at !== -1; at = value.indexOf(10, at + 1)) lines++;
    if (n % 50 === 0) peakMb = Math.max(peakMb, rssOf(pid).nowMb);
  }
  const seconds = (performance.now() - started) / 1000;
  const rows = lines - 1; // the header line
  if (rows !== contacts) throw new Error(`exported ${rows} rows of ${contacts}`);
  const run = {
    seconds: Number(seconds.toFixed(2)),
    rowsPerSecond: Math.round(rows / seconds),
    megabytes: Math.round(bytes / 2 ** 20),
    firstByteMs: Math.round(firstByteMs),
    rssBeforeMb: before.nowMb,
    rssPeakDuringMb: Math.max(peakMb, rssOf(pid).nowMb),
  };
  log(`[${engine}] ${JSON.stringify(run)}`);
  return run;
}

async function benchEngine(engine: Engine) {
  const { child, info } = await startBenchServer(engine, {
    BENCH_CONTACTS: String(contacts),
    BENCH_SAMPLES: '1',
  });
  try {
    const all = [];
    for (let i = 0; i < runs; i++) all.push(await download(engine, child.pid!, info));
    const median = [...all].sort((a, b) => a.rowsPerSecond - b.rowsPerSecond)[Math.floor(all.length / 2)];
    const result = {
      engine,
      contacts,
      ...median,
      rssPeakDuringMb: Math.max(...all.map((r) => r.rssPeakDuringMb)),
      runs: all,
    };
    log(
      `[${engine}] median of ${runs}: ${median.rowsPerSecond} rows/s; peak RSS ${result.rssPeakDuringMb} MB`,
    );
    return result;
  } finally {
    await stopBenchServer(child);
  }
}

await runAndReport('export', engines, benchEngine);
