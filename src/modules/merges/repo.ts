// SQL of merges. A merge rewrites several contacts at once, so besides its own tables this repo
// writes contacts, their points, shares and static group memberships in set-based statements; the
// single-contact helpers of contacts/repo.ts are reused where they fit.
import { sql, type Kysely, type SqlBool } from 'kysely';
import type { ContactMergeRow, ContactPointRow, ContactRow, DB } from '../../db/types.js';
import { withChildren, type ContactWithChildren } from '../contacts/repo.js';

/**
 * The ids among these that are contacts of the workspace, locked in id order when `lock` is set, so
 * two merges over the same contacts cannot deadlock.
 */
export async function lockContacts(db: Kysely<DB>, workspaceId: string, ids: string[], lock = true) {
  let q = db
    .selectFrom('contacts')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where(sql<SqlBool>`id = any(${ids}::uuid[])`)
    .orderBy('id');
  if (lock) q = q.forUpdate();
  return (await q.execute()).map((r) => r.id);
}

export async function contactRows(db: Kysely<DB>, workspaceId: string, ids: string[]): Promise<ContactRow[]> {
  return db
    .selectFrom('contacts')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where(sql<SqlBool>`id = any(${ids}::uuid[])`)
    .execute();
}

/** Contacts with their points and shares, read after the locks so no concurrent change is missed. */
export async function contactsWithChildren(
  db: Kysely<DB>,
  workspaceId: string,
  ids: string[],
): Promise<ContactWithChildren[]> {
  if (ids.length === 0) return [];
  return withChildren(db.selectFrom('contacts as c').where('c.workspace_id', '=', workspaceId))
    .where(sql<SqlBool>`c.id = any(${ids}::uuid[])`)
    .execute();
}

export interface ShareRow {
  contact_id: string;
  user_id: string;
  created_at: Date | string;
}

export async function shareRows(
  db: Kysely<DB>,
  workspaceId: string,
  contactIds: string[],
): Promise<ShareRow[]> {
  return db
    .selectFrom('contact_shares')
    .select(['contact_id', 'user_id', 'created_at'])
    .where('workspace_id', '=', workspaceId)
    .where(sql<SqlBool>`contact_id = any(${contactIds}::uuid[])`)
    .orderBy('created_at')
    .execute();
}

export interface MembershipRow {
  group_id: string;
  contact_id: string;
  added_at: Date | string;
  name: string;
}

export async function groupMemberships(
  db: Kysely<DB>,
  workspaceId: string,
  contactIds: string[],
): Promise<MembershipRow[]> {
  return db
    .selectFrom('group_members as m')
    .innerJoin('groups as g', (j) =>
      j.onRef('g.workspace_id', '=', 'm.workspace_id').onRef('g.id', '=', 'm.group_id'),
    )
    .select(['m.group_id', 'm.contact_id', 'm.added_at', 'g.name'])
    .where('m.workspace_id', '=', workspaceId)
    .where(sql<SqlBool>`m.contact_id = any(${contactIds}::uuid[])`)
    .orderBy('m.added_at')
    .execute();
}

/** Shares the contact with these users (members of the workspace only); answers who was added. */
export async function addShares(db: Kysely<DB>, workspaceId: string, contactId: string, userIds: string[]) {
  if (userIds.length === 0) return [];
  const { rows } = await sql<{ user_id: string }>`
    insert into contact_shares (workspace_id, contact_id, user_id)
    select m.workspace_id, ${contactId}::uuid, m.user_id
    from unnest(${userIds}::uuid[]) with ordinality u(id, n)
    join memberships m on m.workspace_id = ${workspaceId} and m.user_id = u.id
    order by u.n
    on conflict do nothing
    returning user_id`.execute(db);
  return rows.map((r) => r.user_id);
}

/** Puts back shares as they were (their time keeps the order of `sharedWith`), skipping users gone since. */
export async function restoreShares(db: Kysely<DB>, workspaceId: string, rows: ShareRow[]) {
  if (rows.length === 0) return;
  await sql`
    insert into contact_shares (workspace_id, contact_id, user_id, created_at)
    select ${workspaceId}::uuid, r.contact_id, r.user_id, r.created_at
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(contact_id uuid, user_id uuid, created_at timestamptz)
    where exists (select 1 from memberships m where m.workspace_id = ${workspaceId} and m.user_id = r.user_id)
    on conflict do nothing`.execute(db);
}

