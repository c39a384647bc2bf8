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
  return db.transaction().execute(async (trx) => {
    const id = newId();
    const receivedAt = req.occurredAt ? new Date(req.occurredAt) : new Date();
    const claimed = await repo.claim(trx, {
      workspace_id: ws,
      id,
      external_id: req.conversationId,
      channel: req.channel,
      sender: point.normalized,
      received_at: receivedAt,
    });
    if (!claimed)
      return { status: 200, body: answer(await repo.findByExternal(trx, ws, req.conversationId), true) };

    const kinds = channelsOfKind(req.channel);
    await repo.lockSender(trx, ws, `${kinds[0]}:${point.normalized}`);
    let contact = await repo.senderContact(trx, ws, kinds, point.normalized);
    const contactCreated = !contact;
    if (!contact) {
      const created = await createContact(trx, actor, newContact(req));
      contact = { id: created.id, blocked: created.blocked };
    }
    const consent = consentOf(req.message, {
      optOut: settings.optOutKeywords,
      optIn: settings.optInKeywords,
    });
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
    const activityId = newId();
    await insertActivities(trx, [
      {
        workspace_id: ws,
        id: activityId,
        contact_id: contact.id,
        kind: 'inquiry',
        channel: req.channel,
        direction: 'inbound',
        occurred_at: receivedAt,
        ...actorColumns(actor),
        summary: (req.message ?? '').slice(0, 1000),
        payload: JSON.stringify({
          conversationId: req.conversationId,
          from: req.from,
          to: req.to ?? null,
          url: req.url ?? null,
          blocked: contact.blocked,
          consent,
          message: req.message ?? null,
        }),
      },
    ]);
    const row = {
      contact_id: contact.id,
      activity_id: activityId,
      contact_created: contactCreated,
      blocked: contact.blocked,
      consent,
    };
    await repo.update(trx, ws, id, row);
    const stored = {
      workspace_id: ws,
      id,
      external_id: req.conversationId,
      channel: req.channel,
      sender: point.normalized,
      received_at: receivedAt,
      created_at: new Date(),
      ...row,
    };
    return { status: 201, body: answer(stored, false) };
  });
}
