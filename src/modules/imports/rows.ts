// Turning the rows of an import file into contact records: each mapped cell read as its field's
// type, checked by the same ContactCreate schema the API uses, contact points normalised (E.164,
// lower-case email). Pure and self-contained, so it runs in worker threads (phone parsing is the
// slow part). Rows that fail get messages naming the column and the reason.
import type { FieldDefinitionRow } from '../../db/types.js';
import { restoreFormulaText } from '../../lib/formula.js';
import { CONTACT_LEVELS, CONTACT_TYPES, type Channel } from '../contacts/enums.js';
import { EMAIL, normalizePoint } from '../contacts/normalize.js';
import { ContactCreate } from '../contacts/schema.js';
import { applyCustomValues } from '../fields/validate.js';
import type { DateFormat } from '../workspaces/date-formats.js';
import {
  readChoice,
  readCustomCell,
  readDate,
  readEntryCell,
  readList,
  splitFullName,
  type EntryValues,
} from './cells.js';
import { ENTRY_FIELD_LABELS } from './enums.js';
import { CORE_FIELD_LABELS, isEntryField, pointLabelFromText, type ImportTarget } from './mapping.js';
import type { MatchKey } from './options.js';
import type { CsvRow } from './read/csv.js';

export type Definition = Pick<FieldDefinitionRow, 'key' | 'label' | 'type' | 'options' | 'required'>;

/** Everything the conversion needs besides the rows; sent to the workers with each batch. */
export interface RowPlan {
  headers: string[];
  mapping: ImportTarget[];
  /** Value column → column holding each row's label for it (Google's "Phone 1 - Label"). */
  labelColumns: [number, number][];
  definitions: Definition[];
  defaultCountry: string;
  dateFormat: DateFormat;
  matchBy: MatchKey;
}

/** Contact columns an import can set; only those whose cells were not empty are present. */
export interface ImportedFields {
  first_name?: string;
  last_name?: string;
  type?: string;
  level?: string;
  company?: string;
  job_title?: string;
  department?: string;
  birth_date?: string;
  language?: string;
  time_zone?: string;
  street?: string;
  city?: string;
  state?: string;
  zip?: string;
  country?: string;
  external_id?: string;
}

export type { EntryValues } from './cells.js';

export interface PointValue {
  channel: Channel;
  label: string;
  value: string;
  normalized: string;
}

export interface ImportRecord {
  /** Position of the row in the batch given to convertRows. */
  index: number;
  fields: ImportedFields;
  tags: string[];
  custom: Record<string, unknown>;
  points: PointValue[];
  /** From an ownerEmail column, lower-cased. */
  ownerEmail: string | null;
  /** The normalised value the match key reads (external id, first email or first phone). */
  key: string | null;
  /** From entry.* columns: the row's list entry values (imports with a listId). */
  entry: EntryValues;
}

export interface RowFailure {
  index: number;
  errors: string[];
}

export interface ConvertedRows {
  records: ImportRecord[];
  failures: RowFailure[];
}

const TYPE_SYNONYMS: Record<string, (typeof CONTACT_TYPES)[number]> = {
  client: 'customer',
  kunde: 'customer',
  interessent: 'prospect',
};
const LEVEL_SYNONYMS: Record<string, (typeof CONTACT_LEVELS)[number]> = {
  '1': 'primary',
  '2': 'secondary',
  '3': 'tertiary',
};

/** The API's name for each core import field, as ContactCreate takes it. */
const API_FIELD: Record<string, string> = {
  firstName: 'firstName',
  lastName: 'lastName',
  type: 'type',
  level: 'level',
  company: 'company',
  jobTitle: 'jobTitle',
  department: 'department',
  birthDate: 'birthDate',
  language: 'language',
  timeZone: 'timeZone',
  externalId: 'externalId',
};
const ADDRESS = new Set(['street', 'city', 'state', 'zip', 'country']);

