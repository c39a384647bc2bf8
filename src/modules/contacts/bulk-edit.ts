// Set-based edits of many contacts at once (bulk actions, tag renames): one statement per chunk of
// ids updates the rows, bumps their versions and writes each contact's change-log entry. Callers
// pass ids already narrowed to what the actor may touch.
import { sql, type Kysely, type SqlBool } from 'kysely';
import type { DB } from '../../db/types.js';
import { newId } from '../../lib/ids.js';
import type { Actor } from '../auth/actor.js';
import { hasSubscribers, publishMany } from '../webhooks/publish.js';
import type { FieldChange } from './changes.js';
import { presentMany } from './service.js';

const changeIds = (n: number) => Array.from({ length: n }, newId);

const who = (actor: Actor) => ({
  type: actor.userId ? 'user' : actor.apiKeyId ? 'api_key' : 'system',
  id: actor.userId ?? actor.apiKeyId,
  name: actor.name,
});

/**
 * Updates `column` to `next` (SQL over the locked row `c`) where it changes, logging before and
 * after under `field`. Answers how many contacts changed.
 */
async function editColumn(
  db: Kysely<DB>,
  actor: Actor,
  ids: string[],
  column: 'tags' | 'owner_id',
  field: string,
  next: ReturnType<typeof sql>,
): Promise<number> {
  if (ids.length === 0) return 0;
  const a = who(actor);
  // The change-log rows come back only when a hook takes them: a million contacts tagged with
  // nobody listening send nothing back.
  const listening = await hasSubscribers(db, actor.workspaceId, 'contact.updated');
  const result = await sql<{ contact_id: string; changes: FieldChange[] }>`
    with target as (
      select c.id, c.${sql.ref(column)} as before, ${next} as after
      from contacts c
      where c.workspace_id = ${actor.workspaceId} and c.id = any(${ids}::uuid[])
      for update of c
    ), changed as (
      update contacts c set ${sql.ref(column)} = t.after, version = c.version + 1, updated_at = now()
      from target t
      where c.workspace_id = ${actor.workspaceId} and c.id = t.id and t.after is distinct from t.before
      returning c.id, t.before, t.after
    ), numbered as (
      select id, before, after, row_number() over () as n from changed
    )
    insert into contact_changes (workspace_id, id, contact_id, action, actor_type, actor_id, actor_name, changes)
    select ${actor.workspaceId}, x.change_id, n.id, 'update', ${a.type}, ${a.id}, ${a.name},
           jsonb_build_array(jsonb_build_object('field', ${field}::text, 'before', to_jsonb(n.before), 'after', to_jsonb(n.after)))
    from numbered n join unnest(${changeIds(ids.length)}::uuid[]) with ordinality as x(change_id, n) on x.n = n.n
    ${listening ? sql`returning contact_id, changes` : sql``}`.execute(db);
  if (listening) await publishUpdates(db, actor.workspaceId, result.rows);
  return Number(result.numAffectedRows ?? 0);
}

/** `contact.updated` for contacts changed by a set-based edit: each contact as it is now, and its changes. */
async function publishUpdates(
  db: Kysely<DB>,
  workspaceId: string,
  updates: { contact_id: string; changes: FieldChange[] }[],
) {
  if (updates.length === 0) return;
  const rows = await db
    .selectFrom('contacts')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where(sql<SqlBool>`id = any(${updates.map((u) => u.contact_id)}::uuid[])`)
    .execute();
  const contacts = new Map((await presentMany(db, workspaceId, rows)).map((c) => [c.id, c]));
  await publishMany(
    db,
    workspaceId,
    'contact.updated',
    updates.flatMap((u) => {
      const contact = contacts.get(u.contact_id);
      return contact ? [{ contact, changes: u.changes }] : [];
    }),
  );
}

/** Removes `remove` and appends `add` (those not already there), keeping the tags' order. */
export function editTags(db: Kysely<DB>, actor: Actor, ids: string[], remove: string[], add: string[]) {
  const kept = sql`array(select t from unnest(c.tags) with ordinality as a(t, i) where t <> all(${remove}::text[]) order by i)`;
  const next = sql`${kept} || array(select t from unnest(${add}::text[]) with ordinality as b(t, i) where t <> all(${kept}) order by i)`;
  return editColumn(db, actor, ids, 'tags', 'tags', next);
}

export function setOwner(db: Kysely<DB>, actor: Actor, ids: string[], ownerId: string | null) {
  return editColumn(db, actor, ids, 'owner_id', 'ownerId', sql`${ownerId}::uuid`);
}
