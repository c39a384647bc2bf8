import { sql, type Kysely } from 'kysely';
import { searchText } from '../../modules/contacts/search-text.js';

/** The words of sections 1-3 of the search text as a tsvector, each token a lexeme as written. */
export const WORDS_SQL =
  "array_to_tsvector(array_remove(string_to_array(split_part(search_text, E'\\t', 1) || " +
  "split_part(search_text, E'\\t', 2) || split_part(search_text, E'\\t', 3), ' '), ''))";

// Fuzzy search (src/modules/search; the reasons and measurements are in docs/decisions.md).
// `contacts.search_text` is computed in JavaScript on every write (src/modules/contacts/
// search-text.ts) in four sections: names, email words, custom words, literals. Everything else is
// derived from it here, so every path that writes a contact keeps search current:
//
// - contact_search: a copy of each contact's search text, kept by triggers on contacts, carrying
//   the search indexes. Updates that leave the search text alone (tags, owner, most bulk edits)
//   then write no search index entry: with the indexes on contacts, each updated row re-entered
//   every word and trigram, 60% of the cost of a tag update (docs/benchmarks.md);
// - contact_search_words: GIN over a tsvector of the words of sections 1-3 (whole words, and
//   prefixes as GIN partial matches, 'smi':*), each token a lexeme as written (no parsing);
// - contact_search_literals: pg_trgm over section 4 (emails, phone digits, handles, external id)
//   for substrings: "jsmith@", "555-0100";
// - search_words: each workspace's dictionary of name words (section 1), with a GIN index over
//   each word and its one-letter deletes: a query word is expanded into the names within one typo
//   of it (symmetric-delete spelling correction), and only those real words are looked up in
//   contact_search_words.
export async function up(db: Kysely<any>): Promise<void> {
  // A word and each of its one-letter deletes: "smith" -> smith mith sith smth smih smit. Costly
  // as planner costs go (it builds an array), so no plan computes it for every dictionary word.
  await sql`
    create function search_word_keys(w text) returns text[]
    language sql immutable strict parallel safe cost 1000
    return array[w] || array(select overlay(w placing '' from i for 1) from generate_series(1, length(w)) i)`.execute(
    db,
  );

  await sql`
    create table search_words (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      word text not null,
      primary key (workspace_id, word)
    )`.execute(db);
  // Written rarely (a name the workspace has not seen), read by every search: no pending list.
  await sql`create index search_words_keys on search_words using gin (search_word_keys(word)) with (fastupdate = off)`.execute(
    db,
  );

  await sql`drop index if exists contacts_search_trgm`.execute(db);
  await backfill(db);

  await sql`
    create table contact_search (
      workspace_id uuid not null,
      contact_id uuid not null,
      search_text text not null,
      primary key (workspace_id, contact_id),
      foreign key (workspace_id, contact_id) references contacts (workspace_id, id) on delete cascade
    )`.execute(db);
  // No parallel scans: a search finds tens to thousands of rows here, and without knowing the
  // query's words the planner guesses 5,000 and starts workers, which cost more than they save
  // (measured at 1,000,000 contacts: "john smith" 52 ms with two workers, 12 ms without).
  await sql`alter table contact_search set (parallel_workers = 0)`.execute(db);

  await sql`insert into contact_search (workspace_id, contact_id, search_text)
    select workspace_id, id, search_text from contacts`.execute(db);

  // The dictionary takes the name words it lacks, in order, so that two writers adding the same
  // new words cannot deadlock.
  await sql`
    create function search_words_add(ws uuid, texts text[]) returns void language sql as $$
      insert into search_words (workspace_id, word)
      select distinct ws, w
      from unnest(texts) t, unnest(string_to_array(split_part(t, E'\t', 1), ' ')) w
      where length(w) between 3 and 20
        and not exists (select 1 from search_words d where d.workspace_id = ws and d.word = w)
      order by 2
      on conflict do nothing
    $$`.execute(db);
  // New contacts: one statement per insert, however many contacts it wrote (imports write
  // hundreds at once).
  await sql`
    create function contact_search_inserted() returns trigger language plpgsql as $$
    begin
      insert into contact_search (workspace_id, contact_id, search_text)
      select workspace_id, id, search_text from new_contacts;
      perform search_words_add(n.workspace_id, array_agg(n.search_text)) from new_contacts n group by n.workspace_id;
      return null;
    end $$`.execute(db);
  await sql`select search_words_add(workspace_id, array_agg(search_text)) from contacts group by workspace_id`.execute(
    db,
  );
  await sql`
    create trigger contact_search_insert after insert on contacts
    referencing new table as new_contacts for each statement execute function contact_search_inserted()`.execute(
    db,
  );
  // Changed search text only: an update that does not set the column, or sets it to what it
  // was, does not call the trigger at all.
  await sql`
    create function contact_search_updated() returns trigger language plpgsql as $$
    begin
      update contact_search set search_text = new.search_text
      where workspace_id = new.workspace_id and contact_id = new.id;
      perform search_words_add(new.workspace_id, array[new.search_text]);
      return null;
    end $$`.execute(db);
  await sql`
    create trigger contact_search_update after update of search_text on contacts
    for each row when (old.search_text is distinct from new.search_text)
    execute function contact_search_updated()`.execute(db);

  // The expression is written out, not wrapped in a function: PostgreSQL evaluates a function it
  // cannot inline at a cost for every statement (measured: +60 µs per one-row insert).
  // src/modules/search/search.ts (WORDS) writes it identically, so the planner matches it.
  // Pending lists: a GIN index collects new entries in a list that every search reads whole
  // until it is merged (measured: 3,900 pending rows made a 1 ms look-up take 5 ms). The word
  // index has few entries per contact and takes them directly (fastupdate off: +35 µs per insert);
  // the trigram index has dozens, so it keeps a list, bounded to 1 MB instead of 4.
  await sql`create index contact_search_words on contact_search using gin (${sql.raw(WORDS_SQL)}) with (fastupdate = off)`.execute(
    db,
  );
  await sql`create index contact_search_literals on contact_search using gin (split_part(search_text, E'\t', 4) gin_trgm_ops)
    with (gin_pending_list_limit = 1024)`.execute(db);
}

