// Tags: every tag on the contacts the caller sees, renamed, merged and deleted as bulk actions.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FilterNode } from '../../modules/filters/enums';
import { api } from './client';
import { bulkKeys, isBulkRunning, useBulkFinished, type BulkAction } from './bulk';

export interface TagCount {
  tag: string;
  count: number;
}

export const tagKeys = { all: ['tags'] as const };

export const tagFilter = (tag: string): FilterNode => ({ field: 'tags', op: 'contains', value: tag });

export const useTags = () =>
  useQuery({
    queryKey: tagKeys.all,
    queryFn: () => api.get<{ items: TagCount[] }>('/tags').then((r) => r.items),
  });

export type TagEdit =
  | { kind: 'rename'; from: string; to: string }
  | { kind: 'merge'; tags: string[]; into: string }
  | { kind: 'delete'; tag: string };

/** Rename, merge or delete: answered with the bulk action doing it (done at once, or running). */
export function useEditTags() {
  const qc = useQueryClient();
  const finished = useBulkFinished();
  return useMutation({
    mutationFn: (edit: TagEdit) => {
      if (edit.kind === 'rename')
        return api.post<BulkAction>('/tags/rename', { from: edit.from, to: edit.to });
      if (edit.kind === 'merge')
        return api.post<BulkAction>('/tags/merge', { tags: edit.tags, into: edit.into });
      return api.del<BulkAction>(`/tags/${encodeURIComponent(edit.tag)}`);
    },
    onSuccess: (a) => {
      qc.setQueryData(bulkKeys.one(a.id), a);
      if (!isBulkRunning(a)) finished();
    },
  });
}
