// The columns of a CSV or XLSX export: what each holds and its header. Headers are the ones the
// import recognises (exportHeader in imports/mapping.ts), so an export uploaded again maps every
// column back by itself.
import type { ContactRow, FieldDefinitionRow } from '../../db/types.js';
import { AppError } from '../../server/errors.js';
import { CHANNELS, PHONE_CHANNELS, POINT_LABELS, type Channel } from '../contacts/enums.js';
import type { PointKind, StreamedContact } from '../contacts/stream.js';
import {
  CORE_IMPORT_FIELDS,
  exportHeader,
  normalizeHeader,
  type CoreImportField,
} from '../imports/mapping.js';
import { neutraliseFormula } from '../../lib/formula.js';

/** A cell before it is written: text, a number, a boolean, a calendar date, or empty. */
export type CellValue = string | number | boolean | { date: string } | null;

export interface ExportColumn {
  header: string;
  /** A phone-number column: plain numbers keep their leading + (see formula.ts). */
  phoneNumbers?: boolean;
  /** Where the value comes from, for writers that build the file in SQL (csv-repo.ts). */
  source: ColumnSource;
  value(c: StreamedContact): CellValue;
}

export type ColumnSource =
  | { kind: 'core'; field: CoreExportField }
  | { kind: 'extra'; name: ExtraColumn }
  | { kind: 'point'; channel: Channel; label: PointKind['label'] }
  | { kind: 'custom'; field: ExportField };

/** A custom field as the export needs it. */
export type ExportField = Pick<FieldDefinitionRow, 'key' | 'label' | 'type' | 'options'>;

/** What the columns are chosen from: the workspace's point kinds and custom fields. */
export interface ColumnContext {
  pointKinds: readonly PointKind[];
  fields: readonly ExportField[];
}

export type CoreExportField = Exclude<CoreImportField, 'fullName'>;
/** Every core field the import understands; fullName is covered by firstName and lastName. */
export const CORE_EXPORT_FIELDS = CORE_IMPORT_FIELDS.filter((f): f is CoreExportField => f !== 'fullName');
/** Columns offered but not exported unless asked for: the import does not read them back. */
export const EXTRA_COLUMNS = ['id', 'createdAt', 'updatedAt'] as const;
export type ExtraColumn = (typeof EXTRA_COLUMNS)[number];

/** Several values in one cell: the import splits point cells on ":::" and lists on commas. */
export const POINT_SEPARATOR = ' ::: ';
export const LIST_SEPARATOR = ', ';

const text = (v: string | null | undefined): CellValue => (v ? v : null);

const CORE_VALUES: Record<CoreExportField, (c: ContactRow, ownerEmail: string | null) => CellValue> = {
  firstName: (c) => text(c.first_name),
  lastName: (c) => text(c.last_name),
  type: (c) => c.type,
  level: (c) => c.level,
  company: (c) => text(c.company),
  jobTitle: (c) => text(c.job_title),
  department: (c) => text(c.department),
  birthDate: (c) => (c.birth_date ? { date: c.birth_date } : null),
  language: (c) => text(c.language),
  timeZone: (c) => text(c.time_zone),
  street: (c) => text(c.street),
  city: (c) => text(c.city),
  state: (c) => text(c.state),
  zip: (c) => text(c.zip),
  country: (c) => text(c.country),
  tags: (c) => (c.tags.length ? c.tags.join(LIST_SEPARATOR) : null),
  externalId: (c) => text(c.external_id),
  ownerEmail: (_c, email) => email,
};

const EXTRA_VALUES: Record<ExtraColumn, (c: ContactRow) => CellValue> = {
  id: (c) => c.id,
  createdAt: (c) => c.created_at.toISOString(),
  updatedAt: (c) => c.updated_at.toISOString(),
};

function coreColumn(field: CoreExportField): ExportColumn {
  const get = CORE_VALUES[field];
  return {
    header: exportHeader({ kind: 'field', field }),
    source: { kind: 'core', field },
    value: (s) => get(s.contact, s.ownerEmail),
  };
}

function pointColumn({ channel, label }: PointKind): ExportColumn {
  return {
    header: exportHeader({ kind: 'point', channel, label }),
    phoneNumbers: PHONE_CHANNELS.has(channel),
    source: { kind: 'point', channel, label },
    value: (s) => {
      const values = s.points.filter((p) => p.channel === channel && p.label === label).map((p) => p.value);
      return values.length ? values.join(POINT_SEPARATOR) : null;
    },
  };
}

