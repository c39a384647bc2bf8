// Webhook rules: managers register, change and remove hooks; the secret is shown once (at
// creation and at each rotation); deliveries can be listed, retried and tested.
import type { Kysely } from 'kysely';
import type { DB, WebhookDeliveryRow } from '../../db/types.js';
import { newId } from '../../lib/ids.js';
import { randomToken } from '../../lib/secrets.js';
import { AppError, fieldError, notFound } from '../../server/errors.js';
import { assertManager, type Actor } from '../auth/actor.js';
import { literalPrivateHost } from './address.js';
import { sendClaimed } from './deliver.js';
import { PING } from './events.js';
import { forgetHooks } from './publish.js';
import * as repo from './repo.js';
import {
  MAX_WEBHOOKS_PER_WORKSPACE,
  type Delivery,
  type DeliveryQuery,
  type Webhook,
  type WebhookCreate,
  type WebhookPatch,
} from './schema.js';

/** How long a test or a retry from the API waits for the receiver. */
const INLINE_TIMEOUT_MS = 10_000;

const newSecret = () => `whsec_${randomToken(32)}`;

export function present(row: repo.WebhookWithLast): Webhook {
  return {
    id: row.id,
    url: row.url,
    events: row.events,
    description: row.description,
    state: row.state,
    secretPrefix: row.secret.slice(0, 10),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    lastDelivery:
      row.last_id && row.last_state && row.last_event && row.last_at
        ? {
            id: row.last_id,
            event: row.last_event,
            state: row.last_state,
            lastStatus: row.last_status,
            at: new Date(row.last_at).toISOString(),
          }
        : null,
  };
}

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

export function presentDelivery(d: WebhookDeliveryRow): Delivery {
  const waiting = d.state === 'pending' || d.state === 'failed';
  return {
    id: d.id,
    webhookId: d.webhook_id,
    event: d.event,
    eventId: d.event_id,
    state: d.state,
    attempts: d.attempts,
    nextAttemptAt: waiting ? iso(d.next_attempt_at) : null,
    lastStatus: d.last_status,
    lastError: d.last_error,
    response: d.response,
    data: d.payload,
    createdAt: d.created_at.toISOString(),
    deliveredAt: iso(d.delivered_at),
  };
}

async function load(db: Kysely<DB>, actor: Actor, id: string) {
  const [row] = await repo.listWebhooks(db, actor.workspaceId, id);
  if (!row) throw notFound('Webhook');
  return row;
}

export async function listWebhooks(db: Kysely<DB>, actor: Actor) {
  assertManager(actor, 'manage webhooks');
  return { items: (await repo.listWebhooks(db, actor.workspaceId)).map(present) };
}

export async function getWebhook(db: Kysely<DB>, actor: Actor, id: string) {
  assertManager(actor, 'manage webhooks');
  return present(await load(db, actor, id));
}

/** Where deliveries may go (config.webhookAllowPrivate). */
export interface DeliveryPolicy {
  allowPrivate: boolean;
}

/** A URL whose host is written as a private address (or localhost) is refused at once. */
function checkUrl(url: string | undefined, policy: DeliveryPolicy) {
  if (url === undefined || policy.allowPrivate) return;
  const host = literalPrivateHost(new URL(url));
  if (host) throw fieldError('url', `${host} is a private address; webhooks go to public addresses only`);
}

export async function createWebhook(
  trx: Kysely<DB>,
  actor: Actor,
  input: WebhookCreate,
  policy: DeliveryPolicy,
) {
  assertManager(actor, 'manage webhooks');
  checkUrl(input.url, policy);
  if ((await repo.countWebhooks(trx, actor.workspaceId)) >= MAX_WEBHOOKS_PER_WORKSPACE)
    throw new AppError(
      'conflict',
      `A workspace can have at most ${MAX_WEBHOOKS_PER_WORKSPACE} webhooks; delete one you no longer use`,
    );
  const secret = newSecret();
  const row = await repo.insertWebhook(trx, {
    workspace_id: actor.workspaceId,
    id: newId(),
    url: input.url,
    events: input.events,
    secret,
    description: input.description ?? null,
    created_by: actor.userId,
  });
  forgetHooks(actor.workspaceId);
  return { ...present({ ...row, ...NO_LAST }), secret };
}

