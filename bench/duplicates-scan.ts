// Whole-workspace duplicate scan benchmark: the scan job's own code (read every contact from the
// database, find groups, store them) on N seeded contacts, timed end to end, with the event loop's
// worst stall during the scan (the API shares the process) and the process's peak memory.
//
// Contacts: bench/seed.ts (real name frequencies, one phone and one email each), then in SQL a
// company for 65% (Zipf-like over 3,000), a city for 80% (200 cities), a birth date for 45%, and
// 12% of them entered again: the same phone or email in another format, a first-name typo for
// some, company or city dropped for some. The quality of the matching is measured apart, without a
// database: bench/duplicates-quality.ts.
//
//   BENCH_DATABASE_URL=postgres://… BENCH_ENGINES=postgres npm run bench:dupes-scan   # 1,000,000
//   BENCH_SIZE=small npm run bench:dupes-scan                                          # 5,000 (CI)
//   BENCH_CONTACTS=200000 BENCH_ENGINES=pglite npm run bench:dupes-scan
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../src/db/types.js';
import type { Actor } from '../src/modules/auth/actor.js';
import { SCAN_BATCH } from '../src/modules/duplicate-scans/job.js';
import { runScan, type ScanJobPayload } from '../src/modules/duplicate-scans/run.js';
import { startScan } from '../src/modules/duplicate-scans/service.js';
import { DEFAULT_THRESHOLD } from '../src/modules/duplicates/score.js';
import { createBenchWorkspace, openFreshDatabase, type Engine } from './fresh-db.js';
import { seedContacts } from './seed.js';
import { runAndReport } from './report.js';

