import {
  OPS,
  VALUELESS_OPS,
  type FieldInfo,
  type FilterNode,
  type Op,
} from '../../../../modules/filters/enums';

// The builder edits a draft tree: every node has an id (for React keys and error placement) and
// conditions may be incomplete. Only complete conditions reach the filter sent to the server.

export interface ConditionDraft {
  kind: 'condition';
  id: string;
  field: string | null;
  op: Op | null;
  value: unknown;
}

export interface GroupDraft {
  kind: 'group';
  id: string;
  combinator: 'and' | 'or';
  negate: boolean;
  children: NodeDraft[];
}

export type NodeDraft = ConditionDraft | GroupDraft;

let seq = 0;
const newId = () => `n${++seq}`;

export const emptyCondition = (): ConditionDraft => ({
  kind: 'condition',
  id: newId(),
  field: null,
  op: null,
  value: null,
});

export const emptyGroup = (combinator: 'and' | 'or' = 'and', children: NodeDraft[] = []): GroupDraft => ({
  kind: 'group',
  id: newId(),
  combinator,
  negate: false,
  children,
});

const isGroupNode = (n: FilterNode): n is { and: FilterNode[] } | { or: FilterNode[] } =>
  'and' in n || 'or' in n;

function fromNode(n: FilterNode): NodeDraft {
  // A filter from the address bar may be any JSON: keep what reads as a tree, drop the rest.
  if (!n || typeof n !== 'object' || Array.isArray(n)) return emptyGroup();
  if (isGroupNode(n)) {
    const combinator = 'and' in n ? 'and' : 'or';
    const list = 'and' in n ? n.and : n.or;
    return emptyGroup(combinator, (Array.isArray(list) ? list : []).map(fromNode));
  }
  if ('not' in n) {
    const inner = fromNode(n.not);
    if (inner.kind === 'group' && !inner.negate) return { ...inner, negate: true };
    return { ...emptyGroup('and', [inner]), negate: true };
  }
  const field = typeof n.field === 'string' ? n.field : null;
  const op = (OPS as readonly unknown[]).includes(n.op) ? n.op : null;
  return { kind: 'condition', id: newId(), field, op, value: n.value ?? null };
}

/** The draft for a filter: always a group at the root, so conditions can be added to it. */
export function fromFilter(filter: FilterNode | null | undefined): GroupDraft {
  if (!filter || typeof filter !== 'object') return emptyGroup();
  const node = fromNode(filter);
  return node.kind === 'group' ? node : emptyGroup('and', [node]);
}

const filled = (v: unknown) =>
  v !== null && v !== undefined && !(typeof v === 'string' && v.trim() === '') && !Number.isNaN(v);

/** Whether a condition says enough to be sent: a field, an operator and (unless it takes none) a value. */
export function isComplete(c: ConditionDraft): boolean {
  if (!c.field || !c.op) return false;
  if (VALUELESS_OPS.has(c.op)) return true;
  const v = c.value;
  if (c.op === 'in') return Array.isArray(v) && v.some(filled);
  if (c.op === 'between') return Array.isArray(v) && v.length === 2 && filled(v[0]) && filled(v[1]);
  if (c.op === 'in_last') {
    const o = v as { amount?: unknown; unit?: unknown } | null;
    return !!o && typeof o.amount === 'number' && o.amount > 0 && typeof o.unit === 'string';
  }
  return filled(v);
}

const tidy = (v: unknown) => (typeof v === 'string' ? v.trim() : v);

/** The value as the server wants it: trimmed text, numbers for number lists. */
function cleanValue(c: ConditionDraft, type: FieldInfo['type'] | undefined): unknown {
  if (c.op === 'in' && Array.isArray(c.value)) {
    const list = c.value.map(tidy).filter(filled);
    if (type !== 'number') return list;
    // A number that does not parse goes as typed, so the server names it.
    return list.map((s) => (typeof s === 'string' && s !== '' && Number.isFinite(Number(s)) ? Number(s) : s));
  }
  if (c.op === 'between' && Array.isArray(c.value)) return c.value.map(tidy);
  return tidy(c.value);
}

export interface Compiled {
  /** The filter to send, or null when nothing is complete yet. */
  filter: FilterNode | null;
  /** Dotted paths in `filter` (as the server names them in errors) → draft node ids. */
  paths: Map<string, string>;
  /** Ids of conditions left out because they are incomplete. */
  incomplete: Set<string>;
}

