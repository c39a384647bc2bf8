// A fresh, migrated database for a benchmark: PGlite in a data directory on disk, or a
// PostgreSQL database that is dropped and re-created.
import fs from 'node:fs';
import pg from 'pg';
import { openDatabase } from '../src/db/engine.js';
import { databaseName, withDatabase } from '../src/db/database-url.js';
import { migrateToLatest } from '../src/db/migrate.js';
import type { Kysely } from 'kysely';
import type { DB } from '../src/db/types.js';
import { createKey } from '../src/modules/api-keys/service.js';
import { createWorkspaceWithOwner } from '../src/modules/workspaces/service.js';
import { loadConfig } from '../src/server/config.js';

export type Engine = 'pglite' | 'postgres';

/** Drops and re-creates the database named in the URL, through the maintenance database. */
async function recreatePostgresDatabase(url: string) {
  const name = databaseName(url);
  const admin = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
  await admin.connect();
  await admin.query(`drop database if exists "${name}" with (force)`);
  await admin.query(`create database "${name}"`);
  await admin.end();
}

export async function openFreshDatabase(engine: Engine, pgliteDir = '.tmp/bench-pglite') {
  let database;
  let dataDir: string | undefined;
  if (engine === 'postgres') {
    const url = process.env.BENCH_DATABASE_URL;
    if (!url) throw new Error('BENCH_DATABASE_URL is required for the postgres engine');
    await recreatePostgresDatabase(url);
    database = await openDatabase({ databaseUrl: url, poolSize: loadConfig().databasePoolSize });
  } else {
    dataDir = process.env.BENCH_DATA_DIR ?? pgliteDir;
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.mkdirSync(dataDir, { recursive: true });
    database = await openDatabase({ dataDir });
  }
  await migrateToLatest(database.db);
  return { database, dataDir };
}

/** A workspace with an owner and an API key for the bench to call the API with. */
export async function createBenchWorkspace(
  db: Kysely<DB>,
  workspaceName: string,
  email = 'owner@bench.example',
) {
  const { workspace, userId } = await createWorkspaceWithOwner(db, {
    workspaceName,
    name: 'Bench Owner',
    email,
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
  return { workspace, userId, token };
}
