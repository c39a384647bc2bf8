// Webhooks: the registered URLs with their latest delivery, and each hook's deliveries. Deliveries
// change in the background (the worker sends and retries), so an open list asks again now and then.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  Delivery as DeliverySchema,
  DeliveryList,
  Webhook as WebhookSchema,
  WebhookCreate as WebhookCreateSchema,
  WebhookPatch as WebhookPatchSchema,
  WebhookWithSecret as WebhookWithSecretSchema,
} from '../../modules/webhooks/schema';
import { api } from './client';

export type Webhook = z.infer<typeof WebhookSchema>;
export type WebhookWithSecret = z.infer<typeof WebhookWithSecretSchema>;
export type WebhookInput = z.input<typeof WebhookCreateSchema>;
export type WebhookPatch = z.input<typeof WebhookPatchSchema>;
export type Delivery = z.infer<typeof DeliverySchema>;
export type DeliveryState = Delivery['state'];

/** How often open lists are asked again while the page is visible. */
const LIVE_MS = 5000;

export const webhookKeys = {
  all: ['webhooks'] as const,
  deliveries: (id: string, state: DeliveryState | null) =>
    ['webhooks', id, 'deliveries', state ?? 'all'] as const,
};

export const useWebhooks = () =>
  useQuery({
    queryKey: webhookKeys.all,
    queryFn: () => api.get<{ items: Webhook[] }>('/webhooks').then((r) => r.items),
    refetchInterval: LIVE_MS,
  });

export const useDeliveries = (id: string | null, state: DeliveryState | null) =>
  useInfiniteQuery({
    queryKey: webhookKeys.deliveries(id ?? '', state),
    queryFn: ({ pageParam }) =>
      api.get<z.infer<typeof DeliveryList>>(`/webhooks/${id}/deliveries`, {
        state: state ?? undefined,
        limit: 25,
        cursor: pageParam,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: id !== null,
    refetchInterval: LIVE_MS,
  });

/** Any change to a hook or a delivery: the hooks list (its last delivery) and deliveries go stale. */
function useChanged() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: webhookKeys.all });
}

export function useCreateWebhook() {
  const changed = useChanged();
  return useMutation({
    mutationFn: (body: WebhookInput) => api.post<WebhookWithSecret>('/webhooks', body),
    onSuccess: changed,
  });
}

export function useUpdateWebhook() {
  const changed = useChanged();
  return useMutation({
    mutationFn: ({ id, ...body }: WebhookPatch & { id: string }) =>
      api.patch<Webhook>(`/webhooks/${id}`, body),
    onSuccess: changed,
  });
}

export function useDeleteWebhook() {
  const changed = useChanged();
  return useMutation({
    mutationFn: (id: string) => api.del(`/webhooks/${id}`),
    onSuccess: changed,
  });
}

export function useRotateSecret() {
  const changed = useChanged();
  return useMutation({
    mutationFn: (id: string) => api.post<WebhookWithSecret>(`/webhooks/${id}/rotate-secret`),
    onSuccess: changed,
  });
}

export function useSendTest() {
  const changed = useChanged();
  return useMutation({
    mutationFn: (id: string) => api.post<Delivery>(`/webhooks/${id}/test`),
    onSuccess: changed,
  });
}

export function useRetryDelivery() {
  const changed = useChanged();
  return useMutation({
    mutationFn: ({ webhookId, deliveryId }: { webhookId: string; deliveryId: string }) =>
      api.post<Delivery>(`/webhooks/${webhookId}/deliveries/${deliveryId}/retry`),
    onSuccess: changed,
  });
}
