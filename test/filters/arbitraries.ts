// Random contacts and random filter trees over a small vocabulary, so that conditions often match
// and often don't. Text is ASCII: PostgreSQL's lower() under the C locale (PGlite) folds ASCII only.
import fc from 'fast-check';
import type { FilterNode } from '../../src/modules/filters/enums.js';
import type { MemoryContact } from './evaluate.js';

export const NOW = new Date('2026-06-15T12:00:00.000Z');
const DAY = 86_400_000;

export const WORDS = [
  'ann',
  'Anna',
  'ANNE',
  'bob',
  'o%b',
  'a_n',
  'x\\y',
  'Zed',
  'Émile',
  'éMI',
  '😀an',
  '😀A',
  '',
];
const TAGS = ['vip', 'VIP', 'new', 'b2b'];
const COUNTRIES = ['US', 'GB', 'FR'];
const TIERS = ['gold', 'silver'];
const LANGS = ['en', 'fr', 'de'];
const DATES = ['2026-06-01', '2026-06-14', '2026-06-15', '2025-01-31', '1990-05-05'];
// Date-times half a day away from any whole-day boundary of the relative filters, so the
// seconds between computing NOW and running the query cannot change an answer.
const TIMES = [0.5, 2.5, 6.5, 29.5, 40.5, 400.5].map((d) => new Date(NOW.getTime() - d * DAY).toISOString());
const EMAILS = ['ann@example.com', 'bob@test.org', 'zed@example.com'];
const PHONES = ['+12125550100', '+442071234567'];

const nullable = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });

export const owners = (ids: string[]) => fc.constantFrom(...ids);

/**
 * A custom value, now and then one of another JSON type (as written before a field's options
 * changed, or by hand): a number in an array, a number as text, null. It matches no condition.
 */
const orStray = <T>(typed: fc.Arbitrary<T>) =>
  fc.oneof(
    { arbitrary: typed, weight: 6 },
    { arbitrary: fc.constantFrom<unknown>('10', 10, true, null, [10], ['en']), weight: 1 },
  );

export function contactArb(ownerIds: string[]): fc.Arbitrary<Omit<MemoryContact, 'id'>> {
  return fc.record({
    first_name: nullable(fc.constantFrom(...WORDS)),
    last_name: nullable(fc.constantFrom(...WORDS)),
    company: nullable(fc.constantFrom(...WORDS)),
    city: nullable(fc.constantFrom(...WORDS)),
    type: fc.constantFrom('lead', 'prospect', 'customer', 'other'),
    level: fc.constantFrom('primary', 'secondary'),
    country: nullable(fc.constantFrom(...COUNTRIES)),
    birth_date: nullable(fc.constantFrom(...DATES)),
    created_at: fc.constantFrom(...TIMES).map((t) => new Date(t)),
    active: fc.boolean(),
    tags: fc.uniqueArray(fc.constantFrom(...TAGS), { maxLength: 3 }),
    owner_id: nullable(fc.constantFrom(...ownerIds)),
    custom: fc.record(
      {
        note: orStray(fc.constantFrom(...WORDS.filter(Boolean))),
        tier: orStray(fc.constantFrom(...TIERS)),
        score: orStray(fc.constantFrom(-1, 0, 1.5, 10, 99)),
        renewal: orStray(fc.constantFrom(...DATES)),
        seen: orStray(fc.constantFrom(...TIMES)),
        vip: orStray(fc.boolean()),
        langs: orStray(fc.uniqueArray(fc.constantFrom(...LANGS), { maxLength: 3 })),
      },
      { requiredKeys: [] },
    ),
    points: fc
      .uniqueArray(
        fc.record({
          channel: fc.constantFrom('email', 'phone'),
          normalized: fc.constantFrom(...EMAILS, ...PHONES),
          status: fc.constantFrom('active' as const, 'opted_out' as const),
        }),
        { maxLength: 3, selector: (p) => `${p.channel}:${p.normalized}` },
      )
      .map((ps) => ps.filter((p) => (p.channel === 'email') === p.normalized.includes('@'))),
  });
}

const cond = (field: string, op: string, value?: unknown): FilterNode =>
  (value === undefined ? { field, op } : { field, op, value }) as FilterNode;

const word = fc.constantFrom(...WORDS.filter(Boolean), 'AN', 'nn', '%', '_');
const relative = fc.record({
  amount: fc.constantFrom(1, 7, 30, 365),
  unit: fc.constantFrom('days', 'weeks', 'months'),
});
const dayOrTime = fc.oneof(fc.constantFrom(...DATES), fc.constantFrom(...TIMES));

function textCond(field: string) {
  return fc.oneof(
    fc
      .tuple(fc.constantFrom('equals', 'not_equals', 'contains', 'starts_with'), word)
      .map(([op, v]) => cond(field, op, v)),
    fc.uniqueArray(word, { minLength: 1, maxLength: 3 }).map((v) => cond(field, 'in', v)),
    fc.constantFrom('is_empty', 'is_not_empty').map((op) => cond(field, op)),
  );
}

