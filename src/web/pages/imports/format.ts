import type { ImportSummary } from '../../api/imports';

const number = new Intl.NumberFormat('en-US');
export const count = (n: number) => number.format(n);

export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toLocaleString('en-US', { maximumFractionDigits: value < 10 ? 1 : 0 })} ${units[unit]}`;
}

/** "about 2 minutes" for a number of seconds. */
export function duration(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${minutes % 60} min`;
}

/** The name a person recognises: pasted text has no file of its own. */
export const importName = (i: Pick<ImportSummary, 'fileName' | 'kind'>) =>
  i.kind === 'pasted' ? 'Pasted contacts' : i.fileName;

export const KIND_LABELS: Record<NonNullable<ImportSummary['kind']>, string> = {
  csv: 'CSV',
  xlsx: 'Excel workbook',
  vcard: 'vCard',
  pasted: 'Pasted text',
};

export const ENCODING_LABELS: Record<string, string> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16 (little-endian)',
  'utf-16be': 'UTF-16 (big-endian)',
  'windows-1252': 'Windows-1252 (Western European)',
};

export const DELIMITER_LABELS: Record<string, string> = {
  comma: 'Comma ( , )',
  semicolon: 'Semicolon ( ; )',
  tab: 'Tab',
  pipe: 'Pipe ( | )',
};

/** Rows that made it in: created, updated or found unchanged. */
export const imported = (i: ImportSummary) => i.counts.rowsRead - i.counts.failed;
