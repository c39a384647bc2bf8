// The contact timeline: activities integrations post (single or batch, idempotent by externalId),
// notes agents write, and the timeline read with the contact's own changes among them.
import type { Insertable, Kysely } from 'kysely';
import type { ActivitiesTable, ActivityRow, DB } from '../../db/types.js';
import { newId } from '../../lib/ids.js';
import { decodeTupleCursor, encodeTupleCursor } from '../../lib/tuple-cursor.js';
import { assertNoFieldErrors, fieldError, notFound, type FieldError } from '../../server/errors.js';
import type { Actor } from '../auth/actor.js';
import { normalizePoint } from '../contacts/normalize.js';
import { contactByPoint, findVisible, visibleIdsAmong } from '../contacts/repo.js';
import { workspaceSettings } from '../workspaces/service.js';
import * as repo from './repo.js';
import { TIMELINE_KINDS, type Activity, type ActivityCreate, type TimelineQuery } from './schema.js';

/** Activities may be dated at most this far ahead (clocks drift; a scheduled call is not an activity). */
const MAX_FUTURE_MS = 24 * 3600_000;

export function presentActivity(r: ActivityRow): Activity {
  return {
    id: r.id,
    contactId: r.contact_id,
    kind: r.kind as Activity['kind'],
    channel: r.channel,
    direction: r.direction,
    occurredAt: r.occurred_at.toISOString(),
    actor: { type: r.actor_type, id: r.actor_id, name: r.actor_name },
    summary: r.summary,
    payload: r.payload,
    externalId: r.external_id ?? null,
  };
}

export const actorColumns = (actor: Actor) => ({
  actor_type: actor.apiKeyId ? ('api_key' as const) : ('user' as const),
  actor_id: actor.apiKeyId ?? actor.userId,
  actor_name: actor.name,
});

/** Each item's contact: by id (one the actor sees) or by a contact point's value. */
async function resolveContacts(
  db: Kysely<DB>,
  actor: Actor,
  items: ActivityCreate[],
  path: (i: number) => string,
) {
  const errors: FieldError[] = [];
  const ids = [...new Set(items.flatMap((a) => (a.contactId ? [a.contactId] : [])))];
  const visible = new Set(await visibleIdsAmong(db, actor, ids, false));
  const { defaultCountry } = await workspaceSettings(db, actor.workspaceId);
  const out: string[] = [];
  for (const [i, a] of items.entries()) {
    if (a.contactId) {
      if (!visible.has(a.contactId))
        errors.push({ path: `${path(i)}contactId`, message: 'No contact with this id' });
      out.push(a.contactId);
      continue;
    }
    const { channel, value } = a.contact!;
    const r = normalizePoint(channel, value, defaultCountry);
    if ('error' in r) {
      errors.push({ path: `${path(i)}contact.value`, message: r.error });
      out.push('');
      continue;
    }
    const id = await contactByPoint(db, actor.workspaceId, channel, r.normalized);
    if (!id || !(await visibleIdsAmong(db, actor, [id], false)).length)
      errors.push({ path: `${path(i)}contact.value`, message: 'No contact has this value' });
    out.push(id ?? '');
  }
  for (const [i, a] of items.entries())
    if (a.occurredAt && Date.parse(a.occurredAt) > Date.now() + MAX_FUTURE_MS)
      errors.push({ path: `${path(i)}occurredAt`, message: 'is more than a day in the future' });
  assertNoFieldErrors(errors);
  return out;
}

function toRow(actor: Actor, a: ActivityCreate, contactId: string): Insertable<ActivitiesTable> {
  return {
    workspace_id: actor.workspaceId,
    id: newId(),
    contact_id: contactId,
    kind: a.kind,
    channel: a.channel ?? null,
    direction: a.direction ?? null,
    occurred_at: a.occurredAt ? new Date(a.occurredAt) : new Date(),
    ...actorColumns(actor),
    summary: a.summary,
    payload: JSON.stringify(a.payload),
    external_id: a.externalId ?? null,
  };
}

/** Stores activities; an externalId stored before answers its activity and creates nothing. */
export async function createActivities(
  db: Kysely<DB>,
  actor: Actor,
  items: ActivityCreate[],
  batch: boolean,
) {
  const contactIds = await resolveContacts(db, actor, items, (i) => (batch ? `items.${i}.` : ''));
  const rows = items.map((a, i) => toRow(actor, a, contactIds[i]));
  const { inserted, byExternal } = await repo.insertIdempotent(db, actor.workspaceId, rows);
  const ids = rows.map((r) => (inserted.has(r.id) ? r.id : (byExternal.get(r.external_id!) ?? r.id)));
  return { ids, created: inserted.size, existing: rows.length - inserted.size };
}

