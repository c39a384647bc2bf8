// The contact timeline's SQL: activities, and the contact's change log read as part of it.
import { sql, type Insertable, type Kysely } from 'kysely';
import type { ActivitiesTable, DB } from '../../db/types.js';

export async function insertActivities(db: Kysely<DB>, rows: Insertable<ActivitiesTable>[]) {
  if (rows.length === 0) return;
  await db.insertInto('activities').values(rows).execute();
}

/**
 * Inserts activities; those whose external id is already stored are left as they are. Answers the
 * ids of the stored activity for each external id given (new or not).
 */
export async function insertIdempotent(
  db: Kysely<DB>,
  workspaceId: string,
  rows: Insertable<ActivitiesTable>[],
) {
  if (rows.length === 0) return { inserted: new Set<string>(), byExternal: new Map<string, string>() };
  const inserted = await db
    .insertInto('activities')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['workspace_id', 'external_id']).where('external_id', 'is not', null).doNothing(),
    )
    .returning('id')
    .execute();
  const externals = rows.flatMap((r) => (r.external_id ? [r.external_id] : []));
  const stored = externals.length
    ? await db
        .selectFrom('activities')
        .select(['id', 'external_id'])
        .where('workspace_id', '=', workspaceId)
        .where('external_id', 'in', externals)
        .execute()
    : [];
  return {
    inserted: new Set(inserted.map((r) => r.id)),
    byExternal: new Map(stored.map((r) => [r.external_id!, r.id])),
  };
}

export async function findActivities(db: Kysely<DB>, workspaceId: string, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('activities')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', 'in', ids)
    .execute();
}

const microsToTime = (us: string) => sql`(timestamptz 'epoch' + (${us} || ' microseconds')::interval)`;

export interface PageWindow {
  kinds: string[] | null;
  from?: Date;
  to?: Date;
  /**
   * The last item of the previous page: this page starts strictly after it, newest first. Times
   * travel as microseconds since 1970 (text): a JavaScript Date would drop the database's
   * microseconds and skip items on the page boundary.
   */
  after?: { us: string; id: string };
  limit: number;
}

/** A contact's activities, newest first. */
export async function activityPage(db: Kysely<DB>, workspaceId: string, contactId: string, w: PageWindow) {
  let q = db
    .selectFrom('activities')
    .selectAll()
    .select(sql<string>`(extract(epoch from occurred_at) * 1000000)::bigint::text`.as('at_us'))
    .where('workspace_id', '=', workspaceId)
    .where('contact_id', '=', contactId)
    .orderBy('occurred_at', 'desc')
    .orderBy('id', 'desc')
    .limit(w.limit);
  if (w.kinds) q = q.where('kind', 'in', w.kinds);
  if (w.from) q = q.where('occurred_at', '>=', w.from);
  if (w.to) q = q.where('occurred_at', '<', w.to);
  if (w.after)
    q = q.where(sql<boolean>`(occurred_at, id) < (${microsToTime(w.after.us)}, ${w.after.id}::uuid)`);
  return q.execute();
}

/** A contact's change log entries in the same order and window. */
export async function changePage(db: Kysely<DB>, workspaceId: string, contactId: string, w: PageWindow) {
  let q = db
    .selectFrom('contact_changes')
    .selectAll()
    .select(sql<string>`(extract(epoch from created_at) * 1000000)::bigint::text`.as('at_us'))
    .where('workspace_id', '=', workspaceId)
    .where('contact_id', '=', contactId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(w.limit);
  if (w.from) q = q.where('created_at', '>=', w.from);
  if (w.to) q = q.where('created_at', '<', w.to);
  if (w.after)
    q = q.where(sql<boolean>`(created_at, id) < (${microsToTime(w.after.us)}, ${w.after.id}::uuid)`);
  return q.execute();
}