/** The ContactCreate output → the columns the import writes. */
const COLUMN_OF: [apiPath: string, column: keyof ImportedFields][] = [
  ['firstName', 'first_name'],
  ['lastName', 'last_name'],
  ['type', 'type'],
  ['level', 'level'],
  ['company', 'company'],
  ['jobTitle', 'job_title'],
  ['department', 'department'],
  ['birthDate', 'birth_date'],
  ['language', 'language'],
  ['timeZone', 'time_zone'],
  ['address.street', 'street'],
  ['address.city', 'city'],
  ['address.state', 'state'],
  ['address.zip', 'zip'],
  ['address.country', 'country'],
  ['externalId', 'external_id'],
];

const MAX_POINTS = 50;

export function convertRows(rows: CsvRow[], plan: RowPlan): ConvertedRows {
  const defs = new Map(plan.definitions.map((d) => [d.key, d as FieldDefinitionRow]));
  const labelOf = new Map(plan.labelColumns);
  const records: ImportRecord[] = [];
  const failures: RowFailure[] = [];
  rows.forEach((row, index) => {
    const r = convertRow(row, plan, defs, labelOf);
    if ('errors' in r) failures.push({ index, errors: r.errors });
    else records.push({ ...r, index });
  });
  return { records, failures };
}

function convertRow(
  row: CsvRow,
  plan: RowPlan,
  defs: Map<string, FieldDefinitionRow>,
  labelOf: Map<number, number>,
): Omit<ImportRecord, 'index'> | { errors: string[] } {
  if (row.problem) return { errors: [row.problem] };
  const errors: string[] = [];
  const column = (i: number) => `Column "${plan.headers[i] ?? i + 1}"`;
  const input: Record<string, any> = {};
  const address: Record<string, string> = {};
  const origin = new Map<string, number>(); // API path → column, to name the column in errors
  const tags: string[] = [];
  const customInput: Record<string, unknown> = {};
  const points: { channel: Channel; label: string; value: string; column: number }[] = [];
  let fullName: string | null = null;
  let ownerEmail: string | null = null;
  let entry: EntryValues = {};

  plan.mapping.forEach((target, i) => {
    // Our exports and error files quote cells that spreadsheets would run as formulas: undo that.
    const cell = restoreFormulaText(row.cells[i] ?? '');
    if (target.kind === 'ignore' || cell.trim() === '') return;
    if (target.kind === 'point') {
      const labelCell = labelOf.has(i) ? row.cells[labelOf.get(i)!] : undefined;
      const label = (labelCell && pointLabelFromText(labelCell)) || target.label;
      for (const value of cell.split(':::')) {
        if (value.trim()) points.push({ channel: target.channel, label, value: value.trim(), column: i });
      }
      return;
    }
    if (target.kind === 'custom') {
      const def = defs.get(target.key);
      if (!def) return;
      const r = readCustomCell(def, cell, plan.dateFormat);
      if ('error' in r) errors.push(`${column(i)} (${def.label}): ${r.error}`);
      else if (def.type === 'multiselect' && Array.isArray(customInput[def.key]))
        customInput[def.key] = [
          ...new Set([...(customInput[def.key] as string[]), ...(r.value as string[])]),
        ];
      else customInput[def.key] = r.value;
      origin.set(`custom.${def.key}`, i);
      return;
    }
    const field = target.field;
    if (isEntryField(field)) {
      const r = readEntryCell(field, cell);
      if ('error' in r) errors.push(`${column(i)} (${ENTRY_FIELD_LABELS[field]}): ${r.error}`);
      else entry = { ...entry, ...r.value };
      return;
    }
    switch (field) {
      case 'fullName':
        fullName = cell;
        return;
      case 'tags':
        tags.push(...readList(cell));
        origin.set('tags', i);
        return;
      case 'ownerEmail': {
        const email = cell.trim().toLowerCase();
        if (!EMAIL.safeParse(email).success)
          errors.push(`${column(i)}: "${clip(cell)}" is not an email address`);
        else ownerEmail = email;
        return;
      }
      case 'type':
      case 'level': {
        const r =
          field === 'type'
            ? readChoice(cell, CONTACT_TYPES, TYPE_SYNONYMS)
            : readChoice(cell, CONTACT_LEVELS, LEVEL_SYNONYMS);
        if ('error' in r) errors.push(`${column(i)} (${CORE_FIELD_LABELS[field]}): ${r.error}`);
        else input[field] = r.value;
        origin.set(field, i);
        return;
      }
      case 'birthDate': {
        const r = readDate(cell, plan.dateFormat);
        if ('error' in r) errors.push(`${column(i)} (Birth date): ${r.error}`);
        else input.birthDate = r.value;
        origin.set('birthDate', i);
        return;
      }
    }
    if (ADDRESS.has(field)) {
      address[field] = cell;
      origin.set(`address.${field}`, i);
    } else {
      input[API_FIELD[field]] = cell;
      origin.set(API_FIELD[field], i);
    }
  });

  if (fullName !== null && !input.firstName && !input.lastName) {
    const { firstName, lastName } = splitFullName(fullName);
    if (firstName) input.firstName = firstName;
    if (lastName) input.lastName = lastName;
  }
  if (Object.keys(address).length) input.address = address;
  if (tags.length) input.tags = tags;
  if (points.length > MAX_POINTS) {
    errors.push(`The row has ${points.length} contact points; at most ${MAX_POINTS} are kept per contact`);
    return { errors };
  }
  input.points = points.map((p) => ({ channel: p.channel, label: p.label, value: p.value }));

  const parsed = ContactCreate.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.join('.');
      const at =
        issue.path[0] === 'points' ? points[Number(issue.path[1])]?.column : findOrigin(origin, path);
      errors.push(at === undefined ? `${path}: ${issue.message}` : `${column(at)}: ${issue.message}`);
    }
    return { errors };
  }
  const c = parsed.data;

  const custom = applyCustomValues([...defs.values()], {}, customInput, false);
  for (const e of custom.errors) {
    const at = origin.get(e.path);
    errors.push(at === undefined ? e.message : `${column(at)}: ${e.message}`);
  }

  const normalized: PointValue[] = [];
  const seen = new Set<string>();
  points.forEach((p, n) => {
    const r = normalizePoint(p.channel, c.points[n].value, plan.defaultCountry);
    if ('error' in r) {
      errors.push(`${column(p.column)}: ${r.error}`);
      return;
    }
    const k = `${p.channel}:${r.normalized}`;
    if (seen.has(k)) return; // the same number twice in a row is one contact point
    seen.add(k);
    normalized.push({
      channel: p.channel,
      label: c.points[n].label,
      value: c.points[n].value,
      normalized: r.normalized,
    });
  });
  if (errors.length) return { errors };

  const fields: ImportedFields = {};
  const flat: Record<string, unknown> = { ...c, ...prefixed('address', c.address ?? {}) };
  for (const [path, col] of COLUMN_OF) {
    const v = flat[path];
    // Only cells that were filled: type and level have defaults in the schema that must not
    // overwrite an existing contact's values on update.
    if (v !== null && v !== undefined && origin.has(path)) fields[col] = v as string;
  }
  if (c.firstName && !origin.has('firstName')) fields.first_name = c.firstName;
  if (c.lastName && !origin.has('lastName')) fields.last_name = c.lastName;

  return {
    fields,
    tags: c.tags ?? [],
    custom: custom.custom,
    points: normalized,
    ownerEmail,
    key: matchKey(plan.matchBy, fields, normalized),
    entry,
  };
}

function matchKey(by: MatchKey, fields: ImportedFields, points: PointValue[]): string | null {
  if (by === 'externalId') return fields.external_id ?? null;
  if (by === 'email') return points.find((p) => p.channel === 'email')?.normalized ?? null;
  if (by === 'phone') return points.find((p) => p.channel === 'phone')?.normalized ?? null;
  return null;
}

function findOrigin(origin: Map<string, number>, path: string): number | undefined {
  for (let p = path; p; p = p.slice(0, Math.max(0, p.lastIndexOf('.')))) {
    const at = origin.get(p);
    if (at !== undefined) return at;
    if (!p.includes('.')) break;
  }
  return undefined;
}

function prefixed(prefix: string, o: Record<string, unknown>) {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [`${prefix}.${k}`, v]));
}

function clip(s: string, max = 60): string {
  const t = s.trim();
  return t.length > max ? `${t.slice(0, max)}…` : t;
}
