import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, request } from './client';
import { keys } from './hooks';
import type { FieldInfo, FilterNode } from '../../modules/filters/enums';

export type { FieldInfo, FilterNode };

/**
 * Which contacts a view covers: the filter tree and the search box text. The contacts list, its
 * count, and later segments, exports and "all N matching" bulk actions all take this one shape.
 */
export interface ContactSelection {
  filter?: FilterNode;
  q?: string;
}

/**
 * The request body for a selection: empty search text left out, and `filter: null` for none (the
 * server reads null as "no filter", and refuses a body without the key at the time of writing).
 */
export function selectionBody(sel: ContactSelection): { filter: FilterNode | null; q?: string } {
  const q = sel.q?.trim();
  return { filter: sel.filter ?? null, ...(q ? { q } : {}) };
}

// Under keys.fields, so editing a custom field definition refreshes what a filter can name.
export const useFilterFields = () =>
  useQuery({
    queryKey: [...keys.fields, 'filter'],
    queryFn: () => api.get<{ items: FieldInfo[] }>('/filters/fields').then((r) => r.items),
    staleTime: 60_000,
  });

// Under keys.contacts, so any contact write refreshes the counts shown.
export const useContactCount = (selection: ContactSelection, opts: { enabled?: boolean } = {}) => {
  const body = selectionBody(selection);
  return useQuery<number>({
    queryKey: [...keys.contacts, 'count', body],
    queryFn: ({ signal }) =>
      request<{ count: number }>('POST', '/contacts/count', { body, signal }).then((r) => r.data.count),
    placeholderData: keepPreviousData,
    enabled: opts.enabled ?? true,
  });
};
