// Opt-outs: the list of opted-out points and suppressed values, their history, and the changes
// admins make (opt out, reinstate, import a list). Contacts change too, so their caches go stale.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  HistoryList,
  ImportResult as ImportResultSchema,
  OptOutItem as OptOutItemSchema,
  OptOutList,
  StatusOutcome as StatusOutcomeSchema,
} from '../../modules/optouts/schema';
import { api } from './client';
import type { Channel } from './types';

export type OptOutItem = z.infer<typeof OptOutItemSchema>;
export type StatusOutcome = z.infer<typeof StatusOutcomeSchema>;
export type OptOutImportResult = z.infer<typeof ImportResultSchema>;
export type OptOutHistory = z.infer<typeof HistoryList>;

export const optOutKeys = {
  all: ['optouts'] as const,
  list: (channel: string, q: string) => ['optouts', 'list', channel, q] as const,
  history: (channel: string, value: string) => ['optouts', 'history', channel, value] as const,
};

export const useOptOuts = (channel: Channel | '', q: string) =>
  useInfiniteQuery({
    queryKey: optOutKeys.list(channel, q),
    queryFn: ({ pageParam }) =>
      api.get<z.infer<typeof OptOutList>>('/optouts', { channel, q, limit: 50, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

export const useOptOutHistory = (key: { channel: string; value: string } | null) =>
  useQuery({
    queryKey: optOutKeys.history(key?.channel ?? '', key?.value ?? ''),
    queryFn: () => api.get<OptOutHistory>('/optouts/history', key!),
    enabled: key !== null,
  });

/** After an opt-out change: the list, histories and any contact may show something else now. */
function useOptOutsChanged() {
  const qc = useQueryClient();
  return () => {
    qc.invalidateQueries({ queryKey: optOutKeys.all });
    qc.invalidateQueries({ queryKey: ['contacts'] });
    qc.invalidateQueries({ queryKey: ['contact'] });
  };
}

export interface ValueChange {
  channel: Channel;
  value: string;
  reason: string;
}

export function useSetOptOut() {
  const changed = useOptOutsChanged();
  return useMutation({
    mutationFn: ({ status, ...body }: ValueChange & { status: 'opted_out' | 'active' }) =>
      api.post<StatusOutcome>(status === 'opted_out' ? '/optouts' : '/optouts/reinstate', body),
    onSuccess: changed,
  });
}

export function useImportOptOuts() {
  const changed = useOptOutsChanged();
  return useMutation({
    mutationFn: (body: { text: string; channel?: Channel; reason?: string }) =>
      api.post<OptOutImportResult>('/optouts/import', body),
    onSuccess: changed,
  });
}
