import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { isCalendarDate } from '../contacts/normalize.js';
import {
  FILTER_LIMITS,
  TIME_UNITS,
  type FieldInfo,
  type Op,
  type TimeUnit,
  type ValueType,
} from './enums.js';
import type { ParsedCondition } from './parse.js';

// Condition specs by value type. Each checks a condition's value (reporting errors by path) and
// turns it into SQL over an expression of the contacts row `c`. Text comparisons ignore case;
// a condition on a missing value is false, except "is not" and "is empty", which are true.

export type Sql = RawBuilder<SqlBool>;

export interface CompileContext {
  now: Date;
  /** The workspace's country, for reading phone numbers written without +country code. */
  defaultCountry: string;
  /** The signed-in user, for "owner is me"; null for API keys. */
  userId: string | null;
  error(path: string, message: string): void;
  /**
   * Compiles a stored filter that a condition refers to (a segment, a dynamic group). `ref`
   * identifies it, e.g. "segment:<id>", and `name` says it to people ('segment "VIP"'); a filter
   * that refers back to itself is an error.
   */
  nested(filter: unknown, ref: string, at: ParsedCondition, name: string): Promise<Sql | null>;
}

export interface ConditionSpec extends Omit<FieldInfo, 'field'> {
  compile(c: ParsedCondition, ctx: CompileContext): Sql | null | Promise<Sql | null>;
  /** Options read when the field list is asked for (group and segment names). */
  loadOptions?: () => Promise<{ value: string; label: string }[]>;
}

export const TRUE: Sql = sql<SqlBool>`true`;
export const FALSE: Sql = sql<SqlBool>`false`;
export const likeEscape = (s: string) => s.replace(/[\\%_]/g, (ch) => `\\${ch}`);

/**
 * The negation of a condition that is NULL on a missing value, where missing must count as
 * false first. Same truth as `not coalesce(e, false)`, but PostgreSQL estimates `is not true` as
 * one minus the condition's own estimate, where the coalesce got a fixed guess of a half.
 */
export const isNotTrue = (e: Sql): Sql => sql<SqlBool>`(${e}) is not true`;

/** Reports a bad value at `path.value` and returns null, so callers can `return bad(...)`. */
export function bad(c: ParsedCondition, ctx: CompileContext, message: string): null {
  ctx.error(`${c.path}.value`, message);
  return null;
}

export function opNotAllowed(c: ParsedCondition, ctx: CompileContext, ops: readonly Op[]): null {
  ctx.error(`${c.path}.op`, `"${c.op}" does not apply to ${c.field}; use one of: ${ops.join(', ')}`);
  return null;
}

/** A list value: 1 to 1,000 items, each checked by `item` (which reports its own errors). */
export function listOf<T>(
  c: ParsedCondition,
  ctx: CompileContext,
  item: (v: unknown, path: string) => T | null,
): T[] | null {
  if (!Array.isArray(c.value) || c.value.length === 0 || c.value.length > FILTER_LIMITS.listValues)
    return bad(c, ctx, `must be a list of 1 to ${FILTER_LIMITS.listValues} values`);
  const out = c.value.map((v, i) => item(v, `${c.path}.value.${i}`));
  return out.some((v) => v === null) ? null : (out as T[]);
}

export function textValue(v: unknown, path: string, ctx: CompileContext): string | null {
  if (typeof v !== 'string' || v.length === 0) {
    ctx.error(path, 'must be non-empty text');
    return null;
  }
  if (v.length > FILTER_LIMITS.textLength) {
    ctx.error(path, `must be at most ${FILTER_LIMITS.textLength} characters`);
    return null;
  }
  return v;
}

export type Comparator = '=' | '<' | '<=' | '>' | '>=';
export type Scalar = string | number | boolean;

/**
 * What a condition compares values with: a column of the row, or a custom field's value in the
 * row's JSON. A missing value, or one of another type, meets no comparison.
 */
export interface Operand {
  /** Meets every comparison (a range is two). */
  compare(tests: [Comparator, Scalar][]): Sql;
  /** Equals one of the values. */
  equalsAny(values: Scalar[]): Sql;
  /** Does not equal the value (a missing value does not). */
  distinctFrom(value: Scalar): Sql;
  isNull(): Sql;
  isNotNull(): Sql;
}

/** An SQL expression; `cast` types the values compared with it and the lists of "in". */
export function columnOperand(e: RawBuilder<unknown>, cast: 'numeric' | 'text' | null = null): Operand {
  const value = (v: Scalar) => (cast ? sql`${v}::${sql.raw(cast)}` : sql`${v}`);
  return {
    compare: (tests) => {
      const parts = tests.map(([cmp, v]) => sql<SqlBool>`${e} ${sql.raw(cmp)} ${value(v)}`);
      return parts.length === 1 ? parts[0] : sql<SqlBool>`(${sql.join(parts, sql` and `)})`;
    },
    equalsAny: (values) => sql<SqlBool>`${e} = any(${values}::${sql.raw(cast ?? 'text')}[])`,
    distinctFrom: (v) => sql<SqlBool>`${e} is distinct from ${value(v)}`,
    isNull: () => sql<SqlBool>`${e} is null`,
    isNotNull: () => sql<SqlBool>`${e} is not null`,
  };
}

