// Where a benchmark's figures go: JSON in bench/results/<name>-<date>.json (with the machine) and
// the same on stdout.
import fs from 'node:fs';
import os from 'node:os';
import pg from 'pg';
import { withDatabase } from '../src/db/database-url.js';

/** The PostgreSQL settings that move these figures most, as the server reports them. */
const SETTINGS = [
  'server_version',
  'shared_buffers',
  'max_wal_size',
  'checkpoint_timeout',
  'synchronous_commit',
  'random_page_cost',
];

export async function postgresSettings(): Promise<Record<string, string> | undefined> {
  const url = process.env.BENCH_DATABASE_URL;
  if (!url) return undefined;
  const client = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
  await client.connect();
  try {
    const r = await client.query<{ name: string; value: string }>(
      `select name, current_setting(name) as value from pg_settings where name = any($1)`,
      [SETTINGS],
    );
    return Object.fromEntries(r.rows.map((row) => [row.name, row.value]));
  } finally {
    await client.end();
  }
}

/** Runs `bench` on each engine in turn and writes the report. */
export async function runAndReport<E extends string, R>(
  name: string,
  engines: E[],
  bench: (engine: E) => Promise<R>,
) {
  const results: R[] = [];
  for (const engine of engines) results.push(await bench(engine));
  const report = {
    date: new Date().toISOString(),
    cpus: os.cpus().length,
    cpu: os.cpus()[0]?.model,
    postgres: await postgresSettings(),
    results,
  };
  fs.mkdirSync('bench/results', { recursive: true });
  const file = `bench/results/${name}-${report.date.replace(/[:.]/g, '-')}.json`;
  fs.writeFileSync(file, JSON.stringify(report, null, 2));
  console.log(JSON.stringify(report, null, 2));
  process.stderr.write(`results in ${file}\n`);
  return report;
}

/** The nearest-rank percentile `p` (0–100) of values sorted ascending; NaN when there are none. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
