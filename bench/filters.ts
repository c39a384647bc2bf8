// Filter and bulk-action benchmark: N seeded contacts with varied type, country, tags, a custom
// field and creation dates over a year, each with its "create" entry in the change log (written so
// at once: the tables as an import leaves them), then
//   - counting three-condition filters through the service the API calls (POST /contacts/count),
//     the fourth with a static group's membership,
//   - counting a dynamic group's members,
//   - adding a tag to every contact with a bulk action run as its job runs it (chunks, change log),
//   - then handing every contact to another owner the same way (each search row is rewritten too:
//     the search index holds the owner, for agents' searches).
//
//   npm run bench:filters                                   # 1,000,000 contacts on PGlite (and PostgreSQL with BENCH_DATABASE_URL)
//   BENCH_SIZE=small npm run bench:filters                  # 5,000 contacts (CI: proves it works)
//   BENCH_CONTACTS=200000 BENCH_ENGINES=postgres npm run bench:filters
import { sql, type Kysely } from 'kysely';
import type { DB } from '../src/db/types.js';
import { BULK_CHUNK, BULK_CONCURRENCY } from '../src/modules/bulk/job.js';
import { runBulkAction, startBulkAction, type BulkJobPayload } from '../src/modules/bulk/service.js';
import type { BulkActionSpec } from '../src/modules/bulk/schema.js';
import { createUserWithMembership } from '../src/modules/users/service.js';
import { countContacts } from '../src/modules/contacts/selection.js';
import { createGroup } from '../src/modules/groups/service.js';
import type { Actor } from '../src/modules/auth/actor.js';
import { createBenchWorkspace, openFreshDatabase, type Engine } from './fresh-db.js';
import { seedContacts } from './seed.js';
import { percentile, runAndReport } from './report.js';

