// Column mapping for imports: what each column of a file becomes (a core field, a contact point, a
// custom field, or nothing), a check of a mapping the user chose, and a first guess from the
// headers. The guess knows Google Contacts (old and new CSV) and Outlook CSV exports, headers in
// English, German, French and Spanish, the workspace's custom fields, and our own export headers.
import { z } from 'zod';
import type { FieldError } from '../../server/errors.js';
import {
  ADDRESS_PARTS,
  CORE_IMPORT_FIELDS,
  ENTRY_IMPORT_FIELDS,
  IMPORT_FIELD_LABELS,
  type CoreImportField,
} from './enums.js';
import { CHANNELS, POINT_LABELS } from '../contacts/schema.js';
import {
  ADDRESS_GROUPS,
  ADDRESS_NOISE,
  ADDRESS_SYNONYMS,
  CHANNEL_WORDS,
  COMPANION_SUBJECTS,
  COMPANION_TAILS,
  FIELD_SYNONYMS,
  FIRST_OR_FULL_NAME,
  LABEL_WORDS,
  LAST_OR_FULL_NAME,
  LEADING_NOISE,
  POINT_NOISE,
  WEAK_WEB_WORDS,
} from './synonyms.js';

type Channel = (typeof CHANNELS)[number];
type PointLabel = (typeof POINT_LABELS)[number];

export {
  ADDRESS_PARTS,
  CORE_FIELD_LABELS,
  CORE_IMPORT_FIELDS,
  ENTRY_IMPORT_FIELDS,
  isEntryField,
  type CoreImportField,
  type EntryImportField,
  type ImportField,
} from './enums.js';

export const MAX_IMPORT_COLUMNS = 1000;
/** Longer headers match nothing (custom field labels stop at 100 characters). */
const MAX_HEADER_LENGTH = 200;
/** The custom field key rule of fields/schema.ts. */
const CUSTOM_KEY = /^[a-z][a-z0-9_]{0,62}$/;

/**
 * What one column becomes.
 * - `field`: a core field. `tags` holds a comma or semicolon separated list and may come from
 *   several columns. `fullName` is split into first and last name only for rows whose mapped
 *   firstName and lastName cells are empty, so it can sit beside them as a fallback. The
 *   `entry.*` fields set the list entry of the row's contact (imports with a listId only).
 * - `point`: one contact point per column and row, with this channel and label; several columns
 *   may map to the same channel and label.
 * - `custom`: a workspace custom field by key.
 */
export const ImportTarget = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ignore') }).strict(),
  z
    .object({ kind: z.literal('field'), field: z.enum([...CORE_IMPORT_FIELDS, ...ENTRY_IMPORT_FIELDS]) })
    .strict(),
  z.object({ kind: z.literal('point'), channel: z.enum(CHANNELS), label: z.enum(POINT_LABELS) }).strict(),
  z
    .object({
      kind: z.literal('custom'),
      key: z.string().regex(CUSTOM_KEY, 'key must be a custom field key'),
    })
    .strict(),
]);
export type ImportTarget = z.infer<typeof ImportTarget>;

/** One target per column, in the order of the file's headers. */
export const ImportMapping = z
  .array(ImportTarget)
  .max(MAX_IMPORT_COLUMNS, `At most ${MAX_IMPORT_COLUMNS} columns`);
export type ImportMapping = z.infer<typeof ImportMapping>;

export interface ImportCustomField {
  key: string;
  label: string;
  /** A multiselect field may be filled from several columns; every other field from one. */
  type?: string;
}

export interface MappingNote {
  column: number;
  message: string;
}

export interface MappingSuggestion {
  mapping: ImportTarget[];
  /** Columns left as ignore that the user should look at: nothing matched, or their field was taken. */
  unmapped: number[];
  /** Why a column was left out although it was recognised (taken field, second address, label column). */
  notes: MappingNote[];
}

