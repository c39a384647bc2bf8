import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../src/db/engine.js';
import { databaseName, withDatabase } from '../src/db/database-url.js';

export const PGLITE_TEMPLATE = path.resolve('.tmp/pglite-template.tar');

/** The migrated PGlite data directory the global setup dumped (test/global-setup.ts), to load. */
export const pgliteTemplate = () => new Blob([fs.readFileSync(PGLITE_TEMPLATE)]);

export const templateDatabaseUrl = (url: string) => withDatabase(url, `${databaseName(url)}_tmpl`);

/**
 * A fresh, migrated database for one test file: a clone of the template on PostgreSQL
 * (DATABASE_URL set), or the migrated dump loaded into an in-memory PGlite.
 */
export async function openTestDatabase(): Promise<Database> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    return openDatabase({ dataDir: 'memory://', loadDataDir: pgliteTemplate() });
  }
  const tmpl = databaseName(templateDatabaseUrl(url));
  const name = `${databaseName(url)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database "${name}" template "${tmpl}"`);
  await admin.end();
  const database = await openDatabase({ databaseUrl: withDatabase(url, name), poolSize: 4 });
  return {
    ...database,
    async close() {
      await database.close();
      await dropDatabase(url, name);
    },
  };
}

/**
 * Drops a test database through the server at `url`, once its connections are gone: pg-pool's
 * end() resolves before its connections have closed, and a forced drop would end them mid-close.
 */
export async function dropDatabase(url: string, name: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  for (let i = 0; i < 50; i++) {
    const { rows } = await c.query('select count(*)::int as n from pg_stat_activity where datname = $1', [
      name,
    ]);
    if (rows[0].n === 0) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  await c.query(`drop database if exists "${name}" with (force)`);
  await c.end();
}