/**
 * A custom field's value in `c.custom`, tested with an SQL/JSON path predicate (`@@`) in strict
 * mode, where a value of another type than the literal's, or none, is no match. PostgreSQL
 * estimates `@@` from the sampled JSON of the column, where an expression over it would have no
 * statistics (a range guessed at 0.5% of the rows misplanned joins beside it), and evaluates a
 * range once per row (docs/benchmarks.md, 2026-12-07 05:30).
 */
export function jsonOperand(key: string, jsonType: 'number' | 'string' | 'boolean'): Operand {
  const at = `$.${JSON.stringify(key)}`;
  const literal = (v: Scalar) => (typeof v === 'string' ? JSON.stringify(v) : String(v));
  const predicate = (path: string) => sql<SqlBool>`c.custom @@ ${`strict ${path}`}::jsonpath`;
  const test = ([cmp, v]: [Comparator, Scalar]) => `${at} ${cmp === '=' ? '==' : cmp} ${literal(v)}`;
  const hasType = predicate(`${at}.type() == "${jsonType}"`);
  return {
    compare: (tests) => predicate(tests.map(test).join(' && ')),
    equalsAny: (values) => predicate(values.map((v) => test(['=', v])).join(' || ')),
    distinctFrom: (v) => isNotTrue(predicate(test(['=', v]))),
    isNull: () => isNotTrue(hasType),
    isNotNull: () => hasType,
  };
}

function withOps(
  type: ValueType,
  label: string,
  ops: readonly Op[],
  build: (c: ParsedCondition, ctx: CompileContext) => Sql | null,
  extra: Partial<FieldInfo> = {},
): ConditionSpec {
  return {
    label,
    type,
    ops: [...ops],
    ...extra,
    compile: (c, ctx) => (ops.includes(c.op) ? build(c, ctx) : opNotAllowed(c, ctx, ops)),
  };
}

const isEmptyText = (e: RawBuilder<unknown>) => sql<SqlBool>`(${e} is null or ${e} = '')`;
const notEmptyText = (e: RawBuilder<unknown>) => sql<SqlBool>`(${e} is not null and ${e} <> '')`;

export const TEXT_OPS = [
  'equals',
  'not_equals',
  'contains',
  'starts_with',
  'in',
  'is_empty',
  'is_not_empty',
] as const;

/** Free text: case-insensitive equality, substring and prefix matches. */
export function textSpec(label: string, e: RawBuilder<unknown>): ConditionSpec {
  return withOps('text', label, TEXT_OPS, (c, ctx) => {
    if (c.op === 'is_empty') return isEmptyText(e);
    if (c.op === 'is_not_empty') return notEmptyText(e);
    if (c.op === 'in') {
      const list = listOf(c, ctx, (v, p) => textValue(v, p, ctx));
      return list && sql<SqlBool>`lower(${e}) = any(${list.map((s) => s.toLowerCase())}::text[])`;
    }
    const v = textValue(c.value, `${c.path}.value`, ctx);
    if (v === null) return null;
    switch (c.op) {
      case 'equals':
        return sql<SqlBool>`lower(${e}) = ${v.toLowerCase()}`;
      case 'not_equals':
        return sql<SqlBool>`lower(${e}) is distinct from ${v.toLowerCase()}`;
      // Not `ilike`: in a UTF-8 database it folds the case of the pattern and of each whole value
      // on every row. A prefix compares only the value's first characters; a substring folds the
      // value alone (one process scanning a million last names: 257 and 282 ms against 357 and 371).
      case 'contains':
        return sql<SqlBool>`lower(${e}) like lower(${'%' + likeEscape(v) + '%'})`;
      default:
        return sql<SqlBool>`lower(left(${e}, ${[...v].length})) = lower(${v})`;
    }
  });
}

/**
 * A closed set of values. `normalize` maps accepted spellings (a country name, a language
 * name) to the stored value, or returns null for a value outside the set.
 */
