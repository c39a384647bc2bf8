import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';

export async function insert(
  db: Kysely<DB>,
  row: {
    workspace_id: string;
    id: string;
    name: string;
    prefix: string;
    secret_hash: string;
    created_by: string | null;
  },
) {
  return db.insertInto('api_keys').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function list(db: Kysely<DB>, workspaceId: string) {
  return db
    .selectFrom('api_keys')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .orderBy('created_at', 'desc')
    .execute();
}

export async function findById(db: Kysely<DB>, id: string) {
  return db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function revoke(db: Kysely<DB>, workspaceId: string, id: string) {
  return db
    .updateTable('api_keys')
    .set({ revoked_at: new Date() })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

export async function touch(db: Kysely<DB>, workspaceId: string, id: string) {
  await db
    .updateTable('api_keys')
    .set({ last_used_at: new Date() })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .execute();
}
