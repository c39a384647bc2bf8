// Bulk upsert of contact records (from imports): one batch in a handful of set-based statements,
// whatever its size. Matching, merging and change logs follow the same rules as single writes:
// a row that matches a contact adds to it (filled fields overwrite, tags and contact points are
// added, nothing is removed), a row that changes nothing writes nothing, and every contact
// written gets one change-log entry with its field-level diff.
import { setImmediate } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import type { ContactPointRow, ContactRow, DB } from '../../db/types.js';
import { newId } from '../../lib/ids.js';
import { isManager, type Actor } from '../auth/actor.js';
import { definitionsFor } from '../fields/service.js';
import { applyCustomValues } from '../fields/validate.js';
import { applyOptOuts, settle } from '../optouts/apply.js';
import { publishMany } from '../webhooks/publish.js';
import * as bulkRepo from './bulk-repo.js';
import { diffContacts, type FieldChange } from './changes.js';
import type { Channel } from './enums.js';
import { presentContact } from './present.js';
import type { ContactWithChildren } from './repo.js';
import { searchText } from './search-text.js';

// For callers outside the contacts module (imports): what bulk work needs besides upserts.
export { analyzeContactTables, maxNumericExternalId } from './bulk-repo.js';

export type MatchKey = 'externalId' | 'email' | 'phone' | 'none';

export interface BulkPoint {
  channel: Channel;
  label: string;
  value: string;
  normalized: string;
}

/** One row's worth of contact data; only the fields the row filled are present. */
export interface BulkRecord {
  /** The caller's reference for this record (e.g. its row), echoed in failures. */
  ref: number;
  fields: Partial<
    Pick<
      ContactRow,
      | 'first_name'
      | 'last_name'
      | 'type'
      | 'level'
      | 'company'
      | 'job_title'
      | 'department'
      | 'birth_date'
      | 'language'
      | 'time_zone'
      | 'street'
      | 'city'
      | 'state'
      | 'zip'
      | 'country'
      | 'external_id'
    >
  >;
  tags: string[];
  custom: Record<string, unknown>;
  points: BulkPoint[];
  /** The owner this record names (resolved from an email), if any. */
  ownerId?: string;
  key: string | null;
}

export interface BulkOptions {
  matchBy: MatchKey;
  onMatch: 'update' | 'skip' | 'create';
  /** Added to every contact written. */
  tags: string[];
  /** Owner of created contacts unless the record names one. */
  ownerId: string | null;
  /** Custom field keys and labels that a new contact must have. */
  required: { key: string; label: string }[];
  /**
   * Around the statements that write contact rows, whose triggers add to the workspace's shared
   * search vocabulary: a caller writing batches side by side orders them with these.
   */
  contactWrites?: { before(): Promise<void>; after(): void };
}

export interface BulkResult {
  created: number;
  updated: number;
  unchanged: number;
  failures: { ref: number; errors: string[] }[];
  /** The contacts the records created or updated, or matched without a change (not skipped ones). */
  contactIds: string[];
}

interface Working {
  row: ContactRow;
  points: ContactPointRow[];
  sharedWith: string[];
  /**
   * The contact as loaded, for the change log (presented only if the batch changes it: most rows
   * of a re-import change nothing); null when created in this batch.
   */
  loaded: { row: ContactRow; points: ContactPointRow[]; sharedWith: string[] } | null;
  dirty: boolean;
  addedPoints: ContactPointRow[];
}

const MAX_POINTS = 50;

function fromLoaded(c: ContactWithChildren): Working {
  const { points_json, shared_with, ...row } = c;
  const points = points_json.map((p, i): ContactPointRow => ({
    workspace_id: row.workspace_id,
    id: p.id,
    contact_id: row.id,
    channel: p.channel,
    label: p.label,
    value: p.value,
    normalized: p.normalized,
    status: p.status,
    position: i,
    created_at: row.created_at,
  }));
  return {
    row,
    points,
    sharedWith: shared_with,
    loaded: { row, points, sharedWith: shared_with },
    dirty: false,
    addedPoints: [],
  };
}

