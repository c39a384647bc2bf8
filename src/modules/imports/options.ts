// What a user chooses when starting an import (wizard step 4, or the API/CLI), and the stored form
// the job runs from. Stored on the import row, so a resumed job runs with exactly the same choices.
import { z } from 'zod';
import { CountryCode } from '../contacts/normalize.js';
import { DATE_FORMATS } from '../workspaces/date-formats.js';
import { ImportMapping } from './mapping.js';
import { DELIMITER_NAMES, ENCODINGS, MATCH_KEYS, ON_MATCH } from './enums.js';

export { MATCH_KEYS, ON_MATCH, type MatchKey, type OnMatch } from './enums.js';

const Tag = z.string().trim().min(1, 'Tags cannot be empty').max(50, 'Tags must be at most 50 characters');

export const ImportStart = z
  .object({
    mapping: ImportMapping.describe('One target per column of the file, in order (see suggestedMapping)'),
    matchBy: z
      .enum(MATCH_KEYS)
      .optional()
      .describe(
        'How a row finds an existing contact: its external id, its (first) email, its (first) phone, or never. Default: externalId when a column is mapped to it, else email when mapped, else none',
      ),
    onMatch: z
      .enum(ON_MATCH)
      .default('update')
      .describe('A row that matches a contact: update it, skip the row, or create a new contact anyway'),
    generateExternalIds: z
      .boolean()
      .default(false)
      .describe(
        'Give rows without an external id a sequential number, continuing after the largest numeric external id of the workspace',
      ),
    tags: z.array(Tag).max(20, 'At most 20 tags').default([]).describe('Added to every imported contact'),
    groupId: z
      .uuid('groupId must be a group id')
      .optional()
      .describe('A static group every imported contact (created or updated) is added to'),
    listId: z
      .uuid('listId must be a contact list id')
      .optional()
      .describe(
        'A contact list (managers only) every imported contact (created, updated or matched) is added to as a callable entry; a contact already on the list keeps its entry. entry.* columns set each entry’s priority, next try, time zone and top priority',
      ),
    ownerId: z
      .uuid('ownerId must be a user id')
      .nullable()
      .optional()
      .describe('Owner of created contacts (managers only); default the importing user'),
    defaultCountry: CountryCode.optional().describe(
      'For phone numbers written without +country code; default the workspace’s country',
    ),
    dateFormat: z
      .enum(DATE_FORMATS)
      .default('YYYY-MM-DD')
      .describe('How dates in the file are written; ISO dates are always accepted'),
    encoding: z.enum(ENCODINGS).default('auto'),
    delimiter: z.enum(['auto', ...DELIMITER_NAMES]).default('auto'),
    hasHeader: z.boolean().optional().describe('Default: as detected in the preview'),
    sheet: z.string().max(200).optional().describe('Excel files: the worksheet; default the first'),
  })
  .strict();
export type ImportStart = z.infer<typeof ImportStart>;

/** Who started the import: the job acts with exactly this identity's rights. */
export const ImportActor = z.object({
  workspaceId: z.string(),
  role: z.enum(['owner', 'admin', 'agent']),
  userId: z.string().nullable(),
  apiKeyId: z.string().nullable(),
  name: z.string(),
});

/** The stored options: the request with defaults resolved at start. */
export const StoredImportOptions = ImportStart.extend({
  matchBy: z.enum(MATCH_KEYS),
  defaultCountry: z.string().length(2),
  hasHeader: z.boolean(),
  /** With generateExternalIds: row N (1-based, in file order) gets externalIdBase + N. */
  externalIdBase: z.number().int().nonnegative(),
  actor: ImportActor,
});
export type StoredImportOptions = z.infer<typeof StoredImportOptions>;

export const ImportCounts = z.object({
  rowsRead: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int().describe('Matched rows that changed nothing, and rows skipped on a match'),
  failed: z.number().int(),
  addedToList: z
    .number()
    .int()
    .optional()
    .describe('Imports with a listId: entries added to the list (contacts already on it are not counted)'),
});
export type ImportCounts = z.infer<typeof ImportCounts>;

/** The stored options as answered by the API (who started it is createdBy). */
export const ImportOptionsView = z.object({
  mapping: ImportMapping,
  matchBy: z.enum(MATCH_KEYS),
  onMatch: z.enum(ON_MATCH),
  generateExternalIds: z.boolean(),
  tags: z.array(z.string()),
  groupId: z.string().optional(),
  listId: z.string().optional(),
  list: z
    .object({ id: z.string(), name: z.string() })
    .nullable()
    .optional()
    .describe('With listId: the contact list as it is named now; null when it was deleted since'),
  ownerId: z.string().nullable().optional(),
  defaultCountry: z.string(),
  dateFormat: z.enum(DATE_FORMATS),
  encoding: z.enum(ENCODINGS),
  delimiter: z.enum(['auto', ...DELIMITER_NAMES]),
  hasHeader: z.boolean(),
  sheet: z.string().optional(),
});