/** A custom value as a cell of its field's type; values stored before a type change come as text. */
export function customCell(def: Pick<FieldDefinitionRow, 'type'>, v: unknown): CellValue {
  if (v === null || v === undefined || v === '') return null;
  switch (def.type) {
    case 'number':
      return typeof v === 'number' ? v : String(v);
    case 'checkbox':
      return typeof v === 'boolean' ? v : String(v);
    case 'date':
      return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? { date: v } : String(v);
    case 'multiselect':
      return Array.isArray(v) ? (v.length ? v.map(String).join(LIST_SEPARATOR) : null) : String(v);
    default:
      return typeof v === 'string' ? v : JSON.stringify(v);
  }
}

/**
 * Each custom field's header. exportHeader indexes all the fields it is given on every call, which
 * for 500 fields took seconds; it only needs the fields whose key or label reads like this label,
 * so each call gets just those (in their order, so the answer is the same).
 */
function customHeaders(fields: readonly ExportField[]): Map<string, string> {
  const phrase = (s: string) => normalizeHeader(s).join(' ');
  const alike = new Map<string, number[]>();
  fields.forEach((f, i) => {
    for (const p of new Set([phrase(f.key), phrase(f.label)])) alike.set(p, [...(alike.get(p) ?? []), i]);
  });
  return new Map(
    fields.map((f) => {
      const related = (alike.get(phrase(f.label)) ?? []).map((i) => fields[i]);
      const header = exportHeader({ kind: 'custom', key: f.key }, related);
      // A label that would need a formula quote is written as custom.<key>: the import reads headers as they are.
      return [f.key, neutraliseFormula(header) === header ? header : `custom.${f.key}`];
    }),
  );
}

function customColumn(def: ExportField, headers: Map<string, string>): ExportColumn {
  return {
    header: headers.get(def.key) ?? `custom.${def.key}`,
    source: { kind: 'custom', field: def },
    value: (s) => customCell(def, s.contact.custom?.[def.key]),
  };
}

/** Core fields, one column per point kind in use, then every custom field. */
export function defaultColumns(ctx: ColumnContext): ExportColumn[] {
  const headers = customHeaders(ctx.fields);
  return [
    ...CORE_EXPORT_FIELDS.map(coreColumn),
    ...ctx.pointKinds.map(pointColumn),
    ...ctx.fields.map((f) => customColumn(f, headers)),
  ];
}

const nameKey = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

/** Every name a column may be asked for by, lower-cased: API names, headers, custom.<key>. */
function catalog(ctx: ColumnContext): Map<string, () => ExportColumn> {
  const names = new Map<string, () => ExportColumn>();
  const add = (name: string, make: () => ExportColumn) => {
    if (!names.has(nameKey(name))) names.set(nameKey(name), make);
  };
  for (const field of CORE_EXPORT_FIELDS) {
    const make = () => coreColumn(field);
    add(exportHeader({ kind: 'field', field }), make);
    add(field, make);
  }
  for (const name of EXTRA_COLUMNS)
    add(name, () => ({
      header: name,
      source: { kind: 'extra', name },
      value: (s) => EXTRA_VALUES[name](s.contact),
    }));
  // Any channel and label may be asked for, in use or not (an empty column is still a column).
  for (const channel of CHANNELS)
    for (const label of POINT_LABELS) add(`${channel} (${label})`, () => pointColumn({ channel, label }));
  const headers = customHeaders(ctx.fields);
  for (const f of ctx.fields) add(`custom.${f.key}`, () => customColumn(f, headers));
  for (const f of ctx.fields) add(headers.get(f.key)!, () => customColumn(f, headers));
  return names;
}

/**
 * The columns asked for, in the order given; a column named twice is written once. Unknown
 * names are a 400 on `columns` naming each of them.
 */
export function resolveColumns(names: readonly string[], ctx: ColumnContext): ExportColumn[] {
  const known = catalog(ctx);
  const unknown = names.filter((n) => !known.has(nameKey(n)));
  if (unknown.length) {
    const hint =
      'use a core field (firstName, address.city), a channel and label such as "phone (mobile)", id, createdAt, updatedAt, or custom.<key>';
    throw new AppError(
      'validation',
      `columns: unknown ${unknown.length === 1 ? 'column' : 'columns'} ${unknown.map((n) => `"${clip(n)}"`).join(', ')}; ${hint}`,
      unknown.map((n) => ({ path: 'columns', message: `"${clip(n)}" is not a column; ${hint}` })),
    );
  }
  const out = new Map<string, ExportColumn>();
  for (const n of names) {
    const column = known.get(nameKey(n))!();
    if (!out.has(column.header)) out.set(column.header, column);
  }
  return [...out.values()];
}

function clip(s: string, max = 60): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}
