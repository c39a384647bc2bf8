import { z } from 'zod';
import { RESULTS } from '../campaigns/rules.js';
import { ZonedDateTime } from '../contacts/normalize.js';

export const LeaseRequest = z
  .object({
    count: z
      .number('count must be a number')
      .int('count must be a whole number')
      .min(1, 'count must be at least 1')
      .max(500, 'count must be at most 500'),
    agentId: z
      .uuid('agentId must be a user id (UUID)')
      .optional()
      .describe('Hand out entries preferred for this agent and entries with no preferred agent'),
    skills: z
      .array(z.string().trim().min(1).max(100))
      .max(100, 'at most 100 skills')
      .optional()
      .describe('Hand out entries needing one of these skills and entries needing none'),
  })
  .strict();
export type LeaseRequest = z.infer<typeof LeaseRequest>;

export const Leased = z.object({
  entryId: z.string(),
  leaseId: z.string().describe('Give it back with the outcome: proves the lease is still yours'),
  leaseExpiresAt: z.string(),
  campaignId: z.string(),
  listId: z.string(),
  channel: z.string().describe('The campaign channel to use: voice, sms, email…'),
  pointChannel: z.string().describe('The contact point’s channel the address comes from'),
  address: z.string().describe('The address to dial or write to, normalised (E.164 for phones)'),
  contact: z
    .object({
      id: z.string(),
      displayName: z.string(),
      firstName: z.string().nullable(),
      lastName: z.string().nullable(),
      company: z.string().nullable(),
      language: z.string().nullable(),
    })
    .nullable(),
  priority: z.number(),
  topPriority: z.boolean(),
  attempts: z.number().describe('Attempts made before this one'),
  timeZones: z.array(z.string()),
  preferredAgentId: z.string().nullable(),
  skill: z.string().nullable(),
  payload: z
    .record(z.string(), z.unknown())
    .nullable()
    .describe('For entries from a contact web service: what it sent (name, id…)'),
});

export const LeaseResult = z.object({
  items: z.array(Leased),
  flagged: z.number().describe('Entries found without a usable address on the way, and flagged'),
});

export const OutcomeRequest = z
  .object({
    leaseId: z.uuid('leaseId must be the leaseId the entry was handed out with').optional(),
    channel: z.string().trim().min(1).max(50).describe('The campaign channel used'),
    address: z.string().trim().min(1, 'address is empty').max(320, 'address must be at most 320 characters'),
    result: z.enum(RESULTS),
    note: z.string().max(2000, 'note must be at most 2000 characters').optional(),
    nextTryAt: ZonedDateTime.optional().describe('For a callback: when to try again'),
    durationSeconds: z.number().int().min(0).max(86_400).optional(),
  })
  .strict();
export type OutcomeRequest = z.infer<typeof OutcomeRequest>;

export const ReleaseRequest = z
  .object({ leaseId: z.uuid('leaseId must be the leaseId the entry was handed out with').optional() })
  .strict();

export const CampaignParams = z.object({ id: z.uuid('id must be a campaign id (UUID)') });
export const EntryParams = z.object({ id: z.uuid('id must be a list entry id (UUID)') });