const IGNORE: ImportTarget = { kind: 'ignore' };
const DIGITS = /^\d+$/;

// ---------------------------------------------------------------------------------------------
// Normalising headers

// Names written in camelCase that must stay one word.
const BRANDS = /\b(?:whats\s?app|linked\s?in|we\s?chat|face\s?book|i\s?phone)\b/gi;

/**
 * A header as lower-case ASCII-folded words: accents and punctuation dropped, camelCase and
 * letter-digit runs split, "E-mail" written "email". "Phone 2 - Value" → [phone, 2, value].
 */
export function normalizeHeader(raw: unknown): string[] {
  if (typeof raw !== 'string' || raw.length > MAX_HEADER_LENGTH) return [];
  const s = raw
    .replace(BRANDS, (brand) => brand.toLowerCase().replace(/\s/g, ''))
    .replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, '$1 $2')
    .replace(/(\p{Lu}+)(\p{Lu}\p{Ll})/gu, '$1 $2')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/(?<![a-z])e[\s_.-]*mail/g, 'email')
    .replace(/(\p{L})(\p{N})/gu, '$1 $2')
    .replace(/(\p{N})(\p{L})/gu, '$1 $2');
  return s.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

const phrase = (s: string) => normalizeHeader(s).join(' ');
const words = (list: readonly string[]) => new Set(list.map(phrase));

interface Entry {
  field: CoreImportField;
  weak: boolean;
}

function entries(table: Record<string, readonly string[]>): Map<string, Entry> {
  const map = new Map<string, Entry>();
  for (const [f, list] of Object.entries(table)) {
    for (const s of list) {
      const key = phrase(s.replace(/^~/, ''));
      if (!map.has(key)) map.set(key, { field: f as CoreImportField, weak: s.startsWith('~') });
    }
  }
  return map;
}

function wordTable<T extends string>(table: Partial<Record<T, readonly string[]>>): Map<string, T> {
  const map = new Map<string, T>();
  for (const [value, list] of Object.entries(table) as [T, readonly string[]][]) {
    for (const s of list) if (!map.has(phrase(s))) map.set(phrase(s), value);
  }
  return map;
}

const CORE = entries(FIELD_SYNONYMS);
const ADDRESS = entries(ADDRESS_SYNONYMS);
const GROUP_OF = wordTable(ADDRESS_GROUPS);
const CHANNEL_OF = wordTable<Channel>(CHANNEL_WORDS);
const LABEL_OF = wordTable<PointLabel>(LABEL_WORDS);
// "Mobile" or "Handy" alone is a phone; "Car" alone is not.
const PHONE_BY_ITSELF = words(LABEL_WORDS.mobile.filter((w) => w !== 'car'));
const WEAK_WEB = words(WEAK_WEB_WORDS);
const POINT_FILLER = words(POINT_NOISE);
const ADDRESS_FILLER = words(ADDRESS_NOISE);
const ADDRESS_WORDS = words(['address', 'adresse', 'dirección', 'anschrift']);
const SUBJECTS = words(COMPANION_SUBJECTS);
const TAILS = words(COMPANION_TAILS);
const LAST_OR_FULL = words(LAST_OR_FULL_NAME);
const FIRST_OR_FULL = words(FIRST_OR_FULL_NAME);
const LEADING = words(LEADING_NOISE);
const DEFAULT_LABEL: Partial<Record<Channel, PointLabel>> = { sms: 'mobile', whatsapp: 'mobile' };
const GROUP_ORDER = ['mailing', 'work', 'home', 'other', 'billing', 'shipping'];
const GROUP_NAMES: Record<string, string> = { work: 'business' };

// ---------------------------------------------------------------------------------------------
// Classifying one header

interface CustomIndex {
  byKey: Map<string, ImportCustomField>;
  byName: Map<string, ImportCustomField>;
}

