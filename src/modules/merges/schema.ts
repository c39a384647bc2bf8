import { z } from 'zod';
import { Contact } from '../contacts/schema.js';

/** A primary and at most 24 others. */
export const MAX_MERGED = 24;
/** How long a merge can be undone. */
export const UNMERGE_DAYS = 30;

/** Core fields a merge can take from any of the contacts; `address` travels as one unit. */
export const CHOOSABLE_FIELDS = [
  'firstName',
  'lastName',
  'type',
  'level',
  'company',
  'jobTitle',
  'department',
  'birthDate',
  'language',
  'timeZone',
  'address',
  'ownerId',
  'source',
  'externalId',
] as const;

const ContactId = (what: string) => z.uuid(`${what} must be a contact id (UUID)`);

export const MergeRequest = z
  .object({
    primaryId: ContactId('primaryId').describe('The contact that stays; the others are merged into it'),
    mergeIds: z
      .array(ContactId('mergeIds'))
      .min(1, 'Give at least one contact to merge into the primary')
      .max(MAX_MERGED, `At most ${MAX_MERGED} contacts merge into one primary (${MAX_MERGED + 1} in all)`)
      .describe('Contacts merged into the primary; their blanks fill the primary’s in this order'),
    fields: z
      .record(z.string().max(100), z.uuid('must be the id of one of the merged contacts'))
      .optional()
      .describe(
        `Per-field choices: field → id of the contact whose value to take. Fields: ${CHOOSABLE_FIELDS.join(', ')}, or custom.<key>. Without a choice the primary’s value wins and its blanks are filled from the others in order`,
      ),
  })
  .strict();
export type MergeRequest = z.infer<typeof MergeRequest>;

export const PreviewQuery = z.object({
  ids: z
    .string()
    .max(1000, 'ids must be at most 1000 characters')
    .describe('Comma-separated contact ids; the first is the primary'),
});

const Candidate = z.object({ contactId: z.string(), value: z.unknown() });

export const MergePreview = z.object({
  primaryId: z.string(),
  mergeIds: z.array(z.string()),
  contacts: z.array(Contact).describe('The contacts as they are, the primary first'),
  fields: z
    .array(
      z.object({
        field: z.string().describe('The key to use in `fields` of POST /contacts/merge'),
        candidates: z.array(Candidate).describe('Each contact’s value, in merge order'),
        defaultFrom: z.string().nullable().describe('Whose value wins without a choice (null: blank in all)'),
        differs: z.boolean().describe('True when the contacts hold different values: worth a choice'),
      }),
    )
    .describe('Every choosable field that is set on at least one contact'),
  result: Contact.describe('The primary as the merge would leave it with the default choices'),
  links: z
    .array(
      z.object({
        contactId: z.string(),
        activities: z.number().int().describe('Timeline activities; all move to the primary'),
        listEntries: z.number().int().describe('Outbound list entries'),
        listEntriesRemoved: z
          .number()
          .int()
          .describe('Of those, on a list the primary or an earlier contact is on too: removed by the merge'),
      }),
    )
    .describe('Each contact’s activities and list entries, in merge order'),
});

export const MergeResult = z.object({ mergeId: z.string(), contact: Contact });

export const Merge = z.object({
  id: z.string(),
  primaryId: z.string(),
  mergedIds: z.array(z.string()),
  createdAt: z.string(),
  createdBy: z.object({ id: z.string().nullable(), name: z.string().nullable() }),
  undoneAt: z.string().nullable(),
  unmergeUntil: z.string(),
  canUnmerge: z.boolean(),
  reason: z.string().nullable().describe('Why the merge cannot be undone, when it cannot'),
});
export type Merge = z.infer<typeof Merge>;

export const MergeList = z.object({ items: z.array(Merge) });
export const MergeListQuery = z.object({ contactId: ContactId('contactId') });
export const MergeParams = z.object({ id: z.uuid('id must be a merge id (UUID)') });

export const UnmergeResult = z.object({
  mergeId: z.string(),
  primary: Contact,
  restored: z.array(Contact).describe('The merged-away contacts, back with their own ids'),
});
