// Search benchmark: a workspace of N seeded contacts (realistic name frequencies, one phone and one
// email each), then a realistic mix of search box queries built from random contacts: full names,
// last names, names with a typo, first-name prefixes, email fragments and phone numbers written in
// several formats. Each query runs as the contacts list runs it: the visible contacts of the
// workspace, searchPlan's `where`, ordered by its `rank` then id, 20 rows with their points and
// shares. One client, one query at a time; latency percentiles per kind of query and overall.
//
//   npm run bench:search                         # 1,000,000 contacts on PGlite (and PostgreSQL with BENCH_DATABASE_URL)
//   BENCH_SIZE=small npm run bench:search        # 5,000 contacts (CI: proves it works)
//   BENCH_CONTACTS=200000 BENCH_ENGINES=postgres BENCH_DATABASE_URL=… npm run bench:search
//   BENCH_REUSE=1 …                              # keep the database of the previous run (no seeding)
//   BENCH_QUERIES=2000                           # queries measured per engine (default 1,200)
import fs from 'node:fs';
import os from 'node:os';
import { sql, type Kysely, type SqlBool } from 'kysely';
import type { Database } from '../src/db/engine.js';
import { openDatabase } from '../src/db/engine.js';
import type { DB } from '../src/db/types.js';
import type { Actor } from '../src/modules/auth/actor.js';
import { visibleContacts, withChildren } from '../src/modules/contacts/repo.js';
import { createUserWithMembership } from '../src/modules/users/service.js';
import { relevancePage } from '../src/modules/search/page.js';
import { searchPlanFor } from '../src/modules/search/search.js';
import { createBenchWorkspace, openFreshDatabase, type Engine } from './fresh-db.js';
import { percentile, postgresSettings } from './report.js';
import { seedContacts } from './seed.js';

