// Opt-outs where contact points are written (contacts, imports): a value opted out anywhere in the
// workspace — on another contact's point or in the suppression list — stays opted out on any new
// point that carries it, and every status change leaves an event in the history.
import type { Kysely } from 'kysely';
import type { DB, NewOptOutEvent, OptOutSource } from '../../db/types.js';
import { newId } from '../../lib/ids.js';
import type { Actor } from '../auth/actor.js';
import { publishOptOuts } from '../webhooks/publish.js';
import * as repo from './repo.js';

type Status = 'active' | 'opted_out';
interface PointLike {
  id: string;
  contact_id: string;
  channel: string;
  normalized: string;
  status: string;
}

/** Where a change made by this actor comes from: a person in the web app, an API key, or the system. */
export const sourceOf = (actor: Actor): OptOutSource =>
  actor.apiKeyId ? 'api' : actor.userId ? 'user' : 'system';

export function optOutEvent(
  actor: Actor,
  key: repo.ValueKey,
  contactId: string | null,
  status: Status,
  source: OptOutSource,
  reason: string | null,
): NewOptOutEvent {
  return {
    workspace_id: actor.workspaceId,
    id: newId(),
    channel: key.channel,
    normalized: key.normalized,
    contact_id: contactId,
    status,
    source,
    reason,
    actor_type: actor.userId ? 'user' : actor.apiKeyId ? 'api_key' : 'system',
    actor_id: actor.userId ?? actor.apiKeyId,
    actor_name: actor.name,
  };
}

/** What `applyOptOuts` found: the events to record and the suppressions the new points take over. */
export interface Applied {
  events: NewOptOutEvent[];
  consumed: repo.ValueKey[];
}

/**
 * Marks the new points whose value is opted out elsewhere as opted out (in place) and answers
 * what to record. Write it with `settle` in the transaction that inserts the points.
 */
export async function applyOptOuts(db: Kysely<DB>, actor: Actor, newPoints: PointLike[]): Promise<Applied> {
  const active = newPoints.filter((p) => p.status === 'active');
  const found = await repo.optedOutAmong(db, actor.workspaceId, active);
  const events: NewOptOutEvent[] = [];
  const consumed = new Map<string, repo.ValueKey>();
  for (const p of active) {
    const hit = found.get(repo.keyOf(p));
    if (!hit) continue;
    p.status = 'opted_out';
    const reason = hit.reason ? `Opted out before: ${hit.reason}` : 'Opted out before';
    events.push(optOutEvent(actor, p, p.contact_id, 'opted_out', 'suppression', reason));
    consumed.set(repo.keyOf(p), { channel: p.channel, normalized: p.normalized });
  }
  return { events, consumed: [...consumed.values()] };
}

/**
 * Writes opt-out history events and tells webhooks of the points they opt out (publishOptOuts
 * leaves out reinstatements and values no contact carries). Call it in the change's transaction.
 */
export async function recordEvents(db: Kysely<DB>, workspaceId: string, events: NewOptOutEvent[]) {
  await repo.insertEvents(db, events);
  await publishOptOuts(db, workspaceId, events);
}

/** Records what `applyOptOuts` found: the suppressions now carried by points go, the events stay. */
export async function settle(db: Kysely<DB>, workspaceId: string, applied: Applied) {
  await repo.deleteSuppressions(db, workspaceId, applied.consumed);
  await recordEvents(db, workspaceId, applied.events);
}

/**
 * Events for statuses a person or integration set on a contact's points: changed ones, and new
 * points given as opted out. `before` is empty for a new contact.
 */
export function statusEvents(
  actor: Actor,
  before: PointLike[],
  after: PointLike[],
  alreadyRecorded: Applied,
): NewOptOutEvent[] {
  const was = new Map(before.map((p) => [p.id, p.status]));
  const recorded = new Set(alreadyRecorded.events.map((e) => `${e.channel}:${e.normalized}`));
  return after
    .filter((p) => {
      const old = was.get(p.id);
      if (old !== undefined) return old !== p.status;
      return p.status === 'opted_out' && !recorded.has(repo.keyOf(p));
    })
    .map((p) => optOutEvent(actor, p, p.contact_id, p.status as Status, sourceOf(actor), null));
}

/** Before points are deleted: their opt-outs move to the suppression list (see repo). */
export const keepOptOutsOfLeaving = repo.keepOptOutsOfLeaving;
