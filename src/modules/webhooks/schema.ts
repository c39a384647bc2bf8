// Webhook API shapes. Imports only zod and the event list, so the web app validates its forms with
// the same schemas.
import { z } from 'zod';
import { ALL_EVENTS, WEBHOOK_EVENTS } from './events.js';

export const MAX_WEBHOOKS_PER_WORKSPACE = 20;

const Url = z
  .string()
  .trim()
  .min(1, 'URL is required')
  .max(2000, 'URL must be at most 2,000 characters')
  .superRefine((s, ctx) => {
    let url: URL;
    try {
      url = new URL(s);
    } catch {
      ctx.addIssue({
        code: 'custom',
        message: 'must be a full URL, e.g. https://example.com/hooks/contacts',
      });
      return;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      ctx.addIssue({ code: 'custom', message: `must start with http:// or https://, not ${url.protocol}//` });
  })
  .describe('Where deliveries are POSTed: http or https; redirects are not followed');

const EventName = z.enum([...WEBHOOK_EVENTS, ALL_EVENTS], {
  error: `must be one of ${WEBHOOK_EVENTS.join(', ')}, or * for every event`,
});

const Events = z
  .array(EventName)
  .min(1, 'Choose at least one event')
  .max(20, 'At most 20 events')
  // "*" covers the others; the rest are kept once each, in the order given.
  .transform((events): typeof events => (events.includes(ALL_EVENTS) ? [ALL_EVENTS] : [...new Set(events)]))
  .describe(`Events to receive: any of ${WEBHOOK_EVENTS.join(', ')}; or ["*"] for every event`);

const Description = z
  .string()
  .trim()
  .max(500, 'Description must be at most 500 characters')
  .transform((s) => s || null)
  .nullable();

export const WebhookCreate = z
  .object({ url: Url, events: Events, description: Description.optional() })
  .strict();
export type WebhookCreate = z.infer<typeof WebhookCreate>;

export const WebhookPatch = z
  .object({
    url: Url.optional(),
    events: Events.optional(),
    description: Description.optional(),
    state: z
      .enum(['active', 'paused'])
      .optional()
      .describe('paused: no deliveries are made for events that happen while paused'),
  })
  .strict();
export type WebhookPatch = z.infer<typeof WebhookPatch>;

export const DELIVERY_STATES = ['pending', 'sending', 'succeeded', 'failed', 'dead'] as const;

export const LastDelivery = z.object({
  id: z.string(),
  event: z.string(),
  state: z.enum(DELIVERY_STATES),
  lastStatus: z.number().int().nullable(),
  at: z.string().describe('When it was last tried, or created if never tried'),
});

export const Webhook = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.string()),
  description: z.string().nullable(),
  state: z.enum(['active', 'paused']),
  secretPrefix: z.string().describe('The first characters of the signing secret, to recognise it'),
  createdAt: z.string(),
  updatedAt: z.string(),
  lastDelivery: LastDelivery.nullable(),
});
export type Webhook = z.infer<typeof Webhook>;

export const WebhookWithSecret = Webhook.extend({
  secret: z.string().describe('The signing secret. Shown only in this response: store it now.'),
});

export const Delivery = z.object({
  id: z.string(),
  webhookId: z.string(),
  event: z.string(),
  eventId: z.string().describe('The id in the body and in X-Webhook-Id: the same on every attempt'),
  state: z.enum(DELIVERY_STATES),
  attempts: z.number().int(),
  nextAttemptAt: z.string().nullable().describe('When it is tried next (pending, failed)'),
  lastStatus: z.number().int().nullable().describe('HTTP status of the last answer; null if none came'),
  lastError: z.string().nullable(),
  response: z.string().nullable().describe('The start of the last answer’s body, at most 1 KB'),
  data: z.record(z.string(), z.unknown()).describe('The event’s data, as sent'),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
});
export type Delivery = z.infer<typeof Delivery>;

export const DeliveryQuery = z.object({
  state: z.enum(DELIVERY_STATES).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.uuid('cursor must be the nextCursor of the previous page').optional(),
});
export type DeliveryQuery = z.infer<typeof DeliveryQuery>;

export const DeliveryList = z.object({ items: z.array(Delivery), nextCursor: z.string().nullable() });

export const NoBody = z.object({}).strict().nullish().describe('Nothing: send {} or no body');
