// An in-memory reading of the filter language, written from its documented meaning and not from
// the compiler, so property tests can compare the two on random data. Covers the core, custom,
// tag, owner and contact-point conditions (groups, segments and search have their own tests).
import type { FilterNode, TimeUnit } from '../../src/modules/filters/enums.js';

export interface MemoryContact {
  id: string;
  first_name: string | null;
  last_name: string | null;
  company: string | null;
  city: string | null;
  type: string;
  level: string;
  country: string | null;
  birth_date: string | null;
  created_at: Date;
  active: boolean;
  tags: string[];
  owner_id: string | null;
  custom: Record<string, unknown>;
  points: { channel: string; normalized: string; status: 'active' | 'opted_out' }[];
}

type Kind = 'text' | 'enum' | 'number' | 'date' | 'datetime' | 'boolean' | 'tags' | 'owner' | 'multi';

const DAY = 86_400_000;
const lower = (s: string) => s.toLowerCase();

function read(c: MemoryContact, field: string): { kind: Kind; value: unknown } {
  const core: Record<string, [Kind, unknown]> = {
    firstName: ['text', c.first_name],
    lastName: ['text', c.last_name],
    company: ['text', c.company],
    city: ['text', c.city],
    type: ['enum', c.type],
    level: ['enum', c.level],
    country: ['enum', c.country],
    birthDate: ['date', c.birth_date],
    createdAt: ['datetime', c.created_at.toISOString()],
    active: ['boolean', c.active],
    tags: ['tags', c.tags],
    owner: ['owner', c.owner_id],
  };
  if (core[field]) return { kind: core[field][0], value: core[field][1] };
  const key = field.slice('custom.'.length);
  const v = c.custom[key];
  const kinds: Record<string, [Kind, string]> = {
    note: ['text', 'string'],
    tier: ['enum', 'string'],
    score: ['number', 'number'],
    renewal: ['date', 'string'],
    seen: ['datetime', 'string'],
    vip: ['boolean', 'boolean'],
    langs: ['multi', 'array'],
  };
  const [kind, type] = kinds[key];
  const typed = type === 'array' ? Array.isArray(v) : typeof v === type;
  return { kind, value: typed ? v : kind === 'multi' ? [] : null };
}

const ago = (now: Date, amount: number, unit: TimeUnit) => {
  const t = new Date(now);
  if (unit === 'months') t.setUTCMonth(t.getUTCMonth() - amount);
  else t.setTime(t.getTime() - amount * { minutes: 60e3, hours: 3600e3, days: DAY, weeks: 7 * DAY }[unit]);
  return t;
};

/** A date-time value as [start, end]: a whole UTC day (end exclusive) or one instant (inclusive). */
function span(v: string): { start: string; end: string; day: boolean } {
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) {
    const s = Date.parse(`${v}T00:00:00Z`);
    return { start: new Date(s).toISOString(), end: new Date(s + DAY).toISOString(), day: true };
  }
  const t = new Date(v).toISOString();
  return { start: t, end: t, day: false };
}

function condition(kind: Kind, x: any, op: string, v: any, now: Date): boolean {
  const empty = x === null || x === undefined;
  switch (kind) {
    case 'text':
      switch (op) {
        case 'equals':
          return !empty && lower(x) === lower(v);
        case 'not_equals':
          return empty || lower(x) !== lower(v);
        case 'contains':
          return !empty && lower(x).includes(lower(v));
        case 'starts_with':
          return !empty && lower(x).startsWith(lower(v));
        case 'in':
          return !empty && (v as string[]).map(lower).includes(lower(x));
        case 'is_empty':
          return empty || x === '';
        case 'is_not_empty':
          return !empty && x !== '';
      }
      break;
    case 'enum':
    case 'owner':
      switch (op) {
        case 'equals':
          return !empty && x === v;
        case 'not_equals':
          return x !== v;
        case 'in':
          return !empty && (v as string[]).includes(x);
        case 'is_empty':
          return empty;
        case 'is_not_empty':
          return !empty;
      }
      break;
    case 'number':
      switch (op) {
        case 'equals':
          return !empty && x === v;
        case 'not_equals':
          return x !== v;
        case 'greater_than':
          return !empty && x > v;
        case 'less_than':
          return !empty && x < v;
        case 'between':
          return !empty && x >= v[0] && x <= v[1];
        case 'in':
          return !empty && (v as number[]).includes(x);
        case 'is_empty':
          return empty;
        case 'is_not_empty':
          return !empty;
      }
      break;
    case 'date':
      switch (op) {
        case 'equals':
          return !empty && x === v;
        case 'before':
          return !empty && x < v;
        case 'after':
          return !empty && x > v;
        case 'between':
          return !empty && x >= v[0] && x <= v[1];
        case 'in_last':
          return (
            !empty &&
            x >= ago(now, v.amount, v.unit).toISOString().slice(0, 10) &&
            x <= now.toISOString().slice(0, 10)
          );
        case 'is_empty':
          return empty;
        case 'is_not_empty':
          return !empty;
      }
      break;
    case 'datetime': {
      if (op === 'is_empty') return empty;
      if (op === 'is_not_empty') return !empty;
      if (empty) return false;
      if (op === 'in_last') return x >= ago(now, v.amount, v.unit).toISOString() && x <= now.toISOString();
      const upTo = (s: ReturnType<typeof span>) => (s.day ? x < s.end : x <= s.end);
      if (op === 'between') {
        const [a, b] = [span(v[0]), span(v[1])];
        return x >= a.start && upTo(b);
      }
      const s = span(v);
      if (op === 'equals') return x >= s.start && upTo(s);
      if (op === 'before') return x < s.start;
      if (op === 'after') return s.day ? x >= s.end : x > s.end;
      break;
    }
    case 'boolean':
      if (op === 'is_empty') return empty;
      if (op === 'is_not_empty') return !empty;
      return v ? x === true : x !== true;
    case 'tags':
    case 'multi':
      switch (op) {
        case 'contains':
          return (x as string[]).includes(v);
        case 'in':
          return (x as string[]).some((t) => (v as string[]).includes(t));
        case 'is_empty':
          return (x as string[]).length === 0;
        case 'is_not_empty':
          return (x as string[]).length > 0;
      }
  }
  throw new Error(`no reading of ${kind} ${op}`);
}

function point(c: MemoryContact, channel: string, op: string, v: any): boolean {
  const points = c.points.filter((p) => channel === 'any' || p.channel === channel);
  switch (op) {
    case 'is_not_empty':
      return points.length > 0;
    case 'is_empty':
      return points.length === 0;
    case 'is_opted_out':
      return points.some((p) => p.status === 'opted_out');
    case 'equals':
      return points.some((p) => lower(p.normalized) === lower(v));
    case 'contains':
      return points.some((p) => lower(p.normalized).includes(lower(v)));
    case 'starts_with':
      return points.some((p) => lower(p.normalized).startsWith(lower(v)));
  }
  throw new Error(`no reading of points ${op}`);
}

export function evaluate(node: FilterNode, c: MemoryContact, now: Date): boolean {
  if ('and' in node) return node.and.every((n) => evaluate(n, c, now));
  if ('or' in node) return node.or.some((n) => evaluate(n, c, now));
  if ('not' in node) return !evaluate(node.not, c, now);
  if (node.field.startsWith('points.')) return point(c, node.field.slice(7), node.op, node.value);
  const { kind, value } = read(c, node.field);
  return condition(kind, value, node.op, node.value, now);
}
