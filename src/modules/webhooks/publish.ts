// Publishing events: other modules call `publish` inside the transaction of the change, and a
// delivery row is written for each active hook subscribed to the event (the outbox; deliver.ts
// sends them). A change rolled back takes its deliveries with it.
import type { Kysely } from 'kysely';
import type { DB, NewOptOutEvent } from '../../db/types.js';
import { newId } from '../../lib/ids.js';
import { remembered, shortCache } from '../../lib/short-cache.js';
import { ALL_EVENTS, type WebhookEvent } from './events.js';
import * as repo from './repo.js';

// Every contact write asks whether anyone listens; almost always nobody does, so the answer is
// remembered for a few seconds (src/lib/short-cache.ts). Changes to hooks made through this
// process drop it at once; a hook created through another server process starts receiving events
// within 5 seconds. Pausing and deleting take effect at once everywhere: the insert checks them.
const hooksOf = shortCache<{ hooks: { id: string; events: string[] }[] }>();

export const forgetHooks = (workspaceId: string) => hooksOf.delete(workspaceId);

async function subscribers(db: Kysely<DB>, workspaceId: string, type: WebhookEvent) {
  const cached = await remembered(hooksOf, workspaceId, async () => ({
    hooks: await repo.activeHooks(db, workspaceId),
  }));
  return (cached?.hooks ?? []).filter((h) => h.events.includes(type) || h.events.includes(ALL_EVENTS));
}

/** Whether any active hook of the workspace takes this event (callers skip a transaction if not). */
export async function hasSubscribers(db: Kysely<DB>, workspaceId: string, type: WebhookEvent) {
  return (await subscribers(db, workspaceId, type)).length > 0;
}

/**
 * Publishes events of one type, one per item of `data`: a delivery per event and subscribed hook.
 * Call it with the transaction that makes the change.
 */
export async function publishMany(
  trx: Kysely<DB>,
  workspaceId: string,
  type: WebhookEvent,
  data: object[],
): Promise<void> {
  if (data.length === 0) return;
  const hooks = await subscribers(trx, workspaceId, type);
  if (hooks.length === 0) return;
  const rows = data.flatMap((item) => {
    const eventId = newId();
    const payload = JSON.stringify(item);
    return hooks.map((h) => ({ id: newId(), webhook_id: h.id, event_id: eventId, payload }));
  });
  await repo.insertDeliveries(trx, workspaceId, type, rows);
}

/** Publishes one event, e.g. `publish(trx, workspaceId, 'list_entry.outcome', {...})`. */
export const publish = (trx: Kysely<DB>, workspaceId: string, type: WebhookEvent, data: object) =>
  publishMany(trx, workspaceId, type, [data]);

/**
 * `contact_point.opted_out` for the opt-out history entries about to be written: those that opt
 * a contact's point out (not suppressions of values no contact carries, nor reinstatements).
 */
export async function publishOptOuts(trx: Kysely<DB>, workspaceId: string, events: NewOptOutEvent[]) {
  const optedOut = events.filter((e) => e.status === 'opted_out' && e.contact_id);
  await publishMany(
    trx,
    workspaceId,
    'contact_point.opted_out',
    optedOut.map((e) => ({
      contactId: e.contact_id,
      channel: e.channel,
      value: e.normalized,
      source: e.source,
      reason: e.reason ?? null,
    })),
  );
}
