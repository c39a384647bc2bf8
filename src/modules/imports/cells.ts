// Reading the text cells of an imported file as the typed values the contact API takes. Files
// carry everything as text ("yes", "1.234,5", "31/01/1990"); the API wants booleans, numbers and
// ISO dates. Each reader answers a value or an error message that names what was expected.
import type { FieldDefinitionRow } from '../../db/types.js';
import { isCalendarDate, toTimeZone } from '../contacts/normalize.js';
import type { DateFormat } from '../workspaces/date-formats.js';
import type { EntryImportField } from './enums.js';

export type CellResult<T> = { value: T } | { error: string };

const DATE_PATTERNS: Record<DateFormat, RegExp> = {
  'YYYY-MM-DD': /^(?<y>\d{4})-(?<m>\d{1,2})-(?<d>\d{1,2})$/,
  'MM/DD/YYYY': /^(?<m>\d{1,2})[/.-](?<d>\d{1,2})[/.-](?<y>\d{4})$/,
  'DD/MM/YYYY': /^(?<d>\d{1,2})[/.-](?<m>\d{1,2})[/.-](?<y>\d{4})$/,
};

/** A calendar date written in the import's chosen format, as YYYY-MM-DD. ISO is always accepted. */
export function readDate(cell: string, format: DateFormat): CellResult<string> {
  const s = cell.trim();
  const m = DATE_PATTERNS[format].exec(s) ?? DATE_PATTERNS['YYYY-MM-DD'].exec(s);
  if (m?.groups) {
    const iso = `${m.groups.y}-${m.groups.m.padStart(2, '0')}-${m.groups.d.padStart(2, '0')}`;
    if (isCalendarDate(iso)) return { value: iso };
  }
  return { error: `"${clip(s)}" is not a date written ${format}` };
}

/** A list cell ("vip, west; 2024", Google's "a ::: b") as distinct, trimmed items. */
export function readList(cell: string): string[] {
  const items = cell
    .split(/:::|[,;|]/)
    .map((t) => t.trim())
    .filter(Boolean);
  return [...new Set(items)];
}

/** One of `values`, matched without regard to case or surrounding spaces, or through a synonym. */
export function readChoice<T extends string>(
  cell: string,
  values: readonly T[],
  synonyms: Record<string, T> = {},
): CellResult<T> {
  const s = cell.trim().toLowerCase();
  const hit =
    values.find((v) => v.toLowerCase() === s) ?? (Object.hasOwn(synonyms, s) ? synonyms[s] : undefined);
  return hit ? { value: hit } : { error: `"${clip(cell.trim())}" is not one of: ${values.join(', ')}` };
}

const TRUE_WORDS = new Set([
  'true',
  'yes',
  'y',
  '1',
  'x',
  '✓',
  '✔',
  'on',
  'ja',
  'oui',
  'sí',
  'si',
  'checked',
]);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', 'off', 'nein', 'non', 'unchecked', '-']);

export function readBoolean(cell: string): CellResult<boolean> {
  const s = cell.trim().toLowerCase();
  if (TRUE_WORDS.has(s)) return { value: true };
  if (FALSE_WORDS.has(s)) return { value: false };
  return { error: `"${clip(cell.trim())}" is not yes or no` };
}

/**
 * A number written with a dot or a comma as decimal separator. With both present, the last one is
 * the decimal separator ("1,234.5", "1.234,5"). Groups of exactly three digits after every comma
 * ("1,234") or after several dots ("1.234.567") are thousands, as spreadsheets write them.
 */
