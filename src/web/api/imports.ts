// Imports: types from the server's schemas (type-only: mapping.ts and options.ts pull zod and the
// phone tables), the enumerations the wizard needs, and the query hooks.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { CoreImportField } from '../../modules/imports/enums';
import type { ImportTarget } from '../../modules/imports/mapping';
import type { ImportStart as ImportStartSchema, MatchKey, OnMatch } from '../../modules/imports/options';
import type { ImportPreview, ImportSummary } from '../../modules/imports/schema';
import type { Campaign } from '../../modules/campaigns/schema';
import type { ContactList } from '../../modules/lists/schema';
import {
  CORE_FIELD_LABELS,
  CORE_IMPORT_FIELDS,
  ENCODINGS,
  ENTRY_IMPORT_FIELDS,
  IMPORT_FIELD_LABELS,
  isEntryField,
  IMPORT_STATES,
  MATCH_KEYS,
  ON_MATCH,
  type DelimiterName,
} from '../../modules/imports/enums';
import { api } from './client';
import { keys } from './hooks';

export type { CoreImportField, ImportPreview, ImportSummary, ImportTarget, MatchKey, OnMatch, DelimiterName };
export type ImportState = (typeof IMPORT_STATES)[number];
export type Encoding = (typeof ENCODINGS)[number];
export type ImportStartBody = z.input<typeof ImportStartSchema>;

/** How to read a stored file again (GET /imports/:id/preview). */
export interface ReadOptions {
  hasHeader?: 'auto' | 'true' | 'false';
  encoding?: Encoding;
  delimiter?: 'auto' | DelimiterName;
  sheet?: string;
}

export {
  CORE_FIELD_LABELS,
  CORE_IMPORT_FIELDS,
  ENTRY_IMPORT_FIELDS,
  IMPORT_FIELD_LABELS,
  isEntryField,
  MATCH_KEYS,
  ON_MATCH,
};
export const RUNNING_STATES: readonly ImportState[] = ['receiving', 'waiting', 'processing'];
export { ENCODINGS };

export const importKeys = {
  list: ['imports'] as const,
  one: (id: string) => ['imports', id] as const,
};

export const isRunning = (state: ImportState) => RUNNING_STATES.includes(state);

/** The imports queue; polls while one of them is running. */
export const useImports = () =>
  useQuery({
    queryKey: importKeys.list,
    queryFn: () => api.get<{ items: ImportSummary[] }>('/imports').then((r) => r.items),
    refetchInterval: (q) => (q.state.data?.some((i) => isRunning(i.state)) ? 2000 : false),
  });

/** One import; polls every second while it waits or runs. */
export function useImport(id: string) {
  const qc = useQueryClient();
  return useQuery({
    queryKey: importKeys.one(id),
    queryFn: async () => {
      const before = qc.getQueryData<ImportSummary>(importKeys.one(id));
      const now = await api.get<ImportSummary>(`/imports/${id}`);
      // Finished since the last look: contact lists and the queue are out of date.
      if (before && isRunning(before.state) && !isRunning(now.state)) {
        qc.invalidateQueries({ queryKey: keys.contacts });
        qc.invalidateQueries({ queryKey: importKeys.list, exact: true });
      }
      return now;
    },
    refetchInterval: (q) => (q.state.data && isRunning(q.state.data.state) ? 1000 : false),
  });
}

/** The stored file read again with other options. */
export const readPreview = (id: string, options: ReadOptions) =>
  api.get<ImportPreview>(`/imports/${id}/preview`, { ...options });

export function useStartImport() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: ImportStartBody }) =>
      api.post<ImportSummary>(`/imports/${id}/start`, body),
    onSuccess: (summary) => {
      qc.setQueryData(importKeys.one(summary.id), summary);
      qc.invalidateQueries({ queryKey: importKeys.list, exact: true });
    },
  });
}

export function useCancelImport() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<ImportSummary>(`/imports/${id}/cancel`),
    onSuccess: (summary) => {
      qc.setQueryData(importKeys.one(summary.id), summary);
      qc.invalidateQueries({ queryKey: importKeys.list, exact: true });
    },
  });
}

export function useDeleteImport() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.del(`/imports/${id}`),
    onSuccess: (_r, id) => {
      qc.removeQueries({ queryKey: importKeys.one(id) });
      qc.invalidateQueries({ queryKey: importKeys.list, exact: true });
    },
  });
}

/** A contact list imported contacts can be added to, named "Campaign › List". */
export interface ListChoice {
  id: string;
  label: string;
}

/** Every contact list of the workspace, campaign by campaign (managers: the lists API is theirs). */
export const useListChoices = () =>
  useQuery({
    queryKey: ['import-list-choices'],
    queryFn: async (): Promise<ListChoice[]> => {
      const { items: campaigns } = await api.get<{ items: z.infer<typeof Campaign>[] }>('/campaigns');
      const lists = await Promise.all(
        campaigns.map((c) =>
          api.get<{ items: z.infer<typeof ContactList>[] }>(`/campaigns/${c.id}/lists`).then((r) => r.items),
        ),
      );
      return campaigns.flatMap((c, i) => lists[i].map((l) => ({ id: l.id, label: `${c.name} › ${l.name}` })));
    },
  });

export const errorFileUrl = (id: string) => `/api/v1/imports/${id}/errors`;
export const templateUrl = (format: 'csv' | 'xlsx') => `/api/v1/exports/import-template?format=${format}`;
