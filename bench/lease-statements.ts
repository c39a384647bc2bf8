// Where a dialer lease's time goes: on the database `npm run bench:lease` left seeded (PostgreSQL),
// every leased entry goes back to callable, then 300 leases of 100 run one after another with
// each statement timed through Kysely's query log.
//
//   BENCH_DATABASE_URL=postgres://root@/contacts_bench?host=/var/run/postgresql npm run bench:lease-statements
import pg from 'pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { PreparedStatementClient } from '../src/db/prepared-client.js';
import type { DB } from '../src/db/types.js';
import { lease } from '../src/modules/dialer/service.js';
import { percentile } from './report.js';

const url = process.env.BENCH_DATABASE_URL;
if (!url) throw new Error('BENCH_DATABASE_URL is required: the database bench:lease seeded');
const runs = Number(process.env.BENCH_RUNS ?? 300);

const byStatement = new Map<string, number[]>();
let timing = false;
const pool = new pg.Pool({
  connectionString: url,
  max: 4,
  Client: PreparedStatementClient,
  options: '-c jit=off',
});
const db = new Kysely<DB>({
  dialect: new PostgresDialect({ pool }),
  log(event) {
    if (!timing || event.level !== 'query') return;
    const key = event.query.sql.replace(/\s+/g, ' ').trim().slice(0, 70);
    byStatement.set(key, [...(byStatement.get(key) ?? []), event.queryDurationMillis]);
  },
});

const at = (values: number[], p: number) =>
  +percentile(
    [...values].sort((a, b) => a - b),
    p,
  ).toFixed(2);

try {
  const campaign = (
    await sql<{ id: string; workspace_id: string }>`
    select id, workspace_id from campaigns where name = 'Bench' limit 1`.execute(db)
  ).rows[0];
  if (!campaign) throw new Error('No bench campaign: run npm run bench:lease on this database first');
  const owner = (
    await sql<{ user_id: string }>`
    select user_id from memberships where workspace_id = ${campaign.workspace_id} limit 1`.execute(db)
  ).rows[0];
  const actor = {
    workspaceId: campaign.workspace_id,
    role: 'owner' as const,
    userId: owner.user_id,
    apiKeyId: null,
    name: 'Bench',
  };
  await sql`update list_entries set state = 'callable', lease_id = null, leased_by = null,
              lease_expires_at = null, leased_channel = null, leased_address = null
            where workspace_id = ${campaign.workspace_id} and state = 'planning'`.execute(db);
  await sql`vacuum analyze list_entries`.execute(db);

  const leases: number[] = [];
  timing = true;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await lease(db, actor, campaign.id, { count: 100 });
    leases.push(performance.now() - started);
  }
  timing = false;
  const rows = [
    { statement: 'the whole lease', p50: at(leases, 50), p95: at(leases, 95), runs },
    ...[...byStatement].map(([statement, ms]) => ({
      statement,
      p50: at(ms, 50),
      p95: at(ms, 95),
      runs: ms.length,
    })),
  ];
  console.table(rows);
} finally {
  await db.destroy();
}
