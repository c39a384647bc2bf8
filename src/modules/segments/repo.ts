import type { Kysely, Updateable } from 'kysely';
import type { DB, SegmentRow, SegmentsTable } from '../../db/types.js';

export const MAX_SEGMENTS = 500;

export async function list(db: Kysely<DB>, workspaceId: string): Promise<SegmentRow[]> {
  return db
    .selectFrom('segments')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .orderBy('name')
    .limit(MAX_SEGMENTS)
    .execute();
}

export async function find(db: Kysely<DB>, workspaceId: string, id: string): Promise<SegmentRow | undefined> {
  return db
    .selectFrom('segments')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function findMany(db: Kysely<DB>, workspaceId: string, ids: string[]): Promise<SegmentRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('segments')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', 'in', ids)
    .execute();
}

export async function count(db: Kysely<DB>, workspaceId: string): Promise<number> {
  const r = await db
    .selectFrom('segments')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function insert(
  db: Kysely<DB>,
  row: { workspace_id: string; id: string; name: string; filter: unknown; created_by: string | null },
) {
  return db
    .insertInto('segments')
    .values({ ...row, filter: JSON.stringify(row.filter) })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function update(
  db: Kysely<DB>,
  workspaceId: string,
  id: string,
  set: Pick<Updateable<SegmentsTable>, 'name' | 'filter'>,
) {
  return db
    .updateTable('segments')
    .set({ ...set, updated_at: new Date() })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function remove(db: Kysely<DB>, workspaceId: string, id: string) {
  await db.deleteFrom('segments').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

/** Names of segments and groups whose stored filter mentions `id` (a group or segment). */
export async function referencesTo(db: Kysely<DB>, workspaceId: string, id: string): Promise<string[]> {
  const pattern = `%${id}%`;
  const segments = await db
    .selectFrom('segments')
    .select('name')
    .where('workspace_id', '=', workspaceId)
    .where((eb) => eb(eb.cast('filter', 'text'), 'like', pattern))
    .execute();
  const groups = await db
    .selectFrom('groups')
    .select('name')
    .where('workspace_id', '=', workspaceId)
    .where((eb) => eb(eb.cast('filter', 'text'), 'like', pattern))
    .execute();
  return [...segments.map((s) => `segment "${s.name}"`), ...groups.map((g) => `group "${g.name}"`)];
}

/** A unique-name clash on segments or groups. */
export const isNameTaken = (err: unknown) => (err as { code?: string } | null)?.code === '23505';
