// Groups: static lists of contacts or saved filters (dynamic), with their member counts.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { GROUP_KINDS, Group as GroupSchema } from '../../modules/groups/schema';
import type { FilterNode } from '../../modules/filters/enums';
import { api } from './client';
import { keys } from './hooks';

export type Group = z.infer<typeof GroupSchema>;
export type GroupType = (typeof GROUP_KINDS)[number];

export const groupKeys = {
  all: ['groups'] as const,
  one: (id: string) => ['groups', id] as const,
};

/** The filter naming a group's members: a static group's list, or what a dynamic group's filter matches. */
export const membersOf = (id: string): FilterNode => ({ field: 'group', op: 'equals', value: id });

export const useGroups = () =>
  useQuery({
    queryKey: groupKeys.all,
    queryFn: () => api.get<{ items: Group[] }>('/groups').then((r) => r.items),
  });

export const useGroup = (id: string) =>
  useQuery({ queryKey: groupKeys.one(id), queryFn: () => api.get<Group>(`/groups/${id}`) });

export interface GroupInput {
  name: string;
  category: string | null;
  type: GroupType;
  filter?: FilterNode;
}

/** Group counts follow contacts, and contact lists may filter by group: refresh both. */
function useGroupsChanged() {
  const qc = useQueryClient();
  return () => {
    qc.invalidateQueries({ queryKey: groupKeys.all });
    qc.invalidateQueries({ queryKey: keys.contacts });
    // The filter builder lists groups by name as the values of its Group condition.
    qc.invalidateQueries({ queryKey: [...keys.fields, 'filter'] });
  };
}

export function useCreateGroup() {
  const changed = useGroupsChanged();
  return useMutation({
    mutationFn: (body: GroupInput) => api.post<Group>('/groups', body),
    onSuccess: changed,
  });
}

export function useUpdateGroup() {
  const qc = useQueryClient();
  const changed = useGroupsChanged();
  return useMutation({
    mutationFn: ({
      id,
      ...body
    }: {
      id: string;
      name?: string;
      category?: string | null;
      filter?: FilterNode;
    }) => api.patch<Group>(`/groups/${id}`, body),
    onSuccess: (g) => {
      qc.setQueryData(groupKeys.one(g.id), g);
      changed();
    },
  });
}

export function useDeleteGroup() {
  const qc = useQueryClient();
  const changed = useGroupsChanged();
  return useMutation({
    mutationFn: (id: string) => api.del(`/groups/${id}`),
    onSuccess: (_r, id) => {
      qc.removeQueries({ queryKey: groupKeys.one(id) });
      changed();
    },
  });
}

export function useMergeGroups() {
  const qc = useQueryClient();
  const changed = useGroupsChanged();
  return useMutation({
    /** Merges `from` into `into` and deletes `from`. */
    mutationFn: ({ into, from }: { into: string; from: string }) =>
      api.post<Group>(`/groups/${into}/merge`, { from }),
    onSuccess: (g, { from }) => {
      qc.removeQueries({ queryKey: groupKeys.one(from) });
      qc.setQueryData(groupKeys.one(g.id), g);
      changed();
    },
  });
}

export function useGroupMembers(id: string) {
  const changed = useGroupsChanged();
  return useMutation({
    mutationFn: ({ ids, remove }: { ids: string[]; remove?: boolean }) =>
      remove
        ? api
            .post<{ removed: number; skipped: number }>(`/groups/${id}/members/remove`, { ids })
            .then((r) => ({ changed: r.removed, skipped: r.skipped }))
        : api
            .post<{ added: number; skipped: number }>(`/groups/${id}/members`, { ids })
            .then((r) => ({ changed: r.added, skipped: r.skipped })),
    onSuccess: changed,
  });
}

/** Categories in use, for suggestions and the category filter. */
export const categoriesOf = (groups: Group[] | undefined) =>
  [...new Set((groups ?? []).map((g) => g.category).filter((c): c is string => !!c))].sort((a, b) =>
    a.localeCompare(b),
  );
