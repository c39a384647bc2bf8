import type { Kysely } from 'kysely';
import type { ContactPointRow, ContactRow, DB, NewContact } from '../../db/types.js';
import { newId } from '../../lib/ids.js';
import {
  AppError,
  assertNoFieldErrors,
  fieldError,
  forbidden,
  notFound,
  type FieldError,
} from '../../server/errors.js';
import { isManager, type Actor } from '../auth/actor.js';
import { definitionsFor } from '../fields/service.js';
import { applyCustomValues } from '../fields/validate.js';
import { activeMemberIds } from '../users/service.js';
import { workspaceSettings } from '../workspaces/service.js';
import { applyOptOuts, keepOptOutsOfLeaving, settle, statusEvents, type Applied } from '../optouts/apply.js';
import { hasSubscribers, publish, publishMany } from '../webhooks/publish.js';
import { diffContacts, type FieldChange } from './changes.js';
import { normalizePoint } from './normalize.js';
import { groupBy, presentContact } from './present.js';
import * as repo from './repo.js';
import {
  SORT_COLUMNS,
  type Contact,
  type ContactCreate,
  type ContactQuery,
  type ContactPatch,
  type PointInput,
} from './schema.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { findVisibleWithChildren, insertNewContact } from './batches.js';
import { searchText } from './search-text.js';
import { relevancePage } from '../search/page.js';
import { selectionConditions } from './selection.js';

const NOT_NULL_SORTS = new Set(['type', 'level', 'source', 'active', 'created_at', 'updated_at']);

/** A contact's columns before any input: what the table's defaults would give. */
export const EMPTY_CONTACT = {
  first_name: null,
  last_name: null,
  company: null,
  job_title: null,
  department: null,
  birth_date: null,
  language: null,
  time_zone: null,
  street: null,
  city: null,
  state: null,
  zip: null,
  country: null,
  tags: [],
  external_id: null,
  blocked: false,
  blocked_reason: null,
  version: 1,
} satisfies Partial<ContactRow>;

/** Maps the given API fields to columns; absent fields stay absent so PATCH leaves them alone. */
export function toColumns(input: ContactCreate | ContactPatch): Partial<NewContact> {
  const out: Partial<NewContact> = {};
  const set = <K extends keyof NewContact>(k: K, v: NewContact[K] | undefined) => {
    if (v !== undefined) out[k] = v;
  };
  set('first_name', input.firstName);
  set('last_name', input.lastName);
  set('type', input.type);
  set('level', input.level);
  set('company', input.company);
  set('job_title', input.jobTitle);
  set('department', input.department);
  set('birth_date', input.birthDate);
  set('language', input.language);
  set('time_zone', input.timeZone);
  set('street', input.address?.street);
  set('city', input.address?.city);
  set('state', input.address?.state);
  set('zip', input.address?.zip);
  set('country', input.address?.country);
  set('tags', input.tags);
  set('source', input.source);
  set('external_id', input.externalId);
  return out;
}

/** Validates and normalizes contact points; keeps ids of points that already existed. */
function buildPoints(
  inputs: PointInput[],
  existing: ContactPointRow[],
  ctx: { workspaceId: string; contactId: string; defaultCountry: string },
  errors: FieldError[],
): ContactPointRow[] {
  const byId = new Map(existing.map((p) => [p.id, p]));
  const byKey = new Map(existing.map((p) => [`${p.channel}:${p.normalized}`, p]));
  const seen = new Set<string>();
  const rows: ContactPointRow[] = [];
  inputs.forEach((p, i) => {
    const r = normalizePoint(p.channel, p.value, ctx.defaultCountry);
    if ('error' in r) {
      errors.push({ path: `points.${i}.value`, message: r.error });
      return;
    }
    const key = `${p.channel}:${r.normalized}`;
    if (seen.has(key)) {
      errors.push({ path: `points.${i}.value`, message: `${r.normalized} is listed twice` });
      return;
    }
    seen.add(key);
    if (p.id && !byId.has(p.id)) {
      errors.push({ path: `points.${i}.id`, message: 'No such contact point on this contact' });
      return;
    }
    const old = (p.id && byId.get(p.id)) || byKey.get(key);
    rows.push({
      workspace_id: ctx.workspaceId,
      id: old?.id ?? newId(),
      contact_id: ctx.contactId,
      channel: p.channel,
      label: p.label,
      value: p.value.trim(),
      normalized: r.normalized,
      status: p.status,
      position: i,
      created_at: old?.created_at ?? new Date(),
    });
  });
  return rows;
}

