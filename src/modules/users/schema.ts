import { z } from 'zod';
import { Email, Password } from '../auth/schema.js';

export const RoleEnum = z.enum(['owner', 'admin', 'agent']);

export const Member = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: RoleEnum,
  active: z.boolean(),
  createdAt: z.string(),
});
export type Member = z.infer<typeof Member>;

export const MemberCreate = z.object({
  name: z.string().trim().min(1, 'Name is required').max(100, 'Name must be at most 100 characters'),
  email: Email,
  password: Password,
  role: RoleEnum.default('agent'),
});
export type MemberCreate = z.infer<typeof MemberCreate>;

export const MemberPatch = z
  .object({
    name: z.string().trim().min(1, 'Name is required').max(100, 'Name must be at most 100 characters'),
    role: RoleEnum,
    active: z.boolean().describe('false deactivates the user: they are signed out and can no longer sign in'),
    password: Password,
  })
  .partial()
  .strict();
export type MemberPatch = z.infer<typeof MemberPatch>;
