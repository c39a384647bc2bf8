import { sql, type Kysely } from 'kysely';
import type { DB, FieldType } from '../../db/types.js';

export async function list(db: Kysely<DB>, workspaceId: string) {
  return db
    .selectFrom('field_definitions')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function find(db: Kysely<DB>, workspaceId: string, id: string) {
  return db
    .selectFrom('field_definitions')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function count(db: Kysely<DB>, workspaceId: string): Promise<number> {
  const r = await db
    .selectFrom('field_definitions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function insert(
  db: Kysely<DB>,
  row: {
    workspace_id: string;
    id: string;
    key: string;
    label: string;
    type: FieldType;
    options: string[];
    required: boolean;
  },
) {
  return db
    .insertInto('field_definitions')
    .values({ ...row, options: JSON.stringify(row.options) })
    .onConflict((oc) => oc.columns(['workspace_id', 'key']).doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function update(
  db: Kysely<DB>,
  workspaceId: string,
  id: string,
  set: Partial<{ label: string; options: string[]; required: boolean }>,
) {
  return db
    .updateTable('field_definitions')
    .set({ ...set, options: set.options ? JSON.stringify(set.options) : undefined })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export async function remove(db: Kysely<DB>, workspaceId: string, id: string) {
  return db
    .deleteFrom('field_definitions')
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/** Drops a deleted field's values from every contact so they cannot resurface under a new field. */
export async function stripValues(db: Kysely<DB>, workspaceId: string, key: string) {
  await db
    .updateTable('contacts')
    .set({ custom: sql`custom - ${key}` })
    .where('workspace_id', '=', workspaceId)
    .where(sql<boolean>`custom ? ${key}`)
    .execute();
}
