import { z } from 'zod';
import { Email, Password } from '../auth/schema.js';
import { CountryCode } from '../contacts/normalize.js';
import { keywordOf } from '../conversations/keywords.js';

import { DATE_FORMATS } from './date-formats.js';

export { DATE_FORMATS };

export const SetupStatus = z.object({ needed: z.boolean() });

export const Setup = z.object({
  workspaceName: z
    .string()
    .trim()
    .min(1, 'Workspace name is required')
    .max(100, 'Workspace name must be at most 100 characters'),
  name: z.string().trim().min(1, 'Your name is required').max(100, 'Name must be at most 100 characters'),
  email: Email,
  password: Password,
  defaultCountry: CountryCode.default('US'),
  sampleContacts: z.boolean().default(false).describe('Fill the workspace with realistic sample contacts'),
});
export type Setup = z.infer<typeof Setup>;

export const WorkspaceSettings = z.object({
  id: z.string(),
  name: z.string(),
  defaultCountry: z
    .string()
    .describe('ISO 3166-1 alpha-2; phones without a country code are read as this country'),
  dateFormat: z.enum(DATE_FORMATS),
  optOutKeywords: z
    .array(z.string())
    .describe(
      'An inbound message that is only one of these words opts its sender out (case and trailing punctuation ignored)',
    ),
  optInKeywords: z
    .array(z.string())
    .describe('An inbound message that is only one of these words opts its sender back in'),
  createdAt: z.string(),
});

// Stored as an inbound message is read (conversations/keywords.ts): "Stop!" is kept as STOP, which
// is what a message "Stop!" reads as; kept as written it would never match.
const Keywords = z
  .array(
    z
      .string()
      .trim()
      .min(1, 'a keyword cannot be empty')
      .max(30, 'a keyword must be at most 30 characters')
      .transform((k, ctx) => {
        const word = keywordOf(k);
        if (!word) {
          ctx.addIssue({ code: 'custom', message: `"${k}" is only punctuation: a keyword needs a word` });
          return z.NEVER;
        }
        return word;
      }),
  )
  .max(50, 'at most 50 keywords')
  .transform((ks) => [...new Set(ks)]);

export const WorkspacePatch = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, 'Workspace name is required')
      .max(100, 'Workspace name must be at most 100 characters'),
    defaultCountry: CountryCode,
    dateFormat: z.enum(DATE_FORMATS),
    optOutKeywords: Keywords,
    optInKeywords: Keywords,
  })
  .partial()
  .strict();
export type WorkspacePatch = z.infer<typeof WorkspacePatch>;
