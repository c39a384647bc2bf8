import { sql, type Kysely, type SqlBool } from 'kysely';
import type { DB } from '../../db/types.js';
import type { Actor } from '../auth/actor.js';
import { refSpec, type ConditionSpec } from '../filters/kinds.js';
import * as repo from './repo.js';

/**
 * {"field": "group", "op": "equals", "value": "<group id>"}: members of a static group, or the
 * contacts a dynamic group's filter matches now.
 */
export function groupCondition(db: Kysely<DB>, actor: Actor): ConditionSpec {
  return refSpec(
    'Group',
    'group',
    async (ids) => new Map((await repo.findMany(db, actor.workspaceId, ids)).map((g) => [g.id, g])),
    async (group, id, c, ctx) =>
      group.kind === 'dynamic'
        ? ctx.nested(group.filter, `group:${id}`, c, `group “${group.name}”`)
        : sql<SqlBool>`exists (select 1 from group_members m
            where m.workspace_id = c.workspace_id and m.group_id = ${id}::uuid and m.contact_id = c.id)`,
    async () =>
      (await repo.list(db, actor.workspaceId)).map((g) => ({
        value: g.id,
        label: g.category ? `${g.name} (${g.category})` : g.name,
      })),
  );
}
