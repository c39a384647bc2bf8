// Entries of a list: added by hand (a contact, or an address matched to its contact or made into
// a new one), or from a filter, segment or search; listed, changed and removed.
import type { Insertable, Kysely } from 'kysely';
import type { ContactListRow, DB, EntryState, ListEntriesTable } from '../../db/types.js';
import { newId } from '../../lib/ids.js';
import { AppError, assertNoFieldErrors, fieldError, type FieldError } from '../../server/errors.js';
import { assertManager, type Actor } from '../auth/actor.js';
import { PHONE_CHANNELS } from '../contacts/enums.js';
import { normalizePoint, splitFullName } from '../contacts/normalize.js';
import { displayName } from '../contacts/present.js';
import { contactByPoint, visibleIdsAmong } from '../contacts/repo.js';
import { ContactCreate } from '../contacts/schema.js';
import { selectionWalker } from '../contacts/selection.js';
import { createContact } from '../contacts/service.js';
import { getSegment } from '../segments/service.js';
import { workspaceSettings } from '../workspaces/service.js';
import * as repo from './repo.js';
import type { Entry, EntryCreate, EntryPatch } from './schema.js';
import { checkAgent, loadList } from './service.js';
import { entryTimeZones } from './time-zones.js';

/** Contacts added per statement when a filter fills a list. */
const SELECTION_PAGE = 5000;

