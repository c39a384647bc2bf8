import { sql, type Kysely } from 'kysely';

// A fifth section of `search_text`: the contact's email addresses whole (src/modules/contacts/
// search-text.ts). Filters on emails read it from the contact's own row, which a parallel scan
// reads anyway, instead of looking up each contact's points: a plan with a look-up per contact
// runs in one process (docs/decisions.md, "Filters on emails read the contact row").
//
// The search row copies `search_text`; its trigger is off while both are rewritten here, since the
// words and literals it derives (sections 1 to 4) do not change.
const EMAILS = sql`coalesce((
  select string_agg(regexp_replace(p.normalized, '\\s+', '', 'g'), ' ' order by p.position, p.id)
  from contact_points p
  where p.workspace_id = c.workspace_id and p.contact_id = c.id and p.channel = 'email'), '')`;

async function rewrite(db: Kysely<any>, text: ReturnType<typeof sql>) {
  await sql`alter table contacts disable trigger contact_search_update`.execute(db);
  await sql`update contacts c set search_text = ${text}`.execute(db);
  await sql`update contact_search s set search_text = c.search_text from contacts c
    where c.workspace_id = s.workspace_id and c.id = s.contact_id`.execute(db);
  await sql`alter table contacts enable trigger contact_search_update`.execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  await rewrite(db, sql`c.search_text || E'\\t ' || ${EMAILS} || ' '`);
}

export async function down(db: Kysely<any>): Promise<void> {
  await rewrite(db, sql`regexp_replace(c.search_text, E'\\t[^\\t]*$', '')`);
}