export async function removeShares(
  db: Kysely<DB>,
  workspaceId: string,
  contactId: string,
  userIds: string[],
) {
  if (userIds.length === 0) return;
  await db
    .deleteFrom('contact_shares')
    .where('workspace_id', '=', workspaceId)
    .where('contact_id', '=', contactId)
    .where(sql<SqlBool>`user_id = any(${userIds}::uuid[])`)
    .execute();
}

/** Adds the contact to these static groups; answers the groups it was not in yet. */
export async function addToGroups(
  db: Kysely<DB>,
  workspaceId: string,
  contactId: string,
  groupIds: string[],
) {
  if (groupIds.length === 0) return [];
  const { rows } = await sql<{ group_id: string }>`
    insert into group_members (workspace_id, group_id, contact_id)
    select ${workspaceId}::uuid, g, ${contactId}::uuid from unnest(${groupIds}::uuid[]) g
    on conflict do nothing
    returning group_id`.execute(db);
  return rows.map((r) => r.group_id);
}

/** Puts back memberships as they were, in groups that still exist. */
export async function restoreMemberships(db: Kysely<DB>, workspaceId: string, rows: MembershipRow[]) {
  if (rows.length === 0) return;
  await sql`
    insert into group_members (workspace_id, group_id, contact_id, added_at)
    select ${workspaceId}::uuid, r.group_id, r.contact_id, r.added_at
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(group_id uuid, contact_id uuid, added_at timestamptz)
    where exists (select 1 from groups g where g.workspace_id = ${workspaceId} and g.id = r.group_id)
    on conflict do nothing`.execute(db);
}

export async function removeFromGroups(
  db: Kysely<DB>,
  workspaceId: string,
  contactId: string,
  groupIds: string[],
) {
  if (groupIds.length === 0) return;
  await db
    .deleteFrom('group_members')
    .where('workspace_id', '=', workspaceId)
    .where('contact_id', '=', contactId)
    .where(sql<SqlBool>`group_id = any(${groupIds}::uuid[])`)
    .execute();
}

export async function deletePointsOf(db: Kysely<DB>, workspaceId: string, contactIds: string[]) {
  await db
    .deleteFrom('contact_points')
    .where('workspace_id', '=', workspaceId)
    .where(sql<SqlBool>`contact_id = any(${contactIds}::uuid[])`)
    .execute();
}

/** Points with their own ids, statuses and creation times (moved or restored, not new). */
export async function insertPoints(db: Kysely<DB>, rows: ContactPointRow[]) {
  if (rows.length === 0) return;
  await sql`insert into contact_points select * from jsonb_populate_recordset(null::contact_points, ${JSON.stringify(rows)}::jsonb)`.execute(
    db,
  );
}

/** Deletes contacts whose points were moved away first; their shares and memberships go with them. */
export async function deleteContacts(db: Kysely<DB>, workspaceId: string, ids: string[]) {
  await db
    .deleteFrom('contacts')
    .where('workspace_id', '=', workspaceId)
    .where(sql<SqlBool>`id = any(${ids}::uuid[])`)
    .execute();
}

export async function insertContacts(db: Kysely<DB>, rows: ContactRow[]) {
  if (rows.length === 0) return;
  await sql`insert into contacts select * from jsonb_populate_recordset(null::contacts, ${JSON.stringify(rows)}::jsonb)`.execute(
    db,
  );
}

/** Writes every column of a contact but its id, workspace and creation time. */
export async function replaceContact(db: Kysely<DB>, row: ContactRow): Promise<void> {
  await sql`
    update contacts c set
      first_name = r.first_name, last_name = r.last_name, type = r.type, level = r.level,
      company = r.company, job_title = r.job_title, department = r.department,
      birth_date = r.birth_date, language = r.language, time_zone = r.time_zone,
      street = r.street, city = r.city, state = r.state, zip = r.zip, country = r.country,
      tags = r.tags, owner_id = r.owner_id, created_by = r.created_by, source = r.source,
      external_id = r.external_id, custom = r.custom, active = r.active, blocked = r.blocked,
      blocked_reason = r.blocked_reason, search_text = r.search_text, version = r.version,
      updated_at = r.updated_at
    from jsonb_populate_record(null::contacts, ${JSON.stringify(row)}::jsonb) r
    where c.workspace_id = r.workspace_id and c.id = r.id`.execute(db);
}

