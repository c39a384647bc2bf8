import { z } from 'zod';
import { FilterTree } from '../contacts/schema.js';

const Name = z.string().trim().min(1, 'name is required').max(100, 'name must be at most 100 characters');

export const SegmentCreate = z.object({ name: Name, filter: FilterTree }).strict();
export type SegmentCreate = z.infer<typeof SegmentCreate>;

export const SegmentPatch = z.object({ name: Name.optional(), filter: FilterTree.optional() }).strict();
export type SegmentPatch = z.infer<typeof SegmentPatch>;

export const Segment = z.object({
  id: z.string(),
  name: z.string(),
  filter: z.unknown(),
  /** Contacts the caller sees that match now. */
  count: z.number().int(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Segment = z.infer<typeof Segment>;