export function presentEntry(r: repo.EntryWithContact): Entry {
  return {
    id: r.id,
    listId: r.list_id,
    campaignId: r.campaign_id,
    contact: r.contact_id
      ? {
          id: r.contact_id,
          displayName: displayName(r as any, r.first_point ? [{ value: r.first_point }] : []),
        }
      : null,
    state: r.state,
    priority: r.priority,
    topPriority: r.top_priority,
    nextTryAt: r.next_try_at.toISOString(),
    preferredAgentId: r.preferred_agent_id,
    skill: r.skill,
    timeZones: r.time_zones,
    addressChannel: r.address_channel,
    address: r.address,
    attempts: r.attempts,
    lastResult: r.last_result,
    lastAttemptAt: r.last_attempt_at?.toISOString() ?? null,
    flagReason: r.flag_reason,
    progress: r.progress,
    leaseExpiresAt: r.state === 'planning' ? (r.lease_expires_at?.toISOString() ?? null) : null,
    payload: r.payload ?? null,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

const labelFor = (channel: string) => (PHONE_CHANNELS.has(channel) ? 'mobile' : 'work');

interface Resolved {
  input: EntryCreate;
  contactId: string | null;
  address: { channel: string; normalized: string; value: string } | null;
}

/** Checks every entry before anything is written: ids exist, addresses read, agents are members. */
async function resolveEntries(
  db: Kysely<DB>,
  actor: Actor,
  entries: EntryCreate[],
  defaultCountry: string,
): Promise<Resolved[]> {
  const errors: FieldError[] = [];
  const ids = entries.flatMap((e) => (e.contactId ? [e.contactId] : []));
  const known = new Set(await visibleIdsAmong(db, actor, [...new Set(ids)], false));
  const resolved = entries.map((input, i): Resolved => {
    if (input.contactId) {
      if (!known.has(input.contactId))
        errors.push({ path: `entries.${i}.contactId`, message: 'No contact with this id' });
      return { input, contactId: input.contactId, address: null };
    }
    const channel = input.addressChannel ?? 'phone';
    const r = normalizePoint(channel as never, input.address!, defaultCountry);
    if ('error' in r) {
      errors.push({ path: `entries.${i}.address`, message: r.error });
      return { input, contactId: null, address: null };
    }
    return { input, contactId: null, address: { channel, normalized: r.normalized, value: input.address! } };
  });
  for (const [i, e] of entries.entries()) {
    try {
      await checkAgent(db, actor, e.preferredAgentId, `entries.${i}.preferredAgentId`);
    } catch (err) {
      if (err instanceof AppError) errors.push(...err.errors);
      else throw err;
    }
  }
  assertNoFieldErrors(errors);
  return resolved;
}

/** Entry rows for contacts of a list, time zones as entryTimeZones picks them (file-source.ts too). */
export async function entryRows(
  db: Kysely<DB>,
  actor: Actor,
  list: ContactListRow,
  items: { contactId: string; input?: Partial<EntryCreate>; address?: Resolved['address'] }[],
  defaultCountry: string,
): Promise<Insertable<ListEntriesTable>[]> {
  const sources = await repo.zoneSources(
    db,
    actor.workspaceId,
    items.map((x) => x.contactId),
  );
  return items.map(({ contactId, input = {}, address }) => {
    const source = sources.get(contactId);
    const pinnedPhone = address && PHONE_CHANNELS.has(address.channel) ? address.normalized : null;
    return {
      workspace_id: actor.workspaceId,
      id: newId(),
      list_id: list.id,
      campaign_id: list.campaign_id,
      contact_id: contactId,
      state: input.state ?? 'callable',
      priority: input.priority ?? 0,
      top_priority: input.topPriority ?? false,
      next_try_at: input.nextTryAt ? new Date(input.nextTryAt) : new Date(),
      preferred_agent_id: input.preferredAgentId ?? null,
      skill: input.skill ?? null,
      time_zones: entryTimeZones({
        entryZone: input.timeZone,
        contactZone: source?.time_zone,
        phone: pinnedPhone ?? source?.phone,
        defaultCountry,
      }),
      address_channel: address?.channel ?? null,
      address: address?.normalized ?? null,
    };
  });
}

/** Adds entries by hand: existing contacts, or addresses (matched to their contact, or a new one). */
export async function addEntries(db: Kysely<DB>, actor: Actor, listId: string, entries: EntryCreate[]) {
  assertManager(actor, 'add entries to lists');
  const list = await loadList(db, actor, listId);
  const { defaultCountry } = await workspaceSettings(db, actor.workspaceId);
  const resolved = await resolveEntries(db, actor, entries, defaultCountry);
  return db.transaction().execute(async (trx) => {
    let created = 0;
    const items = [];
    for (const r of resolved) {
      let contactId = r.contactId;
      if (!contactId && r.address) {
        contactId = await contactByPoint(trx, actor.workspaceId, r.address.channel, r.address.normalized);
        if (!contactId) {
          const contact = await createContact(
            trx,
            actor,
            ContactCreate.parse({
              ...splitFullName(r.input.name),
              points: [
                { channel: r.address.channel, label: labelFor(r.address.channel), value: r.address.value },
              ],
            }),
          );
          contactId = contact.id;
          created++;
        }
      }
      items.push({ contactId: contactId!, input: r.input, address: r.address });
    }
    const rows = await entryRows(trx, actor, list, items, defaultCountry);
    const added = await repo.insertEntries(trx, rows);
    return { added: added.length, alreadyOnList: rows.length - added.length, created };
  });
}

/**
 * Adds every contact matching a filter, a segment or a search, a page at a time: a failure half
 * way keeps what was added, and running it again adds the rest (contacts on the list are skipped).
 */
export async function addFromSelection(
  db: Kysely<DB>,
  actor: Actor,
  listId: string,
  body: { filter?: unknown; q?: string; segmentId?: string; priority: number },
) {
  assertManager(actor, 'add entries to lists');
  const list = await loadList(db, actor, listId);
  const filter = body.segmentId ? (await getSegment(db, actor, body.segmentId)).filter : body.filter;
  let walker;
  try {
    walker = await selectionWalker(db, actor, { filter, q: body.q }, false);
  } catch (err) {
    // A segment's filter that no longer compiles (a field deleted since) is the segment's fault.
    if (body.segmentId && err instanceof AppError && err.code === 'validation')
      throw fieldError('segmentId', `the segment's filter is not valid any more: ${err.message}`);
    throw err;
  }
  const { defaultCountry } = await workspaceSettings(db, actor.workspaceId);
  let added = 0;
  let seen = 0;
  for (let after: string | null = null; ;) {
    const ids = await walker.page(db, after, SELECTION_PAGE);
    if (ids.length === 0) break;
    const items = ids.map((contactId) => ({ contactId, input: { priority: body.priority } }));
    added += (await repo.insertEntries(db, await entryRows(db, actor, list, items, defaultCountry))).length;
    seen += ids.length;
    after = ids[ids.length - 1];
  }
  await repo.update(db, actor.workspaceId, list.id, {
    source: list.source === 'manual' ? 'filter' : list.source,
    filter: filter === undefined ? null : JSON.stringify(filter),
    segment_id: body.segmentId ?? null,
    last_run_at: new Date(),
  });
  return { added, alreadyOnList: seen - added, created: 0 };
}

function decodeCursor(cursor: string | undefined) {
  if (cursor === undefined) return undefined;
  if (!/^[0-9a-f-]{36}$/i.test(cursor))
    throw fieldError('cursor', 'must be the nextCursor of the previous page');
  return cursor;
}

export async function listEntries(
  db: Kysely<DB>,
  actor: Actor,
  listId: string,
  q: { state?: EntryState; limit: number; cursor?: string },
) {
  assertManager(actor, 'see list entries');
  await loadList(db, actor, listId);
  const rows = await repo.entryPage(db, actor.workspaceId, listId, {
    state: q.state,
    afterId: decodeCursor(q.cursor),
    limit: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  return {
    items: page.map(presentEntry),
    nextCursor: rows.length > q.limit ? page[page.length - 1].id : null,
  };
}

async function loadEntry(db: Kysely<DB>, actor: Actor, id: string) {
  const row = await repo.findEntry(db, actor.workspaceId, id);
  if (!row) throw new AppError('not_found', 'List entry not found');
  return row;
}

export async function getEntry(db: Kysely<DB>, actor: Actor, id: string) {
  assertManager(actor, 'see list entries');
  return presentEntry(await loadEntry(db, actor, id));
}

export async function patchEntry(db: Kysely<DB>, actor: Actor, id: string, patch: EntryPatch) {
  assertManager(actor, 'change list entries');
  await checkAgent(db, actor, patch.preferredAgentId, 'preferredAgentId');
  await db.transaction().execute(async (trx) => {
    const e = await repo.lockEntry(trx, actor.workspaceId, id);
    if (!e) throw new AppError('not_found', 'List entry not found');
    if (e.state === 'planning' && e.lease_expires_at && e.lease_expires_at > new Date())
      throw new AppError(
        'conflict',
        `The entry is leased to a dialer until ${e.lease_expires_at.toISOString()}`,
      );
    let zones: string[] | undefined;
    if (patch.timeZone !== undefined) {
      const { defaultCountry } = await workspaceSettings(trx, actor.workspaceId);
      const source = e.contact_id
        ? (await repo.zoneSources(trx, actor.workspaceId, [e.contact_id])).get(e.contact_id)
        : null;
      const pinned =
        e.address && e.address_channel && PHONE_CHANNELS.has(e.address_channel) ? e.address : null;
      zones = entryTimeZones({
        entryZone: patch.timeZone,
        contactZone: source?.time_zone,
        phone: pinned ?? source?.phone,
        defaultCountry,
      });
    }
    await repo.updateEntry(trx, actor.workspaceId, id, {
      state: patch.state,
      // Back in the queue: a fresh start on flags and leases, attempts kept.
      ...(patch.state === 'callable' ? { flag_reason: null, lease_id: null, lease_expires_at: null } : {}),
      priority: patch.priority,
      top_priority: patch.topPriority,
      next_try_at: patch.nextTryAt ? new Date(patch.nextTryAt) : undefined,
      preferred_agent_id: patch.preferredAgentId,
      skill: patch.skill,
      time_zones: zones,
    });
  });
  return getEntry(db, actor, id);
}

export async function removeEntry(db: Kysely<DB>, actor: Actor, id: string) {
  assertManager(actor, 'remove list entries');
  await loadEntry(db, actor, id);
  await repo.deleteEntry(db, actor.workspaceId, id);
}
