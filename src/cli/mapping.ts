// `--map column=field`: what the user says a column becomes, on top of the server's suggestion.
import { CHANNELS, POINT_LABELS } from '../modules/contacts/enums.js';
import { CORE_IMPORT_FIELDS } from '../modules/imports/enums.js';
import type { ImportTarget } from '../modules/imports/mapping.js';
import { UsageError } from './errors.js';

export interface MapOverride {
  /** As written: a header (any case) or a 1-based column number. */
  column: string;
  target: ImportTarget;
  spec: string;
}

/** Words joined with ", " in lines of at most `width` characters. */
function wrapList(items: readonly string[], width = 72): string[] {
  const lines: string[] = [];
  let line = '';
  for (const item of items) {
    const next = line ? `${line}, ${item}` : item;
    if (next.length > width && line) {
      lines.push(`${line},`);
      line = item;
    } else line = next;
  }
  return line ? [...lines, line] : lines;
}

const indent = (label: string, lines: string[]) =>
  lines.map((l, i) => `${(i === 0 ? label : '').padEnd(16)}${l}`);

/** What --map accepts after the "=", for help texts and errors. */
export const FIELD_HELP = [
  ...indent('ignore', ['skip the column']),
  ...indent('core fields', wrapList(CORE_IMPORT_FIELDS)),
  ...indent('contact points', [
    'CHANNEL or CHANNEL:LABEL, e.g. phone:mobile, email:work, whatsapp',
    ...wrapList(CHANNELS.map((c, i) => (i === 0 ? `channels: ${c}` : c))),
    `labels: ${POINT_LABELS.join(', ')} (default other)`,
  ]),
  ...indent('custom fields', ['custom.KEY, e.g. custom.plan (web app: Settings → Fields)']),
];

/** A target from its command-line name: ignore, firstName, phone:work, custom.plan. */
export function parseTarget(name: string): ImportTarget {
  const raw = name.trim();
  const lower = raw.toLowerCase();
  if (lower === 'ignore') return { kind: 'ignore' };
  const core = CORE_IMPORT_FIELDS.find((f) => f.toLowerCase() === lower);
  if (core) return { kind: 'field', field: core };
  // Whether the key exists is asked of the server before the upload (see checkCustomKeys).
  const custom = /^custom\.(.+)$/i.exec(raw);
  if (custom) return { kind: 'custom', key: custom[1] };
  const [channelName, labelName, ...rest] = lower.split(':');
  const channel = CHANNELS.find((c) => c === channelName);
  if (channel && rest.length === 0) {
    if (labelName === undefined) return { kind: 'point', channel, label: 'other' };
    const label = POINT_LABELS.find((l) => l === labelName);
    if (label) return { kind: 'point', channel, label };
    throw new UsageError(`"${raw}": unknown label "${labelName}"; labels are ${POINT_LABELS.join(', ')}`);
  }
  throw new UsageError(`"${raw}" is not a field to import into. Use one of:`, FIELD_HELP);
}

/** Parses `column=field`; the column part is matched against the file's headers later. */
export function parseOverride(spec: string): MapOverride {
  // Headers may contain "=", field names never do: split at the last one.
  const at = spec.lastIndexOf('=');
  if (at <= 0 || at === spec.length - 1)
    throw new UsageError(
      `--map "${spec}": write COLUMN=FIELD, e.g. --map "Mobile=phone:mobile" --map 4=ignore`,
    );
  try {
    return { column: spec.slice(0, at).trim(), target: parseTarget(spec.slice(at + 1)), spec };
  } catch (err) {
    if (err instanceof UsageError) throw new UsageError(`--map "${spec}": ${err.message}`, err.details);
    throw err;
  }
}

/**
 * The 0-based index of the column a `--map` names: a header (case-insensitive; an exact match wins
 * over a number, so a header "2" can be named), else a 1-based column number.
 */
export function resolveColumn(column: string, headers: readonly string[]): number {
  const named = headers.flatMap((h, i) => (h.trim().toLowerCase() === column.toLowerCase() ? [i] : []));
  if (named.length === 1) return named[0];
  if (named.length > 1)
    throw new UsageError(
      `--map: columns ${named.map((i) => i + 1).join(' and ')} are both named "${column}"; name the column by its number instead`,
    );
  if (/^\d+$/.test(column)) {
    const n = Number(column);
    if (n >= 1 && n <= headers.length) return n - 1;
    throw new UsageError(`--map: there is no column ${n}; the file has ${headers.length} columns`);
  }
  throw new UsageError(`--map: the file has no column "${column}". Its columns are:`, listColumns(headers));
}

export function listColumns(headers: readonly string[]): string[] {
  return headers.map((h, i) => `${String(i + 1).padStart(3)}  ${h === '' ? '(no header)' : h}`);
}

/** The suggested mapping with the overrides applied; also answers which columns were overridden. */
export function applyOverrides(
  suggested: readonly ImportTarget[],
  headers: readonly string[],
  overrides: readonly MapOverride[],
): { mapping: ImportTarget[]; chosen: Set<number> } {
  const mapping = headers.map((_, i) => suggested[i] ?? ({ kind: 'ignore' } as const));
  const chosen = new Set<number>();
  for (const o of overrides) {
    const i = resolveColumn(o.column, headers);
    if (chosen.has(i)) throw new UsageError(`--map: column ${i + 1} ("${headers[i]}") is mapped twice`);
    chosen.add(i);
    mapping[i] = o.target;
  }
  return { mapping, chosen };
}
