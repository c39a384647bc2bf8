import { z } from 'zod';
import { CHANNELS } from '../contacts/enums.js';

const Reason = z
  .string()
  .trim()
  .max(500, 'Reason must be at most 500 characters')
  .transform((s) => s || null)
  .nullable();
const Value = z.string().trim().min(1, 'Value is required').max(320, 'Value must be at most 320 characters');

export const OptOutSource = z.enum(['user', 'api', 'import', 'inbound', 'suppression', 'system']);

export const ValueInput = z.object({ channel: z.enum(CHANNELS), value: Value }).strict();

export const OptOutRequest = ValueInput.extend({
  reason: Reason.optional().describe('Why: shown in the history'),
}).strict();
export type OptOutRequest = z.infer<typeof OptOutRequest>;

export const ReinstateRequest = ValueInput.extend({
  reason: z
    .string()
    .trim()
    .min(1, 'Say why the value may be contacted again (consent given, opted out by mistake…)')
    .max(500, 'Reason must be at most 500 characters'),
}).strict();

export const StatusOutcome = z.object({
  channel: z.enum(CHANNELS),
  value: z.string(),
  normalized: z.string(),
  pointsChanged: z.number().int().describe('Contact points whose status changed'),
  suppressed: z.boolean().describe('Added to the suppression list (no contact carries the value)'),
  unsuppressed: z.boolean().describe('Removed from the suppression list'),
});

export const OptOutItem = z.object({
  channel: z.enum(CHANNELS),
  value: z.string(),
  normalized: z.string(),
  contact: z
    .object({ id: z.string(), displayName: z.string(), blocked: z.boolean() })
    .nullable()
    .describe('null: a suppressed value no contact carries yet'),
  since: z.string().nullable(),
  reason: z.string().nullable(),
  source: z.string().nullable(),
});

export const OptOutListQuery = z.object({
  channel: z.enum(CHANNELS).optional(),
  q: z.string().trim().max(100, 'q must be at most 100 characters').optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500, 'cursor must be the nextCursor of the previous page').optional(),
});

export const OptOutList = z.object({ items: z.array(OptOutItem), nextCursor: z.string().nullable() });

export const HistoryQuery = z.object({ channel: z.enum(CHANNELS), value: Value });

export const OptOutEvent = z.object({
  id: z.string(),
  channel: z.string(),
  normalized: z.string(),
  contactId: z.string().nullable(),
  status: z.enum(['active', 'opted_out']),
  source: OptOutSource,
  reason: z.string().nullable(),
  actor: z.object({ type: z.string(), id: z.string().nullable(), name: z.string().nullable() }),
  at: z.string(),
});

export const HistoryList = z.object({
  channel: z.string(),
  normalized: z.string(),
  items: z.array(OptOutEvent),
});

export const ImportQuery = z.object({
  channel: z
    .enum(CHANNELS)
    .optional()
    .describe('Channel of every line; without it, each line names it: channel,value[,reason]'),
  reason: Reason.optional(),
});

export const ImportResult = z.object({
  read: z.number().int(),
  optedOut: z.number().int().describe('Values newly opted out on contacts'),
  pointsChanged: z.number().int(),
  suppressed: z.number().int().describe('Values no contact carries, added to the suppression list'),
  already: z.number().int().describe('Values already opted out'),
  failed: z.array(z.object({ line: z.number().int(), value: z.string(), error: z.string() })),
});
export type ImportResult = z.infer<typeof ImportResult>;

export const CheckRequest = z
  .object({
    values: z.array(ValueInput).max(1000, 'At most 1,000 values at once').default([]),
    contacts: z
      .array(
        z
          .object({ contactId: z.uuid('contactId must be a contact id (UUID)'), channel: z.enum(CHANNELS) })
          .strict(),
      )
      .max(1000, 'At most 1,000 contacts at once')
      .default([]),
  })
  .strict()
  .refine((b) => b.values.length + b.contacts.length > 0, {
    message: 'Give values or contacts to check',
    path: ['values'],
  });
export type CheckRequest = z.infer<typeof CheckRequest>;

export const Verdict = z.enum([
  'opted_out',
  'suppressed',
  'blocked',
  'invalid',
  'not_found',
  'no_contact_point',
]);

export const CheckResult = z.object({
  values: z.array(
    z.object({
      channel: z.string(),
      value: z.string(),
      normalized: z.string().nullable(),
      allowed: z.boolean(),
      reason: Verdict.nullable(),
      message: z.string().nullable(),
    }),
  ),
  contacts: z.array(
    z.object({
      contactId: z.string(),
      channel: z.string(),
      allowed: z.boolean().describe('At least one of its points on this channel may be contacted'),
      reason: Verdict.nullable(),
      points: z.array(
        z.object({
          id: z.string(),
          value: z.string(),
          normalized: z.string(),
          allowed: z.boolean(),
          reason: Verdict.nullable(),
        }),
      ),
    }),
  ),
});
export type CheckResult = z.infer<typeof CheckResult>;
