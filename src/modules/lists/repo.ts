// SQL for contact lists and their entries. The dialer's lease and outcome statements are in
// src/modules/dialer/repo.ts.
import { sql, type Insertable, type Kysely, type Updateable } from 'kysely';
import type { ContactListsTable, DB, EntryState, ListEntriesTable } from '../../db/types.js';
import { PHONE_CHANNELS } from '../contacts/enums.js';

export const MAX_LISTS_PER_CAMPAIGN = 500;

export const isNameTaken = (err: unknown) => {
  const e = err as { code?: string; constraint?: string } | null;
  return e?.code === '23505' && (e.constraint === undefined || e.constraint === 'contact_lists_name_key');
};

export async function listsOf(db: Kysely<DB>, workspaceId: string, campaignId: string) {
  return db
    .selectFrom('contact_lists')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('campaign_id', '=', campaignId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function find(db: Kysely<DB>, workspaceId: string, id: string, forUpdate = false) {
  const q = db
    .selectFrom('contact_lists')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id);
  return (forUpdate ? q.forUpdate() : q).executeTakeFirst();
}

export async function insert(db: Kysely<DB>, row: Insertable<ContactListsTable>) {
  return db.insertInto('contact_lists').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function update(
  db: Kysely<DB>,
  workspaceId: string,
  id: string,
  patch: Updateable<ContactListsTable>,
) {
  return db
    .updateTable('contact_lists')
    .set({ ...patch, updated_at: new Date() })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function remove(db: Kysely<DB>, workspaceId: string, id: string) {
  await db.deleteFrom('contact_lists').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

/**
 * Entries by state for each list. A lease past its expiry counts as callable: the next lease
 * takes it back, and the counters say so already.
 */
export async function counters(db: Kysely<DB>, workspaceId: string, listIds: string[]) {
  const out = new Map<string, Map<EntryState, number>>();
  if (listIds.length === 0) return out;
  const { rows } = await sql<{ list_id: string; state: EntryState; n: string }>`
    select list_id,
           case when state = 'planning' and lease_expires_at < now() then 'callable' else state end as state,
           count(*) as n
    from list_entries
    where workspace_id = ${workspaceId} and list_id = any(${listIds}::uuid[])
    group by 1, 2`.execute(db);
  for (const r of rows) {
    let m = out.get(r.list_id);
    if (!m) out.set(r.list_id, (m = new Map()));
    m.set(r.state, (m.get(r.state) ?? 0) + Number(r.n));
  }
  return out;
}

/** Inserts entries; a contact already on the list keeps its entry. Answers the ids inserted. */
export async function insertEntries(db: Kysely<DB>, rows: Insertable<ListEntriesTable>[]): Promise<string[]> {
  if (rows.length === 0) return [];
  const inserted = await db
    .insertInto('list_entries')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['workspace_id', 'list_id', 'contact_id']).where('contact_id', 'is not', null).doNothing(),
    )
    .returning('id')
    .execute();
  return inserted.map((r) => r.id);
}

const entryColumns = (db: Kysely<DB>) =>
  db
    .selectFrom('list_entries as e')
    .leftJoin('contacts as c', (j) =>
      j.onRef('c.workspace_id', '=', 'e.workspace_id').onRef('c.id', '=', 'e.contact_id'),
    )
    .selectAll('e')
    .select([
      'c.first_name',
      'c.last_name',
      'c.company',
      sql<string | null>`(select p.value from contact_points p
        where p.workspace_id = e.workspace_id and p.contact_id = e.contact_id order by p.position limit 1)`.as(
        'first_point',
      ),
    ]);
export type EntryWithContact = Awaited<ReturnType<ReturnType<typeof entryColumns>['execute']>>[number];

/** A page of a list's entries in id order (creation order), optionally in one state. */
export async function entryPage(
  db: Kysely<DB>,
  workspaceId: string,
  listId: string,
  o: { state?: EntryState; afterId?: string; limit: number },
) {
  let q = entryColumns(db)
    .where('e.workspace_id', '=', workspaceId)
    .where('e.list_id', '=', listId)
    .orderBy('e.id')
    .limit(o.limit);
  if (o.state) q = q.where('e.state', '=', o.state);
  if (o.afterId) q = q.where('e.id', '>', o.afterId);
  return q.execute();
}

export async function findEntry(db: Kysely<DB>, workspaceId: string, id: string) {
  return entryColumns(db).where('e.workspace_id', '=', workspaceId).where('e.id', '=', id).executeTakeFirst();
}

export async function lockEntry(db: Kysely<DB>, workspaceId: string, id: string) {
  return db
    .selectFrom('list_entries')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export async function updateEntry(
  db: Kysely<DB>,
  workspaceId: string,
  id: string,
  patch: Updateable<ListEntriesTable>,
) {
  await db
    .updateTable('list_entries')
    .set({ ...patch, updated_at: new Date() })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .execute();
}

export async function deleteEntry(db: Kysely<DB>, workspaceId: string, id: string) {
  await db.deleteFrom('list_entries').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

/** What an entry's time zones come from: the contact's zone and its first phone number. */
export async function zoneSources(db: Kysely<DB>, workspaceId: string, contactIds: string[]) {
  if (contactIds.length === 0) return new Map<string, { time_zone: string | null; phone: string | null }>();
  const { rows } = await sql<{ id: string; time_zone: string | null; phone: string | null }>`
    select c.id, c.time_zone,
           (select p.normalized from contact_points p
             where p.workspace_id = c.workspace_id and p.contact_id = c.id
               and p.channel in (${sql.join([...PHONE_CHANNELS])})
             order by p.position limit 1) as phone
    from contacts c
    where c.workspace_id = ${workspaceId} and c.id = any(${contactIds}::uuid[])`.execute(db);
  return new Map(rows.map((r) => [r.id, r]));
}
