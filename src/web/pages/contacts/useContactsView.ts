import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useDebouncedValue } from '@mantine/hooks';
import { useSearchParams } from 'react-router-dom';
import type { ContactSelection, FilterNode } from '../../api/filters';

export interface ContactsView {
  /** The contacts the page shows: the applied filter and the search text. */
  selection: ContactSelection;
  /** The address names a filter that is not JSON. */
  badFilter: boolean;
  /** The sort a person picked; none means relevance with search text, else newest first. */
  sort: string | undefined;
  order: 'asc' | 'desc';
  setQ: (q: string) => void;
  setFilter: (filter: FilterNode | null) => void;
  setSort: (sort: string | null, order?: 'asc' | 'desc') => void;
}

function parseFilter(text: string | null): { filter?: FilterNode; bad: boolean } {
  if (!text) return { bad: false };
  try {
    const v: unknown = JSON.parse(text);
    if (v && typeof v === 'object' && !Array.isArray(v)) return { filter: v as FilterNode, bad: false };
  } catch {
    /* reported below */
  }
  return { bad: true };
}

/**
 * The contacts view lives in the address (?q=…&filter=<json>&sort=…&order=…), so a filtered view
 * can be bookmarked and shared. Applying or clearing a filter adds a history entry (Back undoes
 * it); typing a search or changing the sort replaces the current one.
 */
export function useContactsView(): ContactsView {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const filterText = params.get('filter');
  const sort = params.get('sort') ?? undefined;
  const order = params.get('order') === 'asc' ? 'asc' : 'desc';

  const parsed = useMemo(() => parseFilter(filterText), [filterText]);
  const selection = useMemo<ContactSelection>(
    () => ({ ...(parsed.filter ? { filter: parsed.filter } : {}), ...(q ? { q } : {}) }),
    [parsed, q],
  );

  const update = useCallback(
    (changes: Record<string, string | null>, push = false) =>
      setParams(
        (p) => {
          const next = new URLSearchParams(p);
          for (const [k, v] of Object.entries(changes))
            if (v) next.set(k, v);
            else next.delete(k);
          return next;
        },
        { replace: !push },
      ),
    [setParams],
  );

  const setQ = useCallback((text: string) => update({ q: text.trim() || null }), [update]);
  const setFilter = useCallback(
    (f: FilterNode | null) => update({ filter: f ? JSON.stringify(f) : null }, true),
    [update],
  );
  const setSort = useCallback(
    (s: string | null, o: 'asc' | 'desc' = 'asc') => update({ sort: s, order: s ? o : null }),
    [update],
  );

  return { selection, badFilter: parsed.bad, sort, order, setQ, setFilter, setSort };
}

/**
 * The search box: what is typed shows at once and reaches the address 300 ms after typing stops;
 * a q that changes in the address (Back, a link) replaces what the box shows.
 */
export function useSearchBox(q: string, setQ: (q: string) => void) {
  const [search, setSearch] = useState(q);
  const [debounced] = useDebouncedValue(search, 300);
  // The text last written to the address: a different q there came from elsewhere.
  const written = useRef(q);
  const write = useRef(setQ);
  write.current = setQ;
  useEffect(() => {
    const text = debounced.trim();
    if (text !== written.current) {
      written.current = text;
      write.current(text);
    }
  }, [debounced]);
  useEffect(() => {
    if (q !== written.current) {
      written.current = q;
      setSearch(q);
    }
  }, [q]);
  return [search, setSearch] as const;
}
