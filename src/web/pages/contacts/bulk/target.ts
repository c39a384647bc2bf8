import type { ContactSelection, FilterNode } from '../../../api/filters';

/**
 * What a bulk action acts on: the ticked rows, or every contact the view matches ("select all N
 * matching"). `count` is the number the person was shown, sent as the action's expectedCount.
 */
export type BulkTarget =
  | {
      kind: 'ids';
      ids: string[];
      count: number;
      /** Of those, the ones the signed-in person owns, as far as the rows seen tell. */
      ownedCount: number;
    }
  | { kind: 'all'; selection: ContactSelection; count: number };

/** The `selection` of POST /bulk-actions (and of an export) for a target. */
export function selectionOf(t: BulkTarget): { ids: string[] } | { filter?: FilterNode; q?: string } {
  if (t.kind === 'ids') return { ids: t.ids };
  const q = t.selection.q?.trim();
  return { ...(t.selection.filter ? { filter: t.selection.filter } : {}), ...(q ? { q } : {}) };
}

export const num = (n: number) => n.toLocaleString('en-US');
export const contactsWord = (n: number) => `${num(n)} ${n === 1 ? 'contact' : 'contacts'}`;

/** Where the contacts come from, after their count: "matching this filter", "selected". */
export function scopeText(t: BulkTarget): string {
  if (t.kind === 'ids') return 'selected';
  const q = t.selection.q?.trim();
  if (t.selection.filter && q) return `matching this filter and the search “${q}”`;
  if (t.selection.filter) return 'matching this filter';
  if (q) return `matching the search “${q}”`;
  return 'you can see';
}

/** "18,250 contacts matching this filter", "3 selected contacts", "all 500 contacts you can see". */
export function targetText(t: BulkTarget, n = t.count): string {
  if (t.kind === 'ids') return `${num(n)} selected ${n === 1 ? 'contact' : 'contacts'}`;
  const scope = scopeText(t);
  return scope === 'you can see' ? `all ${contactsWord(n)} you can see` : `${contactsWord(n)} ${scope}`;
}

/** Part of a target: "2 of the 3 selected contacts", "5 of the 18,250 contacts matching this filter". */
export function partText(t: BulkTarget, n: number): string {
  if (n >= t.count) return targetText(t, n);
  const whole =
    t.kind === 'ids' ? `${num(t.count)} selected contacts` : `${contactsWord(t.count)} ${scopeText(t)}`;
  return `${num(n)} of the ${whole}`;
}

/** A filter narrowed to the contacts the signed-in person owns (what agents may delete or hand over). */
export const ownedBy = (filter: FilterNode | undefined): FilterNode => {
  const mine: FilterNode = { field: 'owner', op: 'equals', value: 'me' };
  return filter ? { and: [filter, mine] } : mine;
};
