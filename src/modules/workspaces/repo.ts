import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types.js';

export async function anyUserExists(db: Kysely<DB>): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select(sql<number>`1`.as('one'))
    .limit(1)
    .executeTakeFirst();
  return !!row;
}

export async function insertWorkspace(
  db: Kysely<DB>,
  row: { id: string; name: string; default_country: string },
) {
  return db.insertInto('workspaces').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findWorkspace(db: Kysely<DB>, id: string) {
  return db.selectFrom('workspaces').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

export async function updateWorkspace(
  db: Kysely<DB>,
  id: string,
  set: Partial<{
    name: string;
    default_country: string;
    date_format: string;
    optout_keywords: string[];
    optin_keywords: string[];
  }>,
) {
  return db.updateTable('workspaces').set(set).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** Serialises first-run setup so two browsers racing on an empty install cannot both create an owner. */
export async function lockSetup(db: Kysely<DB>) {
  await sql`select pg_advisory_xact_lock(7243001)`.execute(db);
}

/** The oldest active owner of the oldest workspace (the demo script adds contacts for them). */
export async function firstOwner(db: Kysely<DB>) {
  return db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.workspace_id', 'm.user_id', 'u.name'])
    .where('m.role', '=', 'owner')
    .where('m.active', '=', true)
    .orderBy('m.created_at')
    .executeTakeFirst();
}
