import { z } from 'zod';
import { ImportMapping } from './mapping.js';
import { DELIMITER_NAMES, ENCODINGS, IMPORT_STATES } from './enums.js';
import { ImportCounts, ImportOptionsView } from './options.js';

export { DELIMITERS, ENCODINGS, IMPORT_STATES, type DelimiterName } from './enums.js';

/** How to read the file; `auto` (the default) detects. */
export const ReadOptions = z
  .object({
    encoding: z.enum(ENCODINGS).default('auto'),
    delimiter: z.enum(['auto', ...DELIMITER_NAMES]).default('auto'),
    hasHeader: z.enum(['auto', 'true', 'false']).default('auto'),
    sheet: z.string().max(200).optional().describe('Excel files: the worksheet to read; default the first'),
  })
  .strict();
export type ReadOptions = z.infer<typeof ReadOptions>;

export const UploadQuery = ReadOptions.extend({
  source: z
    .enum(['file', 'pasted'])
    .default('file')
    .describe('pasted: the body is text pasted by a person, one contact per line (name, email, phone)'),
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
  kind: z.enum(['csv', 'xlsx', 'vcard', 'pasted']).nullable().describe('How the file was read'),
  sheets: z.array(z.string()).nullable().describe('Excel files: every worksheet'),
  sheet: z.string().nullable().describe('Excel files: the worksheet read'),
  encoding: z.string().nullable(),
  delimiter: z.enum(DELIMITER_NAMES).nullable(),
  hasHeader: z.boolean().nullable(),
  headers: z.array(z.string()),
  rowsEstimate: z
    .number()
    .int()
    .nullable()
    .describe('Data rows in the file, estimated from its start when large'),
  counts: ImportCounts.describe('read = created + updated + unchanged + failed at every moment'),
  progress: z
    .object({
      percent: z.number().nullable().describe('Of the estimated rows; null before the job starts'),
      rowsPerSecond: z.number().nullable(),
      secondsLeft: z.number().nullable(),
    })
    .describe('Live while processing'),
  error: z.string().nullable().describe('Why the import stopped (state error), or the reason of a retry'),
  cancelRequested: z.boolean(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  options: ImportOptionsView.nullable().describe('The choices the import was started with'),
  errorFileUrl: z.string().nullable().describe('The failed rows as CSV, once there are any'),
  fileDeletedAt: z
    .string()
    .nullable()
    .describe(
      'When the uploaded file was deleted (IMPORT_FILE_KEEP_DAYS after the import ended); counts and error file stay',
    ),
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
