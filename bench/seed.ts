// Bulk-fills a workspace with synthetic contacts straight in SQL, so a million rows take a minute
// or two instead of an hour through the API. Rows look like API-created ones: UUIDv7 ids in
// creation order, one mobile and one email point each, search text filled as searchText()
// would (src/modules/contacts/search-text.ts), so the search indexes are what a real workspace
// has. Names follow real-world frequencies (bench/names.ts): a few very common names, a long tail
// of rare ones. No change log: the benchmarks read and create contacts; they do not page through logs.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../src/db/types.js';
import { nameWords } from '../src/modules/contacts/search-text.js';
import {
  AREA_CODES,
  EMAIL_DOMAIN_WEIGHTS,
  FIRST_NAME_WEIGHTS,
  LAST_NAME_WEIGHTS,
  TAIL_SYLLABLES,
  weightedBag,
} from './names.js';

const BAG = 10_000;

/** A name list as SQL arrays: as written, its search words, and its letters for email addresses. */
function nameArrays(weights: [string, number][]) {
  const names = weights.map(([n]) => n);
  const words = names.map((n) => nameWords(n).join(' '));
  const email = names.map((n) =>
    nameWords(n)
      .slice(-1)[0]
      .replace(/[^a-z0-9]/g, ''),
  );
  return {
    display: sql.val(names),
    words: sql.val(words),
    email: sql.val(email),
    bag: sql.val(weightedBag(weights, BAG)),
  };
}

/** A UUIDv7-shaped id from a row number: the time part grows with n, the rest is a hash of salt+n. */
const uuidFromRow = (baseMs: number, salt: string) => sql<string>`(
  lpad(to_hex(${baseMs}::bigint + g), 12, '0') || '7' || substr(md5(${salt} || g::text), 1, 3)
  || '8' || substr(md5(${salt} || g::text), 4, 15))::uuid`;

export interface SeedOptions {
  workspaceId: string;
  ownerId: string;
  count: number;
  batchSize?: number;
  onProgress?: (done: number) => void;
  /**
   * Varied type, country, a "vip" tag on one in ten, a number custom field `score` (0-99) and
   * creation dates over the past year, each from a hash of the row (for filter benches).
   */
  vary?: boolean;
  /**
   * A "create" entry in the change log for each contact, as an import leaves one: a bulk action's
   * entries then go into an index that already holds a million, not an empty one.
   */
  changeLog?: boolean;
}

