// Bulk actions: one change applied to many contacts, at once (small) or in the background.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  BULK_STATES,
  BulkAction as BulkActionSchema,
  BulkActionCreate,
} from '../../modules/bulk/schema';
import { api } from './client';
import { keys } from './hooks';

export type BulkAction = z.infer<typeof BulkActionSchema>;
export type BulkState = (typeof BULK_STATES)[number];
export type BulkActionBody = z.input<typeof BulkActionCreate>;

export const bulkKeys = { one: (id: string) => ['bulk-actions', id] as const };

export const isBulkRunning = (a: Pick<BulkAction, 'state'>) => a.state === 'waiting' || a.state === 'running';

/** What a finished bulk action may have changed: contacts, hence tag and group counts. */
export function useBulkFinished() {
  const qc = useQueryClient();
  return () => {
    qc.invalidateQueries({ queryKey: keys.contacts });
    qc.invalidateQueries({ queryKey: ['tags'] });
    qc.invalidateQueries({ queryKey: ['groups'] });
    qc.invalidateQueries({ queryKey: ['segments'] });
  };
}

export function useStartBulkAction() {
  const qc = useQueryClient();
  const finished = useBulkFinished();
  return useMutation({
    mutationFn: (body: BulkActionBody) => api.post<BulkAction>('/bulk-actions', body),
    onSuccess: (a) => {
      qc.setQueryData(bulkKeys.one(a.id), a);
      if (!isBulkRunning(a)) finished();
    },
  });
}

/** One bulk action; polls every second while it waits or runs, and refreshes what it changed when it ends. */
export function useBulkAction(id: string | null, initial?: BulkAction) {
  const qc = useQueryClient();
  const finished = useBulkFinished();
  return useQuery({
    queryKey: bulkKeys.one(id ?? ''),
    queryFn: async () => {
      const before = qc.getQueryData<BulkAction>(bulkKeys.one(id!));
      const now = await api.get<BulkAction>(`/bulk-actions/${id}`);
      if (before && isBulkRunning(before) && !isBulkRunning(now)) finished();
      return now;
    },
    initialData: initial,
    enabled: !!id,
    refetchInterval: (q) => (q.state.data && isBulkRunning(q.state.data) ? 1000 : false),
  });
}

export function useCancelBulkAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<BulkAction>(`/bulk-actions/${id}/cancel`),
    onSuccess: (a) => qc.setQueryData(bulkKeys.one(a.id), a),
  });
}
