import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/engine.js';
import { commitWithoutFlushWait } from '../../src/db/durability.js';
import { PLAN_EACH_CALL } from '../../src/db/plans.js';
import { openTestDatabase } from '../db.js';

// On PostgreSQL every query text runs as a named prepared statement (src/db/prepared-client.ts).
// These hold on both engines; on PostgreSQL they prove the statement cache stays correct.
describe('database engine', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => database?.close());

  it('gives the same answers when a query repeats with other values', async () => {
    const db = database.db;
    const answers = [];
    for (const n of [1, 2, 3, 2])
      answers.push((await sql<{ n: number }>`select ${n}::int * 10 as n`.execute(db)).rows[0].n);
    expect(answers).toEqual([10, 20, 30, 20]);
  });

  it('keeps answering a repeated select * after a column is added under it', async () => {
    const db = database.db;
    await sql`create table engine_probe (workspace_id uuid, a int)`.execute(db);
    await sql`insert into engine_probe values (gen_random_uuid(), 1)`.execute(db);
    const read = () => sql<Record<string, unknown>>`select * from engine_probe`.execute(db);
    // Every pooled connection prepares the statement before the table changes.
    await Promise.all([read(), read(), read(), read()]);
    await sql`alter table engine_probe add column b text default 'new'`.execute(db);
    for (let i = 0; i < 6; i++) expect((await read()).rows[0]).toMatchObject({ a: 1, b: 'new' });
    await sql`drop table engine_probe`.execute(db);
  });

  it('plans a statement marked PLAN_EACH_CALL with its values on every call, never as a prepared statement', async () => {
    const prepared = await database.db.connection().execute(async (conn) => {
      for (let i = 0; i < 7; i++) {
        await sql`select ${i}::int as plain`.execute(conn);
        await sql`select ${i}::int as marked ${sql.raw(PLAN_EACH_CALL)}`.execute(conn);
      }
      return (
        await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(conn)
      ).rows.map((r) => r.statement);
    });
    expect(prepared.some((s) => s.includes('as marked'))).toBe(false);
    // Only the PostgreSQL client names statements; on PGlite none is prepared either way.
    if (process.env.DATABASE_URL) expect(prepared.some((s) => s.includes('as plain'))).toBe(true);
  });

  it('lets a job transaction commit without waiting for the disk, that transaction only', async () => {
    const db = database.db;
    const setting = async (conn: typeof db) =>
      (await sql<{ s: string }>`select current_setting('synchronous_commit') as s`.execute(conn)).rows[0].s;
    const before = await setting(db);
    const inside = await db.transaction().execute(async (trx) => {
      await commitWithoutFlushWait(trx);
      await sql`create table durability_probe (a int)`.execute(trx);
      return setting(trx);
    });
    expect(inside).toBe('off');
    // Committed all the same, and the next transaction on any connection is back to the default.
    expect((await sql`select * from durability_probe`.execute(db)).rows).toEqual([]);
    await db.transaction().execute(async (trx) => expect(await setting(trx)).toBe(before));
    expect(before).toBe('on');
    await sql`drop table durability_probe`.execute(db);
  });
});
