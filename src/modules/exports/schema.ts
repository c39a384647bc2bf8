import { z } from 'zod';
import { FilterTree } from '../contacts/schema.js';
import { MAX_STREAM_IDS } from '../contacts/stream.js';

export const EXPORT_FORMATS = ['csv', 'xlsx', 'vcf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const EXPORT_STATES = ['waiting', 'processing', 'done', 'error'] as const;
export type ExportState = (typeof EXPORT_STATES)[number];
export const MAX_COLUMNS = 1000;

const Format = z
  .enum(EXPORT_FORMATS, { error: 'format must be csv, xlsx or vcf' })
  .default('csv')
  .describe('csv (UTF-8 with BOM), xlsx, or vcf (vCard 4.0)');

const Q = z
  .string()
  .max(200, 'q must be at most 200 characters')
  .optional()
  .describe('Only contacts matching this search, as in GET /contacts?q=');

const Ids = z
  .array(z.uuid('ids must be contact ids (UUIDs)'))
  .max(MAX_STREAM_IDS, `At most ${MAX_STREAM_IDS} ids`)
  .describe('Only these contacts; ids you may not see are skipped');

const Columns = z
  .array(z.string().max(300, 'Column names must be at most 300 characters'))
  .max(MAX_COLUMNS, `At most ${MAX_COLUMNS} columns`)
  .describe(
    'Columns in this order (csv and xlsx): firstName, address.city, "phone (mobile)", custom.<key>, id, createdAt, updatedAt, …; default: every core field, each channel and label in use, every custom field',
  );

/** A comma-separated query parameter as a list; empty means absent. */
const commaList = (v: unknown) =>
  typeof v === 'string'
    ? v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : v;
const emptyAsAbsent = (v: unknown) => (Array.isArray(v) && v.length === 0 ? undefined : v);

export const ExportQuery = z
  .object({
    format: Format,
    columns: z
      .preprocess((v) => emptyAsAbsent(commaList(v)), Columns.optional())
      .describe('Comma-separated column names (see POST /exports); custom.<key> for labels with commas'),
    q: Q,
    ids: z
      .preprocess((v) => emptyAsAbsent(commaList(v)), Ids.optional())
      .describe('Comma-separated contact ids; a URL holds a few hundred, use POST /exports for up to 10,000'),
    filter: z
      .string()
      .max(20_000, 'filter must be at most 20000 characters')
      .optional()
      .describe('Only contacts matching this filter tree, as JSON (GET /contacts?filter=)'),
  })
  .strict();
export type ExportQuery = z.infer<typeof ExportQuery>;

export const ExportCreate = z
  .object({
    format: Format,
    columns: Columns.optional(),
    q: Q,
    ids: Ids.optional(),
    filter: FilterTree.optional().describe(
      'Only contacts matching this filter tree (a segment: {"field": "segment", "op": "equals", "value": id})',
    ),
  })
  .strict();
export type ExportOptions = z.infer<typeof ExportCreate>;

export const TemplateQuery = z
  .object({
    format: z.enum(['csv', 'xlsx'], { error: 'format must be csv or xlsx' }).default('csv'),
  })
  .strict();

export const ExportJob = z.object({
  id: z.string(),
  format: z.enum(EXPORT_FORMATS),
  state: z.enum(EXPORT_STATES),
  rowsWritten: z.number().int().describe('Contacts written so far'),
  fileName: z.string(),
  fileSize: z.number().int().nullable().describe('Bytes, once done'),
  error: z.string().nullable(),
  createdBy: z.object({
    type: z.enum(['user', 'api_key']),
    id: z.string().nullable(),
    name: z.string(),
  }),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  expiresAt: z.string().describe('Finished files are kept 7 days'),
  downloadUrl: z.string().nullable().describe('Where to download the file, once done'),
});
export type ExportJob = z.infer<typeof ExportJob>;

export const ExportStarted = z.object({ id: z.string(), state: z.enum(EXPORT_STATES) });
