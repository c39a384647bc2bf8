import { createCsvReader, type CsvDelimiter, type CsvOptions, type CsvRow, type CsvLayout } from './csv.js';
import { decodeText, type EncodingChoice, type TextEncoding } from './decode.js';
import { fileError } from './file-error.js';

export interface PreviewOptions extends CsvOptions {
  encoding?: EncodingChoice;
  /** Data rows to return (default 20). */
  rowLimit?: number;
}

export interface FilePreview {
  kind: 'text';
  encoding: TextEncoding;
  delimiter: CsvDelimiter;
  hasHeader: boolean;
  headers: string[];
  /** The first `rowLimit` data rows, problems included. */
  rows: CsvRow[];
  /** Data rows in the file: counted when the text is small, else extrapolated from the part read. */
  totalRowsEstimate: number;
  totalRowsExact: boolean;
  /** Things the user should know that did not stop the read. */
  warnings: string[];
}

// Up to this much text every row is counted; beyond it counting would make a preview slow.
const EXACT_COUNT_CHARS = 2 * 1024 * 1024;
const CHUNK_CHARS = 256 * 1024;

/**
 * Reads the start of an uploaded CSV/TSV/text file for the import wizard: what it is, how it is
 * encoded and split, its headers and first rows. Refuses, with a 400 naming the `file` field,
 * empty files, header-only files, binary or non-CSV files (XLSX included: callers sniff with
 * `sniffFileKind` and route workbooks to their own reader), and text that is not valid in the
 * encoding it appears to be in or was declared in.
 */
export function previewFile(bytes: Uint8Array, options: PreviewOptions = {}): FilePreview {
  const rowLimit = Math.max(1, options.rowLimit ?? 20);
  const decoded = decodeText(bytes, { encoding: options.encoding });
  const { text } = decoded;
  if (text.trim() === '') throw fileError('The file is empty');

  const reader = createCsvReader(options);
  const rows: CsvRow[] = [];
  let total = 0;
  let consumed = 0;
  const take = (batch: CsvRow[]) => {
    total += batch.length;
    for (const row of batch) if (rows.length < rowLimit) rows.push(row);
  };
  while (consumed < text.length) {
    const piece = text.slice(consumed, consumed + CHUNK_CHARS);
    consumed += piece.length;
    take(reader.push(piece));
    if (text.length > EXACT_COUNT_CHARS && rows.length >= rowLimit) break;
  }
  const exact = consumed === text.length;
  if (exact) take(reader.end());
  const layout = reader.layout as CsvLayout;

  if (total === 0) {
    throw fileError(
      layout.hasHeader
        ? 'The file has a header row but no data rows'
        : 'The file has no values: every line is empty or holds only delimiters',
    );
  }

  const warnings: string[] = [];
  if (decoded.removedNulChars > 0) {
    warnings.push(`Removed ${decoded.removedNulChars} NUL (zero) characters, which text cannot hold`);
  }
  if (decoded.encoding === 'windows-1252' && (options.encoding ?? 'auto') === 'auto') {
    warnings.push('The file is not UTF-8; it was read as Windows-1252 (Western European)');
  }

  return {
    kind: 'text',
    encoding: decoded.encoding,
    delimiter: layout.delimiter,
    hasHeader: layout.hasHeader,
    headers: layout.headers,
    rows,
    totalRowsEstimate: exact ? total : Math.round((total * text.length) / consumed),
    totalRowsExact: exact,
    warnings,
  };
}