function customIndex(fields: readonly ImportCustomField[]): CustomIndex {
  const index: CustomIndex = { byKey: new Map(), byName: new Map() };
  const valid = fields.filter((f) => typeof f?.key === 'string' && CUSTOM_KEY.test(f.key));
  for (const f of valid) if (!index.byKey.has(f.key)) index.byKey.set(f.key, f);
  // Keys first, so a header spelling a key finds that field even if another field's label says so too.
  const names = [...valid.map((f) => [phrase(f.key), f] as const)];
  for (const f of valid) if (typeof f.label === 'string') names.push([phrase(f.label), f]);
  for (const [name, f] of names) if (name && !index.byName.has(name)) index.byName.set(name, f);
  return index;
}

interface TargetClaim {
  kind: 'target';
  target: ImportTarget;
  weak?: boolean;
  /** An address set: a group word ("work") or a Google address number ("#2"). */
  group?: string;
  /** "Name", "Nom", "Nombre": decided once all columns are known. */
  name?: 'lastOrFull' | 'firstOrFull';
}
type Claim = TargetClaim | { kind: 'companion' } | { kind: 'none'; note?: string };

const field = (f: CoreImportField, weak = false): TargetClaim => ({
  kind: 'target',
  target: { kind: 'field', field: f },
  weak,
});

function classify(header: string, custom: CustomIndex): Claim {
  const raw = header.trim();
  if (raw === '' || raw.length > MAX_HEADER_LENGTH) return { kind: 'none' };

  const prefixed = /^custom\.(.+)$/i.exec(raw);
  if (prefixed) {
    const f = custom.byKey.get(prefixed[1].trim());
    if (f) return { kind: 'target', target: { kind: 'custom', key: f.key } };
    return { kind: 'none', note: `No custom field has the key "${clip(prefixed[1])}"` };
  }
  // Our own export names points "phone (mobile)".
  const own = /^([a-z]+)\s*\(([a-z]+)\)$/i.exec(raw);
  const channel = own && CHANNELS.find((c) => c === own[1].toLowerCase());
  const label = own && POINT_LABELS.find((l) => l === own[2].toLowerCase());
  if (channel && label) return { kind: 'target', target: { kind: 'point', channel, label } };

  const tokens = normalizeHeader(raw);
  const name = tokens.join(' ');
  const customField = custom.byName.get(name);
  if (customField) return { kind: 'target', target: { kind: 'custom', key: customField.key } };

  const plain = tokens.filter((t) => !DIGITS.test(t));
  if (plain.length === 0) return { kind: 'none' };
  if (isCompanion(plain)) return { kind: 'companion' };
  return (
    matchCore(plain.join(' ')) ??
    (plain.length > 1 && LEADING.has(plain[0]) ? matchCore(plain.slice(1).join(' ')) : null) ??
    matchAddress(tokens) ??
    matchPoint(plain) ?? { kind: 'none' }
  );
}

/** Google's "Phone 1 - Type", "E-mail 1 - Label", Outlook's "E-mail Type". */
function isCompanion(plain: string[]): boolean {
  return (
    plain.length > 1 &&
    TAILS.has(plain[plain.length - 1]) &&
    plain.slice(0, -1).some((w) => SUBJECTS.has(w) || CHANNEL_OF.has(w))
  );
}

function matchCore(key: string): Claim | null {
  const e = CORE.get(key);
  if (e) return field(e.field, e.weak);
  if (LAST_OR_FULL.has(key)) return { ...field('fullName'), name: 'lastOrFull' };
  if (FIRST_OR_FULL.has(key)) return { ...field('fullName'), name: 'firstOrFull' };
  return null;
}