const mayEdit = (actor: Actor, w: Working) =>
  isManager(actor) ||
  (actor.userId !== null && (w.row.owner_id === actor.userId || w.sharedWith.includes(actor.userId)));

const sameValue = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);

/**
 * Writes a batch of records in one transaction (the caller's). Records are applied in order, so a
 * later record with the same key updates the contact an earlier one created or matched.
 */
export async function upsertContacts(
  trx: Kysely<DB>,
  actor: Actor,
  records: BulkRecord[],
  opts: BulkOptions,
): Promise<BulkResult> {
  const ws = actor.workspaceId;
  const now = new Date();
  const result: BulkResult = { created: 0, updated: 0, unchanged: 0, failures: [], contactIds: [] };
  const byId = new Map<string, Working>();
  const byExternalId = new Map<string, string>();
  const byKey = new Map<string, string>();

  const externalIds = [
    ...new Set(records.flatMap((r) => (r.fields.external_id ? [r.fields.external_id] : []))),
  ];
  for (const c of await bulkRepo.lockByExternalIds(trx, ws, externalIds)) {
    byId.set(c.id, fromLoaded(c));
    byExternalId.set(c.external_id!, c.id);
  }
  if (opts.matchBy === 'email' || opts.matchBy === 'phone') {
    const keys = [...new Set(records.flatMap((r) => (r.key ? [r.key] : [])))];
    const found = await bulkRepo.contactIdsByPointValues(trx, actor, opts.matchBy, keys);
    const missing = [...new Set(found.map((f) => f.contact_id))].filter((id) => !byId.has(id));
    for (const c of await bulkRepo.lockByIds(trx, ws, missing)) byId.set(c.id, fromLoaded(c));
    for (const f of found) byKey.set(f.normalized, f.contact_id);
  } else if (opts.matchBy === 'externalId') {
    for (const [ext, id] of byExternalId) byKey.set(ext, id);
  }

  for (const record of records) {
    const errors: string[] = [];
    const matchId = opts.matchBy !== 'none' && record.key ? byKey.get(record.key) : undefined;
    const match = matchId ? byId.get(matchId) : undefined;
    if (match && !mayEdit(actor, match)) {
      errors.push(`The contact with ${opts.matchBy} "${record.key}" is not one you may see`);
    } else if (match && opts.onMatch === 'skip') {
      result.unchanged++;
      continue;
    } else if (match && opts.onMatch === 'update') {
      const outcome = applyUpdate(match, record, opts, actor, now, byExternalId, errors);
      if (outcome === 'updated') result.updated++;
      if (outcome === 'unchanged') result.unchanged++;
      if (!errors.length) {
        result.contactIds.push(match.row.id);
        if (record.key) byKey.set(record.key, match.row.id);
        continue;
      }
    } else {
      const created = create(record, opts, actor, now, byExternalId, errors);
      if (created) {
        byId.set(created.row.id, created);
        result.contactIds.push(created.row.id);
        if (record.key && opts.matchBy !== 'none') byKey.set(record.key, created.row.id);
        result.created++;
        continue;
      }
    }
    result.failures.push({ ref: record.ref, errors });
  }

  // Search text once per contact written; field definitions say which custom values are searched.
  const fields = await definitionsFor(trx, ws);
  for (const w of byId.values()) if (w.dirty) w.row.search_text = searchText(w.row, w.points, fields);

  // The batch's rows are built; let waiting requests in before the statements are prepared.
  await setImmediate();
  await write(trx, actor, [...byId.values()], opts.contactWrites);
  return result;
}

/**
 * Sets the same columns and custom values on many contacts (bulk set_field), a chunk in one locked
 * read, one update and one log insert. Values were checked by the caller. A contact the change
 * would leave without a name or contact point keeps its value and counts as failed.
 */
