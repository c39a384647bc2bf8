import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { openDatabase } from '../src/db/engine.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { databaseName } from '../src/db/database-url.js';
import { PGLITE_TEMPLATE, templateDatabaseUrl } from './db.js';

/**
 * Migrates once per run: on PostgreSQL into a template database that each test file clones,
 * on PGlite into a data-directory dump that each test file loads (much faster than initdb).
 */
export default async function setup() {
  const url = process.env.DATABASE_URL;
  if (url) {
    const tmpl = templateDatabaseUrl(url);
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const name = databaseName(tmpl);
    await admin.query(`drop database if exists "${name}" with (force)`);
    await admin.query(`create database "${name}"`);
    await admin.end();
    const database = await openDatabase({ databaseUrl: tmpl, poolSize: 1 });
    await migrateToLatest(database.db);
    await database.close();
    return;
  }
  const database = await openDatabase({ dataDir: 'memory://' });
  await migrateToLatest(database.db);
  const dump = await database.dumpDataDir!();
  fs.mkdirSync(path.dirname(PGLITE_TEMPLATE), { recursive: true });
  fs.writeFileSync(PGLITE_TEMPLATE, Buffer.from(await dump.arrayBuffer()));
  await database.close();
}
