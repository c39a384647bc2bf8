// Set-based writes for bulk work (imports): a whole batch of contacts, points or log entries in
// one statement, whatever its size; look-ups take one array parameter.
import { sql, type Kysely } from 'kysely';
import { arrayLiteral, type ArrayElement } from '../../db/array-literal.js';
import type { ContactPointRow, ContactRow, DB } from '../../db/types.js';
import type { Actor } from '../auth/actor.js';
import { visibleContacts, withChildren, type ChangeRow, type ContactWithChildren } from './repo.js';

/** The contacts with these external ids, whoever may see them, locked for the batch's update. */
export async function lockByExternalIds(
  db: Kysely<DB>,
  workspaceId: string,
  externalIds: string[],
): Promise<ContactWithChildren[]> {
  if (externalIds.length === 0) return [];
  return withChildren(db.selectFrom('contacts as c').where('c.workspace_id', '=', workspaceId))
    .where(sql<boolean>`c.external_id = any(${externalIds}::text[])`)
    .forUpdate('c')
    .execute();
}

/**
 * For each value, the oldest contact the actor may see with a point of this channel and
 * normalized value.
 */
export async function contactIdsByPointValues(
  db: Kysely<DB>,
  actor: Actor,
  channel: string,
  values: string[],
): Promise<{ normalized: string; contact_id: string }[]> {
  if (values.length === 0) return [];
  return visibleContacts(db, actor)
    .innerJoin('contact_points as p', (j) =>
      j.onRef('p.workspace_id', '=', 'c.workspace_id').onRef('p.contact_id', '=', 'c.id'),
    )
    .where('p.channel', '=', channel)
    .where(sql<boolean>`p.normalized = any(${values}::text[])`)
    .distinctOn('p.normalized')
    .select(['p.normalized', 'p.contact_id'])
    .orderBy('p.normalized')
    .orderBy('c.created_at')
    .orderBy('c.id')
    .execute();
}

export async function lockByIds(
  db: Kysely<DB>,
  workspaceId: string,
  ids: string[],
): Promise<ContactWithChildren[]> {
  if (ids.length === 0) return [];
  return withChildren(db.selectFrom('contacts as c').where('c.workspace_id', '=', workspaceId))
    .where(sql<boolean>`c.id = any(${ids}::uuid[])`)
    .forUpdate('c')
    .execute();
}

// A batch's rows go to PostgreSQL as one array per column, expanded by unnest: a JSON array of
// objects repeats every key and the workspace on each row, and the import's thread spent about a
// quarter of its time turning those bytes into text and sending them (docs/benchmarks.md).
// Columns travel as array literals (db/array-literal.ts).
// Values of type jsonb, and the tags (arrays of uneven length), travel as one JSON array each.
const column = <R, K extends keyof R>(rows: R[], key: K) =>
  arrayLiteral(rows.map((r) => r[key] as ArrayElement));
const jsonColumn = <R, K extends keyof R>(rows: R[], key: K) => JSON.stringify(rows.map((r) => r[key]));

/** The contact columns after workspace_id, as unnest yields them from contactColumns(). */
const CONTACT_COLUMNS = sql`id, first_name, last_name, type, level, company, job_title, department,
  birth_date, language, time_zone, street, city, state, zip, country, tags, owner_id, created_by,
  source, external_id, custom, active, search_text, version, created_at, updated_at`;

function contactColumns(rows: ContactRow[]) {
  const text = (key: keyof ContactRow) => sql`${column(rows, key)}::text[]`;
  return sql`rows from (
    unnest(${column(rows, 'id')}::uuid[], ${text('first_name')}, ${text('last_name')}, ${text('type')},
      ${text('level')}, ${text('company')}, ${text('job_title')}, ${text('department')},
      ${column(rows, 'birth_date')}::date[], ${text('language')}, ${text('time_zone')}, ${text('street')},
      ${text('city')}, ${text('state')}, ${text('zip')}, ${text('country')}),
    jsonb_array_elements(${jsonColumn(rows, 'tags')}::jsonb),
    unnest(${column(rows, 'owner_id')}::uuid[], ${column(rows, 'created_by')}::uuid[], ${text('source')},
      ${text('external_id')}),
    jsonb_array_elements(${jsonColumn(rows, 'custom')}::jsonb),
    unnest(${column(rows, 'active')}::boolean[], ${text('search_text')}, ${column(rows, 'version')}::int[],
      ${column(rows, 'created_at')}::timestamptz[], ${column(rows, 'updated_at')}::timestamptz[])
  ) as r(${CONTACT_COLUMNS})`;
}

