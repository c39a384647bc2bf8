import { z } from 'zod';
import { FilterTree } from '../contacts/schema.js';

const Name = z.string().trim().min(1, 'name is required').max(100, 'name must be at most 100 characters');
const Category = z
  .string()
  .trim()
  .max(100, 'category must be at most 100 characters')
  .nullable()
  .transform((s) => (s === '' ? null : s));

export const GROUP_KINDS = ['static', 'dynamic'] as const;

export const GroupCreate = z
  .object({
    name: Name,
    category: Category.optional(),
    type: z.enum(GROUP_KINDS).describe('static: members are added and removed; dynamic: defined by a filter'),
    filter: FilterTree.optional().describe('Required for dynamic groups, refused for static ones'),
  })
  .strict();
export type GroupCreate = z.infer<typeof GroupCreate>;

export const GroupPatch = z
  .object({ name: Name.optional(), category: Category.optional(), filter: FilterTree.optional() })
  .strict();
export type GroupPatch = z.infer<typeof GroupPatch>;

export const Group = z.object({
  id: z.string(),
  name: z.string(),
  category: z.string().nullable(),
  type: z.enum(GROUP_KINDS),
  filter: z.unknown().nullable(),
  /** Members the caller sees whose contact is reachable (active). */
  activeCount: z.number().int(),
  /** All members the caller sees. */
  memberCount: z.number().int(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Group = z.infer<typeof Group>;

export const MemberIds = z
  .object({
    ids: z
      .array(z.uuid('ids must be contact ids'))
      .min(1, 'Give at least one id')
      .max(1000, 'At most 1000 ids per request; use a bulk action for more'),
  })
  .strict();

export const GroupMerge = z
  .object({
    from: z.uuid('from must be a group id').describe('The group merged into this one, then deleted'),
  })
  .strict();
