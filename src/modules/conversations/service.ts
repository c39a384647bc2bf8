// Inbound conversations from chat platforms and phone systems: find the sender's contact by the
// normalised contact point, or create it; record the inquiry on its timeline; mark it blocked when
// the contact is; and treat a message that is only an opt-out (or opt-in) word as the sender's
// consent for that point. Idempotent by the client's conversation id.
import type { Kysely } from 'kysely';
import type { ConversationRow, DB } from '../../db/types.js';
import { newId } from '../../lib/ids.js';
import { fieldError } from '../../server/errors.js';
import { actorColumns } from '../activities/service.js';
import { insertActivities } from '../activities/repo.js';
import type { Actor } from '../auth/actor.js';
import { channelsOfKind, MESSENGER_CHANNELS, PHONE_CHANNELS, type Channel } from '../contacts/enums.js';
import { normalizePoint, splitFullName } from '../contacts/normalize.js';
import { ContactCreate } from '../contacts/schema.js';
import { createContact } from '../contacts/service.js';
import { setStatusFromInbound } from '../optouts/service.js';
import { workspaceSettings } from '../workspaces/service.js';
import { consentOf } from './keywords.js';
import * as repo from './repo.js';
import type { InboundRequest, InboundResult } from './schema.js';

function answer(row: ConversationRow, replayed: boolean): InboundResult {
  return {
    conversationId: row.external_id,
    contactId: row.contact_id,
    contactCreated: row.contact_created,
    blocked: row.blocked,
    consent: row.consent,
    activityId: row.activity_id,
    replayed,
  };
}

/** A new contact named by the sender's name, else (on social and messenger channels) by its id. */
function newContact(req: InboundRequest) {
  const byName = splitFullName(req.name);
  const named =
    byName.firstName ||
    !(MESSENGER_CHANNELS as readonly string[]).includes(req.channel) ||
    PHONE_CHANNELS.has(req.channel)
      ? byName
      : { firstName: req.from };
  const label = PHONE_CHANNELS.has(req.channel) ? 'mobile' : 'other';
  return ContactCreate.parse({
    ...named,
    source: 'conversation',
    points: [{ channel: req.channel, label, value: req.from }],
  });
}

export async function receiveInbound(
  db: Kysely<DB>,
  actor: Actor,
  req: InboundRequest,
): Promise<{ status: 200 | 201; body: InboundResult }> {
  const settings = await workspaceSettings(db, actor.workspaceId);
  const point = normalizePoint(req.channel as Channel, req.from, settings.defaultCountry);
  if ('error' in point) throw fieldError('from', point.error);
  const ws = actor.workspaceId;
  const consent = consentOf(req.message, { optOut: settings.optOutKeywords, optIn: settings.optInKeywords });
  const receivedAt = req.occurredAt ? new Date(req.occurredAt) : new Date();
  const conversation = {
    workspace_id: ws,
    id: newId(),
    external_id: req.conversationId,
    channel: req.channel,
    sender: point.normalized,
    received_at: receivedAt,
  };
  const activity = {
    workspace_id: ws,
    id: newId(),
    kind: 'inquiry',
    channel: req.channel,
    direction: 'inbound' as const,
    occurred_at: receivedAt,
    ...actorColumns(actor),
    summary: (req.message ?? '').slice(0, 1000),
  };
  const payload = {
    conversationId: req.conversationId,
    from: req.from,
    to: req.to ?? null,
    url: req.url ?? null,
    consent,
    message: req.message ?? null,
  };
  const kinds = channelsOfKind(req.channel);
  const replay = async (trx: Kysely<DB>) => ({
    status: 200 as const,
    body: answer(await repo.findByExternal(trx, ws, req.conversationId), true),
  });
  const created = (contact: { id: string; blocked: boolean }, contactCreated: boolean) => ({
    status: 201 as const,
    body: answer(
      {
        ...conversation,
        created_at: new Date(),
        contact_id: contact.id,
        activity_id: activity.id,
        contact_created: contactCreated,
        blocked: contact.blocked,
        consent,
      },
      false,
    ),
  });

  // Most messages come from a known sender and carry no consent word: one statement, measured at
  // about 1.5 times the throughput of the transaction below (docs/benchmarks.md).
  if (!consent) {
    const known = await repo.recordKnownSenderInquiry(db, {
      conversation,
      channels: kinds,
      activity,
      payload,
    });
    if (known.found && !known.claimed) return replay(db);
    if (known.found) return created({ id: known.contactId!, blocked: known.blocked }, false);
  }

  return db.transaction().execute(async (trx) => {
    if (!(await repo.claim(trx, conversation))) return replay(trx);
    await repo.lockSender(trx, ws, `${kinds[0]}:${point.normalized}`);
    let contact = await repo.senderContact(trx, ws, kinds, point.normalized);
    const contactCreated = !contact;
    if (!contact) {
      const made = await createContact(trx, actor, newContact(req));
      contact = { id: made.id, blocked: made.blocked };
    }
    if (consent)
      await setStatusFromInbound(
        trx,
        actor,
        {
          channel: req.channel as Channel,
          normalized: point.normalized,
          value: req.from,
          reason: `Inbound message "${req.message!.trim().slice(0, 50)}"`,
        },
        consent === 'opted_out' ? 'opted_out' : 'active',
      );
    await insertActivities(trx, [
      {
        ...activity,
        contact_id: contact.id,
        payload: JSON.stringify({ ...payload, blocked: contact.blocked }),
      },
    ]);
    await repo.update(trx, ws, conversation.id, {
      contact_id: contact.id,
      activity_id: activity.id,
      contact_created: contactCreated,
      blocked: contact.blocked,
      consent,
    });
    return created(contact, contactCreated);
  });
}
