import { OP_LABELS, VALUELESS_OPS, type FieldInfo, type FilterNode } from '../../../../modules/filters/enums';
import { fieldLabel, optionLabel } from './fields';

export interface SummaryContext {
  fields: Map<string, FieldInfo>;
  /** User names by id, for owner conditions. */
  users: Map<string, string>;
  /** Names of saved things (segments, groups) by id, for when the field list does not have them yet. */
  names?: Map<string, string>;
}

function valueText(info: FieldInfo | undefined, v: unknown, ctx: SummaryContext): string {
  if (Array.isArray(v)) return v.map((x) => valueText(info, x, ctx)).join(', ');
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (v && typeof v === 'object') {
    const o = v as { amount?: unknown; unit?: unknown };
    return `${String(o.amount)} ${String(o.unit)}`;
  }
  const s = String(v);
  if (info?.type === 'user') return s === 'me' ? 'me' : (ctx.users.get(s) ?? s);
  const opt = info?.options?.find((o) => o.value === s);
  if (opt) return optionLabel(opt);
  const name = info?.type === 'ref' ? ctx.names?.get(s) : undefined;
  return name ?? `“${s}”`;
}

/** A filter in words, e.g. `Type is Customer and (Country is any of Germany, France or Tags contains “vip”)`. */
export function summarize(node: FilterNode, ctx: SummaryContext, nested = false): string {
  if ('and' in node || 'or' in node) {
    const word = 'and' in node ? ' and ' : ' or ';
    const list = 'and' in node ? node.and : node.or;
    // A filter from the address bar may be any JSON; the server names what is wrong with it.
    if (!Array.isArray(list)) return '…';
    const text = list.map((n) => summarize(n, ctx, true)).join(word);
    return nested && list.length > 1 ? `(${text})` : text;
  }
  if ('not' in node)
    return node.not && typeof node.not === 'object' ? `not ${summarize(node.not, ctx, true)}` : '…';
  const info = ctx.fields.get(node.field);
  const label = info ? fieldLabel(info) : node.field;
  if (VALUELESS_OPS.has(node.op)) return `${label} ${OP_LABELS[node.op]}`;
  if (node.op === 'between' && Array.isArray(node.value))
    return `${label} is between ${valueText(info, node.value[0], ctx)} and ${valueText(info, node.value[1], ctx)}`;
  return `${label} ${OP_LABELS[node.op] ?? node.op} ${valueText(info, node.value, ctx)}`;
}

/** How many conditions a filter has, for the Filter button's badge. */
export function conditionCount(node: FilterNode | null | undefined): number {
  if (!node || typeof node !== 'object') return 0;
  if ('and' in node || 'or' in node) {
    const list: unknown = 'and' in node ? node.and : node.or;
    return Array.isArray(list) ? list.reduce((s: number, n) => s + conditionCount(n), 0) : 0;
  }
  if ('not' in node) return conditionCount(node.not);
  return 1;
}

/** The segment id when a filter is exactly "Segment is <id>" (how a segment opens as a view). */
export function segmentOf(node: FilterNode | null | undefined): string | null {
  if (!node || typeof node !== 'object' || !('field' in node)) return null;
  return node.field === 'segment' && node.op === 'equals' && typeof node.value === 'string'
    ? node.value
    : null;
}
