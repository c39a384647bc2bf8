// The contact timeline's SQL. Attempts from the dialer write here today; the timeline's own API
// and page build on it.
import type { Insertable, Kysely } from 'kysely';
import type { ActivitiesTable, DB } from '../../db/types.js';

export async function insertActivities(db: Kysely<DB>, rows: Insertable<ActivitiesTable>[]) {
  if (rows.length === 0) return;
  await db.insertInto('activities').values(rows).execute();
}
