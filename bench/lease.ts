// Dialer lease benchmark: a campaign whose started list holds N entries (seeded contacts, one
// phone each, priorities 0-9, 1% top priority, all inside the calling window), then
//   - sequential leases of 100 entries through the service the API calls: latency percentiles;
//   - 4 dialers leasing at once for a while: leases per second, and no entry handed out twice.
//
//   BENCH_DATABASE_URL=postgres://… BENCH_ENGINES=postgres npm run bench:lease    # 1,000,000 entries
//   BENCH_SIZE=small npm run bench:lease                                          # 5,000 (CI)
import { sql, type Kysely } from 'kysely';
import type { DB } from '../src/db/types.js';
import type { Actor } from '../src/modules/auth/actor.js';
import { createCampaign } from '../src/modules/campaigns/service.js';
import { CampaignCreate } from '../src/modules/campaigns/schema.js';
import { lease } from '../src/modules/dialer/service.js';
import { createList } from '../src/modules/lists/service.js';
import { createBenchWorkspace, openFreshDatabase, type Engine } from './fresh-db.js';
import { seedContacts } from './seed.js';
import { percentile, runAndReport } from './report.js';

const size = process.env.BENCH_SIZE === 'small' ? 'small' : 'full';
const entries = Number(process.env.BENCH_CONTACTS ?? (size === 'small' ? 5_000 : 1_000_000));
const sequential = Number(process.env.BENCH_RUNS ?? (size === 'small' ? 20 : 300));
const concurrentSeconds = Number(process.env.BENCH_SECONDS ?? (size === 'small' ? 2 : 15));
const DIALERS = 4;
const LEASE_SIZE = 100;
const CONCURRENT_LEASE_SIZE = 10;
const engines = (process.env.BENCH_ENGINES?.split(',') ??
  (process.env.BENCH_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'])) as Engine[];
const log = (msg: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${msg}\n`);

const ms = (x: number) => +x.toFixed(1);

/** One entry per seeded contact, callable now, in UTC (the window is the whole day). */
async function fillList(db: Kysely<DB>, workspaceId: string, campaignId: string, listId: string) {
  await sql`
    insert into list_entries (workspace_id, id, list_id, campaign_id, contact_id, priority, top_priority,
                              next_try_at, time_zones)
    select c.workspace_id, gen_random_uuid(), ${listId}, ${campaignId}, c.id,
           (hashtext(c.id::text) & 2147483647) % 10, (hashtext(c.id::text || 't') & 2147483647) % 100 = 0,
           now() - make_interval(secs => (hashtext(c.id::text || 'n') & 2147483647) % 86400), '{UTC}'
    from contacts c where c.workspace_id = ${workspaceId}`.execute(db);
  await sql`vacuum analyze list_entries`.execute(db);
}

async function benchEngine(engine: Engine) {
  const { database } = await openFreshDatabase(engine, '.tmp/bench-lease-pglite');
  const db = database.db;
  try {
    const { workspace, userId } = await createBenchWorkspace(db, 'Lease bench');
    const actor: Actor = { workspaceId: workspace.id, role: 'owner', userId, apiKeyId: null, name: 'Bench' };
    log(`${engine}: seeding ${entries} contacts`);
    await seedContacts(db, { workspaceId: workspace.id, ownerId: userId, count: entries });
    const campaign = await createCampaign(
      db,
      actor,
      CampaignCreate.parse({
        name: 'Bench',
        channels: ['voice'],
        window: { start: '00:00', end: '23:59', days: [1, 2, 3, 4, 5, 6, 7] },
      }),
    );
    const list = await createList(db, actor, campaign.id, { name: 'All', state: 'started' });
    await fillList(db, workspace.id, campaign.id, list.id);
    log(`${engine}: ${entries} entries; ${sequential} sequential leases of ${LEASE_SIZE}`);

    const latencies: number[] = [];
    let handedOut = 0;
    for (let i = 0; i < sequential; i++) {
      const t = performance.now();
      const r = await lease(db, actor, campaign.id, { count: LEASE_SIZE });
      latencies.push(performance.now() - t);
      handedOut += r.items.length;
    }
    latencies.sort((a, b) => a - b);
    if (handedOut !== sequential * LEASE_SIZE) throw new Error(`handed out ${handedOut}, expected more`);

    log(
      `${engine}: ${DIALERS} dialers leasing ${CONCURRENT_LEASE_SIZE} at a time for ${concurrentSeconds} s`,
    );
    const seen = new Set<string>();
    let leases = 0;
    let duplicates = 0;
    const until = performance.now() + concurrentSeconds * 1000;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: DIALERS }, async () => {
        while (performance.now() < until) {
          const r = await lease(db, actor, campaign.id, { count: CONCURRENT_LEASE_SIZE });
          leases++;
          for (const item of r.items) {
            if (seen.has(item.entryId)) duplicates++;
            seen.add(item.entryId);
          }
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    const result = {
      engine,
      entries,
      sequentialLeasesOf100: {
        runs: sequential,
        p50Ms: ms(percentile(latencies, 50)),
        p95Ms: ms(percentile(latencies, 95)),
        p99Ms: ms(percentile(latencies, 99)),
        maxMs: ms(latencies[latencies.length - 1]),
      },
      concurrent: {
        dialers: DIALERS,
        entriesPerLease: CONCURRENT_LEASE_SIZE,
        leasesPerSecond: Math.round(leases / elapsed),
        entriesHandedOut: seen.size,
        handedOutTwice: duplicates,
      },
    };
    if (duplicates > 0) throw new Error(`${duplicates} entries were handed out twice`);
    log(`${engine}: ${JSON.stringify(result)}`);
    return result;
  } finally {
    await database.close();
  }
}

await runAndReport('lease', engines, benchEngine);