const size = process.env.BENCH_SIZE === 'small' ? 'small' : 'full';
const contacts = Number(process.env.BENCH_CONTACTS ?? (size === 'small' ? 5_000 : 1_000_000));
const runs = Number(process.env.BENCH_RUNS ?? (size === 'small' ? 5 : 15));
const engines = (process.env.BENCH_ENGINES?.split(',') ??
  (process.env.BENCH_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'])) as Engine[];
const log = (msg: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${msg}\n`);

const FILTERS: Record<string, unknown> = {
  'type, country list, created in the last 90 days': {
    and: [
      { field: 'type', op: 'equals', value: 'customer' },
      { field: 'country', op: 'in', value: ['US', 'GB', 'DE'] },
      { field: 'createdAt', op: 'in_last', value: { amount: 90, unit: 'days' } },
    ],
  },
  'tag, custom number range, not a lead': {
    and: [
      { field: 'tags', op: 'contains', value: 'vip' },
      { field: 'custom.score', op: 'between', value: [20, 80] },
      { not: { field: 'type', op: 'equals', value: 'lead' } },
    ],
  },
  'last name prefix, or an email domain, and a country': {
    and: [
      {
        or: [
          { field: 'lastName', op: 'starts_with', value: 'ma' },
          { field: 'points.email', op: 'contains', value: 'gmail' },
        ],
      },
      { field: 'country', op: 'equals', value: 'GB' },
    ],
  },
};

async function time<T>(f: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const out = await f();
  return [performance.now() - t, out];
}

/** The contacts table's size on disk (PostgreSQL) or in pages (PGlite reports the same). */
async function tableSize(db: Kysely<DB>) {
  const r = await sql<{ size: string }>`select pg_size_pretty(pg_relation_size('contacts')) as size`.execute(
    db,
  );
  return r.rows[0].size;
}

/**
 * A bulk action over every contact, run as its background job runs it: its milliseconds (of the
 * job; a selection small enough to be done at once, of the request).
 */
async function bulkAll(db: Kysely<DB>, actor: Actor, engine: Engine, action: BulkActionSpec) {
  let payload: BulkJobPayload | undefined;
  const [startMs] = await time(() =>
    startBulkAction(
      db,
      actor,
      { selection: {}, action, expectedCount: contacts },
      async (_trx, p) => (payload = p),
    ),
  );
  if (!payload) return startMs;
  const job = payload;
  const [ms] = await time(() =>
    runBulkAction(db, job, { chunkSize: BULK_CHUNK[engine], concurrency: BULK_CONCURRENCY[engine] }),
  );
  return ms;
}

async function benchEngine(engine: Engine) {
  const { database } = await openFreshDatabase(engine, '.tmp/bench-filters-pglite');
  const db = database.db;
  try {
    const { workspace, userId } = await createBenchWorkspace(db, 'Filter bench');
    const actor: Actor = { workspaceId: workspace.id, role: 'owner', userId, apiKeyId: null, name: 'Bench' };
    await sql`insert into field_definitions (workspace_id, id, key, label, type)
              values (${workspace.id}, gen_random_uuid(), 'score', 'Score', 'number')`.execute(db);
    const [seedMs] = await time(() =>
      seedContacts(db, {
        workspaceId: workspace.id,
        ownerId: userId,
        count: contacts,
        vary: true,
        changeLog: true,
        onProgress: (n) => n % 200_000 === 0 && log(`[${engine}] seeded ${n}`),
      }),
    );
    log(`[${engine}] seeded ${contacts} in ${Math.round(seedMs / 1000)} s; contacts ${await tableSize(db)}`);

    // A static group of one contact in ten: a membership (a join) beside a custom field, whose
    // conditions PostgreSQL estimates without statistics (docs/benchmarks.md, 2026-12-07).
    const tenth = await createGroup(db, actor, { name: 'One in ten', type: 'static' });
    await sql`insert into group_members (workspace_id, group_id, contact_id)
              select workspace_id, ${tenth.id}::uuid, id from contacts
              where workspace_id = ${workspace.id} and hashtext(id::text) % 10 = 0`.execute(db);
    await sql`vacuum analyze group_members`.execute(db);
    const filters = {
      ...FILTERS,
      'static group, custom number range, not a lead': {
        and: [
          { field: 'group', op: 'equals', value: tenth.id },
          { field: 'custom.score', op: 'between', value: [20, 80] },
          { not: { field: 'type', op: 'equals', value: 'lead' } },
        ],
      },
    };

    const counts: Record<string, unknown> = {};
    for (const [name, filter] of Object.entries(filters)) {
      const times: number[] = [];
      let matched = 0;
      for (let i = 0; i < runs + 2; i++) {
        const [ms, n] = await time(() => countContacts(db, actor, { filter }));
        if (i >= 2) times.push(ms); // two warm-up runs
        matched = n;
      }
      times.sort((a, b) => a - b);
      counts[name] = {
        matched,
        p50Ms: Math.round(percentile(times, 50)),
        p95Ms: Math.round(percentile(times, 95)),
        maxMs: Math.round(times[times.length - 1]),
      };
      log(`[${engine}] count "${name}": ${JSON.stringify(counts[name])}`);
    }

    const group = await createGroup(db, actor, {
      name: 'VIP customers',
      type: 'dynamic',
      filter: FILTERS['tag, custom number range, not a lead'],
    });
    const [groupMs] = await time(() =>
      countContacts(db, actor, { filter: { field: 'group', op: 'equals', value: group.id } }),
    );

    const tagMs = await bulkAll(db, actor, engine, { type: 'add_tags', tags: ['bench'] });
    const tagged = await countContacts(db, actor, {
      filter: { field: 'tags', op: 'contains', value: 'bench' },
    });
    if (tagged !== contacts) throw new Error(`tagged ${tagged} of ${contacts}`);
    const newOwner = await createUserWithMembership(db, workspace.id, {
      name: 'Bench Admin',
      email: 'admin@bench.example',
      password: 'bench-password-not-secret',
      role: 'admin',
    });
    const ownerMs = await bulkAll(db, actor, engine, { type: 'assign_owner', ownerId: newOwner.id });
    const handed = await countContacts(db, actor, {
      filter: { field: 'owner', op: 'equals', value: newOwner.id },
    });
    if (handed !== contacts) throw new Error(`handed ${handed} of ${contacts} to the new owner`);
    const logged = await sql<{
      n: string;
    }>`select count(*) as n from contact_changes where workspace_id = ${workspace.id}`.execute(db);
    const result = {
      engine,
      contacts,
      counts,
      dynamicGroupCountMs: Math.round(groupMs),
      tagAll: {
        seconds: Number((tagMs / 1000).toFixed(1)),
        contactsPerSecond: Math.round(contacts / (tagMs / 1000)),
        changeLogRows: Number(logged.rows[0].n),
        chunk: BULK_CHUNK[engine],
        concurrency: BULK_CONCURRENCY[engine],
      },
      ownerAll: {
        seconds: Number((ownerMs / 1000).toFixed(1)),
        contactsPerSecond: Math.round(contacts / (ownerMs / 1000)),
      },
    };
    log(`[${engine}] ${JSON.stringify(result)}`);
    return result;
  } finally {
    await database.close();
  }
}

await runAndReport('filters', engines, benchEngine);
