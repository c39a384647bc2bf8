// The events a webhook can subscribe to. Import-free, so the web app loads the same list.
export const WEBHOOK_EVENTS = [
  'contact.created',
  'contact.updated',
  'contact.deleted',
  'contact.merged',
  'contact_point.opted_out',
  'list_entry.outcome',
] as const;

export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** Sent only by POST /webhooks/:id/test; nobody subscribes to it. */
export const PING = 'ping';

/** Subscribes to every event, including those added later. */
export const ALL_EVENTS = '*';

export const EVENT_LABELS: Record<WebhookEvent, string> = {
  'contact.created': 'Contact created',
  'contact.updated': 'Contact updated',
  'contact.deleted': 'Contact deleted',
  'contact.merged': 'Contacts merged',
  'contact_point.opted_out': 'Contact point opted out',
  'list_entry.outcome': 'List entry outcome',
};

/** Attempts before a delivery is dead, and the wait after each failed one (the last has none). */
export const MAX_ATTEMPTS = 6;
export const BACKOFF_SECONDS = [30, 120, 600, 3600, 6 * 3600] as const;
