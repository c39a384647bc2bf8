import { z } from 'zod';
import { FilterTree } from '../contacts/schema.js';

const Tag = z.string().trim().min(1, 'Tags cannot be empty').max(50, 'Tags must be at most 50 characters');
const Tags = z.array(Tag).min(1, 'Give at least one tag').max(20, 'At most 20 tags at once');

/** Core fields a bulk action may set (not ids, points or tags, which have their own actions). */
export const SETTABLE_FIELDS = [
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
  'street',
  'city',
  'state',
  'zip',
  'country',
] as const;

export const BulkActionSpec = z.discriminatedUnion('type', [
  z
    .object({ type: z.literal('assign_owner'), ownerId: z.uuid('ownerId must be a user id').nullable() })
    .strict(),
  z.object({ type: z.literal('add_tags'), tags: Tags }).strict(),
  z.object({ type: z.literal('remove_tags'), tags: Tags }).strict(),
  z.object({ type: z.literal('add_to_group'), groupId: z.uuid('groupId must be a group id') }).strict(),
  z.object({ type: z.literal('remove_from_group'), groupId: z.uuid('groupId must be a group id') }).strict(),
  z
    .object({
      type: z.literal('set_field'),
      field: z
        .string()
        .max(100)
        .describe(`One of ${SETTABLE_FIELDS.join(', ')}, or custom.<key>`),
      value: z.unknown().describe('The new value; null clears it'),
    })
    .strict(),
  z.object({ type: z.literal('delete') }).strict(),
]);
export type BulkActionSpec = z.infer<typeof BulkActionSpec>;

export const BulkSelection = z
  .object({
    ids: z
      .array(z.uuid('ids must be contact ids'))
      .min(1, 'Give at least one id')
      .max(10_000, 'At most 10000 ids; select by filter for more')
      .optional(),
    filter: FilterTree.optional(),
    q: z.string().max(200, 'q must be at most 200 characters').optional(),
  })
  .strict()
  .describe(
    'Contacts by ids, or all that match a filter and/or search text; always within what the caller sees',
  );
export type BulkSelection = z.infer<typeof BulkSelection>;

export const BulkActionCreate = z
  .object({
    selection: BulkSelection,
    action: BulkActionSpec,
    expectedCount: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe(
        'The count the caller was shown; a different count now refuses the action. Required to delete',
      ),
  })
  .strict();
export type BulkActionCreate = z.infer<typeof BulkActionCreate>;

export const BULK_STATES = ['waiting', 'running', 'done', 'failed', 'cancelled'] as const;

export const BulkAction = z.object({
  id: z.string(),
  state: z.enum(BULK_STATES),
  action: z.record(z.string(), z.unknown()),
  selection: z.record(z.string(), z.unknown()),
  total: z.number().int(),
  processed: z.number().int(),
  changed: z.number().int(),
  skipped: z
    .number()
    .int()
    .describe('Contacts left as they were: the change was already there, or they were gone'),
  failed: z
    .number()
    .int()
    .describe(
      'Contacts the change could not apply to: a set_field that would leave no name or contact point',
    ),
  error: z.string().nullable(),
  createdBy: z.object({ id: z.string().nullable(), name: z.string() }),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type BulkAction = z.infer<typeof BulkAction>;