function matchAddress(tokens: string[]): Claim | null {
  let numbered = '';
  let rest = tokens;
  // "Address 2 - City" is the second address set; "Address 2" alone is a second street line.
  if (rest.length > 2 && ADDRESS_WORDS.has(rest[0]) && DIGITS.test(rest[1])) {
    numbered = `#${Number(rest[1])}`;
    rest = rest.slice(2);
  }
  rest = rest.filter((t) => !DIGITS.test(t));
  const tries: [string, string[]][] = [[numbered, rest]];
  if (!numbered && rest.length > 1) {
    const first = GROUP_OF.get(rest[0]);
    const last = GROUP_OF.get(rest[rest.length - 1]);
    if (first) tries.push([first, rest.slice(1)]);
    if (last) tries.push([last, rest.slice(0, -1)]);
  }
  for (const [group, ws] of tries) {
    const e = ADDRESS.get(ws.join(' ')) ?? ADDRESS.get(ws.filter((w) => !ADDRESS_FILLER.has(w)).join(' '));
    if (e) return { ...field(e.field, e.weak), group };
  }
  return null;
}

function matchPoint(plain: string[]): Claim | null {
  let channel: Channel | undefined;
  let label: PointLabel | undefined;
  let web = false;
  for (const w of plain) {
    const c = CHANNEL_OF.get(w);
    const l = LABEL_OF.get(w);
    if (c) {
      if (channel && channel !== c) return null;
      channel = c;
    } else if (l) {
      if (label && label !== l) return null;
      label = l;
    } else if (WEAK_WEB.has(w)) web = true;
    else if (!POINT_FILLER.has(w)) return null;
  }
  if (!channel && plain.some((w) => PHONE_BY_ITSELF.has(w))) channel = 'phone';
  if (!channel && web) channel = 'web';
  if (!channel) return null;
  return {
    kind: 'target',
    target: { kind: 'point', channel, label: label ?? DEFAULT_LABEL[channel] ?? 'other' },
  };
}

// ---------------------------------------------------------------------------------------------
// Suggesting a mapping for a whole header row

/**
 * A first mapping for a file's headers, one target per column. Rules for the unclear cases:
 * - Google's "Phone 1 - Value" becomes phone/other; its "Phone 1 - Type" (or "- Label") column is
 *   ignored: the label varies by row, so the importer may read it through pairedLabelColumns().
 * - One address per contact: ungrouped address columns ("City") always count; of the grouped sets
 *   (Business/Home/Other, Google's Address 1/2) the one naming the most parts wins, ties going to
 *   mailing, business, home, other, billing, shipping, then Address 1, 2, …. The others are left out.
 * - A field that takes one column gets the first column with a strong synonym, else the first with
 *   a weak one ("Title" yields to "Job Title"); later ones are left out and listed in `unmapped`.
 * - A custom field whose key or label equals the header wins over the built-in synonyms.
 */
export function suggestMapping(
  headers: readonly string[],
  customFields: readonly ImportCustomField[] = [],
): MappingSuggestion {
  const list = Array.from(headers, (h) => (typeof h === 'string' ? h : ''));
  const custom = customIndex(customFields);
  const claims = list.map((h) => classify(h, custom));
  const notes: MappingNote[] = [];
  const mapping: ImportTarget[] = list.map(() => IGNORE);
  const left = new Set<number>();

  resolveNames(claims);
  const address = chooseAddressGroup(claims);

  const multi = multiselectKeys(customFields);
  const order = claims.map((c, i) => ({ c, i })).sort((a, b) => weight(a.c) - weight(b.c) || a.i - b.i);
  const taken = new Map<string, number>();
  for (const { c, i } of order) {
    if (c.kind === 'none') {
      left.add(i);
      if (c.note) notes.push({ column: i, message: c.note });
      continue;
    }
    if (c.kind === 'companion') continue;
    if (c.group && c.group !== address) {
      left.add(i);
      notes.push({
        column: i,
        message: `Only one address is imported: the ${groupName(address)} address is used`,
      });
      continue;
    }
    const slot = slotOf(c.target, multi);
    const first = slot === null ? undefined : taken.get(slot);
    if (first !== undefined) {
      left.add(i);
      notes.push({
        column: i,
        message: `${describe(c.target)} is already mapped from column ${first + 1} (${quote(list[first])})`,
      });
      continue;
    }
    if (slot !== null) taken.set(slot, i);
    mapping[i] = c.target;
  }

  const pairs = pairedLabelColumns(list);
  const labelOf = new Map([...pairs].map(([value, label]) => [label, value]));
  claims.forEach((c, i) => {
    if (c.kind !== 'companion') return;
    const value = labelOf.get(i);
    notes.push({
      column: i,
      message:
        value === undefined
          ? 'Describes another column; not imported itself'
          : `Holds each row's label for column ${value + 1} (${quote(list[value])}); not imported itself`,
    });
  });
  notes.sort((a, b) => a.column - b.column);
  return { mapping, unmapped: [...left].sort((a, b) => a - b), notes };
}