export function enumSpec(
  label: string,
  e: Operand,
  options: { value: string; label: string }[],
  opts: { nullable: boolean; normalize?: (v: string) => string | null },
): ConditionSpec {
  const known = new Set(options.map((o) => o.value));
  const normalize = opts.normalize ?? ((v: string) => (known.has(v) ? v : null));
  const ops: Op[] = ['equals', 'not_equals', 'in'];
  if (opts.nullable) ops.push('is_empty', 'is_not_empty');
  const value = (v: unknown, path: string, ctx: CompileContext) => {
    const s = typeof v === 'string' ? normalize(v) : null;
    if (s === null) {
      const list = options.length <= 12 ? `: ${options.map((o) => o.value).join(', ')}` : '';
      ctx.error(path, `must be one of the values of ${label}${list}`);
    }
    return s;
  };
  return withOps(
    'enum',
    label,
    ops,
    (c, ctx) => {
      if (c.op === 'is_empty') return e.isNull();
      if (c.op === 'is_not_empty') return e.isNotNull();
      if (c.op === 'in') {
        const list = listOf(c, ctx, (v, p) => value(v, p, ctx));
        return list && e.equalsAny(list);
      }
      const v = value(c.value, `${c.path}.value`, ctx);
      if (v === null) return null;
      return c.op === 'equals' ? e.compare([['=', v]]) : e.distinctFrom(v);
    },
    { options },
  );
}

const numberValue = (v: unknown, path: string, ctx: CompileContext) => {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    ctx.error(path, 'must be a number');
    return null;
  }
  return v;
};

/** Checks a [low, high] pair with `item`, low not above high. */
function pairOf<T>(
  c: ParsedCondition,
  ctx: CompileContext,
  item: (v: unknown, path: string) => T | null,
  compare: (a: T, b: T) => number,
): [T, T] | null {
  if (!Array.isArray(c.value) || c.value.length !== 2) return bad(c, ctx, 'must be a pair [from, to]');
  const a = item(c.value[0], `${c.path}.value.0`);
  const b = item(c.value[1], `${c.path}.value.1`);
  if (a === null || b === null) return null;
  if (compare(a, b) > 0) return bad(c, ctx, 'must be [from, to] with from not after to');
  return [a, b];
}

export function numberSpec(label: string, e: Operand): ConditionSpec {
  const ops = [
    'equals',
    'not_equals',
    'greater_than',
    'less_than',
    'between',
    'in',
    'is_empty',
    'is_not_empty',
  ] as const;
  return withOps('number', label, ops, (c, ctx) => {
    if (c.op === 'is_empty') return e.isNull();
    if (c.op === 'is_not_empty') return e.isNotNull();
    if (c.op === 'in') {
      const list = listOf(c, ctx, (v, p) => numberValue(v, p, ctx));
      return list && e.equalsAny(list);
    }
    if (c.op === 'between') {
      const pair = pairOf(
        c,
        ctx,
        (v, p) => numberValue(v, p, ctx),
        (a, b) => a - b,
      );
      return (
        pair &&
        e.compare([
          ['>=', pair[0]],
          ['<=', pair[1]],
        ])
      );
    }
    const v = numberValue(c.value, `${c.path}.value`, ctx);
    if (v === null) return null;
    const cmp = ({ equals: '=', greater_than: '>', less_than: '<' } as const)[c.op as string];
    return cmp ? e.compare([[cmp, v]]) : e.distinctFrom(v);
  });
}

const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const DAY_MS = 86_400_000;

/**
 * A point in time as [start, end): a date is the whole day (UTC for date-times), a date-time is
 * one instant. Values are ISO strings, which compare like the stored ones: dates as YYYY-MM-DD,
 * date-times as the full ISO form toISOString gives.
 */
function timeSpan(v: unknown, dateOnly: boolean): [string, string] | null {
  if (typeof v !== 'string') return null;
  if (isCalendarDate(v)) {
    if (dateOnly) return [v, v];
    const start = Date.parse(`${v}T00:00:00Z`);
    return [new Date(start).toISOString(), new Date(start + DAY_MS).toISOString()];
  }
  if (dateOnly || !DATETIME.test(v)) return null;
  const t = new Date(v);
  if (Number.isNaN(t.getTime())) return null;
  return [t.toISOString(), t.toISOString()];
}

/** `now` minus an amount of a unit; months are calendar months. */
export function timeAgo(now: Date, amount: number, unit: TimeUnit): Date {
  const t = new Date(now);
  if (unit === 'months') t.setUTCMonth(t.getUTCMonth() - amount);
  else
    t.setTime(t.getTime() - amount * { minutes: 60e3, hours: 3600e3, days: DAY_MS, weeks: 7 * DAY_MS }[unit]);
  return t;
}

/**
 * Dates and date-times: equals (the same day, or instant), before, after, between (inclusive
 * days), in the last N units (up to now). `e` is compared with ISO strings: a date or timestamptz
 * column, or a custom field's value stored in ISO form.
 */