async function checkOwner(db: Kysely<DB>, actor: Actor, ownerId: string | null, current: ContactRow | null) {
  const mayAssign =
    isManager(actor) || (current ? current.owner_id === actor.userId : ownerId === actor.userId);
  if (!mayAssign) throw forbidden('Only admins and the contact’s owner can change its owner');
  if (ownerId && !(await activeMemberIds(db, actor.workspaceId, [ownerId])).has(ownerId)) {
    throw fieldError('ownerId', 'No active user with this id in the workspace');
  }
}

const externalIdConflict = (externalId: string | null | undefined) =>
  new AppError('conflict', `Another contact already has external id "${externalId}"`, [
    { path: 'externalId', message: 'Already used by another contact in this workspace' },
  ]);

/** The unique index on external ids decides every clash, concurrent or not: no look-up first. */
function rethrowExternalIdTaken(externalId: string | null | undefined) {
  return (err: unknown): never => {
    throw repo.isExternalIdTaken(err) ? externalIdConflict(externalId) : err;
  };
}

function requireIdentity(row: Partial<NewContact>, points: ContactPointRow[], errors: FieldError[]) {
  if (!row.first_name && !row.last_name && points.length === 0 && errors.length === 0) {
    errors.push({
      path: 'lastName',
      message: 'A contact needs a first or last name, or at least one contact point',
    });
  }
}

function logEntry(actor: Actor, contactId: string, action: string, changes: FieldChange[]): repo.ChangeRow {
  return {
    workspace_id: actor.workspaceId,
    id: newId(),
    contact_id: contactId,
    action,
    actor_type: actor.userId ? 'user' : actor.apiKeyId ? 'api_key' : 'system',
    actor_id: actor.userId ?? actor.apiKeyId,
    actor_name: actor.name,
    changes: JSON.stringify(changes),
  };
}

export async function presentMany(
  db: Kysely<DB>,
  workspaceId: string,
  rows: ContactRow[],
): Promise<Contact[]> {
  const ids = rows.map((r) => r.id);
  const [points, shares] = await Promise.all([
    repo.pointsFor(db, workspaceId, ids),
    repo.sharesFor(db, workspaceId, ids),
  ]);
  const pointsBy = groupBy(points, (p) => p.contact_id);
  const sharesBy = groupBy(shares, (s) => s.contact_id);
  return rows.map((r) =>
    presentContact(
      r,
      pointsBy.get(r.id) ?? [],
      (sharesBy.get(r.id) ?? []).map((s) => s.user_id),
    ),
  );
}

async function loadVisible(db: Kysely<DB>, actor: Actor, id: string, forUpdate = false) {
  const row = await repo.findVisible(db, actor, id, forUpdate);
  if (!row) throw notFound('Contact');
  return row;
}

export async function getContact(db: Kysely<DB>, actor: Actor, id: string): Promise<Contact> {
  const row = await findVisibleWithChildren(db, actor, id);
  if (!row) throw notFound('Contact');
  return presentContact(row, row.points_json, row.shared_with);
}

/**
 * Creates a contact, its points and its change-log entry in one statement: one round trip, atomic
 * without an explicit transaction, and shared with the creates that arrive meanwhile
 * (batches.ts). The row is built here in full, so the log entry can be computed before the
 * insert.
 */
