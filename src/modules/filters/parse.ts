import type { FieldError } from '../../server/errors.js';
import { FILTER_LIMITS, OPS, VALUELESS_OPS, type FilterNode, type Op } from './enums.js';

/** A condition as parsed, with the path that names it in error messages. */
export interface ParsedCondition {
  kind: 'condition';
  path: string;
  field: string;
  op: Op;
  value: unknown;
}
export type ParsedNode =
  | { kind: 'and' | 'or'; path: string; children: ParsedNode[] }
  | { kind: 'not'; path: string; child: ParsedNode }
  | ParsedCondition;

const SHAPE = 'must be {"and": [...]}, {"or": [...]}, {"not": {...}} or a condition {"field", "op", "value"}';
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks a filter's shape (not its fields: compile does that) and collects every error with the
 * dotted path of the bad node, e.g. `filter.and.2.op`. Returns null when there were errors.
 */
export function parseFilter(raw: unknown, root: string, errors: FieldError[]): ParsedNode | null {
  let nodes = 0;
  const before = errors.length;

  const walk = (v: unknown, path: string, depth: number): ParsedNode | null => {
    if (++nodes > FILTER_LIMITS.nodes) {
      if (nodes === FILTER_LIMITS.nodes + 1)
        errors.push({ path, message: `a filter has at most ${FILTER_LIMITS.nodes} nodes` });
      return null;
    }
    if (depth > FILTER_LIMITS.depth) {
      errors.push({ path, message: `a filter nests at most ${FILTER_LIMITS.depth} levels deep` });
      return null;
    }
    if (!isObject(v)) {
      errors.push({ path, message: SHAPE });
      return null;
    }
    const keys = Object.keys(v);
    for (const group of ['and', 'or'] as const) {
      if (!(group in v)) continue;
      if (keys.length !== 1) {
        errors.push({ path, message: `a "${group}" node has no other keys than "${group}"` });
        return null;
      }
      const list = v[group];
      if (!Array.isArray(list) || list.length === 0) {
        errors.push({ path: `${path}.${group}`, message: 'must be a non-empty list of filter nodes' });
        return null;
      }
      const children = list.map((c, i) => walk(c, `${path}.${group}.${i}`, depth + 1));
      return children.every(Boolean) ? { kind: group, path, children: children as ParsedNode[] } : null;
    }
    if ('not' in v) {
      if (keys.length !== 1) {
        errors.push({ path, message: 'a "not" node has no other keys than "not"' });
        return null;
      }
      const child = walk(v.not, `${path}.not`, depth + 1);
      return child && { kind: 'not', path, child };
    }
    return condition(v, path);
  };

  const condition = (v: Record<string, unknown>, path: string): ParsedCondition | null => {
    const extra = Object.keys(v).filter((k) => k !== 'field' && k !== 'op' && k !== 'value');
    if (!('field' in v) && !('op' in v)) {
      errors.push({ path, message: SHAPE });
      return null;
    }
    let ok = true;
    for (const k of extra) {
      errors.push({ path: `${path}.${k}`, message: 'is not part of a condition (field, op, value)' });
      ok = false;
    }
    if (typeof v.field !== 'string' || v.field.length === 0 || v.field.length > 100) {
      errors.push({ path: `${path}.field`, message: 'must be a field name such as "lastName"' });
      ok = false;
    }
    if (typeof v.op !== 'string' || !(OPS as readonly string[]).includes(v.op)) {
      errors.push({ path: `${path}.op`, message: `must be one of: ${OPS.join(', ')}` });
      ok = false;
    } else if (VALUELESS_OPS.has(v.op as Op) && v.value !== undefined && v.value !== null) {
      errors.push({ path: `${path}.value`, message: `"${v.op}" takes no value` });
      ok = false;
    }
    return ok ? { kind: 'condition', path, field: v.field as string, op: v.op as Op, value: v.value } : null;
  };

  const tree = walk(raw, root, 1);
  return errors.length > before ? null : tree;
}

/** The JSON form of a parsed tree (what segments and groups store). */
export function toJson(node: ParsedNode): FilterNode {
  switch (node.kind) {
    case 'and':
      return { and: node.children.map(toJson) };
    case 'or':
      return { or: node.children.map(toJson) };
    case 'not':
      return { not: toJson(node.child) };
    default:
      return node.value === undefined
        ? { field: node.field, op: node.op }
        : { field: node.field, op: node.op, value: node.value };
  }
}
