// Segments: named filters, opened as a view of the contacts list.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { Segment as SegmentSchema } from '../../modules/segments/schema';
import type { FilterNode } from '../../modules/filters/enums';
import { api } from './client';
import { keys } from './hooks';

export type Segment = z.infer<typeof SegmentSchema>;

export const segmentKeys = { all: ['segments'] as const };

/** The contacts page showing the contacts a filter matches. */
export const contactsViewUrl = (filter: FilterNode) =>
  `/contacts?filter=${encodeURIComponent(JSON.stringify(filter))}`;

export const segmentFilter = (id: string): FilterNode => ({ field: 'segment', op: 'equals', value: id });

export const useSegments = () =>
  useQuery({
    queryKey: segmentKeys.all,
    queryFn: () => api.get<{ items: Segment[] }>('/segments').then((r) => r.items),
  });

function useSegmentsChanged() {
  const qc = useQueryClient();
  return () => {
    qc.invalidateQueries({ queryKey: segmentKeys.all });
    qc.invalidateQueries({ queryKey: keys.contacts });
    // The filter builder lists segments by name as the values of its Segment condition.
    qc.invalidateQueries({ queryKey: [...keys.fields, 'filter'] });
  };
}

export function useSaveSegment() {
  const changed = useSegmentsChanged();
  return useMutation({
    mutationFn: ({ id, ...body }: { id?: string; name?: string; filter?: FilterNode }) =>
      id ? api.patch<Segment>(`/segments/${id}`, body) : api.post<Segment>('/segments', body),
    onSuccess: changed,
  });
}

export function useDeleteSegment() {
  const changed = useSegmentsChanged();
  return useMutation({
    mutationFn: (id: string) => api.del(`/segments/${id}`),
    onSuccess: changed,
  });
}
