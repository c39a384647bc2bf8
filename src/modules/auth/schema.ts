import { z } from 'zod';
import { DATE_FORMATS } from '../workspaces/date-formats.js';

export const Email = z
  .string()
  .trim()
  .max(254, 'Email must be at most 254 characters')
  .pipe(z.email('Email is not a valid address'))
  .transform((s) => s.toLowerCase());

export const Password = z
  .string()
  .min(8, 'Password must be at least 8 characters')
  .max(200, 'Password must be at most 200 characters');

export const SignIn = z.object({ email: z.string().trim().max(254), password: z.string().max(200) });

export const Me = z.object({
  user: z.object({ id: z.string(), name: z.string(), email: z.string() }).nullable(),
  apiKey: z.object({ id: z.string(), name: z.string() }).nullable(),
  role: z.enum(['owner', 'admin', 'agent']),
  workspace: z.object({
    id: z.string(),
    name: z.string(),
    defaultCountry: z.string(),
    dateFormat: z.enum(DATE_FORMATS),
  }),
});
export type Me = z.infer<typeof Me>;