const weight = (c: Claim) => (c.kind === 'target' && c.weak ? 1 : 0);

function resolveNames(claims: Claim[]) {
  const has = (f: CoreImportField) =>
    claims.some((c) => c.kind === 'target' && !c.name && c.target.kind === 'field' && c.target.field === f);
  const first = has('firstName');
  const last = has('lastName');
  for (const c of claims) {
    if (c.kind !== 'target' || !c.name) continue;
    if (c.name === 'lastOrFull' && first && !last) c.target = { kind: 'field', field: 'lastName' };
    if (c.name === 'firstOrFull' && last && !first) c.target = { kind: 'field', field: 'firstName' };
  }
}

function chooseAddressGroup(claims: Claim[]): string {
  const parts = new Map<string, Set<string>>();
  for (const c of claims) {
    if (c.kind !== 'target' || !c.group || c.target.kind !== 'field') continue;
    const set = parts.get(c.group) ?? new Set<string>();
    set.add(c.target.field);
    parts.set(c.group, set);
  }
  const rank = (g: string) => {
    const named = GROUP_ORDER.indexOf(g);
    return named >= 0 ? named : GROUP_ORDER.length + Number(g.slice(1));
  };
  const best = [...parts].sort(([a, pa], [b, pb]) => pb.size - pa.size || rank(a) - rank(b))[0];
  return best ? best[0] : '';
}

function groupName(group: string): string {
  return group.startsWith('#') ? `"Address ${group.slice(1)}"` : (GROUP_NAMES[group] ?? group);
}

/**
 * Google exports put each point's label in a column of its own ("Phone 1 - Label" beside
 * "Phone 1 - Value"). Answers value column → label column for every such pair.
 */
export function pairedLabelColumns(headers: readonly string[]): Map<number, number> {
  const labels = new Map<string, number>();
  const values = new Map<string, number>();
  Array.from(headers, (h) => normalizeHeader(h)).forEach((t, i) => {
    if (t.length < 3 || !t.some((w) => DIGITS.test(w))) return;
    const head = t.slice(0, -1).join(' ');
    const tail = t[t.length - 1];
    if (TAILS.has(tail) && !labels.has(head)) labels.set(head, i);
    if (tail === 'value' && !values.has(head)) values.set(head, i);
  });
  const pairs = new Map<number, number>();
  for (const [head, value] of values) {
    const label = labels.get(head);
    if (label !== undefined) pairs.set(value, label);
  }
  return pairs;
}

