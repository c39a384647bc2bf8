import type { Contact } from './schema.js';

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

const SKIP = new Set([
  'id',
  'displayName',
  'version',
  'createdAt',
  'updatedAt',
  'points',
  'custom',
  'address',
  'sharedWith',
  'active',
  // Logged by their own block / unblock entries.
  'blocked',
  'blockedReason',
]);

/** Flattens a contact into field → value, contact points keyed by channel and normalized value. */
function flatten(c: Contact | null): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (!c) return out;
  for (const [k, v] of Object.entries(c)) if (!SKIP.has(k)) out.set(k, v);
  for (const [k, v] of Object.entries(c.address)) out.set(`address.${k}`, v);
  for (const [k, v] of Object.entries(c.custom)) out.set(`custom.${k}`, v);
  for (const p of c.points)
    out.set(`points.${p.channel}:${p.normalized}`, { value: p.value, label: p.label, status: p.status });
  return out;
}

const isEmpty = (v: unknown) => v === null || v === undefined || (Array.isArray(v) && v.length === 0);

/** Field-level before/after between two states of a contact (null = not existing). */
export function diffContacts(before: Contact | null, after: Contact | null): FieldChange[] {
  const b = flatten(after);
  // A new contact: every filled field, with nothing to compare (an import logs millions of these).
  if (!before) {
    const created: FieldChange[] = [];
    for (const [field, y] of b) if (!isEmpty(y)) created.push({ field, before: null, after: y });
    return created;
  }
  const a = flatten(before);
  const changes: FieldChange[] = [];
  for (const field of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(field) ?? null;
    const y = b.get(field) ?? null;
    if (isEmpty(x) && isEmpty(y)) continue;
    if (JSON.stringify(x) !== JSON.stringify(y)) changes.push({ field, before: x, after: y });
  }
  return changes;
}
