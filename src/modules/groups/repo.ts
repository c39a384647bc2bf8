import { sql, type Kysely, type SqlBool, type Updateable } from 'kysely';
import type { DB, GroupRow, GroupsTable } from '../../db/types.js';

export const MAX_GROUPS = 1000;

export async function list(db: Kysely<DB>, workspaceId: string): Promise<GroupRow[]> {
  return db
    .selectFrom('groups')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .orderBy('category')
    .orderBy('name')
    .limit(MAX_GROUPS)
    .execute();
}

export async function find(db: Kysely<DB>, workspaceId: string, id: string, forUpdate = false) {
  let q = db.selectFrom('groups').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function findMany(db: Kysely<DB>, workspaceId: string, ids: string[]): Promise<GroupRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('groups')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', 'in', ids)
    .execute();
}

export async function count(db: Kysely<DB>, workspaceId: string): Promise<number> {
  const r = await db
    .selectFrom('groups')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function insert(
  db: Kysely<DB>,
  row: Omit<GroupRow, 'created_at' | 'updated_at' | 'filter'> & { filter: unknown },
) {
  return db
    .insertInto('groups')
    .values({ ...row, filter: row.filter === null ? null : JSON.stringify(row.filter) })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function update(
  db: Kysely<DB>,
  workspaceId: string,
  id: string,
  set: Pick<Updateable<GroupsTable>, 'name' | 'category' | 'filter'>,
) {
  return db
    .updateTable('groups')
    .set({ ...set, updated_at: new Date() })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function remove(db: Kysely<DB>, workspaceId: string, id: string) {
  await db.deleteFrom('groups').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

/**
 * Adds the given contacts to a static group; answers the ids that were not members yet. The
 * caller has already narrowed `contactIds` to contacts the actor may see.
 */
export async function addMembers(db: Kysely<DB>, workspaceId: string, groupId: string, contactIds: string[]) {
  if (contactIds.length === 0) return [];
  const rows = await sql<{ contact_id: string }>`
    insert into group_members (workspace_id, group_id, contact_id)
    select ${workspaceId}::uuid, ${groupId}::uuid, id from unnest(${contactIds}::uuid[]) as id
    on conflict do nothing
    returning contact_id`.execute(db);
  return rows.rows.map((r) => r.contact_id);
}

export async function removeMembers(
  db: Kysely<DB>,
  workspaceId: string,
  groupId: string,
  contactIds: string[],
): Promise<string[]> {
  if (contactIds.length === 0) return [];
  const rows = await db
    .deleteFrom('group_members')
    .where('workspace_id', '=', workspaceId)
    .where('group_id', '=', groupId)
    .where(sql<SqlBool>`contact_id = any(${contactIds}::uuid[])`)
    .returning('contact_id')
    .execute();
  return rows.map((r) => r.contact_id);
}

/** Moves every member of `fromId` into `toId` (a static group); answers the contacts newly added. */
export async function moveAllMembers(db: Kysely<DB>, workspaceId: string, fromId: string, toId: string) {
  const rows = await sql<{ contact_id: string }>`
    insert into group_members (workspace_id, group_id, contact_id)
    select workspace_id, ${toId}::uuid, contact_id from group_members
    where workspace_id = ${workspaceId} and group_id = ${fromId}
    on conflict do nothing
    returning contact_id`.execute(db);
  return rows.rows.map((r) => r.contact_id);
}