export async function createContact(db: Kysely<DB>, actor: Actor, input: ContactCreate): Promise<Contact> {
  const { defaultCountry } = await workspaceSettings(db, actor.workspaceId);
  const id = newId();
  const errors: FieldError[] = [];
  const cols = toColumns(input);
  const points = buildPoints(
    input.points,
    [],
    { workspaceId: actor.workspaceId, contactId: id, defaultCountry },
    errors,
  );
  const fields = await definitionsFor(db, actor.workspaceId);
  const { custom, errors: customErrors } = applyCustomValues(fields, {}, input.custom, true);
  errors.push(...customErrors);
  requireIdentity(cols, points, errors);
  assertNoFieldErrors(errors);

  const ownerId = input.ownerId !== undefined ? input.ownerId : actor.userId;
  if (input.ownerId !== undefined) await checkOwner(db, actor, ownerId, null);
  const applied = await applyOptOuts(db, actor, points);
  const consent: Applied = {
    events: [...applied.events, ...statusEvents(actor, [], points, applied)],
    consumed: applied.consumed,
  };

  const now = new Date();
  const row: ContactRow = {
    ...EMPTY_CONTACT,
    ...cols,
    workspace_id: actor.workspaceId,
    id,
    type: input.type,
    level: input.level,
    source: cols.source ?? (actor.apiKeyId ? 'api' : 'manual'),
    owner_id: ownerId,
    created_by: actor.userId,
    custom,
    active: points.some((p) => p.status === 'active'),
    blocked: false,
    blocked_reason: null,
    search_text: searchText({ ...cols, custom }, points, fields),
    created_at: now,
    updated_at: now,
  };
  const contact = presentContact(row, points, []);
  const log = logEntry(actor, id, 'create', diffContacts(null, contact));
  const insert = (to: Kysely<DB>) =>
    insertNewContact(to, { row: { ...row, custom: JSON.stringify(custom) }, points, change: log }).catch(
      rethrowExternalIdTaken(cols.external_id),
    );
  // Opt-outs to record and webhooks to tell (rare) join the insert's transaction; otherwise the
  // insert is one statement. Callers may pass their own transaction (lists add contacts so).
  const hooked = await hasSubscribers(db, actor.workspaceId, 'contact.created');
  const write = async (trx: Kysely<DB>) => {
    await insert(trx);
    await settle(trx, actor.workspaceId, consent);
    await publish(trx, actor.workspaceId, 'contact.created', { contact });
  };
  if (consent.events.length === 0 && !hooked) await insert(db);
  else await (db.isTransaction ? write(db) : db.transaction().execute(write));
  return contact;
}