const size = process.env.BENCH_SIZE === 'small' ? 'small' : 'full';
const contacts = Number(process.env.BENCH_CONTACTS ?? (size === 'small' ? 5_000 : 1_000_000));
const engines = (process.env.BENCH_ENGINES?.split(',') ??
  (process.env.BENCH_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'])) as Engine[];
const log = (msg: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${msg}\n`);

/** Share of contacts entered a second time. */
const DUPLICATE_SHARE = 0.12;

const CITIES = Array.from({ length: 200 }, (_, i) => `City ${String.fromCharCode(65 + (i % 26))}${i}`);

/** Company, city and birth date for the seeded contacts, from hashes of their ids. */
async function addDetails(db: Kysely<DB>, workspaceId: string) {
  const h = (k: number) => sql`(hashtext(id::text || ${String(k)}) & 2147483647)`;
  await sql`
    update contacts set
      company = case when ${h(1)} % 100 < 65
                     then 'Company ' || (floor(power(${h(2)} % 1000000 / 1000000.0, 3) * 3000))::int
                     else null end,
      city = case when ${h(3)} % 100 < 80 then (${sql.val(CITIES)}::text[])[1 + ${h(4)} % 200] else null end,
      birth_date = case when ${h(5)} % 100 < 45
                        then date '1950-01-01' + (${h(6)} % 20000)::int else null end
    where workspace_id = ${workspaceId}`.execute(db);
}

/** Copies of some contacts, as a second entry of the same person would look. */
async function addDuplicates(db: Kysely<DB>, workspaceId: string, share: number) {
  const h = (k: number) => sql`(hashtext(c.id::text || ${String(k)}) & 2147483647)`;
  await sql`
    with picked as (
      select c.*, gen_random_uuid() as new_id, ${h(7)} % 100 as roll
      from contacts c
      where c.workspace_id = ${workspaceId} and ${h(8)} % 10000 < ${Math.round(share * 10000)}
    ), copies as (
      insert into contacts (workspace_id, id, first_name, last_name, company, city, birth_date, country,
                            owner_id, created_by, source, active, search_text)
      select workspace_id, new_id,
             -- a typo in the first name for a fifth of them: the last letter dropped
             case when roll < 20 then left(first_name, greatest(length(first_name) - 1, 2)) else first_name end,
             last_name,
             case when roll between 20 and 49 then null else company end,
             case when roll between 40 and 69 then null else city end,
             case when roll < 60 then birth_date else null end,
             country, owner_id, created_by, 'import', true, search_text
      from picked
      returning id
    )
    insert into contact_points (workspace_id, id, contact_id, channel, label, value, normalized, position)
    select p.workspace_id, gen_random_uuid(), picked.new_id, p.channel, p.label, p.value, p.normalized, p.position
    from picked join contact_points p on p.workspace_id = picked.workspace_id and p.contact_id = picked.id
    -- each copy keeps its phone, its email, or (a third of them) both
    where (p.channel = 'phone' and picked.roll % 3 <> 1) or (p.channel = 'email' and picked.roll % 3 <> 0)`.execute(
    db,
  );
}

async function benchEngine(engine: Engine) {
  const { database } = await openFreshDatabase(engine, '.tmp/bench-dupes-scan-pglite');
  const db = database.db;
  try {
    const { workspace, userId } = await createBenchWorkspace(db, 'Duplicate scan bench');
    const seeded = Math.round(contacts / (1 + DUPLICATE_SHARE));
    log(`${engine}: seeding ${seeded} contacts`);
    await seedContacts(db, {
      workspaceId: workspace.id,
      ownerId: userId,
      count: seeded,
      onProgress: (n) => n % 200_000 < 50_000 && log(`  ${n}`),
    });
    await addDetails(db, workspace.id);
    await addDuplicates(db, workspace.id, DUPLICATE_SHARE);
    await sql`vacuum analyze contacts`.execute(db);
    await sql`vacuum analyze contact_points`.execute(db);
    const total = Number(
      (
        await sql<{
          n: string;
        }>`select count(*) as n from contacts where workspace_id = ${workspace.id}`.execute(db)
      ).rows[0].n,
    );

    const actor: Actor = { workspaceId: workspace.id, role: 'owner', userId, apiKeyId: null, name: 'Bench' };
    let payload: ScanJobPayload | undefined;
    const { scan } = await startScan(db, actor, { threshold: DEFAULT_THRESHOLD }, async (_trx, p) => {
      payload = p;
    });
    log(`${engine}: scanning ${total} contacts`);
    const stalls = monitorEventLoopDelay({ resolution: 10 });
    stalls.enable();
    const phases: Record<string, number> = {};
    let phase = '';
    const watch = setInterval(async () => {
      const row = await db
        .selectFrom('duplicate_scans')
        .select(['phase'])
        .where('workspace_id', '=', workspace.id)
        .where('id', '=', scan.id)
        .executeTakeFirst();
      if (row?.phase && row.phase !== phase) {
        phase = row.phase;
        phases[phase] = performance.now();
      }
    }, 250);
    const t0 = performance.now();
    const quiet = { info: () => undefined, error: (o: unknown) => console.error(o) } as any;
    await runScan(db, quiet, payload!, { batchSize: SCAN_BATCH[engine] });
    const wallMs = performance.now() - t0;
    clearInterval(watch);
    stalls.disable();
    const done = await db
      .selectFrom('duplicate_scans')
      .selectAll()
      .where('workspace_id', '=', workspace.id)
      .where('id', '=', scan.id)
      .executeTakeFirstOrThrow();
    if (done.state !== 'done') throw new Error(`scan ended ${done.state}: ${done.error}`);
    const result = {
      engine,
      contacts: total,
      wallSeconds: +(wallMs / 1000).toFixed(1),
      phasesStartedAtSeconds: Object.fromEntries(
        Object.entries(phases).map(([k, v]) => [k, +((v - t0) / 1000).toFixed(1)]),
      ),
      comparisons: Number(done.comparisons),
      clusters: done.clusters,
      contactsInClusters: done.duplicates,
      eventLoopMaxStallMs: +(stalls.max / 1e6).toFixed(0),
      eventLoopP99StallMs: +(stalls.percentile(99) / 1e6).toFixed(0),
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    };
    log(`${engine}: ${JSON.stringify(result)}`);
    return result;
  } finally {
    await database.close();
  }
}

await runAndReport('duplicates-scan', engines, benchEngine);