export async function createActivity(db: Kysely<DB>, actor: Actor, item: ActivityCreate) {
  const { ids, created } = await createActivities(db, actor, [item], false);
  const [row] = await repo.findActivities(db, actor.workspaceId, ids);
  return { created: created === 1, activity: presentActivity(row) };
}

export async function addNote(db: Kysely<DB>, actor: Actor, contactId: string, text: string) {
  if (!(await findVisible(db, actor, contactId))) throw notFound('Contact');
  const row = toRow(actor, { kind: 'note', summary: text, payload: {}, contactId }, contactId);
  await repo.insertActivities(db, [row]);
  return presentActivity((await repo.findActivities(db, actor.workspaceId, [row.id]))[0]);
}

const CHANGE_WORDS: Record<string, string> = {
  create: 'Created',
  update: 'Updated',
  delete: 'Deleted',
  merge: 'Merged',
  unmerge: 'Unmerged',
  block: 'Blocked',
  unblock: 'Unblocked',
};

type Item = Activity & { us: string };

function parseKinds(text: string | undefined): string[] | null {
  if (!text) return null;
  const kinds = [
    ...new Set(
      text
        .split(',')
        .map((k) => k.trim())
        .filter(Boolean),
    ),
  ];
  const unknown = kinds.find((k) => !(TIMELINE_KINDS as readonly string[]).includes(k));
  if (unknown) throw fieldError('kind', `"${unknown}" is not a kind; kinds are ${TIMELINE_KINDS.join(', ')}`);
  return kinds;
}

const encodeCursor = (i: Item) => encodeTupleCursor([i.us, i.id]);

const decodeCursor = (cursor: string | undefined) =>
  cursor
    ? decodeTupleCursor(cursor, ([us, id]) =>
        /^\d{1,17}$/.test(us as string) && /^[0-9a-f-]{36}$/i.test(id as string)
          ? { us: us as string, id: id as string }
          : undefined,
      )
    : undefined;

/** Newest first: activities and (unless kinds leave them out) the contact's changes, merged. */
export async function timeline(db: Kysely<DB>, actor: Actor, contactId: string, q: TimelineQuery) {
  const kinds = parseKinds(q.kind);
  const after = decodeCursor(q.cursor);
  if (!(await findVisible(db, actor, contactId))) throw notFound('Contact');
  const window = {
    kinds: kinds?.filter((k) => k !== 'change') ?? null,
    from: q.from ? new Date(q.from) : undefined,
    to: q.to ? new Date(q.to) : undefined,
    after,
    limit: q.limit + 1,
  };
  const wantActivities = !kinds || window.kinds!.length > 0;
  const wantChanges = !kinds || kinds.includes('change');
  const [activities, changes] = await Promise.all([
    wantActivities ? repo.activityPage(db, actor.workspaceId, contactId, window) : [],
    wantChanges ? repo.changePage(db, actor.workspaceId, contactId, window) : [],
  ]);
  const items: Item[] = [
    ...activities.map((r) => ({ ...presentActivity(r), us: r.at_us })),
    ...changes.map((c) => ({
      id: c.id,
      contactId: c.contact_id,
      kind: 'change' as const,
      channel: null,
      direction: null,
      occurredAt: c.created_at.toISOString(),
      actor: { type: c.actor_type, id: c.actor_id, name: c.actor_name },
      summary: CHANGE_WORDS[c.action] ?? c.action,
      payload: { action: c.action, changes: c.changes },
      externalId: null,
      us: c.at_us,
    })),
  ].sort((x, y) => cmpDesc(x.us, y.us) || (x.id < y.id ? 1 : x.id > y.id ? -1 : 0));
  const page = items.slice(0, q.limit);
  return {
    items: page.map(({ us: _us, ...a }) => a),
    nextCursor: items.length > q.limit ? encodeCursor(page[page.length - 1]) : null,
  };
}

/** Newest first on microsecond strings of digits. */
const cmpDesc = (a: string, b: string) =>
  a.length !== b.length ? b.length - a.length : a < b ? 1 : a > b ? -1 : 0;