function enumCond(field: string, values: string[], nullableField: boolean) {
  const ops = nullableField ? ['is_empty', 'is_not_empty'] : [];
  return fc.oneof(
    fc
      .tuple(fc.constantFrom('equals', 'not_equals'), fc.constantFrom(...values))
      .map(([op, v]) => cond(field, op, v)),
    fc
      .uniqueArray(fc.constantFrom(...values), { minLength: 1, maxLength: 2 })
      .map((v) => cond(field, 'in', v)),
    ...(ops.length ? [fc.constantFrom(...ops).map((op) => cond(field, op))] : []),
  );
}

function dateCond(field: string, values: fc.Arbitrary<string>, sorted: (a: string, b: string) => boolean) {
  return fc.oneof(
    fc.tuple(fc.constantFrom('equals', 'before', 'after'), values).map(([op, v]) => cond(field, op, v)),
    fc
      .tuple(values, values)
      .filter(([a, b]) => sorted(a, b))
      .map((pair) => cond(field, 'between', pair)),
    relative.map((v) => cond(field, 'in_last', v)),
    fc.constantFrom('is_empty', 'is_not_empty').map((op) => cond(field, op)),
  );
}

const dayStart = (v: string) => (v.length === 10 ? `${v}T00:00:00.000Z` : v);

export function conditionArb(ownerIds: string[]): fc.Arbitrary<FilterNode> {
  const num = fc.constantFrom(-1, 0, 1.5, 10, 50);
  return fc.oneof(
    ...['firstName', 'lastName', 'company', 'city', 'custom.note'].map(textCond),
    enumCond('type', ['lead', 'prospect', 'customer', 'other'], false),
    enumCond('level', ['primary', 'secondary', 'tertiary'], false),
    enumCond('country', COUNTRIES, true),
    enumCond('custom.tier', TIERS, true),
    enumCond('owner', ownerIds, true),
    dateCond('birthDate', fc.constantFrom(...DATES), (a, b) => a <= b),
    dateCond('custom.renewal', fc.constantFrom(...DATES), (a, b) => a <= b),
    dateCond('createdAt', dayOrTime, (a, b) => dayStart(a) <= dayStart(b)),
    dateCond('custom.seen', dayOrTime, (a, b) => dayStart(a) <= dayStart(b)),
    fc.oneof(
      fc
        .tuple(fc.constantFrom('equals', 'not_equals', 'greater_than', 'less_than'), num)
        .map(([op, v]) => cond('custom.score', op, v)),
      fc
        .tuple(num, num)
        .filter(([a, b]) => a <= b)
        .map((p) => cond('custom.score', 'between', p)),
      fc.uniqueArray(num, { minLength: 1, maxLength: 3 }).map((v) => cond('custom.score', 'in', v)),
      fc.constantFrom('is_empty', 'is_not_empty').map((op) => cond('custom.score', op)),
    ),
    fc.boolean().map((v) => cond('active', 'equals', v)),
    fc.oneof(
      fc.boolean().map((v) => cond('custom.vip', 'equals', v)),
      fc.constantFrom('is_empty', 'is_not_empty').map((op) => cond('custom.vip', op)),
    ),
    ...['tags', 'custom.langs'].map((field) => {
      const values = field === 'tags' ? TAGS : LANGS;
      return fc.oneof(
        fc.constantFrom(...values).map((v) => cond(field, 'contains', v)),
        fc
          .uniqueArray(fc.constantFrom(...values), { minLength: 1, maxLength: 2 })
          .map((v) => cond(field, 'in', v)),
        fc.constantFrom('is_empty', 'is_not_empty').map((op) => cond(field, op)),
      );
    }),
    fc.oneof(
      fc
        .tuple(
          fc.constantFrom('points.email', 'points.phone', 'points.any'),
          fc.constantFrom('is_empty', 'is_not_empty', 'is_opted_out'),
        )
        .map(([f, op]) => cond(f, op)),
      fc.constantFrom(...EMAILS).map((v) => cond('points.email', 'equals', v.toUpperCase())),
      fc
        .tuple(
          fc.constantFrom('contains', 'starts_with'),
          fc.constantFrom('example', 'ANN', 'bob@', '+44', '.org'),
        )
        .map(([op, v]) => cond('points.email', op, v)),
    ),
  );
}

export function filterArb(ownerIds: string[]): fc.Arbitrary<FilterNode> {
  const { node } = fc.letrec<{ node: FilterNode }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      conditionArb(ownerIds),
      fc.array(tie('node'), { minLength: 1, maxLength: 3 }).map((and) => ({ and })),
      fc.array(tie('node'), { minLength: 1, maxLength: 3 }).map((or) => ({ or })),
      tie('node').map((n) => ({ not: n })),
    ),
  }));
  return node;
}
