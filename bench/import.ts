// Import benchmark: a CSV of N rows (external id, first and last name, email, phone, city,
// country, company, two custom fields) uploaded over HTTP and imported with full validation and
// upsert by external id, into a workspace with every search index in place. Beside it: a raw COPY
// of the same clean rows into the same tables (the contacts, then their points), the same file
// imported again (every row unchanged), the server's peak RSS, and GET-by-id latency while the
// import runs. The server is a process of its own (bench/server.ts); this one is the client.
//
//   npm run bench:import                               # 1,000,000 rows on PGlite (and PostgreSQL with BENCH_DATABASE_URL)
//   BENCH_SIZE=small npm run bench:import              # 5,000 rows (CI: proves it works)
//   BENCH_ROWS=200000 BENCH_ENGINES=postgres npm run bench:import
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { sql } from 'kysely';
import { openDatabase, type Database } from '../src/db/engine.js';
import { FIRST_NAMES } from '../src/modules/contacts/samples.js';
import { createBenchWorkspace, type Engine } from './fresh-db.js';
import { percentile, runAndReport } from './report.js';
import { rssOf, startBenchServer, stopBenchServer } from './server-process.js';

const size = process.env.BENCH_SIZE === 'small' ? 'small' : 'full';
const rows = Number(process.env.BENCH_ROWS ?? (size === 'small' ? 5_000 : 1_000_000));
const engines = (process.env.BENCH_ENGINES?.split(',') ??
  (process.env.BENCH_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'])) as Engine[];
const log = (msg: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${msg}\n`);

const CITIES = [
  'Berlin',
  'Paris',
  'Chicago',
  'Austin',
  'Lyon',
  'Boston',
  'Denver',
  'Hamburg',
  'Seattle',
  'Miami',
];
const COUNTRIES = ['US', 'United States', 'DE', 'Germany', 'FR', 'France', 'USA'];
const AREA_CODES = ['212', '312', '415', '617', '202', '305', '713', '206', '303', '404'];
const SEGMENTS = ['Gold', 'Silver', 'Bronze'];

const ascii = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** The CSV, written once per size and reused (generating a million rows takes a few seconds). */
async function csvFile(n: number): Promise<string> {
  const file = path.resolve(`.tmp/bench-import-${n}.csv`);
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  function* lines() {
    yield 'External ID,First Name,Last Name,Email,Phone,City,Country,Company,Score,Segment\n';
    let chunk = '';
    for (let i = 1; i <= n; i++) {
      const first = FIRST_NAMES[i % FIRST_NAMES.length];
      const last = `Name${(i * 7919) % 50_000}`;
      const phone = `(${AREA_CODES[i % 10]}) ${200 + (Math.floor(i / 10_000) % 700)}-${String(i % 10_000).padStart(4, '0')}`;
      chunk += `C${i},${first},${last},${ascii(first)}.${i}@example.com,${phone},${CITIES[i % 10]},${
        COUNTRIES[i % COUNTRIES.length]
      },"Company ${i % 5000}, Inc.",${(i % 1000) / 10},${SEGMENTS[i % 3]}\n`;
      if (i % 10_000 === 0) {
        yield chunk;
        chunk = '';
      }
    }
    yield chunk;
  }
  await pipeline(Readable.from(lines()), fs.createWriteStream(`${file}.part`));
  fs.renameSync(`${file}.part`, file);
  return file;
}

async function api(base: string, token: string, method: string, url: string, body?: unknown) {
  const res = await fetch(`${base}${url}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${text}`);
  return JSON.parse(text);
}

interface ImportRun {
  uploadSeconds: number;
  importSeconds: number;
  endToEndRowsPerSecond: number;
  counts: Record<string, number>;
  readP50: number;
  readP99: number;
  reads: number;
  peakRssMb: number;
}

/** Uploads and imports the file while reading random contacts by id; answers timings and counts. */
async function importOnce(
  base: string,
  token: string,
  file: string,
  sampleIds: string[],
  serverPid: number,
): Promise<ImportRun> {
  const started = performance.now();
  const preview = await fetch(`${base}/api/v1/imports?fileName=${path.basename(file)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
    body: Readable.toWeb(fs.createReadStream(file)) as any,
    duplex: 'half',
  } as RequestInit).then(async (r) => {
    if (r.status !== 201) throw new Error(`upload: ${r.status} ${await r.text()}`);
    return r.json();
  });
  const uploaded = performance.now();
  await api(base, token, 'POST', `/api/v1/imports/${preview.id}/start`, {
    mapping: preview.suggestedMapping.mapping,
    matchBy: 'externalId',
  });

  const latencies: number[] = [];
  let peakRss = rssOf(serverPid).nowMb;
  let summary: any;
  let nextPoll = 0;
  for (let i = 0; ; i++) {
    const id = sampleIds[i % sampleIds.length];
    const t = performance.now();
    const res = await fetch(`${base}/api/v1/contacts/${id}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    await res.arrayBuffer();
    latencies.push(performance.now() - t);
    peakRss = Math.max(peakRss, rssOf(serverPid).nowMb);
    if (performance.now() >= nextPoll) {
      summary = await api(base, token, 'GET', `/api/v1/imports/${preview.id}`);
      nextPoll = performance.now() + 1000;
      if (!['waiting', 'processing'].includes(summary.state)) break;
      log(
        `  ${summary.counts.rowsRead.toLocaleString('en')} rows, ${summary.progress.rowsPerSecond ?? '-'} rows/s, server rss ${peakRss} MB at most`,
      );
    }
    await new Promise((r) => setTimeout(r, 20)); // about 40 reads a second: a busy agent screen or two
  }
  if (summary.state !== 'processed') throw new Error(`import ended ${summary.state}: ${summary.error}`);
  const done = performance.now();
  latencies.sort((a, b) => a - b);
  const importSeconds = (Date.parse(summary.finishedAt) - Date.parse(summary.startedAt)) / 1000;
  return {
    uploadSeconds: (uploaded - started) / 1000,
    importSeconds,
    endToEndRowsPerSecond: Math.round(rows / ((done - started) / 1000)),
    counts: summary.counts,
    readP50: percentile(latencies, 50),
    readP99: percentile(latencies, 99),
    reads: latencies.length,
    peakRssMb: peakRss,
  };
}

/**
 * Times a raw COPY of what our import stored (clean, validated) into another workspace of the
 * same tables, with the same indexes: the fastest way PostgreSQL can take these rows. A row's
 * email and phone live in contact_points, so the rows are copied as the contacts and then their
 * points (docs/decisions.md, "Import bench: the COPY baseline holds the rows' points"); the
 * contacts alone are reported too.
 */
async function timeCopy(database: Database, from: string, to: string) {
  const contacts = await copyTable(database, 'contacts', from, to);
  const points = await copyTable(database, 'contact_points', from, to);
  return { contacts, points, seconds: contacts.seconds + points.seconds };
}

async function copyTable(database: Database, table: string, from: string, to: string) {
  const columns = await sql<{ column_name: string }>`
    select column_name::text from information_schema.columns
    where table_name = ${table} and table_schema = 'public' order by ordinal_position`.execute(database.db);
  const list = columns.rows.map((c) => c.column_name).filter((c) => c !== 'workspace_id');
  const select = `select '${to}'::uuid, ${list.join(', ')} from ${table} where workspace_id = '${from}'`;
  const target = `${table} (workspace_id, ${list.join(', ')})`;
  if (database.pglite) {
    const out = await database.pglite.query(`copy (${select}) to '/dev/blob' with (format csv)`);
    const t = performance.now();
    const copied = await database.pglite.query(`copy ${target} from '/dev/blob' with (format csv)`, [], {
      blob: out.blob,
    });
    return { seconds: (performance.now() - t) / 1000, rows: copied.affectedRows ?? 0 };
  }
  const file = path.resolve(`.tmp/bench-copy-${table}.csv`);
  const client = new pg.Client({ connectionString: process.env.BENCH_DATABASE_URL });
  await client.connect();
  try {
    await pipeline(
      client.query(copyTo(`copy (${select}) to stdout with (format csv)`)),
      fs.createWriteStream(file),
    );
    const t = performance.now();
    const copy = client.query(copyFrom(`copy ${target} from stdin with (format csv)`));
    await pipeline(fs.createReadStream(file), copy);
    return { seconds: (performance.now() - t) / 1000, rows: copy.rowCount ?? 0 };
  } finally {
    await client.end();
    fs.rmSync(file, { force: true });
  }
}

/** The bench server's database, opened again in this process once the server has stopped. */
async function reopen(engine: Engine, dataDir: string | undefined) {
  if (engine === 'postgres') return openDatabase({ databaseUrl: process.env.BENCH_DATABASE_URL! });
  return openDatabase({ dataDir: dataDir! });
}

async function benchEngine(engine: Engine) {
  // The server runs in a process of its own (bench/server.ts, on a fresh database with 10,000
  // contacts already there to read while the import runs), so the RSS measured is the server's.
  log(`[${engine}] fresh database and server`);
  const { child, info } = await startBenchServer(engine, {
    BENCH_CONTACTS: '10000',
    BENCH_SAMPLES: '2000',
    BENCH_JOBS: '1',
  });
  const { url: base, token } = info;
  const sampleIds = info.samples.map((r) => r.id);
  let first: ImportRun;
  let again: ImportRun;
  try {
    await api(base, token, 'POST', '/api/v1/fields', { key: 'score', label: 'Score', type: 'number' });
    await api(base, token, 'POST', '/api/v1/fields', {
      key: 'segment',
      label: 'Segment',
      type: 'select',
      options: SEGMENTS,
    });
    const file = await csvFile(rows);
    log(`[${engine}] importing ${rows.toLocaleString('en')} rows from ${file}`);
    first = await importOnce(base, token, file, sampleIds, child.pid!);
    log(`[${engine}] first import: ${JSON.stringify(first)}`);
    log(`[${engine}] importing the same file again`);
    again = await importOnce(base, token, file, sampleIds, child.pid!);
    log(`[${engine}] re-import: ${JSON.stringify(again)}`);
  } finally {
    await stopBenchServer(child);
  }

  const database = await reopen(engine, info.dataDir);
  try {
    const copyWorkspace = await createBenchWorkspace(database.db, 'COPY baseline', 'copy@bench.example');
    const copy = await timeCopy(database, info.workspaceId, copyWorkspace.workspace.id);
    // The workspace also holds the server's seeded contacts: rates count the rows copied.
    const copyRowsPerSecond = Math.round(copy.contacts.rows / copy.seconds);
    const copyContactsOnlyRowsPerSecond = Math.round(copy.contacts.rows / copy.contacts.seconds);
    const importRowsPerSecond = Math.round(rows / first.importSeconds);
    const ratio = (rate: number) => Number((first.endToEndRowsPerSecond / rate).toFixed(2));
    const summary = {
      engine,
      rows,
      importRowsPerSecond,
      endToEndRowsPerSecond: first.endToEndRowsPerSecond,
      copyRowsPerSecond,
      ratioToCopy: ratio(copyRowsPerSecond),
      copyContactsOnlyRowsPerSecond,
      ratioToContactsOnlyCopy: ratio(copyContactsOnlyRowsPerSecond),
      copied: { contacts: copy.contacts.rows, points: copy.points.rows },
      reimportSpeedup: Number((first.importSeconds / again.importSeconds).toFixed(2)),
    };
    log(`[${engine}] ${JSON.stringify(summary)}`);
    return { ...summary, first, again };
  } finally {
    await database.close();
  }
}

await runAndReport('import', engines, benchEngine);
