// PostgreSQL ending the server's idle connections (a restart, a failover, pg_terminate_backend)
// must not end the server: the pool drops them and opens others.
import pg from 'pg';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { databaseName, withDatabase } from '../../src/db/database-url.js';
import { openDatabase } from '../../src/db/engine.js';
import { dropDatabase, templateDatabaseUrl } from '../db.js';

const url = process.env.DATABASE_URL;

describe.skipIf(!url)('database connections (PostgreSQL)', () => {
  it('survives PostgreSQL ending its idle connections, and is told of each', async () => {
    const name = `${databaseName(url!)}_conn_${Date.now()}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database "${name}" template "${databaseName(templateDatabaseUrl(url!))}"`);
    const told: string[] = [];
    const database = await openDatabase({
      databaseUrl: withDatabase(url!, name),
      poolSize: 3,
      onIdleConnectionError: (err) => told.push(err.message),
    });
    try {
      // Three connections at once, then idle in the pool.
      await Promise.all([1, 2, 3].map(() => sql`select pg_sleep(0.05)`.execute(database.db)));
      const ended = await admin.query(
        'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
        [name],
      );
      expect(ended.rowCount).toBe(3);
      for (let i = 0; i < 50 && told.length < 3; i++) await new Promise((r) => setTimeout(r, 20));
      expect(told).toHaveLength(3);
      expect(told[0]).toMatch(/terminating connection/);
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from contacts`.execute(database.db);
      expect(rows[0].n).toBe(0);
    } finally {
      await database.close();
      await admin.end();
      await dropDatabase(url!, name);
    }
  });
});
