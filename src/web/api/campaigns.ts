// Outbound: campaigns with their rules, their contact lists (live counters, start and stop) and the
// entries of a list. Counters move while dialers work, so lists poll while the page is visible.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  Campaign as CampaignSchema,
  CampaignCreate as CampaignCreateSchema,
  CampaignPatch as CampaignPatchSchema,
} from '../../modules/campaigns/schema';
import type {
  AddResult as AddResultSchema,
  ContactList as ContactListSchema,
  ENTRY_STATES as ServerEntryStates,
  Entry as EntrySchema,
  EntryCreate as EntryCreateSchema,
  EntryList as EntryListSchema,
  EntryPatch as EntryPatchSchema,
} from '../../modules/lists/schema';
import type { WebServiceLoadResult as WebServiceLoadResultSchema } from '../../modules/lists/web-service-schema';
import type { FilterNode } from '../../modules/filters/enums';
import { api } from './client';
import { keys } from './hooks';

export type Campaign = z.infer<typeof CampaignSchema>;
export type CampaignInput = z.input<typeof CampaignCreateSchema>;
export type CampaignPatch = z.input<typeof CampaignPatchSchema>;
export type CampaignStatus = Campaign['status'];
/** A campaign's contact list (named apart from the contacts page's ContactList). */
export type OutboundList = z.infer<typeof ContactListSchema>;
export type ListCounters = OutboundList['counters'];
/**
 * An entry. `payload` is what a web service answered for an entry without a contact (its `name`
 * is shown); the server's Entry does not send it yet, so it is optional here.
 */
export type Entry = z.infer<typeof EntrySchema> & { payload?: Record<string, unknown> | null };
export type EntryState = Entry['state'];
export type EntryInput = z.input<typeof EntryCreateSchema>;
export type EntryPatch = z.input<typeof EntryPatchSchema>;
export type AddResult = z.infer<typeof AddResultSchema>;
/** Re-runs of a list's filter or segment; null when off. */
export type ListSchedule = NonNullable<OutboundList['schedule']>;
export type WebServiceLoadResult = z.infer<typeof WebServiceLoadResultSchema>;

// Restated: the lists schema brings Zod and the phone tables; the type fails the build if it changes.
export const ENTRY_STATES: typeof ServerEntryStates = [
  'callable',
  'planning',
  'open',
  'closed',
  'attempted',
  'flagged',
];

/** How often counters are asked again while the page is visible (paused in a hidden tab). */
const LIVE_MS = 5000;

export const campaignKeys = {
  all: ['campaigns'] as const,
  one: (id: string) => ['campaigns', id] as const,
  lists: (campaignId: string) => ['campaigns', campaignId, 'lists'] as const,
  /** Lists and their entries, under one prefix: an entry change moves the counters too. */
  list: (listId: string) => ['outbound-lists', listId] as const,
  entries: (listId: string, state: EntryState | null) =>
    ['outbound-lists', listId, 'entries', state ?? 'all'] as const,
};

// ---- campaigns ----

export const useCampaigns = () =>
  useQuery({
    queryKey: campaignKeys.all,
    queryFn: () => api.get<{ items: Campaign[] }>('/campaigns').then((r) => r.items),
  });

export const useCampaign = (id: string) =>
  useQuery({ queryKey: campaignKeys.one(id), queryFn: () => api.get<Campaign>(`/campaigns/${id}`) });

export function useCreateCampaign() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CampaignInput) => api.post<Campaign>('/campaigns', body),
    onSuccess: (c) => {
      qc.setQueryData(campaignKeys.one(c.id), c);
      qc.invalidateQueries({ queryKey: campaignKeys.all, exact: true });
    },
  });
}

export function useUpdateCampaign() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: CampaignPatch & { id: string }) =>
      api.patch<Campaign>(`/campaigns/${id}`, body),
    onSuccess: (c) => {
      qc.setQueryData(campaignKeys.one(c.id), c);
      qc.invalidateQueries({ queryKey: campaignKeys.all, exact: true });
    },
  });
}

export function useDeleteCampaign() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.del(`/campaigns/${id}`),
    onSuccess: (_r, id) => {
      qc.removeQueries({ queryKey: campaignKeys.one(id) });
      qc.invalidateQueries({ queryKey: campaignKeys.all, exact: true });
    },
  });
}

// ---- lists ----

export const useLists = (campaignId: string) =>
  useQuery({
    queryKey: campaignKeys.lists(campaignId),
    queryFn: () => api.get<{ items: OutboundList[] }>(`/campaigns/${campaignId}/lists`).then((r) => r.items),
    refetchInterval: LIVE_MS,
  });