const NO_LAST = { last_id: null, last_event: null, last_state: null, last_status: null, last_at: null };

export async function updateWebhook(
  db: Kysely<DB>,
  actor: Actor,
  id: string,
  patch: WebhookPatch,
  policy: DeliveryPolicy,
) {
  assertManager(actor, 'manage webhooks');
  checkUrl(patch.url, policy);
  const row = await repo.updateWebhook(db, actor.workspaceId, id, {
    url: patch.url,
    events: patch.events,
    description: patch.description,
    state: patch.state,
  });
  if (!row) throw notFound('Webhook');
  forgetHooks(actor.workspaceId);
  return getWebhook(db, actor, id);
}

export async function deleteWebhook(db: Kysely<DB>, actor: Actor, id: string) {
  assertManager(actor, 'manage webhooks');
  if (!(await repo.deleteWebhook(db, actor.workspaceId, id))) throw notFound('Webhook');
  forgetHooks(actor.workspaceId);
}

/** A new secret at once: deliveries sent from now on (retries of older events too) are signed with it. */
export async function rotateSecret(db: Kysely<DB>, actor: Actor, id: string) {
  assertManager(actor, 'manage webhooks');
  const secret = newSecret();
  if (!(await repo.updateWebhook(db, actor.workspaceId, id, { secret }))) throw notFound('Webhook');
  return { ...present(await load(db, actor, id)), secret };
}

export async function listDeliveries(db: Kysely<DB>, actor: Actor, webhookId: string, q: DeliveryQuery) {
  assertManager(actor, 'manage webhooks');
  await load(db, actor, webhookId);
  const rows = await repo.listDeliveries(db, actor.workspaceId, webhookId, {
    state: q.state,
    before: q.cursor,
    limit: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  return {
    items: page.map(presentDelivery),
    nextCursor: rows.length > q.limit ? page[page.length - 1].id : null,
  };
}

/** One attempt now, in the request, whatever the hook's state or the delivery's schedule. */
async function sendNow(
  db: Kysely<DB>,
  actor: Actor,
  webhookId: string,
  deliveryId: string,
  policy: DeliveryPolicy,
) {
  const now = new Date();
  const claimed = await repo.claimOne(
    db,
    actor.workspaceId,
    webhookId,
    deliveryId,
    now,
    new Date(now.getTime() + INLINE_TIMEOUT_MS + 60_000),
  );
  if (!claimed) {
    if (await repo.findDelivery(db, actor.workspaceId, webhookId, deliveryId))
      throw new AppError('conflict', 'This delivery is being sent right now; look again in a few seconds');
    throw notFound('Delivery');
  }
  const row = await sendClaimed(db, claimed, now, INLINE_TIMEOUT_MS, policy.allowPrivate);
  return presentDelivery(row ?? (await repo.findDelivery(db, actor.workspaceId, webhookId, deliveryId))!);
}

/**
 * Sends a delivery again now. A failure schedules the next attempt as usual; a dead delivery that
 * fails again stays dead.
 */
export async function retryDelivery(
  db: Kysely<DB>,
  actor: Actor,
  webhookId: string,
  deliveryId: string,
  policy: DeliveryPolicy,
) {
  assertManager(actor, 'manage webhooks');
  await load(db, actor, webhookId);
  return sendNow(db, actor, webhookId, deliveryId, policy);
}

/** A `ping` event to this hook only, sent now (paused hooks too): answers the delivery. */
export async function sendTest(db: Kysely<DB>, actor: Actor, webhookId: string, policy: DeliveryPolicy) {
  assertManager(actor, 'manage webhooks');
  await load(db, actor, webhookId);
  const id = newId();
  await repo.insertDeliveries(
    db,
    actor.workspaceId,
    PING,
    [
      {
        id,
        webhook_id: webhookId,
        event_id: newId(),
        payload: JSON.stringify({ message: 'A test event sent from the webhooks page or API' }),
      },
    ],
    { anyState: true },
  );
  return sendNow(db, actor, webhookId, id, policy);
}
