import { z } from 'zod';
import { ImportMapping } from './mapping.js';

export const IMPORT_STATES = [
  'receiving',
  'uploaded',
  'waiting',
  'processing',
  'processed',
  'error',
  'cancelled',
] as const;
export const ENCODINGS = ['auto', 'utf-8', 'utf-16le', 'utf-16be', 'windows-1252'] as const;
export const DELIMITERS = { comma: ',', semicolon: ';', tab: '\t', pipe: '|' } as const;
export type DelimiterName = keyof typeof DELIMITERS;
const DELIMITER_NAMES = Object.keys(DELIMITERS) as [DelimiterName, ...DelimiterName[]];

/** How to read the file; `auto` (the default) detects. */
export const ReadOptions = z
  .object({
    encoding: z.enum(ENCODINGS).default('auto'),
    delimiter: z.enum(['auto', ...DELIMITER_NAMES]).default('auto'),
    hasHeader: z.enum(['auto', 'true', 'false']).default('auto'),
  })
  .strict();
export type ReadOptions = z.infer<typeof ReadOptions>;

export const UploadQuery = ReadOptions.extend({
  fileName: z
    .string()
    .trim()
    .min(1, 'fileName must not be empty')
    .max(255, 'fileName must be at most 255 characters')
    .default('upload.csv'),
}).strict();

export const ImportSummary = z.object({
  id: z.string(),
  fileName: z.string(),
  fileSize: z.number().int(),
  state: z.enum(IMPORT_STATES),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  encoding: z.string().nullable(),
  delimiter: z.enum(DELIMITER_NAMES).nullable(),
  hasHeader: z.boolean().nullable(),
  headers: z.array(z.string()),
  rowsEstimate: z
    .number()
    .int()
    .nullable()
    .describe('Data rows in the file, estimated from its start when large'),
});
export type ImportSummary = z.infer<typeof ImportSummary>;

export const ImportPreview = ImportSummary.extend({
  rows: z
    .array(
      z.object({ rowNumber: z.number().int(), cells: z.array(z.string()), problem: z.string().optional() }),
    )
    .describe('The first data rows, as read'),
  warnings: z.array(z.string()),
  suggestedMapping: z.object({
    mapping: ImportMapping,
    unmapped: z.array(z.number().int()).describe('Columns nothing matched'),
    notes: z.array(z.object({ column: z.number().int(), message: z.string() })),
  }),
});
export type ImportPreview = z.infer<typeof ImportPreview>;
