import { z } from 'zod';
import { CHANNELS } from '../contacts/enums.js';
import { TimeZone, ZonedDateTime } from '../contacts/normalize.js';
import { FilterTree } from '../contacts/schema.js';
import { ListSchedule } from './schedule-schema.js';

export const ENTRY_STATES = ['callable', 'planning', 'open', 'closed', 'attempted', 'flagged'] as const;

const Name = z.string().trim().min(1, 'name is required').max(200, 'name must be at most 200 characters');

export const ListCreate = z
  .object({
    name: Name,
    state: z.enum(['started', 'stopped']).default('stopped').describe('Only started lists hand out entries'),
  })
  .strict();
export type ListCreate = z.infer<typeof ListCreate>;

export const ListPatch = z.object({ name: Name.optional() }).strict();

const Counters = z.object({
  total: z.number(),
  ...Object.fromEntries(ENTRY_STATES.map((s) => [s, z.number()])),
}) as z.ZodObject<Record<'total' | (typeof ENTRY_STATES)[number], z.ZodNumber>>;

export const ContactList = z.object({
  id: z.string(),
  campaignId: z.string(),
  name: z.string(),
  state: z.enum(['started', 'stopped']),
  source: z.enum(['manual', 'file', 'filter', 'web_service']),
  counters: Counters.describe('Entries by state, counted now'),
  schedule: ListSchedule.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ContactList = z.infer<typeof ContactList>;

export const ListParams = z.object({ id: z.uuid('id must be a list id (UUID)') });
export const EntryParams = z.object({ id: z.uuid('id must be a list entry id (UUID)') });

const Priority = z
  .number('priority must be a whole number')
  .int('priority must be a whole number')
  .min(-1000, 'priority must be at least -1000')
  .max(1000, 'priority must be at most 1000');
const Skill = z.string().trim().min(1).max(100, 'skill must be at most 100 characters');

export const EntryCreate = z
  .object({
    contactId: z.uuid('contactId must be a contact id (UUID)').optional(),
    address: z
      .string()
      .trim()
      .min(1, 'address is empty')
      .max(320, 'address must be at most 320 characters')
      .optional()
      .describe(
        'A phone number, email or messenger id: matched to the contact that has it, or a new contact',
      ),
    addressChannel: z.enum(CHANNELS).optional().describe('The address’s channel (default: phone)'),
    name: z.string().trim().max(200).optional().describe('Name for a new contact made from the address'),
    state: z
      .enum(['callable', 'closed'])
      .default('callable')
      .describe('callable (waiting: will be handed out) or closed (kept, never handed out)'),
    nextTryAt: ZonedDateTime.optional().describe('Not handed out before this time (default: now)'),
    priority: Priority.default(0),
    topPriority: z.boolean().default(false),
    preferredAgentId: z.uuid('preferredAgentId must be a user id (UUID)').nullable().optional(),
    timeZone: TimeZone.optional().describe('Default: the contact’s, else from the phone number’s country'),
    skill: Skill.optional(),
  })
  .strict()
  .refine((e) => e.contactId || e.address, { message: 'give contactId or address', path: ['contactId'] })
  .refine((e) => !(e.contactId && e.address), {
    message: 'give contactId or address, not both',
    path: ['address'],
  });
export type EntryCreate = z.infer<typeof EntryCreate>;

export const EntriesCreate = z
  .object({
    entries: z
      .array(EntryCreate)
      .min(1, 'give at least one entry')
      .max(1000, 'at most 1000 entries per request'),
  })
  .strict();

export const FromSelection = z
  .object({
    filter: FilterTree.optional(),
    q: z.string().max(200, 'q must be at most 200 characters').optional(),
    segmentId: z.uuid('segmentId must be a segment id (UUID)').optional(),
    priority: Priority.default(0),
  })
  .strict()
  .refine((s) => s.filter !== undefined || s.segmentId || s.q, {
    message: 'give a filter, a segmentId or q',
    path: ['filter'],
  })
  .refine((s) => !(s.segmentId && s.filter !== undefined), {
    message: 'give a filter or a segmentId, not both',
    path: ['segmentId'],
  });

export const EntryPatch = z
  .object({
    state: z
      .enum(['callable', 'closed'])
      .optional()
      .describe('callable puts the entry back in the queue (attempts kept), closed takes it out'),
    priority: Priority.optional(),
    topPriority: z.boolean().optional(),
    nextTryAt: ZonedDateTime.optional(),
    preferredAgentId: z.uuid('preferredAgentId must be a user id (UUID)').nullable().optional(),
    timeZone: TimeZone.nullable().optional().describe('null: back to the contact’s or the phone’s'),
    skill: Skill.nullable().optional(),
  })
  .strict();
export type EntryPatch = z.infer<typeof EntryPatch>;

export const Entry = z.object({
  id: z.string(),
  listId: z.string(),
  campaignId: z.string(),
  contact: z.object({ id: z.string(), displayName: z.string() }).nullable(),
  state: z.enum(ENTRY_STATES),
  priority: z.number(),
  topPriority: z.boolean(),
  nextTryAt: z.string(),
  preferredAgentId: z.string().nullable(),
  skill: z.string().nullable(),
  timeZones: z.array(z.string()),
  addressChannel: z.string().nullable(),
  address: z.string().nullable(),
  attempts: z.number(),
  lastResult: z.string().nullable(),
  lastAttemptAt: z.string().nullable(),
  flagReason: z.string().nullable(),
  progress: z.record(z.string(), z.string()),
  leaseExpiresAt: z.string().nullable(),
  payload: z
    .record(z.string(), z.unknown())
    .nullable()
    .describe('What a contact web service sent for the entry (its name, its id…); null otherwise'),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Entry = z.infer<typeof Entry>;

export const EntryQuery = z
  .object({
    state: z.enum(ENTRY_STATES).optional(),
    limit: z.coerce
      .number()
      .int()
      .min(1, 'limit must be at least 1')
      .max(200, 'limit must be at most 200')
      .default(50),
    cursor: z.string().max(200).optional(),
  })
  .strict();

export const EntryList = z.object({ items: z.array(Entry), nextCursor: z.string().nullable() });

export const AddResult = z.object({
  added: z.number().describe('New entries'),
  alreadyOnList: z.number().describe('Contacts already on the list, left as they were'),
  created: z.number().describe('Contacts created from addresses no contact had'),
});