/** jsonb array to text[] (the tags). */
const tagsOf = sql`array(select jsonb_array_elements_text(r.tags))`;

export async function insertContactRows(db: Kysely<DB>, rows: ContactRow[]) {
  if (rows.length === 0) return;
  await sql`
    insert into contacts (workspace_id, ${CONTACT_COLUMNS})
    select ${rows[0].workspace_id}::uuid, r.id, r.first_name, r.last_name, r.type, r.level, r.company,
      r.job_title, r.department, r.birth_date, r.language, r.time_zone, r.street, r.city, r.state,
      r.zip, r.country, ${tagsOf}, r.owner_id, r.created_by, r.source, r.external_id, r.custom,
      r.active, r.search_text, r.version, r.created_at, r.updated_at
    from ${contactColumns(rows)}`.execute(db);
}

/** Replaces every column of existing contacts with the given rows' values. */
export async function updateContactRows(db: Kysely<DB>, workspaceId: string, rows: ContactRow[]) {
  if (rows.length === 0) return;
  await sql`
    update contacts c set
      first_name = r.first_name, last_name = r.last_name, type = r.type, level = r.level,
      company = r.company, job_title = r.job_title, department = r.department,
      birth_date = r.birth_date, language = r.language, time_zone = r.time_zone,
      street = r.street, city = r.city, state = r.state, zip = r.zip, country = r.country,
      tags = ${tagsOf}, owner_id = r.owner_id, external_id = r.external_id, custom = r.custom,
      active = r.active, search_text = r.search_text, version = r.version, updated_at = r.updated_at
    from ${contactColumns(rows)}
    where c.workspace_id = ${workspaceId} and c.id = r.id`.execute(db);
}

export async function insertPointRows(db: Kysely<DB>, rows: ContactPointRow[]) {
  if (rows.length === 0) return;
  await sql`
    insert into contact_points (workspace_id, id, contact_id, channel, label, value, normalized, status, position, created_at)
    select ${rows[0].workspace_id}::uuid, r.*
    from unnest(${column(rows, 'id')}::uuid[], ${column(rows, 'contact_id')}::uuid[],
      ${column(rows, 'channel')}::text[], ${column(rows, 'label')}::text[], ${column(rows, 'value')}::text[],
      ${column(rows, 'normalized')}::text[], ${column(rows, 'status')}::text[],
      ${column(rows, 'position')}::int[], ${column(rows, 'created_at')}::timestamptz[])
      as r(id, contact_id, channel, label, value, normalized, status, position, created_at)`.execute(db);
}

/** Log entries whose `changes` is the list itself, not JSON text. */
export async function insertChangeRows(
  db: Kysely<DB>,
  rows: (Omit<ChangeRow, 'changes'> & { changes: unknown; created_at: Date })[],
) {
  if (rows.length === 0) return;
  await sql`
    insert into contact_changes (workspace_id, id, contact_id, action, actor_type, actor_id, actor_name, changes, created_at)
    select ${rows[0].workspace_id}::uuid, r.*
    from rows from (
      unnest(${column(rows, 'id')}::uuid[], ${column(rows, 'contact_id')}::uuid[], ${column(rows, 'action')}::text[],
        ${column(rows, 'actor_type')}::text[], ${column(rows, 'actor_id')}::uuid[], ${column(rows, 'actor_name')}::text[]),
      jsonb_array_elements(${jsonColumn(rows, 'changes')}::jsonb),
      unnest(${column(rows, 'created_at')}::timestamptz[])
    ) as r(id, contact_id, action, actor_type, actor_id, actor_name, changes, created_at)`.execute(db);
}

/** The largest external id of the workspace that is a plain number (0 when none is). */
export async function maxNumericExternalId(db: Kysely<DB>, workspaceId: string): Promise<number> {
  const row = await db
    .selectFrom('contacts')
    .select(sql<string | null>`max(external_id::numeric)`.as('max'))
    .where('workspace_id', '=', workspaceId)
    .where(sql<boolean>`external_id ~ '^[0-9]{1,15}$'`)
    .executeTakeFirst();
  return Number(row?.max ?? 0);
}

/**
 * Refreshes the planner's statistics of the contacts table. A bulk load that starts on a small
 * table otherwise keeps plans made for an empty one (the foreign-key checks of contact points
 * turn into scans), and PGlite has no autovacuum to do it. The other tables are only written.
 */
export async function analyzeContactTables(db: Kysely<DB>) {
  // contact_search carries the search indexes, whose statistics the search planner reads.
  await sql`analyze contacts, contact_search`.execute(db);
}
