import { z } from 'zod';
import { CHANNELS } from '../contacts/enums.js';
import { ZonedDateTime } from '../contacts/normalize.js';

/**
 * What happened with a contact. Inquiry history: inquiry, chat; engagement: call, sms, email,
 * campaign_attempt; journey: page_visit; plus notes agents write. `change` (the contact's own
 * edits, from its change log) appears in the timeline but is not posted.
 */
export const ACTIVITY_KINDS = [
  'inquiry',
  'chat',
  'call',
  'sms',
  'email',
  'note',
  'page_visit',
  'campaign_attempt',
  'other',
] as const;
export const TIMELINE_KINDS = [...ACTIVITY_KINDS, 'change'] as const;
export const ACTIVITY_CHANNELS = [...CHANNELS, 'voice', 'chat'] as const;

const MAX_PAYLOAD_BYTES = 16 * 1024;

export const ActivityCreate = z
  .object({
    contactId: z.uuid('contactId must be a contact id (UUID)').optional(),
    contact: z
      .object({ channel: z.enum(CHANNELS), value: z.string().trim().min(1).max(320) })
      .strict()
      .optional()
      .describe('Find the contact by a contact point instead of its id'),
    kind: z.enum(ACTIVITY_KINDS),
    channel: z.enum(ACTIVITY_CHANNELS).optional(),
    direction: z.enum(['inbound', 'outbound']).optional(),
    occurredAt: ZonedDateTime.optional().describe('Default: now'),
    summary: z.string().max(1000, 'summary must be at most 1000 characters').default(''),
    payload: z
      .record(z.string(), z.unknown())
      .default({})
      .refine(
        (p) => JSON.stringify(p).length <= MAX_PAYLOAD_BYTES,
        `payload must be at most ${MAX_PAYLOAD_BYTES} bytes as JSON`,
      )
      .describe('Anything the integration wants to keep: a conversation URL, a page address, a recording id'),
    externalId: z
      .string()
      .trim()
      .min(1)
      .max(200, 'externalId must be at most 200 characters')
      .optional()
      .describe('Your id for it: posting the same externalId again creates nothing'),
  })
  .strict()
  .refine((a) => a.contactId || a.contact, { message: 'give contactId or contact', path: ['contactId'] })
  .refine((a) => !(a.contactId && a.contact), {
    message: 'give contactId or contact, not both',
    path: ['contact'],
  });
export type ActivityCreate = z.infer<typeof ActivityCreate>;

export const ActivityBatch = z
  .object({
    items: z
      .array(ActivityCreate)
      .min(1, 'give at least one item')
      .max(1000, 'at most 1000 items per request'),
  })
  .strict();

export const NoteCreate = z
  .object({
    text: z.string().trim().min(1, 'text is required').max(5000, 'text must be at most 5000 characters'),
  })
  .strict();

export const Activity = z.object({
  id: z.string(),
  contactId: z.string(),
  kind: z.enum(TIMELINE_KINDS),
  channel: z.string().nullable(),
  direction: z.enum(['inbound', 'outbound']).nullable(),
  occurredAt: z.string(),
  actor: z.object({ type: z.string(), id: z.string().nullable(), name: z.string().nullable() }),
  summary: z.string(),
  payload: z.record(z.string(), z.unknown()),
  externalId: z.string().nullable(),
});
export type Activity = z.infer<typeof Activity>;

export const ActivityCreated = z.object({ created: z.boolean(), activity: Activity });
export const BatchCreated = z.object({
  created: z.number(),
  existing: z.number().describe('Items whose externalId was already stored'),
  ids: z.array(z.string()).describe('The activity of each item, in order'),
});

export const TimelineQuery = z
  .object({
    kind: z
      .string()
      .max(300)
      .optional()
      .describe(`Comma-separated kinds: ${TIMELINE_KINDS.join(', ')}`),
    from: ZonedDateTime.optional().describe('From this time (inclusive)'),
    to: ZonedDateTime.optional().describe('Before this time'),
    limit: z.coerce
      .number()
      .int()
      .min(1, 'limit must be at least 1')
      .max(200, 'limit must be at most 200')
      .default(50),
    cursor: z.string().max(300).optional(),
  })
  .strict();
export type TimelineQuery = z.infer<typeof TimelineQuery>;

export const Timeline = z.object({ items: z.array(Activity), nextCursor: z.string().nullable() });
