import { sql, type Kysely } from 'kysely';
import type { DB, Role } from '../../db/types.js';

const memberColumns = ['u.id', 'u.name', 'u.email', 'm.role', 'm.active', 'm.created_at'] as const;

function members(db: Kysely<DB>, workspaceId: string) {
  return db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(memberColumns)
    .where('m.workspace_id', '=', workspaceId);
}

export type MemberRow = Awaited<ReturnType<typeof findMember>> & {};

export async function listMembers(db: Kysely<DB>, workspaceId: string) {
  return members(db, workspaceId).orderBy('u.name').execute();
}

export async function findMember(db: Kysely<DB>, workspaceId: string, userId: string) {
  return members(db, workspaceId).where('u.id', '=', userId).executeTakeFirst();
}

export async function findUser(db: Kysely<DB>, userId: string) {
  return db.selectFrom('users').select(['id', 'name', 'email']).where('id', '=', userId).executeTakeFirst();
}

export async function emailTaken(db: Kysely<DB>, email: string): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where(sql<string>`lower(email)`, '=', email.toLowerCase())
    .executeTakeFirst();
  return !!row;
}

/** The unique index on lower(email) refused an insert: a concurrent request created the same user first. */
export function isEmailTaken(err: unknown): boolean {
  const e = err as { code?: string; constraint?: string } | null;
  return e?.code === '23505' && e.constraint === 'users_email_key';
}

export async function insertUser(
  db: Kysely<DB>,
  row: { id: string; name: string; email: string; password_hash: string },
) {
  await db.insertInto('users').values(row).execute();
}

export async function insertMembership(
  db: Kysely<DB>,
  row: { workspace_id: string; user_id: string; role: Role },
) {
  await db.insertInto('memberships').values(row).execute();
}

export async function updateMembership(
  db: Kysely<DB>,
  workspaceId: string,
  userId: string,
  set: Partial<{ role: Role; active: boolean }>,
) {
  await db
    .updateTable('memberships')
    .set(set)
    .where('workspace_id', '=', workspaceId)
    .where('user_id', '=', userId)
    .execute();
}

export async function updateUser(
  db: Kysely<DB>,
  userId: string,
  set: Partial<{ name: string; password_hash: string }>,
) {
  await db.updateTable('users').set(set).where('id', '=', userId).execute();
}

/** Counts a workspace's active owners and locks their rows until the transaction ends, so two
 * concurrent demotions cannot each see the other owner still in place. */
export async function countActiveOwners(db: Kysely<DB>, workspaceId: string): Promise<number> {
  const rows = await db
    .selectFrom('memberships')
    .select('user_id')
    .where('workspace_id', '=', workspaceId)
    .where('role', '=', 'owner')
    .where('active', '=', true)
    .orderBy('user_id')
    .forUpdate()
    .execute();
  return rows.length;
}

export async function deleteSessionsOf(db: Kysely<DB>, workspaceId: string, userId: string) {
  await db
    .deleteFrom('sessions')
    .where('workspace_id', '=', workspaceId)
    .where('user_id', '=', userId)
    .execute();
}

/** Ids of active members among the given ones (for sharing and ownership checks). */
export async function activeMemberIds(
  db: Kysely<DB>,
  workspaceId: string,
  ids: string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('memberships')
    .select('user_id')
    .where('workspace_id', '=', workspaceId)
    .where('user_id', 'in', ids)
    .where('active', '=', true)
    .execute();
  return new Set(rows.map((r) => r.user_id));
}
