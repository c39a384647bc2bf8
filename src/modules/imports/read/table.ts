// One way in for every importable file: CSV/TSV/text, XLSX workbooks and vCard files all read as
// a table of rows under headers, for the upload preview and for the import job alike.
import { cutAtLastLine, PREVIEW_BYTES } from '../upload.js';
import { readCsvRows, type CsvDelimiter, type CsvLayout, type CsvRow } from './csv.js';
import {
  decodeText,
  detectEncoding,
  sniffFileKind,
  type EncodingChoice,
  type TextEncoding,
} from './decode.js';
import { parsePastedContacts } from './pasted.js';
import { fileError } from './file-error.js';
import { previewFile } from './preview.js';
import { previewVcards, readVcardRows, type VcardLayout } from './vcard-read.js';
import { EXACT_COUNT_ROWS, previewXlsx, readXlsxRows, type XlsxLayout } from './xlsx.js';

export type TableKind = 'csv' | 'xlsx' | 'vcard' | 'pasted';
/** Streams the stored file from its start; may be called more than once (e.g. two passes). */
export type OpenBytes = () => AsyncIterable<Uint8Array>;

export interface TableOptions {
  /** csv and vcard text */
  encoding?: EncodingChoice;
  /** csv */
  delimiter?: CsvDelimiter | 'auto';
  /** csv and xlsx; a vCard table always has its (made-up) headers */
  hasHeader?: boolean | 'auto';
  /** xlsx: a sheet name; default the first sheet */
  sheet?: string;
  /** Text pasted into the wizard, one contact per line: not sniffed, read by parsePastedContacts. */
  pasted?: boolean;
}

export interface TableLayout {
  kind: TableKind;
  headers: string[];
  hasHeader: boolean;
  /** null for xlsx */
  encoding: TextEncoding | null;
  /** csv only */
  delimiter: CsvDelimiter | null;
  /** xlsx: every worksheet name, in order */
  sheets: string[] | null;
  /** xlsx: the sheet read */
  sheet: string | null;
}

export interface TableBatch {
  layout: TableLayout;
  rows: CsvRow[];
}

export interface TablePreview {
  layout: TableLayout;
  rows: CsvRow[];
  rowsEstimate: number;
  warnings: string[];
}

const IMPORTABLE = 'Upload a CSV or text file, an Excel workbook (XLSX) or a vCard file (VCF)';
const NOT_A_TABLE: Record<string, string> = {
  xls: 'an Excel 97-2003 workbook (XLS) or a password-protected Excel file; save it in Excel as .xlsx, without a password, or as CSV',
  zip: 'a ZIP archive that is not an Excel workbook; unpack it and upload the file inside',
  pdf: 'a PDF document; export the contacts from where they are kept as CSV, XLSX or vCard',
  image: 'an image',
  gzip: 'a gzip-compressed file; unpack it first',
  binary: 'binary data',
};

function containsUtf16(bytes: Uint8Array, needle: string): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(needle, 0, 'utf16le');
}

function looksLikeVcard(head: Uint8Array, encoding: EncodingChoice): boolean {
  const sample = head.subarray(0, 4096);
  const guess = encoding === 'auto' ? detectEncoding(sample, { partial: true }) : { encoding, bomLength: 0 };
  const text = new TextDecoder(guess.encoding).decode(sample.subarray(guess.bomLength));
  return /^BEGIN:VCARD\s/i.test(text.replace(/^\uFEFF/, '').trimStart() + '\n');
}

/**
 * What the first bytes say; throws fileError (400, path `file`) for kinds we cannot import. An
 * explicit UTF-16 `encoding` lets NUL-rich text through, as the CSV reader does.
 */
export function detectTableKind(head: Uint8Array, options: { encoding?: EncodingChoice } = {}): TableKind {
  const encoding = options.encoding ?? 'auto';
  const kind = sniffFileKind(head);
  if (kind === 'empty') throw fileError('The file is empty');
  if (kind === 'xlsx') return 'xlsx';
  const utf16 = encoding === 'utf-16le' || encoding === 'utf-16be';
  if (kind === 'text' || (kind === 'binary' && utf16))
    return looksLikeVcard(head, encoding) ? 'vcard' : 'csv';
  if (kind === 'xls' && containsUtf16(head, 'EncryptedPackage')) {
    throw fileError(
      'This Excel workbook is password-protected; remove the password in Excel (File › Info › Protect Workbook) and upload it again',
    );
  }
  throw fileError(
    `This file cannot be imported: it looks like ${NOT_A_TABLE[kind] ?? 'binary data'}. ${IMPORTABLE}`,
  );
}

async function readHead(open: OpenBytes, limit: number): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of open()) {
    const part = chunk.subarray(0, limit - size);
    parts.push(part);
    size += part.length;
    if (size >= limit) break;
  }
  return Buffer.concat(parts, size);
}

const csvLayout = (
  layout: Pick<CsvLayout, 'headers' | 'hasHeader' | 'delimiter'>,
  encoding: TextEncoding | null,
): TableLayout => ({
  kind: 'csv',
  headers: layout.headers,
  hasHeader: layout.hasHeader,
  encoding,
  delimiter: layout.delimiter,
  sheets: null,
  sheet: null,
});

