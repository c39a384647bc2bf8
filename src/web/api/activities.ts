// The contact timeline: activities by kind (the Activity tab's columns) and notes.
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { Activity as ActivitySchema, Timeline } from '../../modules/activities/schema';
import { api } from './client';

export type Activity = z.infer<typeof ActivitySchema>;

export const activityKeys = {
  /** Under the contact's key: reloading the contact reloads its timeline. */
  of: (contactId: string) => ['contact', contactId, 'activities'] as const,
  column: (contactId: string, kinds: readonly string[]) =>
    ['contact', contactId, 'activities', kinds.join(',')] as const,
};

export const useActivities = (contactId: string, kinds: readonly string[]) =>
  useInfiniteQuery({
    queryKey: activityKeys.column(contactId, kinds),
    queryFn: ({ pageParam }) =>
      api.get<z.infer<typeof Timeline>>(`/contacts/${contactId}/activities`, {
        kind: kinds.join(','),
        limit: 20,
        cursor: pageParam,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

export function useAddNote(contactId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (text: string) => api.post<Activity>(`/contacts/${contactId}/notes`, { text }),
    onSuccess: () => qc.invalidateQueries({ queryKey: activityKeys.of(contactId) }),
  });
}
