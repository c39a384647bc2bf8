import { z } from 'zod';
import { CHANNELS, POINT_LABELS } from '../contacts/enums.js';
import {
  CAMPAIGN_CHANNELS,
  DEFAULT_RETRY_MINUTES,
  DEFAULT_WINDOW,
  RETRY_RESULTS,
  type CampaignChannel,
} from './rules.js';

const Name = z.string().trim().min(1, 'name is required').max(200, 'name must be at most 200 characters');

const Clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day as HH:MM (24-hour clock)');

export const CallingWindow = z
  .object({
    start: Clock.describe('Local time of the contact when attempts may start, HH:MM'),
    end: Clock.describe('Local time when they stop (exclusive), HH:MM'),
    days: z
      .array(
        z
          .number()
          .int()
          .min(1, 'days are 1 (Monday) to 7 (Sunday)')
          .max(7, 'days are 1 (Monday) to 7 (Sunday)'),
      )
      .min(1, 'choose at least one day')
      .max(7)
      .refine((d) => new Set(d).size === d.length, 'a day is listed twice')
      .describe('ISO weekdays, 1 = Monday … 7 = Sunday'),
  })
  .strict()
  .refine((w) => w.start < w.end, { message: 'start must be before end', path: ['end'] });

const AddressRule = z
  .object({
    use: z.enum(CAMPAIGN_CHANNELS).describe('The campaign channel this rule serves'),
    channel: z.enum(CHANNELS).describe('The contact-point channel to take the address from'),
    label: z
      .enum(POINT_LABELS)
      .nullable()
      .optional()
      .describe('Only points with this label; any when absent'),
  })
  .strict();

const RetryMinutes = z
  .object(
    Object.fromEntries(
      RETRY_RESULTS.map((r) => [
        r,
        z
          .number()
          .int('must be whole minutes')
          .min(0, 'must be 0 or more minutes')
          .max(43_200, 'must be at most 43200 minutes (30 days)')
          .optional(),
      ]),
    ) as Record<(typeof RETRY_RESULTS)[number], z.ZodOptional<z.ZodNumber>>,
  )
  .strict()
  .describe(`Minutes before the next try, per result (defaults: ${JSON.stringify(DEFAULT_RETRY_MINUTES)})`);

const WebService = z
  .object({
    url: z
      .url('must be an http or https URL')
      .max(2000, 'must be at most 2000 characters')
      .refine((u) => /^https?:\/\//i.test(u), 'must be an http or https URL'),
    headerName: z
      .string()
      .regex(/^[A-Za-z0-9-]{1,100}$/, 'must be a header name (letters, digits and dashes)')
      .nullable()
      .optional()
      .describe('The header carrying the secret, e.g. Authorization'),
    secret: z
      .string()
      .max(2000, 'must be at most 2000 characters')
      .optional()
      .describe('The header value; write-only (answers say only whether one is set)'),
    timeoutMs: z
      .number()
      .int()
      .min(100, 'must be at least 100 ms')
      .max(30_000, 'must be at most 30000 ms')
      .default(5000),
  })
  .strict();

const Channels = z
  .array(z.enum(CAMPAIGN_CHANNELS))
  .min(1, 'choose at least one channel')
  .refine((c) => new Set(c).size === c.length, 'a channel is listed twice');

const CampaignFields = {
  name: Name,
  channels: Channels,
  status: z.enum(['active', 'paused', 'completed']),
  loading: z
    .enum(['lists', 'web_service'])
    .describe(
      'lists: entries from the platform’s contact lists; web_service: fetched from an external service',
    ),
  maxAttempts: z
    .number()
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(100, 'must be at most 100'),
  retryMinutes: RetryMinutes,
  window: CallingWindow,
  addressRules: z
    .array(AddressRule)
    .min(1, 'give at least one rule')
    .max(50, 'at most 50 rules')
    .describe('Which contact points to try for each campaign channel, in order; default: by channel'),
  closeWhenAllReached: z
    .boolean()
    .describe('true: close an entry only once every channel was reached; false: one success closes it'),
  leaseSeconds: z
    .number()
    .int()
    .min(30, 'must be at least 30 seconds')
    .max(3600, 'must be at most 3600 seconds'),
  webService: WebService.nullable(),
};

export const CampaignCreate = z
  .object({
    ...CampaignFields,
    status: CampaignFields.status.default('active'),
    loading: CampaignFields.loading.default('lists'),
    maxAttempts: CampaignFields.maxAttempts.default(3),
    retryMinutes: RetryMinutes.default({}),
    window: CallingWindow.default(DEFAULT_WINDOW),
    addressRules: CampaignFields.addressRules.optional(),
    closeWhenAllReached: z.boolean().default(false),
    leaseSeconds: CampaignFields.leaseSeconds.default(300),
    webService: WebService.nullable().optional(),
  })
  .strict();
export type CampaignCreate = z.infer<typeof CampaignCreate>;

export const CampaignPatch = z
  .object(
    Object.fromEntries(Object.entries(CampaignFields).map(([k, v]) => [k, v.optional()])) as {
      [K in keyof typeof CampaignFields]: z.ZodOptional<(typeof CampaignFields)[K]>;
    },
  )
  .strict();
export type CampaignPatch = z.infer<typeof CampaignPatch>;

export const Campaign = z.object({
  id: z.string(),
  name: z.string(),
  channels: z.array(z.enum(CAMPAIGN_CHANNELS)),
  status: z.enum(['active', 'paused', 'completed']),
  loading: z.enum(['lists', 'web_service']),
  maxAttempts: z.number(),
  retryMinutes: z.record(z.string(), z.number()).describe('Every retried result with its delay'),
  window: z.object({ start: z.string(), end: z.string(), days: z.array(z.number()) }),
  addressRules: z.array(
    z.object({ use: z.string(), channel: z.string(), label: z.string().nullable().optional() }),
  ),
  closeWhenAllReached: z.boolean(),
  leaseSeconds: z.number(),
  webService: z
    .object({
      url: z.string(),
      headerName: z.string().nullable(),
      timeoutMs: z.number(),
      secretSet: z.boolean(),
    })
    .nullable(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Campaign = z.infer<typeof Campaign>;

export const CampaignParams = z.object({ id: z.uuid('id must be a campaign id (UUID)') });

export type { CampaignChannel };
