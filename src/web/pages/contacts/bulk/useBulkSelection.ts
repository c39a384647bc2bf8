import { useMemo } from 'react';
import type { RowSelectionState } from '@tanstack/react-table';
import { useContactCount, type ContactSelection } from '../../../api/filters';
import type { Contact } from '../../../api/types';
import { useKeyedState } from '../../../lib/useKeyedState';
import type { BulkTarget } from './target';

interface Options {
  /** The view (filter, search, sort): a new view starts with nothing selected. */
  viewKey: string;
  selection: ContactSelection;
  /** The rows on this page. */
  items: Contact[];
  /** More contacts match than this page shows (a next or a previous page). */
  more: boolean;
  /** The signed-in user, for counting the selected contacts it owns. */
  userId: string | undefined;
}

/**
 * The contacts a bulk action would act on: the ticked rows (across pages), or, once the whole page
 * is ticked and the person asks for it, every contact the view matches.
 */
export function useBulkSelection({ viewKey, selection, items, more, userId }: Options) {
  const [picked, setPicked] = useKeyedState<RowSelectionState>(viewKey, () => ({}));
  const [allMatching, setAllMatching] = useKeyedState(viewKey, () => false);
  // Owners of the rows seen in this view: agents delete and hand over only their own.
  const owners = useMemo(() => new Map<string, string | null>(), [viewKey]);
  for (const c of items) owners.set(c.id, c.ownerId);

  const ids = Object.keys(picked).filter((k) => picked[k]);
  const pageAll = items.length > 0 && items.every((c) => picked[c.id]);
  const count = useContactCount(selection, { enabled: (pageAll && more) || allMatching });
  const total = count.data;

  const target: BulkTarget | null =
    allMatching && total !== undefined
      ? { kind: 'all', selection, count: total }
      : ids.length
        ? {
            kind: 'ids',
            ids,
            count: ids.length,
            // An id not seen (cannot happen from the table) counts as owned; the server has the last word.
            ownedCount: ids.filter((id) => !owners.has(id) || owners.get(id) === userId).length,
          }
        : null;

  return {
    target,
    allMatching,
    /** The whole page is ticked and more contacts match: offer "select all N". */
    offerAll: (pageAll && more && total !== undefined && total > ids.length) || allMatching,
    pageCount: items.filter((c) => picked[c.id]).length,
    total,
    /** What the table shows ticked: every row while all matching are selected. */
    tableSelection: allMatching
      ? (Object.fromEntries(items.map((c) => [c.id, true])) as RowSelectionState)
      : picked,
    onTableChange: (s: RowSelectionState) => {
      // Unticking a row while "all matching" is on leaves the rest of the page ticked.
      setAllMatching(false);
      setPicked(s);
    },
    selectAll: () => setAllMatching(true),
    clear: () => {
      setPicked({});
      setAllMatching(false);
    },
    /** Drops contacts that no longer exist from the ticked rows. */
    forget: (gone: string[]) =>
      setPicked((p) => Object.fromEntries(Object.entries(p).filter(([id]) => !gone.includes(id)))),
  };
}
