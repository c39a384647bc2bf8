import { z } from 'zod';
import { CHANNELS } from '../contacts/enums.js';
import { ZonedDateTime } from '../contacts/normalize.js';

export const InboundRequest = z
  .object({
    conversationId: z
      .string()
      .trim()
      .min(1, 'conversationId is required')
      .max(200, 'conversationId must be at most 200 characters')
      .describe('Your id for the conversation: a retried call with the same id changes nothing'),
    channel: z.enum(CHANNELS),
    from: z
      .string()
      .trim()
      .min(1, 'from is required')
      .max(320, 'from must be at most 320 characters')
      .describe('The sender: phone number, email address, or messenger/social id'),
    name: z.string().trim().max(200, 'name must be at most 200 characters').optional(),
    message: z.string().max(10_000, 'message must be at most 10000 characters').optional(),
    to: z.string().trim().max(320).optional().describe('The number or address it was sent to'),
    occurredAt: ZonedDateTime.optional(),
    url: z.url('url must be a URL').max(2000).optional().describe('Where the conversation can be opened'),
  })
  .strict();
export type InboundRequest = z.infer<typeof InboundRequest>;

export const InboundResult = z.object({
  conversationId: z.string(),
  contactId: z.string().nullable(),
  contactCreated: z.boolean(),
  blocked: z.boolean().describe('The contact is blocked: the conversation is marked blocked'),
  consent: z
    .enum(['opted_out', 'opted_in'])
    .nullable()
    .describe('The message was an opt-out (or opt-in) keyword and the sender’s point changed'),
  activityId: z.string().nullable(),
  replayed: z.boolean().describe('This conversation id was seen before: this is the first answer again'),
});
export type InboundResult = z.infer<typeof InboundResult>;
