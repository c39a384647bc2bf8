import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { api, request } from './client';
import type {
  ApiKey,
  ApiKeyCreated,
  ChangeList,
  Contact,
  ContactCreate,
  ContactList,
  ContactPatch,
  FieldDefinition,
  Me,
  Member,
  Meta,
  Workspace,
} from './types';

export const keys = {
  setup: ['setup'] as const,
  me: ['me'] as const,
  meta: ['meta'] as const,
  workspace: ['workspace'] as const,
  users: ['users'] as const,
  fields: ['fields'] as const,
  apiKeys: ['api-keys'] as const,
  contacts: ['contacts'] as const,
  contact: (id: string) => ['contact', id] as const,
  changes: (id: string) => ['contact', id, 'changes'] as const,
  preference: (key: string) => ['preference', key] as const,
};

// ---- session ----

export const useSetupStatus = () =>
  useQuery({
    queryKey: keys.setup,
    queryFn: () => api.get<{ needed: boolean }>('/setup'),
    staleTime: Infinity,
  });

export const useMe = () =>
  useQuery({
    queryKey: keys.me,
    queryFn: () => api.get<Me>('/auth/me'),
    retry: false,
    staleTime: 5 * 60_000,
  });

export function useSetup() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) => api.post<Me>('/setup', body),
    onSuccess: (me) => {
      // Session first: the setup page's gate reads it when the setup flag flips.
      qc.setQueryData(keys.me, me);
      qc.setQueryData(keys.setup, { needed: false });
    },
  });
}

export function useSignIn() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { email: string; password: string }) => api.post<Me>('/auth/sign-in', body),
    onSuccess: (me) => {
      qc.clear();
      qc.setQueryData(keys.setup, { needed: false });
      qc.setQueryData(keys.me, me);
    },
  });
}

export function useSignOut() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<void>('/auth/sign-out'),
    onSettled: () => {
      qc.clear();
      qc.setQueryData(keys.setup, { needed: false });
    },
  });
}

// ---- reference data ----

export const useMeta = () =>
  useQuery({ queryKey: keys.meta, queryFn: () => api.get<Meta>('/meta'), staleTime: Infinity });

export const useWorkspace = () =>
  useQuery({ queryKey: keys.workspace, queryFn: () => api.get<Workspace>('/workspace') });

export function useUpdateWorkspace() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Partial<Pick<Workspace, 'name' | 'defaultCountry' | 'dateFormat'>>) =>
      api.patch<Workspace>('/workspace', body),
    onSuccess: (ws) => {
      qc.setQueryData(keys.workspace, ws);
      qc.invalidateQueries({ queryKey: keys.me });
    },
  });
}

// ---- users ----

export const useUsers = () =>
  useQuery({
    queryKey: keys.users,
    queryFn: () => api.get<{ items: Member[] }>('/users').then((r) => r.items),
    staleTime: 60_000,
  });

export function useCreateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; email: string; password: string; role: string }) =>
      api.post<Member>('/users', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.users }),
  });
}

export function useUpdateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({
      id,
      ...body
    }: {
      id: string;
      name?: string;
      role?: string;
      active?: boolean;
      password?: string;
    }) => api.patch<Member>(`/users/${id}`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.users }),
  });
}

// ---- API keys ----

export const useApiKeys = () =>
  useQuery({
    queryKey: keys.apiKeys,
    queryFn: () => api.get<{ items: ApiKey[] }>('/api-keys').then((r) => r.items),
  });

export function useCreateApiKey() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string }) => api.post<ApiKeyCreated>('/api-keys', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.apiKeys }),
  });
}

export function useRevokeApiKey() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.del<ApiKey>(`/api-keys/${id}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.apiKeys }),
  });
}

// ---- custom fields ----

export const useFields = () =>
  useQuery({
    queryKey: keys.fields,
    queryFn: () => api.get<{ items: FieldDefinition[] }>('/fields').then((r) => r.items),
    staleTime: 60_000,
  });

export function useSaveField() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: { id?: string } & Record<string, unknown>) =>
      id ? api.patch<FieldDefinition>(`/fields/${id}`, body) : api.post<FieldDefinition>('/fields', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.fields }),
  });
}

export function useDeleteField() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.del(`/fields/${id}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.fields }),
  });
}

