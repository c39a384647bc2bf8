import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import type { Actor } from '../auth/actor.js';
import { groupCondition } from '../groups/condition.js';
import { searchCondition } from '../search/condition.js';
import { segmentCondition } from '../segments/condition.js';
import type { ConditionSpec } from './kinds.js';

/**
 * Conditions owned by other modules. A module adds one here (a spec built from kinds.ts helpers);
 * the compiler's core never changes for it.
 */
export function filterExtensions(db: Kysely<DB>, actor: Actor): Record<string, ConditionSpec> {
  return {
    search: searchCondition(),
    group: groupCondition(db, actor),
    segment: segmentCondition(db, actor),
  };
}
