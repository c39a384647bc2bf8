import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import type { Actor } from '../auth/actor.js';
import { visibleContacts } from '../contacts/repo.js';

/** Every tag on the contacts the actor sees, with how many carry it. */
export async function tagCounts(db: Kysely<DB>, actor: Actor): Promise<{ tag: string; count: number }[]> {
  const rows = await visibleContacts(db, actor)
    .innerJoin(sql<{ tag: string }>`unnest(c.tags)`.as('t'), (join) => join.onTrue())
    .select([sql<string>`t.t`.as('tag'), sql<string>`count(*)`.as('n')])
    .groupBy(sql`t.t`)
    .orderBy(sql`count(*)`, 'desc')
    .orderBy(sql`t.t`)
    .limit(10_000)
    .execute();
  return rows.map((r) => ({ tag: r.tag, count: Number(r.n) }));
}
