// Import enumerations, free of imports so the web app and every module can load them.
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

/** The last column of an error file: why each row failed. */
export const ERRORS_HEADER = 'Errors';
