import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';

export async function find(db: Kysely<DB>, workspaceId: string, userId: string, key: string) {
  const row = await db
    .selectFrom('user_preferences')
    .select('value')
    .where('workspace_id', '=', workspaceId)
    .where('user_id', '=', userId)
    .where('key', '=', key)
    .executeTakeFirst();
  return row?.value;
}

export async function upsert(db: Kysely<DB>, workspaceId: string, userId: string, key: string, json: string) {
  await db
    .insertInto('user_preferences')
    .values({ workspace_id: workspaceId, user_id: userId, key, value: json })
    .onConflict((oc) =>
      oc.columns(['workspace_id', 'user_id', 'key']).doUpdateSet({ value: json, updated_at: new Date() }),
    )
    .execute();
}
