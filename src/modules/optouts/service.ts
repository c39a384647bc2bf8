import type { Kysely } from 'kysely';
import Papa from 'papaparse';
import type { DB, OptOutEventRow, OptOutSource } from '../../db/types.js';
import { decodeTupleCursor, encodeTupleCursor } from '../../lib/tuple-cursor.js';
import { fieldError } from '../../server/errors.js';
import { assertManager, type Actor } from '../auth/actor.js';
import { CHANNELS, type Channel } from '../contacts/enums.js';
import { normalizePoint } from '../contacts/normalize.js';
import { displayName } from '../contacts/present.js';
import * as contactsRepo from '../contacts/repo.js';
import { recordChanges } from '../contacts/service.js';
import { workspaceSettings } from '../workspaces/service.js';
import { optOutEvent, recordEvents, sourceOf } from './apply.js';
import * as repo from './repo.js';
import type { CheckRequest, CheckResult, ImportResult, OptOutRequest } from './schema.js';

type Status = 'active' | 'opted_out';
interface Item extends repo.ValueKey {
  value: string;
  reason: string | null;
}

async function normalizer(db: Kysely<DB>, workspaceId: string) {
  const { defaultCountry } = await workspaceSettings(db, workspaceId);
  return (channel: Channel, value: string) => normalizePoint(channel, value, defaultCountry);
}

/**
 * Sets values opted out or active everywhere: on every contact point carrying them (each contact
 * gets a log entry and a new version) and in the suppression list (opting out a value no contact
 * carries suppresses it; reinstating a value takes it off the list). One event per change.
 */
async function setValuesStatus(
  trx: Kysely<DB>,
  actor: Actor,
  items: Item[],
  status: Status,
  source: OptOutSource,
) {
  const ws = actor.workspaceId;
  const byKey = new Map(items.map((i) => [repo.keyOf(i), i]));
  const changed = await repo.setPointStatus(trx, ws, items, status);
  let listed: repo.ValueKey[];
  let unlisted: repo.ValueKey[] = [];
  if (status === 'opted_out') {
    const carried = await repo.carriedAmong(trx, ws, items);
    listed = await repo.insertSuppressions(
      trx,
      ws,
      items.filter((i) => !carried.has(repo.keyOf(i))),
      source,
    );
  } else {
    listed = [];
    unlisted = await repo.deleteSuppressions(trx, ws, items);
  }
  const reasonOf = (k: repo.ValueKey) => byKey.get(repo.keyOf(k))?.reason ?? null;
  const pointEvents = changed.map((p) => optOutEvent(actor, p, p.contact_id, status, source, reasonOf(p)));
  await recordEvents(trx, ws, [
    ...pointEvents,
    ...[...listed, ...unlisted].map((k) => optOutEvent(actor, k, null, status, source, reasonOf(k))),
  ]);
  const contactIds = [...new Set(changed.map((p) => p.contact_id))];
  await repo.refreshContacts(trx, ws, contactIds);
  const other: Status = status === 'active' ? 'opted_out' : 'active';
  await recordChanges(
    trx,
    actor,
    contactIds.map((contactId) => ({
      contactId,
      changes: changed
        .filter((p) => p.contact_id === contactId)
        .map((p) => ({
          field: `points.${p.channel}:${p.normalized}`,
          before: { value: p.value, label: p.label, status: other },
          after: { value: p.value, label: p.label, status },
        })),
    })),
  );
  return { changed, listed: new Set(listed.map(repo.keyOf)), unlisted: new Set(unlisted.map(repo.keyOf)) };
}

async function oneValue(db: Kysely<DB>, actor: Actor, req: OptOutRequest, status: Status) {
  const r = (await normalizer(db, actor.workspaceId))(req.channel, req.value);
  if ('error' in r) throw fieldError('value', r.error);
  const item: Item = {
    channel: req.channel,
    normalized: r.normalized,
    value: req.value,
    reason: req.reason ?? null,
  };
  const out = await db
    .transaction()
    .execute((trx) => setValuesStatus(trx, actor, [item], status, sourceOf(actor)));
  return {
    channel: req.channel,
    value: req.value,
    normalized: r.normalized,
    pointsChanged: out.changed.length,
    suppressed: out.listed.size > 0,
    unsuppressed: out.unlisted.size > 0,
  };
}

/** Opts a value out on every contact carrying it, or suppresses it when none does yet. */
export async function optOut(db: Kysely<DB>, actor: Actor, req: OptOutRequest) {
  assertManager(actor, 'manage opt-outs');
  return oneValue(db, actor, req, 'opted_out');
}

