// Duplicates: the workspace scan (start it, follow it), the groups it found, the possible
// duplicates of one contact, and "not the same person". A dismissal or a merge changes what every
// one of these shows, so they share one key prefix besides the contact's own.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  Cluster as ClusterSchema,
  ClusterList,
  ContactDuplicates,
  DismissalResult,
  Scan as ScanSchema,
  ScanList,
} from '../../modules/duplicate-scans/schema';
import { api } from './client';

export type DuplicateScan = z.infer<typeof ScanSchema>;
export type DuplicateCluster = z.infer<typeof ClusterSchema>;
export type DuplicateMatch = z.infer<typeof ContactDuplicates>['items'][number];
export type DuplicateReason = DuplicateMatch['reasons'][number];

export const duplicateKeys = {
  all: ['duplicates'] as const,
  scans: ['duplicates', 'scans'] as const,
  clusters: ['duplicates', 'clusters'] as const,
  /** Under the contact's key: editing or reloading the contact asks again. */
  of: (contactId: string) => ['contact', contactId, 'duplicates'] as const,
};

const isActive = (s: DuplicateScan | undefined) => s?.state === 'waiting' || s?.state === 'running';

/** The latest scans, polled every second while one is under way. */
export const useDuplicateScans = () =>
  useQuery({
    queryKey: duplicateKeys.scans,
    queryFn: () => api.get<z.infer<typeof ScanList>>('/duplicates/scans'),
    refetchInterval: (q) => (isActive(q.state.data?.items[0]) ? 1000 : false),
  });

export const useDuplicateClusters = () =>
  useInfiniteQuery({
    queryKey: duplicateKeys.clusters,
    queryFn: ({ pageParam }) =>
      api.get<z.infer<typeof ClusterList>>('/duplicates/clusters', { limit: 20, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

export const useContactDuplicates = (contactId: string) =>
  useQuery({
    queryKey: duplicateKeys.of(contactId),
    queryFn: () => api.get<z.infer<typeof ContactDuplicates>>(`/contacts/${contactId}/duplicates`),
    // A prompt, not the page: if it fails the page still works, so no retries and no error screen.
    retry: false,
  });

export function useStartScan() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<DuplicateScan>('/duplicates/scans', {}),
    onSuccess: () => qc.invalidateQueries({ queryKey: duplicateKeys.scans }),
  });
}

/** After a merge or a dismissal: groups and prompts may have changed. */
export function useDuplicatesChanged() {
  const qc = useQueryClient();
  return () => {
    qc.invalidateQueries({ queryKey: duplicateKeys.all });
    qc.invalidateQueries({ queryKey: ['contact'] });
  };
}

export function useDismissDuplicates() {
  const changed = useDuplicatesChanged();
  return useMutation({
    mutationFn: (contactIds: string[]) =>
      api.post<z.infer<typeof DismissalResult>>('/duplicates/dismissals', { contactIds }),
    onSuccess: changed,
  });
}