export async function seedContacts(db: Kysely<DB>, opts: SeedOptions): Promise<void> {
  const batch = opts.batchSize ?? 50_000;
  const baseMs = Date.now() - opts.count; // ids stay in the past, before any contact the API creates
  const first = nameArrays(FIRST_NAME_WEIGHTS);
  const last = nameArrays(LAST_NAME_WEIGHTS);
  const domains = sql.val(EMAIL_DOMAIN_WEIGHTS.map(([d]) => d));
  const domainBag = sql.val(weightedBag(EMAIL_DOMAIN_WEIGHTS, 1000));
  const syl = sql.val(TAIL_SYLLABLES);
  const n = TAIL_SYLLABLES.length;
  // Random but repeatable: hashes of the row number pick names, email pattern, domain and phone.
  const h = (k: number) => sql<number>`(hashint8(g::bigint * 8 + ${k}) & 2147483647)`;
  // Two or three syllables: ~65,000 distinct tail names.
  const tail = (hv: string) =>
    sql<string>`initcap((${syl}::text[])[1 + ${sql.ref(hv)} % ${n}] || (${syl}::text[])[1 + (${sql.ref(hv)} / ${n}) % ${n}]
      || case when (${sql.ref(hv)} / ${n * n}) % 3 = 0 then (${syl}::text[])[1 + (${sql.ref(hv)} / ${n * n * 3}) % ${n}] else '' end)`;
  const contactId = uuidFromRow(baseMs, 'c');
  const created = sql`to_timestamp((${baseMs}::bigint + g) / 1000.0)`;
  const country = opts.vary
    ? sql`(array['US','US','US','GB','DE','FR','CA','IN'])[1 + ${h(9)} % 8]`
    : sql`'US'`;
  const type = opts.vary ? sql`(array['lead','prospect','customer','other'])[1 + ${h(10)} % 4]` : sql`'lead'`;
  const tags = opts.vary
    ? sql`case when ${h(11)} % 10 = 0 then array['vip'] else '{}'::text[] end`
    : sql`'{}'::text[]`;
  const custom = opts.vary ? sql`jsonb_build_object('score', ${h(12)} % 100)` : sql`'{}'::jsonb`;
  const createdAt = opts.vary ? sql`${created} - make_interval(days => ${h(13)} % 365)` : created;

  for (let from = 1; from <= opts.count; from += batch) {
    const to = Math.min(from + batch - 1, opts.count);
    await db.transaction().execute(async (trx) => {
      await sql`
        with r as (
          select g, ${contactId} as id,
                 (${first.bag}::int[])[1 + ${h(1)} % ${BAG}] as fi, (${last.bag}::int[])[1 + ${h(2)} % ${BAG}] as li,
                 ${h(3)} as hf, ${h(4)} as hl, ${h(5)} as he, ${h(6)} as hp, ${h(7)} as hd
          from generate_series(${from}::int, ${to}::int) g
        ), n as (
          select r.*,
                 case when fi > 0 then (${first.display}::text[])[fi] else ${tail('hf')} end as first_name,
                 case when li > 0 then (${last.display}::text[])[li] else ${tail('hl')} end as last_name
          from r
        ), w as (
          select n.*,
                 case when fi > 0 then (${first.words}::text[])[fi] else lower(first_name) end as fw,
                 case when li > 0 then (${last.words}::text[])[li] else lower(last_name) end as lw,
                 case when fi > 0 then (${first.email}::text[])[fi] else lower(first_name) end as fe,
                 case when li > 0 then (${last.email}::text[])[li] else lower(last_name) end as le,
                 coalesce((${domains}::text[])[(${domainBag}::int[])[1 + hd % 1000]],
                          lower((${syl}::text[])[1 + hd % ${n}] || (${syl}::text[])[1 + (hd / ${n}) % ${n}]) || '.com') as domain,
                 he % 6 as pattern, ((he / 6) % 100)::text as nn,
                 '+1' || (${sql.val(AREA_CODES)}::text[])[1 + hp % ${AREA_CODES.length}]
                      || (200 + (hp / 1000) % 800)::text || lpad((${h(8)} % 10000)::text, 4, '0') as phone
          from n
        ), l as (
          select w.*,
                 case pattern when 0 then fe || '.' || le when 1 then left(fe, 1) || le || nn
                              when 2 then fe || le || nn when 3 then fe || '_' || le
                              when 4 then le || '.' || fe || nn else fe || lpad(((he / 600) % 10000)::text, 4, '0') end
                 as local
          from w
        ), e as (
          select l.*, local || '@' || domain as email,
                 case pattern when 1 then left(fe, 1) || le || ' ' when 2 then fe || le || ' ' else '' end
                 || split_part(domain, '.', 1) as email_words
          from l
        ), new_contacts as (
          insert into contacts (workspace_id, id, first_name, last_name, country, owner_id, created_by, source, active, search_text,
                                type, tags, custom, created_at, updated_at)
          select ${opts.workspaceId}::uuid, id, first_name, last_name, ${country}, ${opts.ownerId}::uuid, ${opts.ownerId}::uuid, 'api', true,
                 ' ' || fw || ' ' || lw || E' \t ' || email_words || E' \t  \t #' || substr(phone, 2) || ' #' || local || E'@ \t ' || email || ' ',
                 ${type}, ${tags}, ${custom}, ${createdAt}, to_timestamp((${baseMs}::bigint + g) / 1000.0)
          from e
        )
        insert into contact_points (workspace_id, id, contact_id, channel, label, value, normalized, position)
        select ${opts.workspaceId}::uuid, ${uuidFromRow(baseMs, 'p')}, id, 'phone', 'mobile', phone, phone, 0 from e
        union all
        select ${opts.workspaceId}::uuid, ${uuidFromRow(baseMs, 'e')}, id, 'email', 'work', email, email, 1 from e`.execute(
        trx,
      );
      if (opts.changeLog)
        await sql`
          insert into contact_changes (workspace_id, id, contact_id, action, actor_type, actor_id, actor_name, created_at)
          select ${opts.workspaceId}::uuid, ${uuidFromRow(baseMs, 'h')}, ${contactId}, 'create', 'user',
                 ${opts.ownerId}::uuid, 'Bench Owner', ${created}
          from generate_series(${from}::int, ${to}::int) g`.execute(trx);
    });
    opts.onProgress?.(to);
  }
  // Steady state before measuring: statistics and visibility maps up to date, and the seed's dirty
  // pages written out, so no checkpoint or autovacuum of the seed runs during the measurements.
  await sql`vacuum analyze contacts`.execute(db);
  await sql`vacuum analyze contact_search`.execute(db);
  await sql`vacuum analyze contact_points`.execute(db);
  if (opts.changeLog) await sql`vacuum analyze contact_changes`.execute(db);
  await sql`checkpoint`.execute(db).catch(() => {}); // needs superuser or pg_checkpoint; optional
}
