// The filter language's vocabulary, free of imports so the web app's filter builder loads it as is.

export const OPS = [
  'equals',
  'not_equals',
  'contains',
  'starts_with',
  'is_empty',
  'is_not_empty',
  'in',
  'greater_than',
  'less_than',
  'between',
  'before',
  'after',
  'in_last',
  'is_opted_out',
] as const;
export type Op = (typeof OPS)[number];

export const OP_LABELS: Record<Op, string> = {
  equals: 'is',
  not_equals: 'is not',
  contains: 'contains',
  starts_with: 'starts with',
  is_empty: 'is empty',
  is_not_empty: 'is not empty',
  in: 'is any of',
  greater_than: 'is greater than',
  less_than: 'is less than',
  between: 'is between',
  before: 'is before',
  after: 'is after',
  in_last: 'is in the last',
  is_opted_out: 'is opted out',
};

/** Operators that take no value. */
export const VALUELESS_OPS: ReadonlySet<Op> = new Set(['is_empty', 'is_not_empty', 'is_opted_out']);

/** How a condition's value is written, which decides the editor the filter builder shows. */
export const VALUE_TYPES = [
  'text',
  'number',
  'date',
  'datetime',
  'boolean',
  'enum',
  'tags',
  'user',
  'point',
  'ref',
] as const;
export type ValueType = (typeof VALUE_TYPES)[number];

export const TIME_UNITS = ['minutes', 'hours', 'days', 'weeks', 'months'] as const;
export type TimeUnit = (typeof TIME_UNITS)[number];

/** Limits that keep a filter cheap to check and to run. */
export const FILTER_LIMITS = {
  depth: 12,
  nodes: 200,
  listValues: 1000,
  textLength: 500,
} as const;

export type FilterNode =
  | { and: FilterNode[] }
  | { or: FilterNode[] }
  | { not: FilterNode }
  | { field: string; op: Op; value?: unknown };

export interface FieldInfo {
  field: string;
  label: string;
  type: ValueType;
  ops: Op[];
  /** For enum fields: the allowed values with their labels. */
  options?: { value: string; label: string }[];
}