export const useList = (listId: string) =>
  useQuery({
    queryKey: campaignKeys.list(listId),
    queryFn: () => api.get<OutboundList>(`/lists/${listId}`),
    refetchInterval: LIVE_MS,
  });

/** After a list or entry change: that list (entries and counters) and its campaign's lists. */
function useListChanged() {
  const qc = useQueryClient();
  return (list: { id: string; campaignId: string }) => {
    qc.invalidateQueries({ queryKey: campaignKeys.list(list.id) });
    qc.invalidateQueries({ queryKey: campaignKeys.lists(list.campaignId) });
  };
}

export function useCreateList(campaignId: string) {
  const changed = useListChanged();
  return useMutation({
    mutationFn: (body: { name: string; state?: 'started' | 'stopped' }) =>
      api.post<OutboundList>(`/campaigns/${campaignId}/lists`, body),
    onSuccess: changed,
  });
}

export function useSetListState() {
  const qc = useQueryClient();
  const changed = useListChanged();
  return useMutation({
    mutationFn: ({ id, start }: { id: string; start: boolean }) =>
      api.post<OutboundList>(`/lists/${id}/${start ? 'start' : 'stop'}`),
    onSuccess: (l) => {
      qc.setQueryData(campaignKeys.list(l.id), l);
      changed(l);
    },
  });
}

export function useDeleteList() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (list: OutboundList) => api.del(`/lists/${list.id}`),
    onSuccess: (_r, list) => {
      qc.removeQueries({ queryKey: campaignKeys.list(list.id) });
      qc.invalidateQueries({ queryKey: campaignKeys.lists(list.campaignId) });
    },
  });
}

/** A cron (five fields) read in an IANA time zone. */
export interface ScheduleInput {
  cron: string;
  timeZone: string;
}

/** Turns on (or changes) the re-runs of a list's stored filter or segment. */
export function useSetSchedule(list: OutboundList) {
  const qc = useQueryClient();
  const changed = useListChanged();
  return useMutation({
    mutationFn: (body: ScheduleInput) => api.put<OutboundList>(`/lists/${list.id}/schedule`, body),
    onSuccess: (l) => {
      qc.setQueryData(campaignKeys.list(l.id), l);
      changed(l);
    },
  });
}

export function useClearSchedule(list: OutboundList) {
  const changed = useListChanged();
  return useMutation({
    mutationFn: () => api.del(`/lists/${list.id}/schedule`),
    onSuccess: () => changed(list),
  });
}

/** Asks the campaign's web service for contacts; new ones go to its "Web service" list. */
export function useLoadWebService(campaignId: string) {
  const changed = useListChanged();
  return useMutation({
    mutationFn: () => api.post<WebServiceLoadResult>(`/campaigns/${campaignId}/web-service/load`),
    onSuccess: (r) => changed({ id: r.listId, campaignId }),
  });
}

// ---- entries ----

export const ENTRY_PAGE = 50;

export const useEntries = (listId: string, state: EntryState | null) =>
  useInfiniteQuery({
    queryKey: campaignKeys.entries(listId, state),
    queryFn: ({ pageParam }) =>
      api.get<z.infer<typeof EntryListSchema>>(`/lists/${listId}/entries`, {
        state: state ?? undefined,
        limit: ENTRY_PAGE,
        cursor: pageParam,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

export function useAddEntries(list: OutboundList) {
  const qc = useQueryClient();
  const changed = useListChanged();
  return useMutation({
    mutationFn: (entries: EntryInput[]) => api.post<AddResult>(`/lists/${list.id}/entries`, { entries }),
    onSuccess: (r) => {
      changed(list);
      // An address no contact had became a contact.
      if (r.created) qc.invalidateQueries({ queryKey: keys.contacts });
    },
  });
}

export interface SelectionInput {
  segmentId?: string;
  filter?: FilterNode;
  q?: string;
  priority?: number;
}

export function useAddFromSelection(list: OutboundList) {
  const changed = useListChanged();
  return useMutation({
    mutationFn: (body: SelectionInput) =>
      api.post<AddResult>(`/lists/${list.id}/entries/from-selection`, body),
    onSuccess: () => changed(list),
  });
}

export function usePatchEntry(list: OutboundList) {
  const changed = useListChanged();
  return useMutation({
    mutationFn: ({ id, ...body }: EntryPatch & { id: string }) =>
      api.patch<Entry>(`/list-entries/${id}`, body),
    onSuccess: () => changed(list),
  });
}

export function useRemoveEntry(list: OutboundList) {
  const changed = useListChanged();
  return useMutation({
    mutationFn: (id: string) => api.del(`/list-entries/${id}`),
    onSuccess: () => changed(list),
  });
}