export async function updateContact(
  trx: Kysely<DB>,
  actor: Actor,
  id: string,
  expectedVersion: number | undefined,
  patch: ContactPatch,
) {
  const current = await loadVisible(trx, actor, id, true);
  // Bulk edits pass no version: they lock the row and apply to whatever it is now.
  if (expectedVersion !== undefined && current.version !== expectedVersion) {
    throw new AppError(
      'conflict',
      `The contact was changed by someone else (version ${current.version}, you sent ${expectedVersion}): reload it and apply your change again`,
    );
  }
  const [before] = await presentMany(trx, actor.workspaceId, [current]);
  const existingPoints = await repo.pointsFor(trx, actor.workspaceId, [id]);
  const { defaultCountry } = await workspaceSettings(trx, actor.workspaceId);
  const errors: FieldError[] = [];
  const cols = toColumns(patch);
  const points = patch.points
    ? buildPoints(
        patch.points,
        existingPoints,
        { workspaceId: actor.workspaceId, contactId: id, defaultCountry },
        errors,
      )
    : existingPoints;
  // Custom field definitions also decide which custom values are searched (search text below).
  const fields = await definitionsFor(trx, actor.workspaceId);
  let custom = current.custom;
  if (patch.custom) {
    const r = applyCustomValues(fields, current.custom, patch.custom, false);
    custom = r.custom;
    errors.push(...r.errors);
  }
  const merged = { ...current, ...cols };
  requireIdentity(merged, points, errors);
  assertNoFieldErrors(errors);
  if (patch.ownerId !== undefined && patch.ownerId !== current.owner_id)
    await checkOwner(trx, actor, patch.ownerId, current);
  const existingIds = new Set(existingPoints.map((p) => p.id));
  const applied = patch.points
    ? await applyOptOuts(
        trx,
        actor,
        points.filter((p) => !existingIds.has(p.id)),
      )
    : { events: [], consumed: [] };

  // A patch that changes nothing (an empty one, or values already there) writes nothing: the
  // version stays, so other editors' If-Match headers stay valid, and the log gets no empty entry.
  const unchanged = {
    ...merged,
    owner_id: patch.ownerId !== undefined ? patch.ownerId : current.owner_id,
    custom,
    active: points.some((p) => p.status === 'active'),
  };
  if (diffContacts(before, presentContact(unchanged, points, before.sharedWith)).length === 0) return before;

  const row = await repo
    .updateContact(trx, actor.workspaceId, id, {
      ...cols,
      owner_id: patch.ownerId,
      custom: JSON.stringify(custom),
      active: points.some((p) => p.status === 'active'),
      search_text: searchText({ ...merged, custom }, points, fields),
    })
    .catch(rethrowExternalIdTaken(cols.external_id));
  if (patch.points) {
    const kept = new Set(points.map((p) => p.id));
    const leaving = existingPoints.filter((p) => !kept.has(p.id)).map((p) => p.id);
    if (leaving.length) await keepOptOutsOfLeaving(trx, actor.workspaceId, { pointIds: leaving });
    await repo.replacePoints(trx, actor.workspaceId, id, points);
    await settle(trx, actor.workspaceId, {
      events: [...applied.events, ...statusEvents(actor, existingPoints, points, applied)],
      consumed: applied.consumed,
    });
  }
  const after = presentContact(row, points, before.sharedWith);
  const changes = diffContacts(before, after);
  if (changes.length) await repo.insertChanges(trx, [logEntry(actor, id, 'update', changes)]);
  await publish(trx, actor.workspaceId, 'contact.updated', { contact: after, changes });
  return after;
}

function assertMayManage(actor: Actor, row: ContactRow, what: string) {
  if (!isManager(actor) && row.owner_id !== actor.userId)
    throw forbidden(`Only admins and the contact’s owner can ${what}`);
}

export async function deleteContact(trx: Kysely<DB>, actor: Actor, id: string, expectedVersion?: number) {
  const row = await loadVisible(trx, actor, id, true);
  assertMayManage(actor, row, 'delete it');
  if (expectedVersion !== undefined && row.version !== expectedVersion) {
    throw new AppError(
      'conflict',
      `The contact was changed by someone else (version ${row.version}): reload it before deleting`,
    );
  }
  await removeWithLog(trx, actor, [row]);
}

async function removeWithLog(trx: Kysely<DB>, actor: Actor, rows: ContactRow[]) {
  const before = await presentMany(trx, actor.workspaceId, rows);
  await repo.insertChanges(
    trx,
    before.map((c) => logEntry(actor, c.id, 'delete', diffContacts(c, null))),
  );
  const ids = rows.map((r) => r.id);
  await keepOptOutsOfLeaving(trx, actor.workspaceId, { contactIds: ids });
  const gone = before.map((c) => ({
    contact: { id: c.id, displayName: c.displayName, externalId: c.externalId },
  }));
  await publishMany(trx, actor.workspaceId, 'contact.deleted', gone);
  return repo.deleteContacts(trx, actor.workspaceId, ids);
}

/** Deletes the given contacts only if exactly `expectedCount` of them may be deleted by the actor. */
export async function bulkDelete(trx: Kysely<DB>, actor: Actor, ids: string[], expectedCount: number) {
  const rows = (await repo.findVisibleMany(trx, actor, [...new Set(ids)])).filter(
    (r) => isManager(actor) || r.owner_id === actor.userId,
  );
  if (rows.length !== expectedCount) {
    throw new AppError(
      'conflict',
      `${rows.length} of the given contacts can be deleted, but expectedCount is ${expectedCount}: nothing was deleted`,
      [{ path: 'expectedCount', message: `must be ${rows.length}` }],
    );
  }
  return removeWithLog(trx, actor, rows);
}

/** Reads the `filter` query parameter: JSON text of a filter tree. */
export function filterFromQuery(text: string | undefined): unknown {
  if (text === undefined || text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw fieldError('filter', 'is not valid JSON');
  }
}