export async function insertMerge(
  db: Kysely<DB>,
  row: Omit<ContactMergeRow, 'created_at' | 'undone_at' | 'undone_by' | 'snapshot'> & { snapshot: string },
) {
  await db.insertInto('contact_merges').values(row).execute();
}

export async function findMerge(db: Kysely<DB>, workspaceId: string, id: string, forUpdate = false) {
  let q = db
    .selectFrom('contact_merges')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

/** Merges the contact took part in, as primary or merged away; newest first. */
export async function mergesOf(db: Kysely<DB>, workspaceId: string, contactId: string, limit: number) {
  return db
    .selectFrom('contact_merges')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where(sql<SqlBool>`(primary_id = ${contactId} or ${contactId}::uuid = any(merged_ids))`)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export async function markUndone(db: Kysely<DB>, workspaceId: string, id: string, userId: string | null) {
  await db
    .updateTable('contact_merges')
    .set({ undone_at: new Date(), undone_by: userId })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .execute();
}

export async function versionsOf(db: Kysely<DB>, workspaceId: string, ids: string[]) {
  if (ids.length === 0) return new Map<string, number>();
  const rows = await db
    .selectFrom('contacts')
    .select(['id', 'version'])
    .where('workspace_id', '=', workspaceId)
    .where(sql<SqlBool>`id = any(${ids}::uuid[])`)
    .execute();
  return new Map(rows.map((r) => [r.id, r.version]));
}

export async function insertAliases(
  db: Kysely<DB>,
  workspaceId: string,
  mergeId: string,
  primaryId: string,
  oldIds: string[],
) {
  await db
    .insertInto('contact_aliases')
    .values(
      oldIds.map((old_id) => ({
        workspace_id: workspaceId,
        old_id,
        contact_id: primaryId,
        merge_id: mergeId,
      })),
    )
    .execute();
}

export async function deleteAliases(db: Kysely<DB>, workspaceId: string, mergeId: string) {
  await db
    .deleteFrom('contact_aliases')
    .where('workspace_id', '=', workspaceId)
    .where('merge_id', '=', mergeId)
    .execute();
}

/** Where each of these ids was merged to (one step), for the ids that have an alias. */
export async function aliasesOf(db: Kysely<DB>, workspaceId: string, ids: string[]) {
  if (ids.length === 0) return new Map<string, string>();
  const rows = await db
    .selectFrom('contact_aliases')
    .select(['old_id', 'contact_id'])
    .where('workspace_id', '=', workspaceId)
    .where(sql<SqlBool>`old_id = any(${ids}::uuid[])`)
    .execute();
  return new Map(rows.map((r) => [r.old_id, r.contact_id]));
}

/**
 * A contact restored exactly as an earlier merge left it (only its version moved on) keeps that
 * merge undoable: its expected version follows.
 */
export async function carryVersions(
  db: Kysely<DB>,
  workspaceId: string,
  rows: { id: string; version: number }[],
) {
  for (const r of rows)
    await db
      .updateTable('contact_merges')
      .set({ primary_version_after: r.version + 1 })
      .where('workspace_id', '=', workspaceId)
      .where('primary_id', '=', r.id)
      .where('primary_version_after', '=', r.version)
      .where('undone_at', 'is', null)
      .execute();
}

// Activities and list entries follow a merge by their contact_id alone: every other column stays
// as it was (updated_at too), so an unmerge that sets contact_id back restores the row exactly.

export interface MovedRow {
  id: string;
  from_id: string;
}

/** Repoints the contacts' activities to the primary; answers each moved id with its contact before. */
export async function moveActivities(
  db: Kysely<DB>,
  workspaceId: string,
  primaryId: string,
  fromIds: string[],
) {
  if (fromIds.length === 0) return [];
  // Joined to itself, the table gives the contact each row had before the update.
  const { rows } = await sql<MovedRow>`
    update activities a set contact_id = ${primaryId}
    from activities old
    where old.workspace_id = ${workspaceId} and old.contact_id = any(${fromIds}::uuid[])
      and a.workspace_id = old.workspace_id and a.id = old.id
    returning a.id, old.contact_id as from_id`.execute(db);
  return rows;
}

/** Entries of these contacts on any list (the columns a merge decides by). */
export async function entriesOf(db: Kysely<DB>, workspaceId: string, contactIds: string[]) {
  return db
    .selectFrom('list_entries')
    .select(['id', 'list_id', 'contact_id'])
    .where('workspace_id', '=', workspaceId)
    .where(sql<SqlBool>`contact_id = any(${contactIds}::uuid[])`)
    .orderBy('id')
    .$narrowType<{ contact_id: string }>()
    .execute();
}

/** Moves these entries to the primary; answers each moved id with its contact before. */
export async function moveEntries(db: Kysely<DB>, workspaceId: string, primaryId: string, ids: string[]) {
  if (ids.length === 0) return [];
  const { rows } = await sql<MovedRow>`
    update list_entries e set contact_id = ${primaryId}
    from list_entries old
    where old.workspace_id = ${workspaceId} and old.id = any(${ids}::uuid[])
      and e.workspace_id = old.workspace_id and e.id = old.id
    returning e.id, old.contact_id as from_id`.execute(db);
  return rows;
}

/**
 * Deletes these entries and answers their whole rows as JSON built by the database, which keeps
 * what a JS Date would not (microseconds of timestamps), so a re-insert gives the same bytes.
 */
export async function removeEntries(db: Kysely<DB>, workspaceId: string, ids: string[]) {
  if (ids.length === 0) return [];
  const { rows } = await sql<{ row: Record<string, unknown> }>`
    delete from list_entries e
    where e.workspace_id = ${workspaceId} and e.id = any(${ids}::uuid[])
    returning to_jsonb(e) as row`.execute(db);
  return rows.map((r) => r.row);
}

/**
 * Sets these rows back to their contact, each only while it is still the primary's: a row deleted
 * or moved elsewhere since stays where it is.
 */
export async function returnRows(
  db: Kysely<DB>,
  table: 'activities' | 'list_entries',
  workspaceId: string,
  primaryId: string,
  rows: MovedRow[],
) {
  if (rows.length === 0) return 0;
  const result = await sql`
    update ${sql.table(table)} t set contact_id = m.from_id
    from unnest(${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.from_id)}::uuid[]) as m(id, from_id)
    where t.workspace_id = ${workspaceId} and t.id = m.id and t.contact_id = ${primaryId}`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/**
 * Re-inserts removed entries as they were, on lists that still exist; an entry whose contact is on
 * that list again by now (or whose id came back) is skipped. Answers how many came back.
 */
export async function restoreEntries(db: Kysely<DB>, workspaceId: string, rows: Record<string, unknown>[]) {
  if (rows.length === 0) return 0;
  const result = await sql`
    insert into list_entries
    select r.* from jsonb_populate_recordset(null::list_entries, ${JSON.stringify(rows)}::jsonb) r
    where r.workspace_id = ${workspaceId}
      and exists (select 1 from contact_lists l where l.workspace_id = r.workspace_id and l.id = r.list_id)
    on conflict do nothing`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** How many activities and list entries each of these contacts has (for the merge preview). */
export async function linkCounts(db: Kysely<DB>, workspaceId: string, contactIds: string[]) {
  const { rows } = await sql<{ contact_id: string; activities: number; entries: number }>`
    select c.id as contact_id,
      (select count(*) from activities a where a.workspace_id = c.workspace_id and a.contact_id = c.id)::int as activities,
      (select count(*) from list_entries e where e.workspace_id = c.workspace_id and e.contact_id = c.id)::int as entries
    from contacts c
    where c.workspace_id = ${workspaceId} and c.id = any(${contactIds}::uuid[])`.execute(db);
  return new Map(rows.map((r) => [r.contact_id, r]));
}