const size = process.env.BENCH_SIZE === 'small' ? 'small' : 'full';
const contacts = Number(process.env.BENCH_CONTACTS ?? (size === 'small' ? 5_000 : 1_000_000));
const queries = Number(process.env.BENCH_QUERIES ?? (size === 'small' ? 300 : 1_200));
const agentQueries = Math.round(queries / 4);
const reuse = process.env.BENCH_REUSE === '1';
const engines = (process.env.BENCH_ENGINES?.split(',') ??
  (process.env.BENCH_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'])) as Engine[];
const PGLITE_DIR = '.tmp/bench-search-pglite';
const log = (msg: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${msg}\n`);

// A repeatable pseudo-random sequence, so runs measure the same queries.
let seed = 42;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};
const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];

interface Sample {
  id: string;
  first_name: string;
  last_name: string;
  email: string;
  phone: string;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** One typo, not on the first letter: a letter changed, dropped, doubled-in or two swapped. */
export function typo(word: string): string {
  if (word.length < 4) return word;
  const i = 1 + Math.floor(random() * (word.length - 1));
  switch (Math.floor(random() * 4)) {
    case 0:
      return word.slice(0, i) + pick([...LETTERS]) + word.slice(i + 1);
    case 1:
      return word.slice(0, i) + word.slice(i + 1);
    case 2:
      return word.slice(0, i) + pick([...LETTERS]) + word.slice(i);
    default:
      return i < word.length - 1
        ? word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2)
        : word.slice(0, i);
  }
}

const casing = (s: string) => (random() < 0.5 ? s.toLowerCase() : s);

/** The kinds of query in the mix, each built from a random contact; equal shares. */
const KINDS: Record<string, (s: Sample) => string> = {
  'full name': (s) => casing(`${s.first_name} ${s.last_name}`),
  'last name': (s) => casing(s.last_name),
  'name with a typo': (s) =>
    random() < 0.5 ? `${s.first_name} ${typo(s.last_name)}` : `${typo(s.first_name)} ${typo(s.last_name)}`,
  'first-name prefix': (s) => s.first_name.slice(0, 3 + Math.floor(random() * 2)).toLowerCase(),
  'email fragment': (s) => {
    const local = s.email.split('@')[0];
    const r = random();
    return r < 0.5 ? `${local}@` : r < 0.8 ? s.email : local;
  },
  phone: (s) => {
    const d = s.phone.slice(2); // +1 and ten digits
    const [a, b, c] = [d.slice(0, 3), d.slice(3, 6), d.slice(6)];
    return pick([`+1 ${a} ${b} ${c}`, `(${a}) ${b}-${c}`, `${a}${b}${c}`, `${a}-${b}-${c}`, s.phone]);
  },
};

const round = (ms: number) => Math.round(ms * 100) / 100;
const stats = (ms: number[]) => {
  const s = [...ms].sort((a, b) => a - b);
  return {
    n: s.length,
    p50: round(percentile(s, 50)),
    p95: round(percentile(s, 95)),
    p99: round(percentile(s, 99)),
  };
};

const PAGE = 20;

/**
 * The two ways to read the first page, 20 contacts with their points and shares:
 * - direct: the list's query, visible contacts with the plan's `where`, `order by rank desc, id`;
 * - banded: relevancePage's ids (the same order), then those 20 contacts.
 */
const PATHS = {
  direct: async (db: Kysely<DB>, actor: Actor, q: string) => {
    const plan = searchPlanFor(actor, q)!;
    return withChildren(visibleContacts(db, actor))
      .where(plan.where)
      .orderBy(plan.rank, 'desc')
      .orderBy('c.id')
      .limit(PAGE)
      .execute();
  },
  banded: async (db: Kysely<DB>, actor: Actor, q: string) => {
    const ids = await relevancePage(db, actor, [], q, 0, PAGE);
    if (ids.length === 0) return [];
    const rows = await withChildren(visibleContacts(db, actor))
      .where(sql<SqlBool>`c.id = any(${ids}::uuid[])`)
      .execute();
    const at = new Map(ids.map((id, i) => [id, i]));
    return rows.sort((a, b) => at.get(a.id)! - at.get(b.id)!);
  },
};
type PathName = keyof typeof PATHS;
const paths = (process.env.BENCH_PATHS?.split(',') ?? Object.keys(PATHS)) as PathName[];

/**
 * An agent owning one contact in 256 (~3,900 of a million), the book of one agent of a large team:
 * its searches go through the owner/share visibility clause.
 */
async function benchAgent(db: Kysely<DB>, workspaceId: string): Promise<Actor> {
  const existing = await sql<{ user_id: string }>`
    select user_id from memberships where workspace_id = ${workspaceId} and role = 'agent' limit 1`.execute(
    db,
  );
  let userId = existing.rows[0]?.user_id;
  if (!userId) {
    ({ id: userId } = await createUserWithMembership(db, workspaceId, {
      name: 'Bench Agent',
      email: 'agent@bench.example',
      password: 'bench-password-not-secret',
      role: 'agent',
    }));
    await sql`update contacts set owner_id = ${userId} where workspace_id = ${workspaceId} and right(id::text, 2) = '00'`.execute(
      db,
    );
    await sql`analyze contacts`.execute(db);
  }
  return { workspaceId, role: 'agent', userId, apiKeyId: null, name: 'Bench Agent' };
}

async function prepare(
  engine: Engine,
): Promise<{ database: Database; actor: Actor; seedSeconds: number | null }> {
  if (reuse) {
    const database =
      engine === 'postgres'
        ? await openDatabase({ databaseUrl: process.env.BENCH_DATABASE_URL! })
        : await openDatabase({ dataDir: PGLITE_DIR });
    const row = await sql<{ workspace_id: string; user_id: string }>`
      select workspace_id, user_id from memberships where role = 'owner' limit 1`.execute(database.db);
    if (row.rows.length) {
      const { workspace_id, user_id } = row.rows[0];
      log(`${engine}: reusing the seeded database`);
      await sql`analyze contacts, contact_search`.execute(database.db);
      return { database, actor: ownerActor(workspace_id, user_id), seedSeconds: null };
    }
    await database.close();
  }
  const { database } = await openFreshDatabase(engine, PGLITE_DIR);
  const { workspace, userId } = await createBenchWorkspace(database.db, 'Search bench');
  const started = Date.now();
  let lastReport = 0;
  await seedContacts(database.db, {
    workspaceId: workspace.id,
    ownerId: userId,
    count: contacts,
    onProgress: (done) => {
      if (Date.now() - lastReport > 15_000 || done === contacts) {
        lastReport = Date.now();
        log(`${engine}: seeded ${done.toLocaleString('en')} of ${contacts.toLocaleString('en')}`);
      }
    },
  });
  return { database, actor: ownerActor(workspace.id, userId), seedSeconds: (Date.now() - started) / 1000 };
}

const ownerActor = (workspaceId: string, userId: string): Actor => ({
  workspaceId,
  role: 'owner',
  userId,
  apiKeyId: null,
  name: 'Bench Owner',
});

async function indexSizes(db: Kysely<DB>) {
  const r = await sql<{ name: string; size: string }>`
    select c.relname as name, pg_size_pretty(pg_relation_size(c.oid)) as size
    from pg_class c
    where c.relname in ('contacts', 'contact_search', 'contact_search_words', 'contact_search_literals', 'contacts_pkey')`.execute(
    db,
  );
  return Object.fromEntries(r.rows.map((x) => [x.name, x.size]));
}

/** Query mixes built from contacts the actor sees: `n` queries, kinds in turn. */
async function mixFor(db: Kysely<DB>, actor: Actor, n: number) {
  const owned = actor.role === 'agent' ? sql`and c.owner_id = ${actor.userId}` : sql``;
  const samples = (
    await sql<Sample>`
      select c.id, c.first_name, c.last_name,
             (select normalized from contact_points p where p.workspace_id = c.workspace_id and p.contact_id = c.id and channel = 'email' limit 1) as email,
             (select normalized from contact_points p where p.workspace_id = c.workspace_id and p.contact_id = c.id and channel = 'phone' limit 1) as phone
      from contacts c
      where c.workspace_id = ${actor.workspaceId} and c.first_name is not null and c.last_name is not null ${owned}
      order by hashtext(c.id::text) limit ${n * 2}`.execute(db)
  ).rows
    .filter((x) => x.email && x.phone?.startsWith('+1'))
    .slice(0, n);
  const kinds = Object.keys(KINDS);
  return samples.map((x, i) => ({
    kind: kinds[i % kinds.length],
    q: KINDS[kinds[i % kinds.length]](x),
    id: x.id,
  }));
}

type Mix = Awaited<ReturnType<typeof mixFor>>;

/** Latency of each path over the mix (after a warm-up), and how often the query finds its contact. */
async function measureMix(db: Kysely<DB>, actor: Actor, warmUp: Mix, mix: Mix) {
  let found = 0;
  for (const m of mix) {
    const hit = await visibleContacts(db, actor)
      .select('c.id')
      .where('c.id', '=', m.id)
      .where(searchPlanFor(actor, m.q)!.where)
      .executeTakeFirst();
    if (hit) found++;
  }
  const kinds = Object.keys(KINDS);
  for (const m of warmUp) for (const path of paths) await PATHS[path](db, actor, m.q); // plan and buffer caches
  // The paths take turns on each query, so a drift in the machine's speed touches them alike.
  const times = new Map(paths.map((p) => [p, new Map<string, number[]>()]));
  const slowest = new Map(paths.map((p) => [p, [] as { q: string; ms: number; rows: number }[]]));
  for (const [i, m] of mix.entries()) {
    for (const path of i % 2 ? [...paths].reverse() : paths) {
      const started = performance.now();
      const rows = await PATHS[path](db, actor, m.q);
      const ms = performance.now() - started;
      const byKind = times.get(path)!;
      byKind.set(m.kind, [...(byKind.get(m.kind) ?? []), ms]);
      slowest.get(path)!.push({ q: m.q, ms: round(ms), rows: rows.length });
    }
  }
  const byPath: Partial<Record<PathName, PathResult>> = {};
  for (const path of paths) {
    const byKind = times.get(path)!;
    byPath[path] = {
      overall: stats([...byKind.values()].flat()),
      kinds: Object.fromEntries(kinds.map((k) => [k, stats(byKind.get(k) ?? [])])),
      slowest: slowest
        .get(path)!
        .sort((a, b) => b.ms - a.ms)
        .slice(0, 15),
    };
  }
  return { foundPercent: round((found / mix.length) * 100), paths: byPath };
}

interface PathResult {
  overall: ReturnType<typeof stats>;
  kinds: Record<string, ReturnType<typeof stats>>;
  slowest: { q: string; ms: number; rows: number }[];
}

/**
 * Milliseconds for a fixed single-threaded loop (as bench/run.ts): this VM's speed drifts by up to
 * 40% within an hour, so each run records it.
 */
function cpuCalibration(): number {
  const started = performance.now();
  let x = 0;
  for (let i = 0; i < 300_000_000; i++) x += i % 7;
  if (x < 0) console.log(x);
  return Math.round(performance.now() - started);
}

async function benchEngine(engine: Engine) {
  seed = 42;
  const { database, actor, seedSeconds } = await prepare(engine);
  const db = database.db;
  try {
    const sizes = await indexSizes(db);
    log(
      `${engine}: ${JSON.stringify(sizes)}${seedSeconds === null ? '' : `, seeded in ${seedSeconds.toFixed(1)} s`}`,
    );
    const mix = await mixFor(db, actor, queries + 200);
    const owner = await measureMix(db, actor, mix.slice(0, 200), mix.slice(200));
    const agentActor = await benchAgent(db, actor.workspaceId);
    const agentMix = await mixFor(db, agentActor, agentQueries + 50);
    const agentWarmUp = Math.min(50, Math.floor(agentMix.length / 4));
    const agent = await measureMix(
      db,
      agentActor,
      agentMix.slice(0, agentWarmUp),
      agentMix.slice(agentWarmUp),
    );
    const calibrationMs = cpuCalibration();
    log(`${engine}: CPU calibration ${calibrationMs} ms (lower is faster)`);
    return { engine, contacts, seedSeconds, sizes, calibrationMs, owner, agent };
  } finally {
    await database.close();
  }
}

function print(engine: string, who: string, r: Awaited<ReturnType<typeof measureMix>>) {
  log(`${engine} ${who}: the query's own contact is found by ${r.foundPercent}% of queries`);
  for (const [path, p] of Object.entries(r.paths)) {
    log(
      `${engine} ${who} ${path}: p50 ${p.overall.p50} ms, p95 ${p.overall.p95} ms, p99 ${p.overall.p99} ms (${p.overall.n} queries)`,
    );
    for (const [k, s] of Object.entries(p.kinds))
      log(`  ${k.padEnd(18)} p50 ${s.p50} ms  p95 ${s.p95} ms  p99 ${s.p99} ms`);
    log(
      `  slowest: ${p.slowest
        .slice(0, 8)
        .map((s) => `"${s.q}" ${s.ms} ms`)
        .join(', ')}`,
    );
  }
}

const results = [];
for (const engine of engines) {
  const r = await benchEngine(engine);
  results.push(r);
  print(engine, 'owner', r.owner);
  print(engine, 'agent', r.agent);
}
const report = {
  date: new Date().toISOString(),
  size,
  machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version },
  postgres: await postgresSettings(),
  results,
};
fs.mkdirSync('bench/results', { recursive: true });
const out = `bench/results/search-${report.date.replace(/[:.]/g, '-')}.json`;
fs.writeFileSync(out, JSON.stringify(report, null, 2));
log(`results in ${out}`);
