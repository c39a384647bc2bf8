import type { Insertable, Kysely, Updateable } from 'kysely';
import type { CampaignsTable, DB } from '../../db/types.js';

export const MAX_CAMPAIGNS = 1000;

export const isNameTaken = (err: unknown) => {
  const e = err as { code?: string; constraint?: string } | null;
  return e?.code === '23505' && (e.constraint === undefined || e.constraint === 'campaigns_name_key');
};

export async function list(db: Kysely<DB>, workspaceId: string) {
  return db
    .selectFrom('campaigns')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export async function find(db: Kysely<DB>, workspaceId: string, id: string, forUpdate = false) {
  const q = db
    .selectFrom('campaigns')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id);
  return (forUpdate ? q.forUpdate() : q).executeTakeFirst();
}

export async function count(db: Kysely<DB>, workspaceId: string): Promise<number> {
  const r = await db
    .selectFrom('campaigns')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function insert(db: Kysely<DB>, row: Insertable<CampaignsTable>) {
  return db.insertInto('campaigns').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function update(
  db: Kysely<DB>,
  workspaceId: string,
  id: string,
  patch: Updateable<CampaignsTable>,
) {
  return db
    .updateTable('campaigns')
    .set((eb) => ({ ...patch, version: eb('version', '+', 1), updated_at: new Date() }))
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function remove(db: Kysely<DB>, workspaceId: string, id: string) {
  await db.deleteFrom('campaigns').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}
