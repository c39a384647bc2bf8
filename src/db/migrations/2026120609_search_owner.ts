import { sql, type Kysely } from 'kysely';
import { WORDS_SQL } from './2026112401_search.js';

// An agent's search (src/modules/search/search.ts, searchPlan's `agentId`): contact_search carries
// each contact's owner, and the word index holds it beside the words (btree_gin), so the index
// finds the words among one owner's contacts without reading anyone else's. Before, an agent's
// "mar" ranked all 70,000 matches of a million to keep the few hundred in its book (p95 131 ms).
// The cost: a change of owner rewrites the contact's search row and its index entries (about
// 50 µs a contact, measured on the bench machine), where it wrote nothing before.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create extension if not exists btree_gin`.execute(db);
  await sql`alter table contact_search add column owner_id uuid`.execute(db);
  // Filled before the index is built: one index build instead of an entry rewritten per row.
  await sql`drop index contact_search_words`.execute(db);
  await sql`update contact_search s set owner_id = c.owner_id from contacts c
    where c.workspace_id = s.workspace_id and c.id = s.contact_id and c.owner_id is not null`.execute(db);
  // Searches without an owner read the words column alone, as they read the old index.
  await sql`create index contact_search_words on contact_search using gin (owner_id, ${sql.raw(WORDS_SQL)})
    with (fastupdate = off)`.execute(db);

  await sql`
    create or replace function contact_search_inserted() returns trigger language plpgsql as $$
    begin
      insert into contact_search (workspace_id, contact_id, search_text, owner_id)
      select workspace_id, id, search_text, owner_id from new_contacts;
      perform search_words_add(n.workspace_id, array_agg(n.search_text)) from new_contacts n group by n.workspace_id;
      return null;
    end $$`.execute(db);
  await sql`
    create or replace function contact_search_updated() returns trigger language plpgsql as $$
    begin
      update contact_search set search_text = new.search_text, owner_id = new.owner_id
      where workspace_id = new.workspace_id and contact_id = new.id;
      if new.search_text is distinct from old.search_text then
        perform search_words_add(new.workspace_id, array[new.search_text]);
      end if;
      return null;
    end $$`.execute(db);
  await sql`drop trigger contact_search_update on contacts`.execute(db);
  await sql`
    create trigger contact_search_update after update of search_text, owner_id on contacts
    for each row when (old.search_text is distinct from new.search_text or old.owner_id is distinct from new.owner_id)
    execute function contact_search_updated()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger contact_search_update on contacts`.execute(db);
  await sql`
    create or replace function contact_search_updated() returns trigger language plpgsql as $$
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
  await sql`
    create or replace function contact_search_inserted() returns trigger language plpgsql as $$
    begin
      insert into contact_search (workspace_id, contact_id, search_text)
      select workspace_id, id, search_text from new_contacts;
      perform search_words_add(n.workspace_id, array_agg(n.search_text)) from new_contacts n group by n.workspace_id;
      return null;
    end $$`.execute(db);
  await sql`drop index contact_search_words`.execute(db);
  await sql`alter table contact_search drop column owner_id`.execute(db);
  await sql`create index contact_search_words on contact_search using gin (${sql.raw(WORDS_SQL)}) with (fastupdate = off)`.execute(
    db,
  );
}
