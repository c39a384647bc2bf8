// Set-based writes for bulk work (imports): a whole batch of contacts, points or log entries in
// one statement, sent as one JSON array and expanded by jsonb_populate_recordset into the table's
// own row type; look-ups take one array parameter. Either way the statement text is the same
// whatever the batch size, so PostgreSQL prepares it once.
import { sql, type Kysely } from 'kysely';
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

const json = (rows: unknown[]) => JSON.stringify(rows);

export async function insertContactRows(db: Kysely<DB>, rows: ContactRow[]) {
  if (rows.length === 0) return;
  await sql`insert into contacts select * from jsonb_populate_recordset(null::contacts, ${json(rows)}::jsonb)`.execute(
    db,
  );
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
      tags = r.tags, owner_id = r.owner_id, external_id = r.external_id, custom = r.custom,
      active = r.active, search_text = r.search_text, version = r.version, updated_at = r.updated_at
    from jsonb_populate_recordset(null::contacts, ${json(rows)}::jsonb) r
    where c.workspace_id = ${workspaceId} and c.id = r.id`.execute(db);
}

export async function insertPointRows(db: Kysely<DB>, rows: ContactPointRow[]) {
  if (rows.length === 0) return;
  await sql`insert into contact_points select * from jsonb_populate_recordset(null::contact_points, ${json(rows)}::jsonb)`.execute(
    db,
  );
}

/** Log entries whose `changes` is the list itself, not JSON text. */
export async function insertChangeRows(
  db: Kysely<DB>,
  rows: (Omit<ChangeRow, 'changes'> & { changes: unknown; created_at: Date })[],
) {
  if (rows.length === 0) return;
  await sql`insert into contact_changes select * from jsonb_populate_recordset(null::contact_changes, ${json(rows)}::jsonb)`.execute(
    db,
  );
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
