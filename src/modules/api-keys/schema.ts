import { z } from 'zod';

export const ApiKeyCreate = z.object({
  name: z.string().trim().min(1, 'Name is required').max(100, 'Name must be at most 100 characters'),
});

export const ApiKey = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string().describe('First characters of the key, to recognise it'),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

export const ApiKeyCreated = ApiKey.extend({
  token: z.string().describe('The key itself. Shown only in this response: store it now.'),
});

export type ApiKeyCreate = z.infer<typeof ApiKeyCreate>;
export type ApiKey = z.infer<typeof ApiKey>;
