import { z } from 'zod';
import { Contact } from '../contacts/schema.js';
import { DEFAULT_THRESHOLD } from '../duplicates/score.js';
import { MAX_MERGED } from '../merges/schema.js';

const ContactId = z.uuid('must be a contact id (UUID)');

export const ScanStart = z
  .object({
    threshold: z
      .number('threshold must be a number between 0.5 and 0.99')
      .min(0.5, 'threshold must be at least 0.5: below it most groups are strangers')
      .max(0.99, 'threshold must be at most 0.99')
      .default(DEFAULT_THRESHOLD)
      .describe(`How sure a pair must be to be offered (0.5-0.99, default ${DEFAULT_THRESHOLD})`),
  })
  .strict();

export const Scan = z.object({
  id: z.string(),
  state: z.enum(['waiting', 'running', 'done', 'error']),
  phase: z.string().nullable().describe('loading, blocking, scoring, clustering or saving while running'),
  progress: z.number().describe('0..1 within the phase'),
  threshold: z.number(),
  contacts: z.number().describe('Contacts read'),
  comparisons: z.number().describe('Candidate pairs scored'),
  clusters: z.number().describe('Groups of possible duplicates found'),
  duplicates: z.number().describe('Contacts in those groups'),
  error: z.string().nullable(),
  createdBy: z.object({ id: z.string().nullable(), name: z.string() }),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type Scan = z.infer<typeof Scan>;

export const ScanList = z.object({ items: z.array(Scan) });

export const ScanParams = z.object({ id: z.uuid('id must be a scan id (UUID)') });

const Reason = z.object({
  code: z.string(),
  detail: z.string(),
  text: z.string().describe('The reason as a person reads it: "Same phone: +14155550100"'),
  against: z.boolean().describe('True for evidence against a match (a different birth date)'),
});

export const ScoredPair = z.object({
  a: z.string(),
  b: z.string(),
  score: z.number(),
  reasons: z.array(Reason),
});

export const Cluster = z.object({
  id: z.string().describe('scanId:seq'),
  score: z.number().describe('The best pair score in the group'),
  contacts: z.array(Contact).describe('Members that still exist, most linked first'),
  pairs: z.array(ScoredPair).describe('The scored links between members'),
});
export type Cluster = z.infer<typeof Cluster>;

export const ClusterQuery = z
  .object({
    scanId: z
      .uuid('scanId must be a scan id (UUID)')
      .optional()
      .describe('Default: the latest finished scan'),
    limit: z.coerce
      .number('limit must be a number')
      .int('limit must be a whole number')
      .min(1, 'limit must be at least 1')
      .max(100, 'limit must be at most 100')
      .default(20),
    cursor: z.string().max(200, 'cursor must be at most 200 characters').optional(),
  })
  .strict();

export const ClusterList = z.object({
  scan: Scan.nullable().describe('The scan the groups come from; null when none has finished'),
  items: z.array(Cluster),
  nextCursor: z.string().nullable(),
});

export const ContactDuplicates = z.object({
  items: z.array(z.object({ contact: Contact, score: z.number(), reasons: z.array(Reason) })),
});

export const Dismissal = z
  .object({
    contactIds: z
      .array(ContactId)
      .min(2, 'Give at least two contacts')
      .max(MAX_MERGED + 1, `At most ${MAX_MERGED + 1} contacts at once`)
      .describe('Contacts that are not one person: every pair among them is dismissed'),
  })
  .strict();

export const DismissalResult = z.object({ dismissed: z.number().describe('Pairs newly dismissed') });
