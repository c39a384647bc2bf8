// SQL of webhooks and their deliveries (the outbox).
import { sql, type Kysely, type Updateable } from 'kysely';
import type { DB, DeliveryState, WebhookDeliveryRow, WebhookRow, WebhooksTable } from '../../db/types.js';

export async function insertWebhook(
  db: Kysely<DB>,
  row: Pick<WebhookRow, 'workspace_id' | 'id' | 'url' | 'events' | 'secret' | 'description' | 'created_by'>,
) {
  return db.insertInto('webhooks').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function countWebhooks(db: Kysely<DB>, workspaceId: string) {
  const r = await db
    .selectFrom('webhooks')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export type WebhookWithLast = WebhookRow & {
  last_id: string | null;
  last_event: string | null;
  last_state: DeliveryState | null;
  last_status: number | null;
  last_at: Date | null;
};

/** Hooks with their newest delivery, oldest hook first; one hook when `id` is given. */
export async function listWebhooks(db: Kysely<DB>, workspaceId: string, id?: string) {
  const { rows } = await sql<WebhookWithLast>`
    select w.*, d.id as last_id, d.event as last_event, d.state as last_state, d.last_status,
           coalesce(d.last_attempt_at, d.created_at) as last_at
    from webhooks w
    left join lateral (
      select x.id, x.event, x.state, x.last_status, x.last_attempt_at, x.created_at
      from webhook_deliveries x
      where x.workspace_id = w.workspace_id and x.webhook_id = w.id
      order by x.id desc limit 1
    ) d on true
    where w.workspace_id = ${workspaceId} and (${id ?? null}::uuid is null or w.id = ${id ?? null}::uuid)
    order by w.created_at, w.id`.execute(db);
  return rows;
}

export async function updateWebhook(
  db: Kysely<DB>,
  workspaceId: string,
  id: string,
  patch: Updateable<WebhooksTable>,
) {
  return db
    .updateTable('webhooks')
    .set({ ...patch, updated_at: new Date() })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteWebhook(db: Kysely<DB>, workspaceId: string, id: string) {
  const r = await db
    .deleteFrom('webhooks')
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** The active hooks of a workspace and what they subscribe to (publish's cache fills from this). */
export async function activeHooks(db: Kysely<DB>, workspaceId: string) {
  return db
    .selectFrom('webhooks')
    .select(['id', 'events'])
    .where('workspace_id', '=', workspaceId)
    .where('state', '=', 'active')
    .execute();
}

export interface NewDelivery {
  id: string;
  webhook_id: string;
  event_id: string;
  payload: string;
}

/**
 * Writes deliveries of one event type, keeping only those whose hook is, in this transaction,
 * still active and subscribed: a hook paused or deleted a moment ago gets nothing.
 */
export async function insertDeliveries(
  db: Kysely<DB>,
  workspaceId: string,
  event: string,
  rows: NewDelivery[],
  opts: { anyState?: boolean } = {},
) {
  if (rows.length === 0) return;
  const anyState = opts.anyState ?? false;
  await sql`
    insert into webhook_deliveries (workspace_id, id, webhook_id, event, event_id, payload, next_attempt_at)
    select w.workspace_id, r.id, w.id, ${event}, r.event_id, r.payload::jsonb, now()
    from unnest(${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.webhook_id)}::uuid[],
                ${rows.map((r) => r.event_id)}::uuid[], ${rows.map((r) => r.payload)}::text[])
      as r(id, webhook_id, event_id, payload)
    join webhooks w on w.workspace_id = ${workspaceId} and w.id = r.webhook_id
    where ${anyState} or (w.state = 'active' and (${event} = any(w.events) or '*' = any(w.events)))`.execute(
    db,
  );
}

/** Workspaces with deliveries due at `now` on an active hook. Read without locks (see claimDue). */
export async function dueWorkspaces(db: Kysely<DB>, now: Date, limit: number) {
  const { rows } = await sql<{ workspace_id: string }>`
    select distinct d.workspace_id
    from webhook_deliveries d
    join webhooks w on w.workspace_id = d.workspace_id and w.id = d.webhook_id and w.state = 'active'
    where d.state in ('pending', 'sending', 'failed') and d.next_attempt_at <= ${now}
    limit ${limit}`.execute(db);
  return rows.map((r) => r.workspace_id);
}

export type Claimed = WebhookDeliveryRow & { url: string; secret: string };

/**
 * Claims up to `limit` due deliveries of one workspace's active hooks: each becomes `sending`,
 * with one more attempt, until `leaseUntil` (a worker that dies mid-send leaves it due again
 * then). SKIP LOCKED lets servers claim side by side without taking the same row; one workspace
 * per statement, because on Citus a lock can be taken on one shard, not across them. The picked
 * ids are an `array(…)`, computed once: as an `in (…)` subquery the planner could rescan it per
 * row, each rescan skipping the rows just locked and taking more, past `limit` (50 of 10 seen).
 */
export async function claimDue(
  db: Kysely<DB>,
  workspaceId: string,
  now: Date,
  leaseUntil: Date,
  limit: number,
) {
  const { rows } = await sql<Claimed>`
    update webhook_deliveries d
    set state = 'sending', attempts = d.attempts + 1, next_attempt_at = ${leaseUntil}
    from webhooks w
    where w.workspace_id = d.workspace_id and w.id = d.webhook_id
      and d.workspace_id = ${workspaceId}
      and d.id = any(array(
        select q.id from webhook_deliveries q
        join webhooks h on h.workspace_id = q.workspace_id and h.id = q.webhook_id and h.state = 'active'
        where q.workspace_id = ${workspaceId} and q.state in ('pending', 'sending', 'failed')
          and q.next_attempt_at <= ${now}
        order by q.next_attempt_at, q.id
        limit ${limit}
        for update of q skip locked))
    returning d.*, w.url, w.secret`.execute(db);
  return rows;
}

/**
 * Claims one delivery to send it now (retry, test), whatever its hook's state. Null when there is
 * no such delivery or a worker is sending it right now.
 */
export async function claimOne(
  db: Kysely<DB>,
  workspaceId: string,
  webhookId: string,
  id: string,
  now: Date,
  leaseUntil: Date,
) {
  const { rows } = await sql<Claimed>`
    update webhook_deliveries d
    set state = 'sending', attempts = d.attempts + 1, next_attempt_at = ${leaseUntil}
    from webhooks w
    where w.workspace_id = d.workspace_id and w.id = d.webhook_id
      and d.workspace_id = ${workspaceId} and d.webhook_id = ${webhookId} and d.id = ${id}
      and (d.state <> 'sending' or d.next_attempt_at <= ${now})
    returning d.*, w.url, w.secret`.execute(db);
  return rows[0] ?? null;
}

export interface Outcome {
  state: DeliveryState;
  last_attempt_at: Date;
  next_attempt_at: Date | null;
  last_status: number | null;
  last_error: string | null;
  response: string | null;
  delivered_at: Date | null;
}

/** Records what an attempt came to, unless another claim took the delivery over meanwhile. */
export async function recordOutcome(db: Kysely<DB>, claimed: Claimed, outcome: Outcome) {
  return db
    .updateTable('webhook_deliveries')
    .set(outcome)
    .where('workspace_id', '=', claimed.workspace_id)
    .where('id', '=', claimed.id)
    .where('state', '=', 'sending')
    .where('attempts', '=', claimed.attempts)
    .returningAll()
    .executeTakeFirst();
}

export async function findDelivery(db: Kysely<DB>, workspaceId: string, webhookId: string, id: string) {
  return db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('webhook_id', '=', webhookId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** A hook's deliveries, newest first, a page after `before` (a delivery id). */
export async function listDeliveries(
  db: Kysely<DB>,
  workspaceId: string,
  webhookId: string,
  o: { state?: DeliveryState; before?: string; limit: number },
) {
  let q = db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('webhook_id', '=', webhookId);
  if (o.state) q = q.where('state', '=', o.state);
  if (o.before) q = q.where('id', '<', o.before);
  return q.orderBy('id', 'desc').limit(o.limit).execute();
}

/** Workspaces that may have deliveries: deliveries belong to a hook and go when it does. */
export async function workspacesWithHooks(db: Kysely<DB>) {
  const rows = await db.selectFrom('webhooks').select('workspace_id').distinct().execute();
  return rows.map((r) => r.workspace_id);
}

/**
 * Deletes up to `limit` of a workspace's ended deliveries (succeeded or dead) whose last attempt
 * was before `before`; answers how many. One workspace per statement and SKIP LOCKED as in
 * claimDue: servers pruning at once take different rows, and a delivery being retried right now
 * is left alone (it is no longer ended once claimed). `= any(array(…))`, not `in (…)`: the planner
 * may rescan an `in` subquery per row, and each rescan skips the rows already deleted and takes
 * the next ones, so the statement would go past `limit` (the retention test saw 25 of 10).
 */
export async function deleteEndedDeliveries(
  db: Kysely<DB>,
  workspaceId: string,
  before: Date,
  limit: number,
) {
  const r = await sql`
    delete from webhook_deliveries
    where workspace_id = ${workspaceId} and id = any(array(
      select id from webhook_deliveries
      where workspace_id = ${workspaceId} and state in ('succeeded', 'dead') and last_attempt_at < ${before}
      limit ${limit}
      for update skip locked))`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}