/** Rewrites every contact's search text in the new format (without touching version or updated_at). */
async function backfill(db: Kysely<any>) {
  const BATCH = 2_000;
  const fieldsByWorkspace = new Map<string, { key: string; type: any }[]>();
  let after: { workspace_id: string; id: string } | undefined;
  for (;;) {
    const rows = (
      await sql<{
        workspace_id: string;
        id: string;
        first_name: string | null;
        last_name: string | null;
        company: string | null;
        external_id: string | null;
        custom: Record<string, unknown>;
        points: { channel: string; normalized: string }[] | null;
      }>`
        select c.workspace_id, c.id, c.first_name, c.last_name, c.company, c.external_id, c.custom,
               (select json_agg(json_build_object('channel', p.channel, 'normalized', p.normalized) order by p.position)
                from contact_points p where p.workspace_id = c.workspace_id and p.contact_id = c.id) as points
        from contacts c
        where ${after ? sql`(c.workspace_id, c.id) > (${after.workspace_id}, ${after.id})` : sql`true`}
        order by c.workspace_id, c.id
        limit ${BATCH}`.execute(db)
    ).rows;
    if (rows.length === 0) return;
    for (const ws of new Set(rows.map((r) => r.workspace_id))) {
      if (fieldsByWorkspace.has(ws)) continue;
      const defs = await sql<{ key: string; type: any }>`
        select key, type from field_definitions where workspace_id = ${ws}`.execute(db);
      fieldsByWorkspace.set(ws, defs.rows);
    }
    const texts = rows.map((r) =>
      searchText(r, (r.points ?? []) as any, fieldsByWorkspace.get(r.workspace_id)),
    );
    await sql`
      update contacts c set search_text = v.t
      from unnest(${rows.map((r) => r.workspace_id)}::uuid[], ${rows.map((r) => r.id)}::uuid[], ${texts}::text[]) as v(w, id, t)
      where c.workspace_id = v.w and c.id = v.id`.execute(db);
    const last = rows[rows.length - 1];
    after = { workspace_id: last.workspace_id, id: last.id };
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists contact_search_insert on contacts`.execute(db);
  await sql`drop trigger if exists contact_search_update on contacts`.execute(db);
  await sql`drop function if exists contact_search_inserted()`.execute(db);
  await sql`drop function if exists contact_search_updated()`.execute(db);
  await sql`drop function if exists search_words_add(uuid, text[])`.execute(db);
  await sql`drop table if exists contact_search`.execute(db);
  await sql`drop table if exists search_words`.execute(db);
  await sql`drop function if exists search_word_keys(text)`.execute(db);
  // The new text still holds every word, email and phone digits: the old substring search works on it.
  await sql`create index contacts_search_trgm on contacts using gin (search_text gin_trgm_ops)`.execute(db);
}
