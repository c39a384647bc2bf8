import type { FieldDefinitionRow } from '../../db/types.js';
import type { FieldError } from '../../server/errors.js';
import { isCalendarDate } from '../contacts/normalize.js';

const MAX_TEXT = 2000;

/** Checks one value against its definition; returns the stored value or an error message. */
function checkValue(def: FieldDefinitionRow, value: unknown): { value: unknown } | { error: string } {
  const options = def.options as string[];
  switch (def.type) {
    case 'text':
      if (typeof value !== 'string') return { error: 'must be text' };
      if (value.length > MAX_TEXT) return { error: `must be at most ${MAX_TEXT} characters` };
      return { value };
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return { error: 'must be a number' };
      return { value };
    case 'date':
      if (typeof value !== 'string' || !isCalendarDate(value))
        return { error: 'must be a date written YYYY-MM-DD' };
      return { value };
    case 'datetime': {
      if (
        typeof value !== 'string' ||
        !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(value)
      ) {
        return { error: 'must be an ISO 8601 date-time with a time zone, e.g. 2026-01-31T09:30:00Z' };
      }
      const t = new Date(value);
      if (Number.isNaN(t.getTime())) return { error: 'is not a real date-time' };
      return { value: t.toISOString() };
    }
    case 'checkbox':
      if (typeof value !== 'boolean') return { error: 'must be true or false' };
      return { value };
    case 'select':
      if (typeof value !== 'string' || !options.includes(value))
        return { error: `must be one of: ${options.join(', ')}` };
      return { value };
    case 'multiselect': {
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
        return { error: 'must be a list of options' };
      const bad = value.filter((v) => !options.includes(v));
      if (bad.length)
        return {
          error: `${bad.map((b) => `"${b}"`).join(', ')} not among the options: ${options.join(', ')}`,
        };
      return { value: [...new Set(value)] };
    }
  }
}

/**
 * Validates custom values against the workspace's definitions and merges them into `current`.
 * null removes a value. On create (`creating`), required fields must be present.
 */
export function applyCustomValues(
  defs: FieldDefinitionRow[],
  current: Record<string, unknown>,
  input: Record<string, unknown> | undefined,
  creating: boolean,
): { custom: Record<string, unknown>; errors: FieldError[] } {
  const byKey = new Map(defs.map((d) => [d.key, d]));
  const custom = { ...current };
  const errors: FieldError[] = [];
  for (const [key, value] of Object.entries(input ?? {})) {
    const def = byKey.get(key);
    const path = `custom.${key}`;
    if (!def) {
      errors.push({ path, message: `Unknown custom field "${key}"` });
      continue;
    }
    if (value === null || value === '') {
      if (def.required) errors.push({ path, message: `${def.label} is required` });
      else delete custom[key];
      continue;
    }
    const r = checkValue(def, value);
    if ('error' in r) errors.push({ path, message: `${def.label} ${r.error}` });
    else custom[key] = r.value;
  }
  if (creating) {
    for (const def of defs) {
      if (def.required && (custom[def.key] === undefined || custom[def.key] === null)) {
        if (!errors.some((e) => e.path === `custom.${def.key}`))
          errors.push({ path: `custom.${def.key}`, message: `${def.label} is required` });
      }
    }
  }
  return { custom, errors };
}