export async function setFields(
  trx: Kysely<DB>,
  actor: Actor,
  ids: string[],
  cols: Partial<ContactRow>,
  custom: Record<string, unknown> | undefined,
): Promise<{ changed: number; failed: number }> {
  const fields = await definitionsFor(trx, actor.workspaceId);
  const now = new Date();
  const written: Working[] = [];
  let failed = 0;
  for (const loaded of await bulkRepo.lockByIds(trx, actor.workspaceId, ids)) {
    const w = fromLoaded(loaded);
    if (!mayEdit(actor, w)) continue;
    const next: ContactRow = { ...w.row, ...cols };
    if (custom) next.custom = applyCustomValues(fields, w.row.custom, custom, false).custom;
    const changed =
      (Object.keys(cols) as (keyof ContactRow)[]).some((k) => !sameValue(w.row[k], next[k])) ||
      Object.keys(custom ?? {}).some((k) => !sameValue(w.row.custom[k], next.custom[k]));
    if (!changed) continue;
    if (!next.first_name && !next.last_name && w.points.length === 0) {
      failed++;
      continue;
    }
    next.version = w.row.version + 1;
    next.updated_at = now;
    next.search_text = searchText(next, w.points, fields);
    w.row = next;
    w.dirty = true;
    written.push(w);
  }
  await write(trx, actor, written);
  return { changed: written.length, failed };
}

function create(
  record: BulkRecord,
  opts: BulkOptions,
  actor: Actor,
  now: Date,
  byExternalId: Map<string, string>,
  errors: string[],
): Working | null {
  const ext = record.fields.external_id;
  if (ext && byExternalId.has(ext)) errors.push(`External id "${ext}" is already used by another contact`);
  for (const f of opts.required) {
    if (record.custom[f.key] === undefined) errors.push(`${f.label} is required`);
  }
  if (!record.fields.first_name && !record.fields.last_name && record.points.length === 0) {
    errors.push('A contact needs a first or last name, or at least one contact point');
  }
  if (errors.length) return null;
  const id = newId();
  const points = record.points.map((p, i) => pointRow(actor.workspaceId, id, p, i, now));
  // Every column once, in one order: a row built by spreading defaults and then adding keys took
  // V8 ~25 µs (it leaves the fast object shapes), and every later step read it slowly too.
  const f = record.fields;
  const row: ContactRow = {
    workspace_id: actor.workspaceId,
    id,
    first_name: f.first_name ?? null,
    last_name: f.last_name ?? null,
    type: f.type ?? 'lead',
    level: f.level ?? 'primary',
    company: f.company ?? null,
    job_title: f.job_title ?? null,
    department: f.department ?? null,
    birth_date: f.birth_date ?? null,
    language: f.language ?? null,
    time_zone: f.time_zone ?? null,
    street: f.street ?? null,
    city: f.city ?? null,
    state: f.state ?? null,
    zip: f.zip ?? null,
    country: f.country ?? null,
    tags: [...new Set([...record.tags, ...opts.tags])],
    owner_id: record.ownerId ?? opts.ownerId,
    created_by: actor.userId,
    source: 'import',
    external_id: f.external_id ?? null,
    custom: record.custom,
    active: points.length > 0,
    blocked: false,
    blocked_reason: null,
    search_text: '',
    version: 1,
    created_at: now,
    updated_at: now,
  };
  if (ext) byExternalId.set(ext, id);
  return { row, points, sharedWith: [], loaded: null, dirty: true, addedPoints: [] };
}

