// The server under test, run as its own process by bench/run.ts so the load generator does not
// share its event loop. It prepares a fresh database (PGlite in a data directory on disk, or a
// PostgreSQL database it drops and re-creates), seeds it, listens on 127.0.0.1, and prints one
// JSON line describing what it holds: the URL, an API key, and samples of ids and sort keys.
import fs from 'node:fs';
import pg from 'pg';
import { sql } from 'kysely';
import { openDatabase } from '../src/db/engine.js';
import { databaseName, withDatabase } from '../src/db/database-url.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { buildApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/config.js';
import { createWorkspaceWithOwner } from '../src/modules/workspaces/service.js';
import { createKey } from '../src/modules/api-keys/service.js';
import { seedContacts } from './seed.js';

const engine = process.env.BENCH_ENGINE === 'postgres' ? 'postgres' : 'pglite';
const count = Number(process.env.BENCH_CONTACTS ?? 10_000);
const sampleSize = Number(process.env.BENCH_SAMPLES ?? 5_000);
const log = (msg: string) => process.stderr.write(`[${engine}] ${msg}\n`);

/** Drops and re-creates the database named in the URL, through the maintenance database. */
async function recreatePostgresDatabase(url: string) {
  const name = databaseName(url);
  const admin = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
  await admin.connect();
  await admin.query(`drop database if exists "${name}" with (force)`);
  await admin.query(`create database "${name}"`);
  await admin.end();
}

async function openFreshDatabase() {
  if (engine === 'postgres') {
    const url = process.env.BENCH_DATABASE_URL;
    if (!url) throw new Error('BENCH_DATABASE_URL is required for the postgres engine');
    await recreatePostgresDatabase(url);
    return {
      database: await openDatabase({ databaseUrl: url, poolSize: loadConfig().databasePoolSize }),
      dataDir: undefined,
    };
  }
  const dataDir = process.env.BENCH_DATA_DIR ?? '.tmp/bench-pglite';
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });
  return { database: await openDatabase({ dataDir }), dataDir };
}

const { database, dataDir } = await openFreshDatabase();
const db = database.db;
await migrateToLatest(db);
const { workspace, userId } = await createWorkspaceWithOwner(db, {
  workspaceName: 'Bench',
  name: 'Bench Owner',
  email: 'owner@bench.example',
  password: 'bench-password-not-secret',
  defaultCountry: 'US',
});
const actor = {
  workspaceId: workspace.id,
  role: 'owner' as const,
  userId,
  apiKeyId: null,
  name: 'Bench Owner',
};
const { token } = await createKey(db, actor, { name: 'bench' });

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
const samples = await sql<{ id: string; last_name: string }>`
  select id, last_name from contacts where workspace_id = ${workspace.id}
  order by random() limit ${sampleSize}`.execute(db);

const config = { ...loadConfig({}), rateLimitPerMinute: 0, logLevel: 'warn' };
const app = await buildApp({ config, database, web: false, logger: false });
const url = await app.listen({ host: '127.0.0.1', port: 0 });

process.stdout.write(
  JSON.stringify({ url, token, engine, contacts: count, seedSeconds, dataDir, samples: samples.rows }) + '\n',
);

process.on('SIGTERM', async () => {
  await app.close();
  await database.close();
  process.exit(0);
});
