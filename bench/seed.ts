// Bulk-fills a workspace with synthetic contacts straight in SQL, so a million rows take a minute
// instead of an hour through the API. Rows look like API-created ones: UUIDv7 ids in creation
// order, one mobile and one email point each, search text filled. No change log: the benchmarks
// read and create contacts; they do not page through logs.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../src/db/types.js';
import { FIRST_NAMES } from '../src/modules/contacts/samples.js';

// Syllables combine into ~8,000 distinct surnames, so a sort by last name has both long runs of
// equal names (keyset pagination must break ties by id) and a realistic spread.
const SYLLABLES = [
  'an',
  'ber',
  'cas',
  'dor',
  'el',
  'fin',
  'gar',
  'hol',
  'is',
  'jan',
  'kov',
  'lin',
  'mar',
  'nor',
  'ol',
  'per',
  'quin',
  'ros',
  'sil',
  'tor',
];

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
}

export async function seedContacts(db: Kysely<DB>, opts: SeedOptions): Promise<void> {
  const batch = opts.batchSize ?? 50_000;
  const baseMs = Date.now() - opts.count; // ids stay in the past, before any contact the API creates
  const first = sql.val(FIRST_NAMES);
  const syllables = sql.val(SYLLABLES);
  const lastName = sql<string>`initcap((${syllables}::text[])[1 + (g * 7) % 20] || (${syllables}::text[])[1 + (g / 20) % 20] || (${syllables}::text[])[1 + (g / 400) % 20])`;
  const firstName = sql<string>`(${first}::text[])[1 + (g * 13) % ${FIRST_NAMES.length}]`;
  const phone = sql<string>`'+1212' || lpad((g % 10000000)::text, 7, '0')`;
  const email = sql<string>`'contact' || g || '@example.com'`;
  const contactId = uuidFromRow(baseMs, 'c');

  for (let from = 1; from <= opts.count; from += batch) {
    const to = Math.min(from + batch - 1, opts.count);
    await db.transaction().execute(async (trx) => {
      await sql`
        insert into contacts (workspace_id, id, first_name, last_name, country, owner_id, created_by, source, active, search_text, created_at, updated_at)
        select ${opts.workspaceId}::uuid, ${contactId}, ${firstName}, ${lastName}, 'US', ${opts.ownerId}::uuid, ${opts.ownerId}::uuid, 'api', true,
               lower(${firstName} || ' ' || ${lastName} || ' ' || substr(${phone}, 2) || ' ' || ${email}),
               to_timestamp((${baseMs}::bigint + g) / 1000.0), to_timestamp((${baseMs}::bigint + g) / 1000.0)
        from generate_series(${from}::int, ${to}::int) g`.execute(trx);
      await sql`
        insert into contact_points (workspace_id, id, contact_id, channel, label, value, normalized, position)
        select ${opts.workspaceId}::uuid, ${uuidFromRow(baseMs, 'p')}, ${contactId}, 'phone', 'mobile', ${phone}, ${phone}, 0
        from generate_series(${from}::int, ${to}::int) g
        union all
        select ${opts.workspaceId}::uuid, ${uuidFromRow(baseMs, 'e')}, ${contactId}, 'email', 'work', ${email}, ${email}, 1
        from generate_series(${from}::int, ${to}::int) g`.execute(trx);
    });
    opts.onProgress?.(to);
  }
  // Steady state before measuring: statistics and visibility maps up to date, and the seed's dirty
  // pages written out, so no checkpoint or autovacuum of the seed runs during the measurements.
  await sql`vacuum analyze contacts`.execute(db);
  await sql`vacuum analyze contact_points`.execute(db);
  await sql`checkpoint`.execute(db).catch(() => {}); // needs superuser or pg_checkpoint; optional
}