/** Makes a value contactable again everywhere (consent given again); a reason is required. */
export async function reinstate(db: Kysely<DB>, actor: Actor, req: OptOutRequest) {
  assertManager(actor, 'manage opt-outs');
  return oneValue(db, actor, req, 'active');
}

export const MAX_IMPORT_LINES = 100_000;
const HEADER_WORD = /^(channel|value|phone|email|number|address|type|reason)$/i;

/** A first line naming columns: words only (a channel name alone is data when lines name channels). */
function isHeader(cells: string[], channelGiven: boolean) {
  const words = cells.map((c) => c.trim());
  if (!words.every((w) => w === '' || HEADER_WORD.test(w))) return false;
  return (
    channelGiven || words[0].toLowerCase() === 'channel' || /^(value|address|number)$/i.test(words[1] ?? '')
  );
}

/**
 * Opts out a pasted list or a file's text: one value per line, or `channel,value[,reason]` lines
 * when no channel is given. Every line is accounted for: read = opted out + suppressed + already +
 * failed (a value repeated in the list counts as already).
 */
export async function importOptOuts(
  db: Kysely<DB>,
  actor: Actor,
  text: string,
  opts: { channel?: Channel; reason?: string | null },
): Promise<ImportResult> {
  assertManager(actor, 'import opt-outs');
  const normalize = await normalizer(db, actor.workspaceId);
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy' }).data;
  if (parsed.length > MAX_IMPORT_LINES)
    throw fieldError(
      'text',
      `At most ${MAX_IMPORT_LINES.toLocaleString('en-US')} lines at once; split the list`,
    );
  const failed: ImportResult['failed'] = [];
  const items = new Map<string, Item>();
  let read = 0;
  let repeated = 0;
  parsed.forEach((cells, i) => {
    const line = i + 1;
    if (i === 0 && isHeader(cells, !!opts.channel)) return;
    read++;
    const [channelCell, valueCell, reasonCell] = opts.channel ? [opts.channel, cells[0], cells[1]] : cells;
    const channel = (channelCell ?? '').trim().toLowerCase() as Channel;
    const value = (valueCell ?? '').trim();
    if (!CHANNELS.includes(channel)) {
      failed.push({
        line,
        value: cells.join(','),
        error: `"${channelCell ?? ''}" is not a channel (${CHANNELS.join(', ')})`,
      });
      return;
    }
    const r = normalize(channel, value);
    if ('error' in r) {
      failed.push({ line, value, error: r.error });
      return;
    }
    const key = repo.keyOf({ channel, normalized: r.normalized });
    if (items.has(key)) {
      repeated++;
      return;
    }
    const reason = (reasonCell ?? '').trim().slice(0, 500) || opts.reason || null;
    items.set(key, { channel, normalized: r.normalized, value, reason });
  });
  const all = [...items.values()];
  const out = await db
    .transaction()
    .execute((trx) => setValuesStatus(trx, actor, all, 'opted_out', 'import'));
  const optedOut = new Set(out.changed.map(repo.keyOf)).size;
  return {
    read,
    optedOut,
    pointsChanged: out.changed.length,
    suppressed: out.listed.size,
    already: all.length - optedOut - out.listed.size + repeated,
    failed,
  };
}

const encodeCursor = (r: repo.OptOutListRow) =>
  encodeTupleCursor([r.normalized, r.channel, r.contact_id ?? '']);

const decodeCursor = (cursor: string) =>
  decodeTupleCursor(cursor, ([normalized, channel, contactId]) =>
    [normalized, channel, contactId].every((v) => typeof v === 'string')
      ? { normalized: normalized as string, channel: channel as string, contactId: contactId as string }
      : undefined,
  );