/** A point label from a label cell such as Google's "* Mobile" or "Work"; null when unknown. */
export function pointLabelFromText(text: string): PointLabel | null {
  for (const w of normalizeHeader(text)) {
    const l = LABEL_OF.get(w);
    if (l) return l;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Checking a mapping the user chose

function multiselectKeys(fields: readonly { key: string; type?: string }[]): Set<string> {
  return new Set(fields.filter((f) => f?.type === 'multiselect').map((f) => f.key));
}

/** The one-column-only slot a target fills, or null when several columns may share it. */
function slotOf(t: ImportTarget, multi: Set<string>): string | null {
  if (t.kind === 'field') return t.field === 'tags' ? null : `field:${t.field}`;
  if (t.kind === 'custom') return multi.has(t.key) ? null : `custom:${t.key}`;
  return null;
}

function describe(t: ImportTarget): string {
  if (t.kind === 'field') return IMPORT_FIELD_LABELS[t.field];
  if (t.kind === 'custom') return `Custom field "${t.key}"`;
  if (t.kind === 'point') return `${t.channel} (${t.label})`;
  return 'Nothing';
}

/**
 * Errors in a mapping for these headers, with paths `mapping` or `mapping.<column index>`: a
 * length that differs from the headers, an unknown custom field, a one-column field mapped
 * twice, and nothing that could identify a contact (no name and no contact point).
 */
export function checkMapping(
  mapping: readonly ImportTarget[],
  headers: readonly string[],
  customFields: readonly { key: string; type?: string }[],
): FieldError[] {
  const errors: FieldError[] = [];
  if (mapping.length !== headers.length) {
    errors.push({
      path: 'mapping',
      message: `The mapping has ${mapping.length} entries for ${headers.length} columns; give one per column`,
    });
  }
  const keys = new Set(customFields.map((f) => f?.key));
  const multi = multiselectKeys(customFields);
  const taken = new Map<string, number>();
  let identifies = false;
  mapping.forEach((t, i) => {
    if (t.kind === 'custom' && !keys.has(t.key)) {
      errors.push({ path: `mapping.${i}`, message: `No custom field has the key "${clip(t.key)}"` });
      return;
    }
    if (t.kind === 'point') identifies = true;
    if (t.kind === 'field' && ['firstName', 'lastName', 'fullName'].includes(t.field)) identifies = true;
    const slot = slotOf(t, multi);
    if (slot === null) return;
    const first = taken.get(slot);
    if (first === undefined) taken.set(slot, i);
    else {
      const where = first < headers.length ? ` (${quote(headers[first])})` : '';
      errors.push({
        path: `mapping.${i}`,
        message: `${describe(t)} is already mapped from column ${first + 1}${where}`,
      });
    }
  });
  if (!identifies) {
    errors.push({
      path: 'mapping',
      message: 'Map a name (first, last or full name) or a contact point such as a phone or email',
    });
  }
  return errors;
}

// ---------------------------------------------------------------------------------------------
// Headers for our own exports, which suggestMapping maps back to the same targets

/**
 * The header our exports give a target: API names for core fields (`firstName`,
 * `address.city`), `phone (mobile)` for points, a custom field's label, or `custom.<key>` when
 * the label would read as something else (a built-in field, another custom field).
 */
export function exportHeader(target: ImportTarget, customFields: readonly ImportCustomField[] = []): string {
  switch (target.kind) {
    case 'ignore':
      return '';
    case 'field':
      return (ADDRESS_PARTS as readonly string[]).includes(target.field)
        ? `address.${target.field}`
        : target.field;
    case 'point':
      return `${target.channel} (${target.label})`;
    case 'custom': {
      const f = customFields.find((c) => c.key === target.key);
      const label = f?.label?.trim() ?? '';
      const name = phrase(label);
      const custom = customIndex(customFields);
      const safe =
        name !== '' &&
        label.length <= MAX_HEADER_LENGTH &&
        custom.byName.get(name)?.key === target.key &&
        classify(label, customIndex([])).kind === 'none' &&
        !/^custom\./i.test(label);
      return safe ? label : `custom.${target.key}`;
    }
  }
}

export function exportHeaders(
  targets: readonly ImportTarget[],
  customFields: readonly ImportCustomField[] = [],
): string[] {
  return targets.map((t) => exportHeader(t, customFields));
}

function clip(s: string, max = 40): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

function quote(header: string | undefined): string {
  return `"${clip(header ?? '')}"`;
}
