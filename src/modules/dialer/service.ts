// The dialer API: lease entries that may be called now, report each attempt's outcome, give a
// lease back. Everything a dialer is handed has passed the same checks as POST /suppression/check:
// the point is not opted out, the contact is not blocked.
import type { Kysely } from 'kysely';
import type { CampaignRow, DB, ListEntryRow } from '../../db/types.js';
import { newId } from '../../lib/ids.js';
import { AppError, fieldError, forbidden } from '../../server/errors.js';
import { isManager, type Actor } from '../auth/actor.js';
import { insertActivities } from '../activities/repo.js';
import { publish } from '../webhooks/publish.js';
import type { AddressRule } from '../campaigns/rules.js';
import { loadCampaign } from '../campaigns/service.js';
import { displayName } from '../contacts/present.js';
import { lockEntry, updateEntry } from '../lists/repo.js';
import { getEntry } from '../lists/entries.js';
import { optedOutAmong } from '../optouts/repo.js';
import { chooseAddress } from './addresses.js';
import * as repo from './repo.js';
import type { LeaseRequest, OutcomeRequest } from './schema.js';
import { applyResult } from './transitions.js';

/** Rounds of picking when entries found on the way are flagged instead of handed out. */
const MAX_ROUNDS = 5;

function assertDialer(actor: Actor) {
  if (!isManager(actor)) throw forbidden('Only owners, admins and API keys with those roles run dialers');
}

const leasedBy = (actor: Actor) => (actor.apiKeyId ? `api_key:${actor.apiKeyId}` : `user:${actor.userId}`);

async function pinnedOptOuts(db: Kysely<DB>, workspaceId: string, entries: ListEntryRow[]) {
  const keys = entries.flatMap((e) =>
    e.address && e.address_channel ? [{ channel: e.address_channel, normalized: e.address }] : [],
  );
  return optedOutAmong(db, workspaceId, keys);
}

/** One round: pick, choose an address for each, lease or flag. */
async function leaseRound(trx: Kysely<DB>, actor: Actor, c: CampaignRow, leaseId: string, o: LeaseRequest) {
  const picked = await repo.pickCallable(trx, c, o);
  const optedOut = await pinnedOptOuts(trx, c.workspace_id, picked);
  const leases: (repo.LeaseWrite & { entry: repo.PickedEntry; pointChannel: string })[] = [];
  const flags: { id: string; reason: string }[] = [];
  for (const e of picked) {
    const choice = chooseAddress(
      e,
      c.address_rules as AddressRule[],
      e.contact,
      !!e.address && optedOut.has(`${e.address_channel}:${e.address}`),
    );
    if (choice.ok)
      leases.push({
        id: e.id,
        channel: choice.use,
        address: choice.address,
        entry: e,
        pointChannel: choice.pointChannel,
      });
    else flags.push({ id: e.id, reason: choice.reason });
  }
  await repo.markFlagged(trx, c.workspace_id, flags);
  const written = await repo.markLeased(trx, c.workspace_id, leases, {
    id: leaseId,
    by: leasedBy(actor),
    seconds: c.lease_seconds,
  });
  const expiry = new Map(written.map((w) => [w.id, w.lease_expires_at]));
  const items = leases.map(({ entry: e, channel, address, pointChannel }) => {
    const contact = e.contact;
    return {
      entryId: e.id,
      leaseId,
      leaseExpiresAt: expiry.get(e.id)!.toISOString(),
      campaignId: e.campaign_id,
      listId: e.list_id,
      channel,
      pointChannel,
      address,
      contact: contact
        ? {
            id: contact.id,
            displayName: displayName(contact, contact.points),
            firstName: contact.first_name,
            lastName: contact.last_name,
            company: contact.company,
            language: contact.language,
          }
        : null,
      priority: e.priority,
      topPriority: e.top_priority,
      attempts: e.attempts,
      timeZones: e.time_zones,
      preferredAgentId: e.preferred_agent_id,
      skill: e.skill,
      payload: e.payload ?? null,
    };
  });
  return { items, flagged: flags.length, exhausted: picked.length < o.count };
}

/**
 * Hands out up to `count` entries callable now, atomically: concurrent dialers never get the same
 * entry (rows one holds are skipped by the others). Expired leases come back first.
 */
export async function lease(db: Kysely<DB>, actor: Actor, campaignId: string, body: LeaseRequest) {
  assertDialer(actor);
  return db.transaction().execute(async (trx) => {
    const c = await loadCampaign(trx, actor, campaignId);
    if (c.status !== 'active')
      throw new AppError('conflict', `The campaign is ${c.status}: it hands out no entries`);
    await repo.expireLeases(trx, actor.workspaceId, campaignId);
    const leaseId = newId();
    const items = [];
    let flagged = 0;
    for (let round = 0; round < MAX_ROUNDS && items.length < body.count; round++) {
      const r = await leaseRound(trx, actor, c, leaseId, { ...body, count: body.count - items.length });
      items.push(...r.items);
      flagged += r.flagged;
      if (r.exhausted) break;
    }
    return { items, flagged };
  });
}