function applyUpdate(
  w: Working,
  record: BulkRecord,
  opts: BulkOptions,
  actor: Actor,
  now: Date,
  byExternalId: Map<string, string>,
  errors: string[],
): 'updated' | 'unchanged' | 'failed' {
  const ext = record.fields.external_id;
  const holder = ext ? byExternalId.get(ext) : undefined;
  if (ext && holder && holder !== w.row.id) {
    errors.push(`External id "${ext}" is already used by another contact`);
    return 'failed';
  }
  const next: ContactRow = { ...w.row, ...record.fields };
  next.tags = [...new Set([...w.row.tags, ...record.tags, ...opts.tags])];
  next.custom = { ...w.row.custom, ...record.custom };
  // Only managers hand contacts to others; an agent's import leaves owners as they are.
  if (record.ownerId && isManager(actor)) next.owner_id = record.ownerId;
  const have = new Set(w.points.map((p) => `${p.channel}:${p.normalized}`));
  const added = record.points.filter((p) => !have.has(`${p.channel}:${p.normalized}`));
  if (w.points.length + added.length > MAX_POINTS) {
    errors.push(`The contact would have more than ${MAX_POINTS} contact points`);
    return 'failed';
  }
  const changed =
    added.length > 0 ||
    (Object.keys(record.fields) as (keyof ContactRow)[]).some((k) => !sameValue(w.row[k], next[k])) ||
    !sameValue(w.row.tags, next.tags) ||
    next.owner_id !== w.row.owner_id ||
    Object.keys(record.custom).some((k) => !sameValue(w.row.custom[k], next.custom[k]));
  if (!changed) return 'unchanged';

  const newPoints = added.map((p, i) => pointRow(w.row.workspace_id, w.row.id, p, w.points.length + i, now));
  w.points = [...w.points, ...newPoints];
  if (w.loaded) w.addedPoints.push(...newPoints);
  next.active = w.points.some((p) => p.status === 'active');
  // One version step per batch, however many rows of the batch touched the contact.
  next.version = w.loaded ? w.loaded.row.version + 1 : 1;
  next.updated_at = now;
  if (ext) byExternalId.set(ext, w.row.id);
  if (w.row.external_id && w.row.external_id !== next.external_id) byExternalId.delete(w.row.external_id);
  w.row = next;
  w.dirty = true;
  return 'updated';
}

function pointRow(ws: string, contactId: string, p: BulkPoint, position: number, now: Date): ContactPointRow {
  return {
    workspace_id: ws,
    id: newId(),
    contact_id: contactId,
    channel: p.channel,
    label: p.label,
    value: p.value,
    normalized: p.normalized,
    status: 'active',
    position,
    created_at: now,
  };
}

async function write(
  trx: Kysely<DB>,
  actor: Actor,
  all: Working[],
  contactWrites?: BulkOptions['contactWrites'],
) {
  const created = all.filter((w) => w.loaded === null);
  const updated = all.filter((w) => w.loaded !== null && w.dirty);
  // New points whose value is opted out elsewhere arrive opted out (before the log is computed).
  const consent = await applyOptOuts(trx, actor, [
    ...created.flatMap((w) => w.points),
    ...updated.flatMap((w) => w.addedPoints),
  ]);
  if (consent.events.length)
    for (const w of [...created, ...updated]) w.row.active = w.points.some((p) => p.status === 'active');
  const log = (w: Working, action: string, changes: FieldChange[]) => ({
    workspace_id: actor.workspaceId,
    id: newId(),
    contact_id: w.row.id,
    action,
    actor_type: actor.userId ? 'user' : actor.apiKeyId ? 'api_key' : 'system',
    actor_id: actor.userId ?? actor.apiKeyId,
    actor_name: actor.name,
    changes,
    created_at: w.row.updated_at,
  });
  const createdContacts = created.map((w) => presentContact(w.row, w.points, []));
  const updates = updated.map((w) => {
    const contact = presentContact(w.row, w.points, w.sharedWith);
    const { row, points, sharedWith } = w.loaded!;
    return { contact, changes: diffContacts(presentContact(row, points, sharedWith), contact) };
  });
  const entries = [
    ...created.map((w, i) => log(w, 'create', diffContacts(null, createdContacts[i]))),
    ...updated.map((w, i) => log(w, 'update', updates[i].changes)),
  ];
  await contactWrites?.before();
  await bulkRepo.insertContactRows(
    trx,
    created.map((w) => w.row),
  );
  await bulkRepo.updateContactRows(
    trx,
    actor.workspaceId,
    updated.map((w) => w.row),
  );
  contactWrites?.after();
  await bulkRepo.insertPointRows(trx, [
    ...created.flatMap((w) => w.points),
    ...updated.flatMap((w) => w.addedPoints),
  ]);
  await bulkRepo.insertChangeRows(trx, entries);
  await settle(trx, actor.workspaceId, consent);
  // Imports and bulk field edits tell hooks as single writes do, one event per contact.
  await publishMany(
    trx,
    actor.workspaceId,
    'contact.created',
    createdContacts.map((contact) => ({ contact })),
  );
  await publishMany(trx, actor.workspaceId, 'contact.updated', updates);
}