const MAX_RELEVANCE_OFFSET = 10_000;

export async function listContacts(db: Kysely<DB>, actor: Actor, query: ContactQuery) {
  const { conditions, narrowing, plan } = await selectionConditions(db, actor, query);
  const sort = query.sort ?? (plan ? 'relevance' : 'createdAt');
  if (sort === 'relevance') {
    if (!plan) throw fieldError('sort', 'relevance needs search text in q');
    const offset = query.cursor ? (decodeCursor(query.cursor, sort, query.order).value as number) : 0;
    if (!Number.isInteger(offset) || offset < 0 || offset > MAX_RELEVANCE_OFFSET)
      throw fieldError(
        'cursor',
        `search results page up to ${MAX_RELEVANCE_OFFSET} contacts; narrow the search`,
      );
    // The page in the plan's order (rank, then id), read without ranking every match of a broad
    // query (src/modules/search/page.ts).
    const ids = await relevancePage(db, actor, narrowing, query.q!, offset, query.limit + 1);
    const rows = await repo.contactsInOrder(db, actor.workspaceId, ids);
    const page = rows.slice(0, query.limit);
    const next = rows.length > query.limit ? offset + query.limit : null;
    return {
      items: page.map((r) => presentContact(r, r.points_json, r.shared_with)),
      nextCursor: next === null ? null : encodeCursor(sort, query.order, next, page[page.length - 1].id),
    };
  }
  const column = SORT_COLUMNS[sort];
  const after = query.cursor ? decodeCursor(query.cursor, sort, query.order) : undefined;
  const rows = await repo.listPage(db, actor, {
    column,
    nullable: !NOT_NULL_SORTS.has(column),
    order: query.order,
    conditions,
    limit: query.limit,
    after,
  });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  const nextCursor =
    rows.length > query.limit && last
      ? encodeCursor(sort, query.order, (last as any)[column], last.id)
      : null;
  return { items: page.map((r) => presentContact(r, r.points_json, r.shared_with)), nextCursor };
}

export async function listChanges(
  db: Kysely<DB>,
  actor: Actor,
  id: string,
  cursor: string | undefined,
  limit: number,
) {
  // The log stays readable after a delete only for managers; others need the contact to be visible.
  if (!isManager(actor)) await loadVisible(db, actor, id);
  const rows = await repo.listChanges(db, actor.workspaceId, id, cursor, limit + 1);
  // Every contact's log starts with its creation, so a manager's empty answer means no such contact.
  if (rows.length === 0 && isManager(actor) && !(await repo.hasChanges(db, actor.workspaceId, id)))
    throw notFound('Contact');
  const page = rows.slice(0, limit);
  return {
    items: page.map((r) => ({
      id: r.id,
      contactId: r.contact_id,
      action: r.action as any,
      actor: { type: r.actor_type as any, id: r.actor_id, name: r.actor_name },
      changes: r.changes as FieldChange[],
      createdAt: r.created_at.toISOString(),
    })),
    nextCursor: rows.length > limit ? page[page.length - 1].id : null,
  };
}

/**
 * Logs an action on one contact and tells webhooks, as a PATCH does: `contact.updated` with the
 * contact after it and the change-log entries.
 */
async function recordAction(
  trx: Kysely<DB>,
  actor: Actor,
  contact: Contact,
  action: string,
  changes: FieldChange[],
) {
  await repo.insertChanges(trx, [logEntry(actor, contact.id, action, changes)]);
  await publish(trx, actor.workspaceId, 'contact.updated', { contact, changes });
  return contact;
}

