import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';

export async function findUserByEmail(db: Kysely<DB>, email: string) {
  return db
    .selectFrom('users')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .executeTakeFirst();
}

/** Active memberships of a user, oldest first: the first is where sign-in lands. */
export async function activeMemberships(db: Kysely<DB>, userId: string) {
  return db
    .selectFrom('memberships')
    .select(['workspace_id', 'role'])
    .where('user_id', '=', userId)
    .where('active', '=', true)
    .orderBy('created_at')
    .execute();
}

export async function insertSession(
  db: Kysely<DB>,
  row: { id: string; user_id: string; workspace_id: string; expires_at: Date },
) {
  await db.insertInto('sessions').values(row).execute();
}

export async function deleteSession(db: Kysely<DB>, id: string) {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

/** The session with its user's membership, only while both are valid. */
export async function findLiveSession(db: Kysely<DB>, id: string) {
  return db
    .selectFrom('sessions as s')
    .innerJoin('memberships as m', (j) =>
      j.onRef('m.workspace_id', '=', 's.workspace_id').onRef('m.user_id', '=', 's.user_id'),
    )
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.id', 's.workspace_id', 's.user_id', 'm.role', 'u.name', 'u.email'])
    .where('s.id', '=', id)
    .where('s.expires_at', '>', new Date())
    .where('m.active', '=', true)
    .executeTakeFirst();
}

export async function deleteExpiredSessions(db: Kysely<DB>) {
  await db.deleteFrom('sessions').where('expires_at', '<=', new Date()).execute();
}
