// Merges: the preview the merge dialog draws from, the merge itself, a contact's merges and undoing
// one. A merge or an unmerge changes several contacts at once, so every contact cache goes stale.
import {
  keepPreviousData,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
} from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  MAX_MERGED as ServerMaxMerged,
  Merge as MergeSchema,
  MergeList,
  MergePreview as MergePreviewSchema,
  MergeRequest,
  MergeResult as MergeResultSchema,
  UNMERGE_DAYS as ServerUnmergeDays,
  UnmergeResult as UnmergeResultSchema,
} from '../../modules/merges/schema';
import { api } from './client';
import { keys } from './hooks';
import type { Contact, ContactList } from './types';

export type MergePreview = z.infer<typeof MergePreviewSchema>;
export type MergeField = MergePreview['fields'][number];
export type MergeResult = z.infer<typeof MergeResultSchema>;
export type Merge = z.infer<typeof MergeSchema>;
export type UnmergeResult = z.infer<typeof UnmergeResultSchema>;
export type { MergeRequest };

// The server's limits, restated (its schema module would bring Zod and the contact schemas into
// the bundle); the types fail the build if the server's change.
export const MAX_MERGED: typeof ServerMaxMerged = 24;
/** A primary and the contacts merged into it. */
export const MAX_MERGE_CONTACTS = MAX_MERGED + 1;
export const UNMERGE_DAYS: typeof ServerUnmergeDays = 30;

export const mergeKeys = {
  all: ['merges'] as const,
  preview: (ids: readonly string[]) => ['merges', 'preview', ids.join(',')] as const,
  of: (contactId: string) => ['merges', 'of', contactId] as const,
};

/** What merging `ids` (the primary first) would do; null waits. */
export const useMergePreview = (ids: readonly string[] | null) =>
  useQuery({
    queryKey: mergeKeys.preview(ids ?? []),
    queryFn: () => api.get<MergePreview>('/contacts/merge-preview', { ids: ids!.join(',') }),
    enabled: !!ids && ids.length > 1,
    // Choosing another primary keeps the last preview on screen (dimmed) until the new one comes.
    placeholderData: keepPreviousData,
    // A refusal (not yours, merged away, too many points) will not change by asking again.
    retry: false,
    // The dialog shows what the contacts are now, not what they were when it was last opened.
    gcTime: 0,
  });

/**
 * Those of `ids` that a contacts list or page has already loaded: the merge dialog names them
 * before its preview comes, and in its errors if the preview is refused.
 */
export function cachedContacts(qc: QueryClient, ids: readonly string[]): Map<string, Contact> {
  const wanted = new Set(ids);
  const out = new Map<string, Contact>();
  // Counts share the prefix: only answers with items are lists.
  for (const [, data] of qc.getQueriesData<ContactList>({ queryKey: keys.contacts }))
    for (const c of Array.isArray(data?.items) ? data.items : []) if (wanted.has(c.id)) out.set(c.id, c);
  for (const id of ids) {
    const c = qc.getQueryData<Contact>(keys.contact(id));
    // A merged-away id caches its primary: not the contact asked for.
    if (c?.id === id) out.set(id, c);
  }
  return out;
}

/** Merges a contact took part in, newest first. */
export const useMerges = (contactId: string) =>
  useQuery({
    queryKey: mergeKeys.of(contactId),
    queryFn: () => api.get<z.infer<typeof MergeList>>('/merges', { contactId }).then((r) => r.items),
  });

function useMergesChanged() {
  const qc = useQueryClient();
  return () => {
    qc.invalidateQueries({ queryKey: keys.contacts });
    // Every contact page and change log: merged-away ids now answer the primary, or come back.
    qc.invalidateQueries({ queryKey: ['contact'] });
    qc.invalidateQueries({ queryKey: mergeKeys.all });
  };
}

export function useMergeContacts() {
  const changed = useMergesChanged();
  return useMutation({
    mutationFn: (body: MergeRequest) => api.post<MergeResult>('/contacts/merge', body),
    onSuccess: changed,
  });
}

export function useUnmerge() {
  const changed = useMergesChanged();
  return useMutation({
    mutationFn: (mergeId: string) => api.post<UnmergeResult>(`/merges/${mergeId}/unmerge`),
    onSuccess: changed,
  });
}
