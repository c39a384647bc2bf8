import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import type { Actor } from '../auth/actor.js';
import { refSpec, type ConditionSpec } from '../filters/kinds.js';
import * as repo from './repo.js';

/** {"field": "segment", "op": "equals", "value": "<segment id>"}: contacts its saved filter matches. */
export function segmentCondition(db: Kysely<DB>, actor: Actor): ConditionSpec {
  return refSpec(
    'Segment',
    'segment',
    async (ids) => new Map((await repo.findMany(db, actor.workspaceId, ids)).map((s) => [s.id, s])),
    (segment, id, c, ctx) => ctx.nested(segment.filter, `segment:${id}`, c, `segment “${segment.name}”`),
    async () => (await repo.list(db, actor.workspaceId)).map((s) => ({ value: s.id, label: s.name })),
  );
}