const xlsxLayout = (layout: XlsxLayout): TableLayout => ({
  kind: 'xlsx',
  headers: layout.headers,
  hasHeader: layout.hasHeader,
  encoding: null,
  delimiter: null,
  sheets: layout.sheets,
  sheet: layout.sheet,
});

/** Pasted text is small (the wizard's text box): read whole, within PASTED_MAX_BYTES. */
export const PASTED_MAX_BYTES = 5 * 1024 * 1024;

async function readPasted(open: OpenBytes, options: TableOptions) {
  const bytes = await readHead(open, PASTED_MAX_BYTES + 1);
  if (bytes.length > PASTED_MAX_BYTES)
    throw fileError('Pasted text is limited to 5 MB; save it as a CSV file and upload that instead');
  if (bytes.length === 0 || sniffFileKind(bytes) === 'empty') throw fileError('Nothing was pasted');
  return parsePastedContacts(decodeText(bytes, { encoding: options.encoding }).text);
}

const pastedLayout = (headers: string[]): TableLayout => ({
  kind: 'pasted',
  headers,
  hasHeader: false,
  encoding: 'utf-8',
  delimiter: null,
  sheets: null,
  sheet: null,
});

const vcardLayout = (layout: VcardLayout): TableLayout => ({
  kind: 'vcard',
  headers: layout.headers,
  hasHeader: true,
  encoding: layout.encoding,
  delimiter: null,
  sheets: null,
  sheet: null,
});

function previewCsv(head: Uint8Array, fileSize: number, options: TableOptions & { rowLimit?: number }) {
  const truncated = fileSize > head.length;
  const sample = truncated ? cutAtLastLine(head) : head;
  const preview = previewFile(sample, {
    encoding: options.encoding,
    delimiter: options.delimiter,
    hasHeader: options.hasHeader,
    rowLimit: options.rowLimit,
  });
  const warnings = [...preview.warnings];
  let rowsEstimate = preview.totalRowsEstimate;
  if (truncated) {
    rowsEstimate = Math.round((preview.totalRowsEstimate * fileSize) / sample.length);
    warnings.push(
      `Rows are counted in the first ${PREVIEW_BYTES / 1024 / 1024} MB and estimated for the rest`,
    );
  }
  return { layout: csvLayout(preview, preview.encoding), rows: preview.rows, rowsEstimate, warnings };
}

/**
 * The first `rowLimit` (default 20) data rows and an estimate of all data rows. Refuses with a 400
 * naming `file` what previewFile refuses (empty, header only, binary, PDF, image, XLS, a ZIP that
 * is not a workbook), a sheet without data rows, a damaged workbook and a file without a readable
 * vCard; an unknown sheet with a 400 naming `sheet`.
 */
export async function previewTable(
  open: OpenBytes,
  fileSize: number,
  options: TableOptions & { rowLimit?: number } = {},
): Promise<TablePreview> {
  if (options.pasted) {
    const table = await readPasted(open, options);
    if (table.rows.length === 0) throw fileError('Nothing to import: the pasted text has no contacts');
    const rows = table.rows.slice(0, options.rowLimit ?? 20);
    return { layout: pastedLayout(table.headers), rows, rowsEstimate: table.rows.length, warnings: [] };
  }
  const head = await readHead(open, PREVIEW_BYTES);
  const kind = detectTableKind(head, options);
  if (kind === 'csv') return previewCsv(head, fileSize, options);
  if (kind === 'vcard') {
    const p = await previewVcards(open, options);
    return {
      layout: vcardLayout(p.layout),
      rows: p.rows,
      rowsEstimate: p.rowsEstimate,
      warnings: p.warnings,
    };
  }
  const p = await previewXlsx(open, options);
  const warnings = p.rowsExact
    ? []
    : [`Rows past the first ${EXACT_COUNT_ROWS} are estimated from the sheet's size`];
  return { layout: xlsxLayout(p.layout), rows: p.rows, rowsEstimate: p.rowsEstimate, warnings };
}

/**
 * Every data row, in batches of at most batchSize (default 1000), streamed in bounded memory.
 * Yields at least one batch for CSV and XLSX, so the layout of a file without data rows is known;
 * throws the same 400s as previewTable for files it cannot read at all.
 */
export async function* readTable(
  open: OpenBytes,
  options: TableOptions & { batchSize?: number } = {},
): AsyncGenerator<TableBatch> {
  if (options.pasted) {
    const table = await readPasted(open, options);
    const size = options.batchSize ?? 1000;
    for (let i = 0; i === 0 || i < table.rows.length; i += size)
      yield { layout: pastedLayout(table.headers), rows: table.rows.slice(i, i + size) };
    return;
  }
  const kind = detectTableKind(await readHead(open, PREVIEW_BYTES), options);
  if (kind === 'csv') {
    for await (const b of readCsvRows(open(), options)) {
      yield { layout: csvLayout(b.layout, b.encoding ?? null), rows: b.rows };
    }
  } else if (kind === 'vcard') {
    for await (const b of readVcardRows(open, options)) yield { layout: vcardLayout(b.layout), rows: b.rows };
  } else {
    for await (const b of readXlsxRows(open, options)) yield { layout: xlsxLayout(b.layout), rows: b.rows };
  }
}