export function readNumber(cell: string): CellResult<number> {
  const s = cell.trim().replace(/[\s\u00a0']/g, '');
  let plain: string;
  if (s.includes('.') && s.includes(',')) {
    const decimal = s.lastIndexOf('.') > s.lastIndexOf(',') ? '.' : ',';
    plain = s.replaceAll(decimal === '.' ? ',' : '.', '').replace(decimal, '.');
  } else if (/^[+-]?\d{1,3}(,\d{3})+$/.test(s) || /^[+-]?\d{1,3}(\.\d{3}){2,}$/.test(s)) {
    plain = s.replace(/[.,]/g, '');
  } else {
    plain = s.replace(',', '.');
  }
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(plain)) return { error: `"${clip(cell.trim())}" is not a number` };
  return { value: Number(plain) };
}

/** A whole number between min and max, written as readNumber reads numbers ("5", "-3", "1.000"). */
export function readWholeNumber(cell: string, min: number, max: number): CellResult<number> {
  const r = readNumber(cell);
  if ('error' in r || !Number.isInteger(r.value))
    return { error: `"${clip(cell.trim())}" is not a whole number` };
  if (r.value < min || r.value > max) return { error: `${r.value} is not between ${min} and ${max}` };
  return r;
}

const DATE_TIME =
  /^(?<date>\d{4}-\d{2}-\d{2})[T ](?<h>\d{2}):(?<m>\d{2})(?::(?<s>\d{2})(?:[.,]\d{1,9})?)?\s*(?<zone>Z|[+-]\d{2}(?::?\d{2})?)$/i;

/**
 * A moment: an ISO 8601 date and time with its offset or Z ("2025-03-01 09:00+01:00"), as an ISO
 * string in UTC. A time without a zone is refused rather than guessed: read in the wrong zone, a
 * next try would come hours early or late.
 */
export function readDateTime(cell: string): CellResult<string> {
  const s = cell.trim();
  const m = DATE_TIME.exec(s);
  const g = m?.groups;
  if (!g || !isCalendarDate(g.date) || +g.h > 23 || +g.m > 59 || +(g.s ?? 0) > 59) {
    return {
      error: `"${clip(s)}" is not a date and time with its offset, such as 2025-03-01T09:00+01:00 or 2025-03-01T08:00Z`,
    };
  }
  const zone =
    g.zone.toUpperCase() === 'Z'
      ? 'Z'
      : g.zone.replace(/^([+-]\d{2}):?(\d{2})?$/, (_, h, mm) => `${h}:${mm ?? '00'}`);
  const when = new Date(`${g.date}T${g.h}:${g.m}:${g.s ?? '00'}${zone}`);
  if (Number.isNaN(when.getTime())) return { error: `"${clip(s)}" is not a date and time` };
  return { value: when.toISOString() };
}

/** The lists API's bounds for an entry's priority (lists/schema.ts). */
const PRIORITY_MIN = -1000;
const PRIORITY_MAX = 1000;

/** The values of a row's list entry, as the lists API takes them (EntryCreate). */
export interface EntryValues {
  priority?: number;
  nextTryAt?: string;
  timeZone?: string;
  topPriority?: boolean;
}

/** One list entry cell, read into the entry value it sets. */
export function readEntryCell(field: EntryImportField, cell: string): CellResult<Partial<EntryValues>> {
  const set = <K extends keyof EntryValues>(key: K, r: CellResult<EntryValues[K]>) =>
    'error' in r ? r : { value: { [key]: r.value } as Partial<EntryValues> };
  switch (field) {
    case 'entry.priority':
      return set('priority', readWholeNumber(cell, PRIORITY_MIN, PRIORITY_MAX));
    case 'entry.nextTryAt':
      return set('nextTryAt', readDateTime(cell));
    case 'entry.topPriority':
      return set('topPriority', readBoolean(cell));
    case 'entry.timeZone': {
      const zone = cell.trim().length <= 64 ? toTimeZone(cell) : null;
      return zone
        ? { value: { timeZone: zone } }
        : { error: `"${clip(cell.trim())}" is not an IANA time zone such as America/New_York` };
    }
  }
}

/** "Ada Lovelace" → Ada / Lovelace; "Lovelace, Ada" → Ada / Lovelace; one word is a last name. */
export function splitFullName(cell: string): { firstName: string | null; lastName: string | null } {
  const s = cell.trim().replace(/\s+/g, ' ');
  if (!s) return { firstName: null, lastName: null };
  const comma = s.indexOf(',');
  if (comma > 0) {
    const last = s.slice(0, comma).trim();
    const first = s.slice(comma + 1).trim();
    return { firstName: first || null, lastName: last || null };
  }
  const space = s.lastIndexOf(' ');
  if (space < 0) return { firstName: null, lastName: s };
  return { firstName: s.slice(0, space), lastName: s.slice(space + 1) };
}

/**
 * A custom field's cell as the value its definition takes (the API then validates it as for any
 * write). Select options match without regard to case and come back spelled as defined.
 */
export function readCustomCell(
  def: FieldDefinitionRow,
  cell: string,
  dateFormat: DateFormat,
): CellResult<unknown> {
  const options = def.options as string[];
  switch (def.type) {
    case 'text':
      return { value: cell };
    case 'number':
      return readNumber(cell);
    case 'date':
      return readDate(cell, dateFormat);
    case 'datetime':
      return { value: cell.trim() };
    case 'checkbox':
      return readBoolean(cell);
    case 'select':
      return readChoice(cell, options);
    case 'multiselect': {
      const picked: string[] = [];
      for (const item of readList(cell)) {
        const r = readChoice(item, options);
        if ('error' in r) return r;
        picked.push(r.value);
      }
      return { value: picked };
    }
  }
}

/** Quotes user text in messages without letting a huge cell flood the error file. */
function clip(s: string, max = 60): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}