/** The entry, locked, if the caller's attempt on it is still the current one. */
async function attemptUnderWay(trx: Kysely<DB>, actor: Actor, id: string, leaseId: string | undefined) {
  const e = await lockEntry(trx, actor.workspaceId, id);
  if (!e) throw new AppError('not_found', 'List entry not found');
  if (e.state !== 'planning' && e.state !== 'open')
    throw new AppError('conflict', `The entry is ${e.state}: no attempt is under way on it`);
  if (leaseId && e.state === 'planning' && e.lease_id !== leaseId)
    throw new AppError(
      'conflict',
      'The lease expired and the entry was handed out again; this outcome is not recorded',
    );
  return e;
}

const RESULT_WORDS: Record<string, string> = {
  success: 'Reached',
  waiting_customer: 'Reached, waiting for the customer',
  customer_closed: 'Closed by the customer',
  invalid_address: 'Invalid address',
  no_answer: 'No answer',
  busy: 'Busy',
  failed: 'Failed',
  callback: 'Callback requested',
};

/** Records an attempt: the entry moves on (transitions.ts) and the contact's timeline gets it. */
export async function recordOutcome(db: Kysely<DB>, actor: Actor, id: string, body: OutcomeRequest) {
  assertDialer(actor);
  await db.transaction().execute(async (trx) => {
    const e = await attemptUnderWay(trx, actor, id, body.leaseId);
    const c = await loadCampaign(trx, actor, e.campaign_id);
    if (!c.channels.includes(body.channel))
      throw fieldError('channel', `must be one of the campaign's channels: ${c.channels.join(', ')}`);
    if (body.nextTryAt && body.result !== 'callback')
      throw fieldError('nextTryAt', 'is for a callback only; other results wait the campaign’s delay');
    const now = new Date();
    // The address as handed out when it is the one reported (the dialer may have reformatted it).
    const address =
      e.leased_address && sameDigits(e.leased_address, body.address) ? e.leased_address : body.address;
    const after = applyResult(
      e,
      {
        channels: c.channels,
        maxAttempts: c.max_attempts,
        retryMinutes: c.retry_minutes,
        closeWhenAllReached: c.close_when_all_reached,
      },
      {
        result: body.result,
        channel: body.channel,
        address,
        now,
        nextTryAt: body.nextTryAt ? new Date(body.nextTryAt) : undefined,
      },
    );
    await updateEntry(trx, actor.workspaceId, id, {
      state: after.state,
      attempts: after.attempts,
      progress: JSON.stringify(after.progress),
      invalid: after.invalid,
      next_try_at: after.nextTryAt,
      last_result: body.result,
      last_attempt_at: now,
      lease_id: null,
      lease_expires_at: null,
      leased_by: null,
      leased_channel: null,
      leased_address: null,
    });
    await publish(trx, actor.workspaceId, 'list_entry.outcome', {
      entryId: e.id,
      campaignId: c.id,
      listId: e.list_id,
      contactId: e.contact_id,
      channel: body.channel,
      address,
      result: body.result,
      note: body.note ?? null,
      state: after.state,
      attempts: after.attempts,
      nextTryAt: after.state === 'callable' ? after.nextTryAt.toISOString() : null,
    });
    if (e.contact_id)
      await insertActivities(trx, [
        {
          workspace_id: actor.workspaceId,
          id: newId(),
          contact_id: e.contact_id,
          kind: 'campaign_attempt',
          channel: body.channel,
          direction: 'outbound',
          occurred_at: now,
          actor_type: actor.apiKeyId ? 'api_key' : 'user',
          actor_id: actor.apiKeyId ?? actor.userId,
          actor_name: actor.name,
          summary: `${RESULT_WORDS[body.result]}: ${c.name}, ${body.channel} ${address}`,
          payload: JSON.stringify({
            campaignId: c.id,
            listId: e.list_id,
            entryId: e.id,
            result: body.result,
            address,
            attempt: after.attempts,
            state: after.state,
            note: body.note ?? null,
            durationSeconds: body.durationSeconds ?? null,
          }),
        },
      ]);
  });
  return getEntry(db, actor, id);
}

const digits = (s: string) => s.replace(/\D/g, '');
const sameDigits = (a: string, b: string) =>
  a === b || (digits(a).length > 6 && digits(a).endsWith(digits(b).slice(-9)));

/** Gives a leased entry back, unattempted: callable again at once. */
export async function release(db: Kysely<DB>, actor: Actor, id: string, leaseId: string | undefined) {
  assertDialer(actor);
  await db.transaction().execute(async (trx) => {
    const e = await attemptUnderWay(trx, actor, id, leaseId);
    if (e.state !== 'planning') throw new AppError('conflict', `The entry is ${e.state}, not leased`);
    await updateEntry(trx, actor.workspaceId, id, {
      state: 'callable',
      lease_id: null,
      lease_expires_at: null,
      leased_by: null,
      leased_channel: null,
      leased_address: null,
    });
  });
  return getEntry(db, actor, id);
}
