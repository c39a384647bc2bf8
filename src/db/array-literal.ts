// PostgreSQL array literals for bulk statements that send one array per column (unnest). The
// driver can turn a JS array into one, but it runs two regular expressions over every value and
// formats dates in local time; over an import's million rows that was a tenth of the writing
// thread's time. A value only needs escaping when it holds a quote or a backslash.

export type ArrayElement = string | number | boolean | Date | null | undefined;

const NEEDS_ESCAPE = /["\\]/;
const ESCAPED = /["\\]/g;

function element(value: ArrayElement): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'string')
    return NEEDS_ESCAPE.test(value) ? `"${value.replace(ESCAPED, '\\$&')}"` : `"${value}"`;
  if (value instanceof Date) return `"${value.toISOString()}"`;
  return String(value);
}

/** `{"a","b\"c",NULL}`: cast it in SQL to the column's array type (`::text[]`, `::uuid[]`, …). */
export function arrayLiteral(values: readonly ArrayElement[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) out += (i ? ',' : '') + element(values[i]);
  return out + '}';
}
