import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { DB } from '../../db/types.js';
import { isManager, type Actor } from '../auth/actor.js';
import { contactCondition } from '../filters/service.js';
import { searchPlanFor, type SearchPlan } from '../search/search.js';
import * as repo from './repo.js';

/** Which contacts a list, count, export or bulk action covers, before visibility narrows it. */
export interface Selection {
  /** Only these contacts. */
  ids?: string[];
  /** Search box text. */
  q?: string;
  /** A filter tree (see src/modules/filters). */
  filter?: unknown;
}

/** The conditions over `c` for a selection, and the search plan when there is a query. */
export async function selectionConditions(
  db: Kysely<DB>,
  actor: Actor,
  sel: Selection,
  root = 'filter',
): Promise<{
  conditions: RawBuilder<SqlBool>[];
  /** The conditions other than the search's (ids and filter). */
  narrowing: RawBuilder<SqlBool>[];
  plan: SearchPlan | null;
}> {
  const narrowing: RawBuilder<SqlBool>[] = [];
  if (sel.ids) narrowing.push(sql<SqlBool>`c.id = any(${[...new Set(sel.ids)]}::uuid[])`);
  if (sel.filter !== undefined && sel.filter !== null)
    narrowing.push(await contactCondition(db, actor, sel.filter, root));
  const plan = sel.q ? searchPlanFor(actor, sel.q) : null;
  return { conditions: plan ? [...narrowing, plan.where] : narrowing, narrowing, plan };
}

/** How many contacts the actor sees that match a selection. */
export async function countContacts(db: Kysely<DB>, actor: Actor, sel: Selection) {
  const { conditions } = await selectionConditions(db, actor, sel);
  return repo.countMatching(db, actor, conditions);
}

/** Of the given ids, the contacts the actor may see (with `ownedOnly`, may manage). */
export async function visibleContactIds(
  db: Kysely<DB>,
  actor: Actor,
  ids: string[],
  ownedOnly = false,
): Promise<string[]> {
  return repo.visibleIdsAmong(db, actor, [...new Set(ids)], ownedOnly && !isManager(actor));
}

/** Ids of every contact the actor sees that match a filter (callers bound the count first). */
export async function matchingContactIds(db: Kysely<DB>, actor: Actor, filter: unknown): Promise<string[]> {
  const { conditions } = await selectionConditions(db, actor, { filter });
  return repo.idsMatching(db, actor, conditions);
}

/**
 * A selection walked in id order, for bulk work: its count, then pages of ids. With `ownedOnly`,
 * an agent's selection is narrowed to the contacts it owns (what it may delete or hand over).
 */
export async function selectionWalker(
  db: Kysely<DB>,
  actor: Actor,
  sel: Selection,
  ownedOnly: boolean,
  root = 'filter',
) {
  const { conditions } = await selectionConditions(db, actor, sel, root);
  const owned = ownedOnly && !isManager(actor);
  return {
    count: () =>
      owned ? repo.countOwnedMatching(db, actor, conditions) : repo.countMatching(db, actor, conditions),
    page: (trx: Kysely<DB>, afterId: string | null, limit: number) =>
      repo.idPage(trx, actor, conditions, afterId, limit, owned),
  };
}