export async function listOptOuts(
  db: Kysely<DB>,
  actor: Actor,
  q: { channel?: Channel; q?: string; limit: number; cursor?: string },
) {
  assertManager(actor, 'see the opt-out list');
  const rows = await repo.listOptOuts(db, actor.workspaceId, {
    channel: q.channel,
    q: q.q || undefined,
    after: q.cursor ? decodeCursor(q.cursor) : undefined,
    limit: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  return {
    items: page.map((r) => ({
      channel: r.channel as Channel,
      value: r.value,
      normalized: r.normalized,
      contact: r.contact_id
        ? { id: r.contact_id, displayName: displayName(r, [{ value: r.value }]), blocked: r.blocked ?? false }
        : null,
      since: r.since ? r.since.toISOString() : null,
      reason: r.reason,
      source: r.source,
    })),
    nextCursor: rows.length > q.limit ? encodeCursor(page[page.length - 1]) : null,
  };
}

const presentEvent = (e: OptOutEventRow) => ({
  id: e.id,
  channel: e.channel,
  normalized: e.normalized,
  contactId: e.contact_id,
  status: e.status,
  source: e.source,
  reason: e.reason,
  actor: { type: e.actor_type, id: e.actor_id, name: e.actor_name },
  at: e.created_at.toISOString(),
});

/** The opt-out history of one value, newest first. */
export async function history(db: Kysely<DB>, actor: Actor, q: { channel: Channel; value: string }) {
  assertManager(actor, 'see opt-out histories');
  const r = (await normalizer(db, actor.workspaceId))(q.channel, q.value);
  if ('error' in r) throw fieldError('value', r.error);
  const key = { channel: q.channel, normalized: r.normalized };
  return { ...key, items: (await repo.history(db, actor.workspaceId, key, 200)).map(presentEvent) };
}

type Verdict = CheckResult['values'][number]['reason'];

/**
 * May these values, or these contacts on a channel, be called or messaged? The one check every
 * path that hands an address to a dialer or a sender goes through. A value is off limits when it
 * is suppressed, opted out on any contact, or carried by a blocked contact.
 */
export async function checkContactable(
  db: Kysely<DB>,
  actor: Actor,
  req: CheckRequest,
): Promise<CheckResult> {
  const ws = actor.workspaceId;
  const normalize = await normalizer(db, ws);
  const values = req.values.map((v) => ({ ...v, r: normalize(v.channel, v.value) }));
  const valueKeys = values.flatMap((v) =>
    'error' in v.r ? [] : [{ channel: v.channel, normalized: v.r.normalized }],
  );

  // One read of the contacts the caller may see among those asked about: which exist, which are blocked.
  const seen = await contactsRepo.findVisibleMany(
    db,
    actor,
    [...new Set(req.contacts.map((c) => c.contactId))],
    false,
  );
  const visible = new Set(seen.map((c) => c.id));
  const blockedContacts = new Set(seen.filter((c) => c.blocked).map((c) => c.id));
  const contactPoints = await contactsRepo.pointsFor(db, ws, [...visible]);
  const allKeys = [...valueKeys, ...contactPoints];
  const [carriers, suppressed] = await Promise.all([
    repo.pointsWithValues(db, ws, allKeys),
    repo.suppressedAmong(db, ws, allKeys),
  ]);
  const optedOut = new Set(carriers.filter((p) => p.status === 'opted_out').map(repo.keyOf));
  const blockedValues = new Set(carriers.filter((p) => p.blocked).map(repo.keyOf));
  const valueVerdict = (k: repo.ValueKey): Verdict => {
    const key = repo.keyOf(k);
    if (suppressed.has(key)) return 'suppressed';
    if (optedOut.has(key)) return 'opted_out';
    if (blockedValues.has(key)) return 'blocked';
    return null;
  };

  return {
    values: values.map((v) => {
      if ('error' in v.r)
        return {
          channel: v.channel,
          value: v.value,
          normalized: null,
          allowed: false,
          reason: 'invalid',
          message: v.r.error,
        };
      const reason = valueVerdict({ channel: v.channel, normalized: v.r.normalized });
      return {
        channel: v.channel,
        value: v.value,
        normalized: v.r.normalized,
        allowed: reason === null,
        reason,
        message: null,
      };
    }),
    contacts: req.contacts.map(({ contactId, channel }) => {
      if (!visible.has(contactId))
        return { contactId, channel, allowed: false, reason: 'not_found', points: [] };
      const blocked = blockedContacts.has(contactId);
      const points = contactPoints
        .filter((p) => p.contact_id === contactId && p.channel === channel)
        .map((p) => {
          const reason: Verdict = blocked
            ? 'blocked'
            : p.status === 'opted_out'
              ? 'opted_out'
              : valueVerdict(p);
          return { id: p.id, value: p.value, normalized: p.normalized, allowed: reason === null, reason };
        });
      const allowed = points.some((p) => p.allowed);
      const reason: Verdict = allowed
        ? null
        : blocked
          ? 'blocked'
          : points.length === 0
            ? 'no_contact_point'
            : (points[0].reason ?? 'opted_out');
      return { contactId, channel, allowed, reason, points };
    }),
  };
}

/**
 * A sender's own "STOP" (or "START") from an inbound conversation: the value is opted out (or
 * back in) everywhere, with source `inbound`, inside the caller's transaction.
 */
export async function setStatusFromInbound(
  trx: Kysely<DB>,
  actor: Actor,
  value: { channel: Channel; normalized: string; value: string; reason: string },
  status: Status,
) {
  return setValuesStatus(trx, actor, [value], status, 'inbound');
}
