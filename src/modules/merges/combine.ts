// What a merge makes of its contacts, computed without touching the database: which contact each
// field comes from, the combined row and the combined contact points.
import type { ContactPointRow, ContactRow, FieldDefinitionRow } from '../../db/types.js';
import { CHOOSABLE_FIELDS } from './schema.js';

type CoreField = (typeof CHOOSABLE_FIELDS)[number];

const COLUMNS: Record<CoreField, (keyof ContactRow)[]> = {
  firstName: ['first_name'],
  lastName: ['last_name'],
  type: ['type'],
  level: ['level'],
  company: ['company'],
  jobTitle: ['job_title'],
  department: ['department'],
  birthDate: ['birth_date'],
  language: ['language'],
  timeZone: ['time_zone'],
  // One unit: a street from one contact and a city from another would make an address nobody has.
  address: ['street', 'city', 'state', 'zip', 'country'],
  ownerId: ['owner_id'],
  source: ['source'],
  externalId: ['external_id'],
};

/** Fields that always have a value (or, for the owner, whose blank is meaningful): the primary's stands. */
const PRIMARY_DEFAULT = new Set<string>(['type', 'level', 'source', 'ownerId']);

const isBlank = (v: unknown) =>
  v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

const isCore = (field: string): field is CoreField => (CHOOSABLE_FIELDS as readonly string[]).includes(field);

/** A field's value on a contact as the API names it (`address` as an object). */
export function fieldValue(row: ContactRow, field: string): unknown {
  if (field === 'address') {
    const a = { street: row.street, city: row.city, state: row.state, zip: row.zip, country: row.country };
    return Object.values(a).every(isBlank) ? null : a;
  }
  if (isCore(field)) return row[COLUMNS[field][0]] ?? null;
  return row.custom[field.slice('custom.'.length)] ?? null;
}

/** Every field a merge can choose for: the core ones, then custom keys (defined ones first). */
export function fieldKeys(rows: ContactRow[], defs: FieldDefinitionRow[]): string[] {
  const custom = new Set(defs.map((d) => d.key));
  for (const r of rows) for (const k of Object.keys(r.custom)) custom.add(k);
  return [...CHOOSABLE_FIELDS, ...[...custom].map((k) => `custom.${k}`)];
}

/** For each field, the id of the contact whose value the merge takes (null: blank in all). */
export function pickSources(
  rows: ContactRow[],
  choices: Record<string, string>,
  keys: string[],
): Map<string, string | null> {
  const out = new Map<string, string | null>();
  for (const field of keys) {
    if (choices[field]) out.set(field, choices[field]);
    else if (PRIMARY_DEFAULT.has(field)) out.set(field, rows[0].id);
    else out.set(field, rows.find((r) => !isBlank(fieldValue(r, field)))?.id ?? null);
  }
  return out;
}

/** The primary's row with each field from its chosen contact, tags joined, blocked if any was. */
export function combineRow(rows: ContactRow[], sources: Map<string, string | null>): ContactRow {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const row: ContactRow = { ...rows[0] };
  const custom: Record<string, unknown> = {};
  for (const [field, from] of sources) {
    const src = from ? byId.get(from)! : undefined;
    if (isCore(field)) {
      for (const col of COLUMNS[field]) (row as any)[col] = src ? src[col] : null;
    } else if (src) {
      const value = fieldValue(src, field);
      if (!isBlank(value)) custom[field.slice('custom.'.length)] = value;
    }
  }
  row.custom = custom;
  row.tags = [...new Set(rows.flatMap((r) => r.tags))];
  // Blocking is a "do not contact": like an opt-out, a merge never loses it.
  const blocked = rows.find((r) => r.blocked);
  row.blocked = !!blocked;
  row.blocked_reason = blocked ? blocked.blocked_reason : null;
  return row;
}

export interface StatusChange {
  channel: string;
  normalized: string;
  /** The contact whose point was kept (its status before the merge is in the snapshot). */
  keptFrom: string;
  /** A contact whose copy of the value was opted out. */
  optedOutOn: string;
}

/**
 * The primary's points, then each other contact's in order, one per channel and normalized value
 * (the first copy is kept, with its id); a kept point is opted out if any copy was.
 */
export function combinePoints(primaryId: string, ordered: ContactPointRow[][]) {
  const kept = new Map<string, ContactPointRow>();
  const keptFrom = new Map<string, string>();
  const changes = new Map<string, StatusChange>();
  for (const points of ordered) {
    for (const p of points) {
      const key = `${p.channel}:${p.normalized}`;
      const first = kept.get(key);
      if (!first) {
        kept.set(key, { ...p, contact_id: primaryId });
        keptFrom.set(key, p.contact_id);
        continue;
      }
      // Only an active kept copy changes: one already opted out stays as it was, and has
      // nothing to record (nor to reinstate on unmerge).
      if (first.status !== 'active' || p.status !== 'opted_out' || changes.has(key)) continue;
      changes.set(key, {
        channel: p.channel,
        normalized: p.normalized,
        keptFrom: keptFrom.get(key)!,
        optedOutOn: p.contact_id,
      });
      first.status = 'opted_out';
    }
  }
  const points = [...kept.values()].map((p, position) => ({ ...p, position }));
  return { points, statusChanges: [...changes.values()] };
}

export interface EntryRef {
  id: string;
  list_id: string;
  contact_id: string;
}

/**
 * A contact is on a list once, so on a list several of the contacts are on one entry stays: the
 * primary's; without one, the first merged-away contact's (merge order) moves to the primary. Which
 * entry is further along is the dialer's business, not a merge's: this rule is plain to explain and
 * keeps whatever the primary is being called through. The other entries on that list are removed.
 */
export function planEntries(ids: string[], entries: EntryRef[]) {
  const rank = new Map(ids.map((id, i) => [id, i]));
  const sorted = [...entries].sort((x, y) => rank.get(x.contact_id)! - rank.get(y.contact_id)!);
  const kept = new Set<string>();
  const move: string[] = [];
  const remove: string[] = [];
  for (const e of sorted) {
    if (kept.has(e.list_id)) remove.push(e.id);
    else if (e.contact_id !== ids[0]) move.push(e.id);
    kept.add(e.list_id);
  }
  return { move, remove };
}