// ---- preferences ----

export function usePreference<T>(key: string) {
  return useQuery({
    queryKey: keys.preference(key),
    queryFn: () =>
      api
        .get<{ key: string; value: T | null }>(`/me/preferences/${encodeURIComponent(key)}`)
        .then((r) => r.value),
    staleTime: Infinity,
  });
}

export function useSavePreference<T>(key: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (value: T) =>
      api.put<{ key: string; value: T }>(`/me/preferences/${encodeURIComponent(key)}`, { value }),
    onMutate: (value) => qc.setQueryData(keys.preference(key), value),
    onSettled: () => qc.invalidateQueries({ queryKey: keys.preference(key) }),
  });
}

// ---- contacts ----

export interface ContactQuery {
  q?: string;
  /** A filter tree (see src/modules/filters/enums.ts). */
  filter?: unknown;
  /** Left out with search text, the server sorts by relevance. */
  sort?: string;
  order: 'asc' | 'desc';
  limit: number;
  cursor?: string;
}

// POST /contacts/query: the body form of GET /contacts, so a large filter tree never meets URL limits.
export const useContacts = (query: ContactQuery) =>
  useQuery<ContactList>({
    queryKey: [...keys.contacts, query],
    queryFn: ({ signal }) =>
      request<ContactList>('POST', '/contacts/query', {
        body: { ...query, filter: query.filter ?? null },
        signal,
      }).then((r) => r.data),
    placeholderData: keepPreviousData,
  });

export const useContact = (id: string) =>
  useQuery({ queryKey: keys.contact(id), queryFn: () => api.get<Contact>(`/contacts/${id}`) });

/** After any contact write: refresh lists, put the fresh contact in the cache, refresh its log. */
function useContactWritten() {
  const qc = useQueryClient();
  return (contact?: Contact) => {
    qc.invalidateQueries({ queryKey: keys.contacts });
    if (contact) {
      qc.setQueryData(keys.contact(contact.id), contact);
      qc.invalidateQueries({ queryKey: keys.changes(contact.id) });
    }
  };
}

export function useCreateContact() {
  const written = useContactWritten();
  return useMutation({
    mutationFn: (body: ContactCreate) => api.post<Contact>('/contacts', body),
    onSuccess: written,
  });
}

export function useUpdateContact() {
  const written = useContactWritten();
  return useMutation({
    mutationFn: ({ id, version, patch }: { id: string; version: number; patch: ContactPatch }) =>
      api.patch<Contact>(`/contacts/${id}`, patch, { 'if-match': `"${version}"` }),
    onSuccess: written,
  });
}

export function useDeleteContact() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.del(`/contacts/${id}`),
    onSuccess: (_r, id) => {
      qc.removeQueries({ queryKey: keys.contact(id) });
      qc.invalidateQueries({ queryKey: keys.contacts });
    },
  });
}

export function useShareContact(id: string) {
  const written = useContactWritten();
  return useMutation({
    mutationFn: (action: { kind: 'share' | 'unshare' | 'transfer'; userId: string }) => {
      if (action.kind === 'share')
        return api.post<Contact>(`/contacts/${id}/shares`, { userId: action.userId });
      if (action.kind === 'unshare') return api.del<Contact>(`/contacts/${id}/shares/${action.userId}`);
      return api.post<Contact>(`/contacts/${id}/transfer`, { ownerId: action.userId });
    },
    onSuccess: written,
  });
}

export function useBlockContact(id: string) {
  const written = useContactWritten();
  return useMutation({
    mutationFn: (action: { block: true; reason: string } | { block: false }) =>
      action.block
        ? api.post<Contact>(`/contacts/${id}/block`, { reason: action.reason })
        : api.post<Contact>(`/contacts/${id}/unblock`),
    onSuccess: written,
  });
}

export const useChanges = (id: string, limit = 10) =>
  useInfiniteQuery({
    queryKey: keys.changes(id),
    queryFn: ({ pageParam }) => api.get<ChangeList>(`/contacts/${id}/changes`, { limit, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