export function timeSpec(label: string, e: Operand, dateOnly: boolean): ConditionSpec {
  const ops = ['equals', 'before', 'after', 'between', 'in_last', 'is_empty', 'is_not_empty'] as const;
  const span = (v: unknown, path: string, ctx: CompileContext) => {
    const s = timeSpan(v, dateOnly);
    if (!s)
      ctx.error(
        path,
        dateOnly
          ? 'must be a date written YYYY-MM-DD'
          : 'must be a date YYYY-MM-DD or an ISO 8601 date-time with a time zone',
      );
    return s;
  };
  const iso = (t: Date) => (dateOnly ? t.toISOString().slice(0, 10) : t.toISOString());
  return withOps(dateOnly ? 'date' : 'datetime', label, ops, (c, ctx) => {
    if (c.op === 'is_empty') return e.isNull();
    if (c.op === 'is_not_empty') return e.isNotNull();
    if (c.op === 'in_last') {
      const v = c.value as { amount?: unknown; unit?: unknown } | null;
      const unit = v?.unit as TimeUnit;
      const amount = v?.amount;
      if (
        typeof v !== 'object' ||
        !Number.isInteger(amount) ||
        (amount as number) < 1 ||
        (amount as number) > 100_000 ||
        !TIME_UNITS.includes(unit)
      )
        return bad(
          c,
          ctx,
          `must be {"amount": a whole number from 1, "unit": one of ${TIME_UNITS.join(', ')}}`,
        );
      const from = iso(timeAgo(ctx.now, amount as number, unit));
      return e.compare([
        ['>=', from],
        ['<=', iso(ctx.now)],
      ]);
    }
    // Dates bound inclusively by day; date-times by [start, end) of the day or instant.
    const lowerBound = (s: [string, string]): [Comparator, string] => ['>=', s[0]];
    const upperBound = (s: [string, string]): [Comparator, string] =>
      dateOnly || s[0] === s[1] ? ['<=', s[1]] : ['<', s[1]];
    if (c.op === 'between') {
      const pair = pairOf(
        c,
        ctx,
        (v, p) => span(v, p, ctx),
        (a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0),
      );
      return pair && e.compare([lowerBound(pair[0]), upperBound(pair[1])]);
    }
    const s = span(c.value, `${c.path}.value`, ctx);
    if (!s) return null;
    if (c.op === 'equals') return e.compare([lowerBound(s), upperBound(s)]);
    if (c.op === 'before') return e.compare([['<', s[0]]]);
    // after: later than the whole day (or the instant)
    return e.compare([[dateOnly || s[0] === s[1] ? '>' : '>=', s[1]]]);
  });
}

/** A yes/no value; `e` is true, false or null (missing counts as no). */
export function booleanSpec(label: string, e: Operand, nullable: boolean): ConditionSpec {
  const ops: Op[] = nullable ? ['equals', 'is_empty', 'is_not_empty'] : ['equals'];
  return withOps('boolean', label, ops, (c, ctx) => {
    if (c.op === 'is_empty') return e.isNull();
    if (c.op === 'is_not_empty') return e.isNotNull();
    if (typeof c.value !== 'boolean') return bad(c, ctx, 'must be true or false');
    const yes = e.compare([['=', true]]);
    return c.value ? yes : isNotTrue(yes);
  });
}

/**
 * A condition naming saved things by id (groups, segments): equals, not equals, any of. `load`
 * reads the named items of the workspace; `match` is the condition for one of them.
 */
export function refSpec<T>(
  label: string,
  what: string,
  load: (ids: string[]) => Promise<Map<string, T>>,
  match: (item: T, id: string, c: ParsedCondition, ctx: CompileContext) => Promise<Sql | null>,
  loadOptions: () => Promise<{ value: string; label: string }[]>,
): ConditionSpec {
  const ops: Op[] = ['equals', 'not_equals', 'in'];
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  const idValue = (v: unknown, path: string, ctx: CompileContext) => {
    if (typeof v === 'string' && UUID.test(v)) return v.toLowerCase();
    ctx.error(path, `must be a ${what} id`);
    return null;
  };
  return {
    label,
    type: 'ref',
    ops,
    loadOptions,
    async compile(c, ctx) {
      if (!ops.includes(c.op)) return opNotAllowed(c, ctx, ops);
      const ids =
        c.op === 'in'
          ? listOf(c, ctx, (v, p) => idValue(v, p, ctx))
          : [idValue(c.value, `${c.path}.value`, ctx)].filter((v): v is string => v !== null);
      if (!ids || ids.length === 0) return null;
      const found = await load(ids);
      const parts: Sql[] = [];
      for (const id of ids) {
        const item = found.get(id);
        if (item === undefined) return bad(c, ctx, `no ${what} with id ${id} in this workspace`);
        const part = await match(item, id, c, ctx);
        if (part === null) return null;
        parts.push(part);
      }
      const any = parts.length === 1 ? parts[0] : sql<SqlBool>`(${sql.join(parts, sql` or `)})`;
      return c.op === 'not_equals' ? isNotTrue(any) : any;
    },
  };
}