/**
 * The filter a draft stands for. Incomplete conditions and groups with nothing complete are
 * left out; the paths of what is kept let server errors find their way back to the draft.
 */
export function toFilter(
  root: GroupDraft,
  types: Map<string, FieldInfo['type']>,
  rootPath = 'filter',
): Compiled {
  const paths = new Map<string, string>();
  const incomplete = new Set<string>();

  const walk = (n: NodeDraft, path: string): FilterNode | null => {
    if (n.kind === 'condition') {
      if (!isComplete(n)) {
        incomplete.add(n.id);
        return null;
      }
      paths.set(path, n.id);
      const op = n.op as Op;
      return VALUELESS_OPS.has(op)
        ? { field: n.field!, op }
        : { field: n.field!, op, value: cleanValue(n, types.get(n.field!)) };
    }
    const inner = n.negate ? `${path}.not` : path;
    const kids: FilterNode[] = [];
    for (const child of n.children) {
      const k = walk(child, `${inner}.${n.combinator}.${kids.length}`);
      if (k) kids.push(k);
    }
    if (kids.length === 0) return null;
    paths.set(path, n.id);
    const node = (n.combinator === 'and' ? { and: kids } : { or: kids }) as FilterNode;
    return n.negate ? { not: node } : node;
  };

  return { filter: walk(root, rootPath), paths, incomplete };
}

/** Stable text of a filter, to compare two filters. */
export const filterKey = (f: FilterNode | null | undefined) => JSON.stringify(f ?? null);

// ---- edits (immutable) ----

export function updateNode(root: GroupDraft, id: string, fn: (n: NodeDraft) => NodeDraft | null): GroupDraft {
  const visit = (n: NodeDraft): NodeDraft | null => {
    if (n.id === id) return fn(n);
    if (n.kind !== 'group') return n;
    let changed = false;
    const children: NodeDraft[] = [];
    for (const c of n.children) {
      const next = visit(c);
      if (next !== c) changed = true;
      if (next) children.push(next);
    }
    return changed ? { ...n, children } : n;
  };
  return (visit(root) as GroupDraft | null) ?? emptyGroup();
}

export const removeNode = (root: GroupDraft, id: string) => updateNode(root, id, () => null);

export function addChild(root: GroupDraft, groupId: string, child: NodeDraft): GroupDraft {
  return updateNode(root, groupId, (g) =>
    g.kind === 'group' ? { ...g, children: [...g.children, child] } : g,
  );
}

export function countConditions(n: NodeDraft): number {
  return n.kind === 'condition' ? 1 : n.children.reduce((s, c) => s + countConditions(c), 0);
}

// ---- field and operator changes ----

const single = (v: unknown) => (Array.isArray(v) ? (v[0] ?? null) : v);

/** Keeps what still makes sense of a value when the operator changes. */
export function valueForOp(prev: Op | null, next: Op, value: unknown): unknown {
  if (VALUELESS_OPS.has(next)) return null;
  if (next === 'in_last') return prev === 'in_last' ? value : { amount: null, unit: 'days' };
  if (prev === 'in_last' || (prev && VALUELESS_OPS.has(prev)))
    return next === 'between' ? [null, null] : null;
  if (next === 'between') return prev === 'between' ? value : [single(value), null];
  if (next === 'in') {
    if (Array.isArray(value)) return prev === 'between' ? value.filter(filled) : value;
    return filled(value) ? [value] : [];
  }
  return prev === 'in' || prev === 'between' ? single(value) : value;
}

/** A new field keeps the operator when it has it, and the value when the kind of value is the same. */
export function withField(
  c: ConditionDraft,
  prevInfo: FieldInfo | undefined,
  info: FieldInfo,
): ConditionDraft {
  const op = c.op && info.ops.includes(c.op) ? c.op : info.ops[0];
  const sameKind =
    prevInfo && prevInfo.type === info.type && !info.options && !prevInfo.options && prevInfo.type !== 'user';
  const value = sameKind && op === c.op ? c.value : valueForOp(null, op, null);
  const boolDefault = info.type === 'boolean' && op === 'equals' && value === null ? true : value;
  return { ...c, field: info.field, op, value: boolDefault };
}