export async function shareContact(trx: Kysely<DB>, actor: Actor, id: string, userId: string) {
  const row = await loadVisible(trx, actor, id, true);
  assertMayManage(actor, row, 'share it');
  if (!(await activeMemberIds(trx, actor.workspaceId, [userId])).has(userId))
    throw fieldError('userId', 'No active user with this id in the workspace');
  const [before] = await presentMany(trx, actor.workspaceId, [row]);
  if (before.sharedWith.includes(userId) || row.owner_id === userId) return getContact(trx, actor, id);
  await repo.addShare(trx, actor.workspaceId, id, userId);
  // Who it is shared with is part of the contact as read: a new version, so its ETag changes.
  await repo.updateContact(trx, actor.workspaceId, id, {});
  return recordAction(trx, actor, await getContact(trx, actor, id), 'share', [
    { field: 'sharedWith', before: before.sharedWith, after: [...before.sharedWith, userId] },
  ]);
}

export async function unshareContact(trx: Kysely<DB>, actor: Actor, id: string, userId: string) {
  const row = await loadVisible(trx, actor, id, true);
  assertMayManage(actor, row, 'change who it is shared with');
  const [before] = await presentMany(trx, actor.workspaceId, [row]);
  if (!(await repo.removeShare(trx, actor.workspaceId, id, userId))) throw notFound('Share');
  await repo.updateContact(trx, actor.workspaceId, id, {});
  return recordAction(trx, actor, await getContact(trx, actor, id), 'unshare', [
    { field: 'sharedWith', before: before.sharedWith, after: before.sharedWith.filter((u) => u !== userId) },
  ]);
}

export async function transferContact(trx: Kysely<DB>, actor: Actor, id: string, ownerId: string) {
  const row = await loadVisible(trx, actor, id, true);
  await checkOwner(trx, actor, ownerId, row);
  if (row.owner_id === ownerId) return (await presentMany(trx, actor.workspaceId, [row]))[0];
  const updated = await repo.updateContact(trx, actor.workspaceId, id, { owner_id: ownerId });
  // An agent handing its contact away loses sight of it unless it is shared back: answer with what was done.
  const [after] = await presentMany(trx, actor.workspaceId, [updated]);
  return recordAction(trx, actor, after, 'transfer', [
    { field: 'ownerId', before: row.owner_id, after: ownerId },
  ]);
}

/**
 * Blocks or unblocks a contact: blocked contacts get no outbound (the suppression check says so)
 * and their inbound conversations are marked blocked. Logged as its own action.
 */
export async function setBlocked(
  trx: Kysely<DB>,
  actor: Actor,
  id: string,
  blocked: boolean,
  reason: string | null,
) {
  const row = await loadVisible(trx, actor, id, true);
  if (row.blocked === blocked) return (await presentMany(trx, actor.workspaceId, [row]))[0];
  const blockedReason = blocked ? reason : null;
  const updated = await repo.updateContact(trx, actor.workspaceId, id, {
    blocked,
    blocked_reason: blockedReason,
  });
  const changes: FieldChange[] = [{ field: 'blocked', before: row.blocked, after: blocked }];
  if (row.blocked_reason !== blockedReason)
    changes.push({ field: 'blockedReason', before: row.blocked_reason, after: blockedReason });
  const [after] = await presentMany(trx, actor.workspaceId, [updated]);
  return recordAction(trx, actor, after, blocked ? 'block' : 'unblock', changes);
}

/** Writes change-log entries made by other modules (group membership, bulk actions). */
export async function recordChanges(
  db: Kysely<DB>,
  actor: Actor,
  entries: { contactId: string; changes: FieldChange[] }[],
  action = 'update',
) {
  await repo.insertChanges(
    db,
    entries.map((e) => logEntry(actor, e.contactId, action, e.changes)),
  );
}

/** Deletes the given contacts the actor may delete, logging each; answers how many. */
export async function deleteMany(trx: Kysely<DB>, actor: Actor, ids: string[]) {
  const rows = (await repo.findVisibleMany(trx, actor, ids)).filter(
    (r) => isManager(actor) || r.owner_id === actor.userId,
  );
  return removeWithLog(trx, actor, rows);
}

/** Checks that a new owner is an active member of the workspace. */
export async function checkNewOwner(db: Kysely<DB>, actor: Actor, ownerId: string, path = 'ownerId') {
  if (!(await activeMemberIds(db, actor.workspaceId, [ownerId])).has(ownerId))
    throw fieldError(path, 'No active user with this id in the workspace');
}
