// XLSX workbooks as import tables, read with ExcelJS's streaming WorkbookReader so a large
// workbook is never held whole: one worksheet's rows become CsvRows with headers, like a CSV file.
//
// Cells read as a user sees them (see xlsx-cells.ts). A cell holding a spreadsheet error (#N/A,
// #REF!, a formula whose cached result is an error) reads as empty AND gives its row a problem:
// the value is unknown, and importing the rest of the row as if the cell were blank would lose
// data silently. Rows whose cells are all empty are skipped; rowNumber is the sheet's row number.
//
// A workbook ExcelJS cannot read, or stalls on (xlsx-feed.ts), is refused with a 400; a failing
// source keeps its own error.
import type { EventEmitter } from 'node:events';
import type ExcelJS from 'exceljs';
import { AppError } from '../../../server/errors.js';
import { detectHeader, HEADER_SAMPLE_RECORDS, trimTrailingEmpty } from './csv-layout.js';
import type { CsvRow } from './csv.js';
import { fileError } from './file-error.js';
import type { OpenBytes } from './table.js';
import { cellText, columnLetters } from './xlsx-cells.js';
import { openFeed } from './xlsx-feed.js';

export interface XlsxOptions {
  hasHeader?: boolean | 'auto';
  /** A worksheet name; default the first worksheet. */
  sheet?: string;
  /** Give up on a workbook whose reading makes no progress for this long (default 10 s). */
  idleMs?: number;
}

export interface XlsxLayout {
  headers: string[];
  hasHeader: boolean;
  /** Every worksheet name, in workbook order. */
  sheets: string[];
  sheet: string;
}

export interface XlsxBatch {
  layout: XlsxLayout;
  rows: CsvRow[];
}

export interface XlsxPreview {
  layout: XlsxLayout;
  rows: CsvRow[];
  rowsEstimate: number;
  rowsExact: boolean;
}

const READER_OPTIONS = {
  sharedStrings: 'cache',
  hyperlinks: 'ignore',
  styles: 'cache',
  worksheets: 'emit',
  entries: 'emit',
} as const;
const IDLE_MS = 10_000;
/** The preview counts rows up to here; past it, the sheet's stated size gives the estimate. */
export const EXACT_COUNT_ROWS = 5000;
const DIMENSION = /<(?:\w+:)?dimension\b[^>]*\bref="(?:\$?[A-Z]+\$?\d+:)?\$?[A-Z]+\$?(\d+)"/;
const SNIFF_CHARS = 64 * 1024;

const damaged = () =>
  fileError(
    'The file could not be read as an Excel workbook: it is damaged, incomplete or not a real XLSX file. Open it in Excel, save it again as .xlsx (or as CSV) and upload that',
  );

function unknownSheet(name: string, sheets: string[]): AppError {
  const shown = name.length > 60 ? `${name.slice(0, 60)}…` : name;
  const message = `The workbook has no sheet named "${shown}"; its sheets are: ${sheets.map((s) => `"${s}"`).join(', ')}`;
  return new AppError('validation', message, [{ path: 'sheet', message }]);
}

// ---------------------------------------------------------------------------------------------
// Finding the sheet and reading its rows

/** The undocumented fields of ExcelJS's readers this file relies on. */
interface BookInternals {
  model?: { sheets?: { name: string; rId: string }[] };
  workbookRels?: { Id: string; Type?: string; Target: string }[];
  properties?: { model?: { date1904?: boolean } };
}
interface SheetInternals {
  name: string;
  /** The sheet's XML: a temp file's stream (when the sheet came before the shared strings) or the zip entry. */
  iterator: AsyncIterable<unknown> & { destroy?: () => void; on?: (event: 'error', f: () => void) => void };
  [Symbol.asyncIterator](): AsyncIterator<ExcelJS.Row>;
}

interface SheetState {
  sheets: string[];
  sheet?: string;
  /** The last row the sheet says it uses (its <dimension>), when it says so. */
  lastRow?: number;
}

interface SheetRow {
  number: number;
  cells: string[];
  errors: string[];
}

/**
 * Worksheets in workbook order, and the name of each sheetN.xml part. ExcelJS names a sheet only
 * when its relationship target is written exactly "worksheets/sheetN.xml"; openpyxl (pandas)
 * writes "/xl/worksheets/sheetN.xml", which ExcelJS leaves named "SheetN".
 */
function worksheetNames(book: BookInternals): { names: string[]; byPart: Map<string, string> } {
  const rels = book.workbookRels ?? [];
  const names: string[] = [];
  const byPart = new Map<string, string>();
  for (const s of book.model?.sheets ?? []) {
    const rel = rels.find((r) => r.Id === s.rId);
    if (rel?.Type && !rel.Type.endsWith('/worksheet')) continue; // a chart sheet
    names.push(s.name);
    const part = rel && /worksheets\/sheet(\d+)\.xml$/.exec(rel.Target)?.[1];
    if (part) byPart.set(part, s.name);
  }
  return { names, byPart };
}

/** Passes the sheet's XML through, noting the row count its <dimension> states. */
async function* sniffDimension(xml: AsyncIterable<unknown>, state: SheetState, touch: () => void) {
  let head: string | undefined = '';
  for await (const chunk of xml) {
    touch();
    if (head !== undefined) {
      head += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('latin1');
      const m = DIMENSION.exec(head);
      if (m) state.lastRow = Number(m[1]);
      if (m || head.includes('<sheetData') || head.length > SNIFF_CHARS) head = undefined;
    }
    yield chunk;
  }
}

function discard(sheet: SheetInternals) {
  // A sheet parked in a temp file holds it open until its stream is read or destroyed; a sheet
  // read from the zip is drained by ExcelJS itself. ExcelJS deletes the file right away, so the
  // stream may still fail to open it: that error means nothing.
  const xml = sheet.iterator;
  if (typeof xml?.destroy !== 'function') return;
  xml.on?.('error', () => {});
  xml.destroy();
}

function readRow(row: ExcelJS.Row, date1904: boolean): SheetRow | null {
  const cells: string[] = [];
  const errors: string[] = [];
  row.eachCell({ includeEmpty: false }, (cell, col) => {
    const { text, error } = cellText(cell.value, cell.numFmt, date1904);
    while (cells.length < col - 1) cells.push('');
    cells[col - 1] = text;
    if (error) errors.push(`cell ${columnLetters(col)}${row.number} holds ${error}`);
  });
  if (errors.length === 0 && cells.every((c) => c.trim() === '')) return null;
  return { number: row.number, cells, errors };
}

/** The non-empty rows of the chosen sheet; fills `state` as it learns the workbook's sheets. */
async function* sheetRows(
  open: OpenBytes,
  options: XlsxOptions,
  state: SheetState,
): AsyncGenerator<SheetRow> {
  // Loaded when a workbook is read: ExcelJS is 12 MB of heap in every thread that imports it, and
  // most imports are CSV (an import thread loads this module; thread.ts).
  const { default: excel } = await import('exceljs');
  const feed = openFeed(open, options.idleMs ?? IDLE_MS, damaged);
  const book = new excel.stream.xlsx.WorkbookReader(feed.readable, READER_OPTIONS);
  const internals = book as unknown as BookInternals;
  let part = '';
  (book as unknown as EventEmitter).on('entry', (e: { type: string; id?: unknown }) => {
    if (e.type === 'worksheet') part = String(e.id);
  });
  const sheets = book[Symbol.asyncIterator]() as AsyncGenerator<unknown>;
  const seen: string[] = [];
  const nextSheet = async () => {
    const next = await feed.wait(sheets.next());
    return next.done ? undefined : (next.value as SheetInternals);
  };
  try {
    for (let ws = await nextSheet(); ws; ws = await nextSheet()) {
      const { names, byPart } = worksheetNames(internals);
      const name = byPart.get(part) ?? ws.name;
      seen.push(name);
      state.sheets = names.length > 0 ? names : seen;
      const wanted = options.sheet;
      const target =
        wanted === undefined
          ? names[0]
          : (names.find((n) => n === wanted) ?? names.find((n) => n.toLowerCase() === wanted.toLowerCase()));
      if (wanted !== undefined && names.length > 0 && target === undefined) {
        discard(ws); // before the refusal moves the reader on and ExcelJS deletes the sheet's file
        throw unknownSheet(wanted, names);
      }
      if (state.sheet !== undefined || name !== (target ?? wanted ?? name)) {
        discard(ws);
        continue;
      }
      state.sheet = name;
      ws.iterator = sniffDimension(ws.iterator, state, feed.touch);
      const date1904 = internals.properties?.model?.date1904 === true;
      const rows = ws[Symbol.asyncIterator]();
      try {
        for (let r = await feed.wait(rows.next()); !r.done; r = await feed.wait(rows.next())) {
          feed.touch();
          const row = readRow(r.value, date1904);
          if (row) yield row;
        }
      } finally {
        // After a stall the row iterator is still busy; a return() would wait on it forever.
        if (feed.failure === undefined) await rows.return?.(undefined);
      }
    }
    if (state.sheet === undefined) {
      if (options.sheet !== undefined) throw unknownSheet(options.sheet, state.sheets);
      throw fileError('The workbook has no worksheets');
    }
  } catch (err) {
    if (feed.sourceFailed) throw feed.failure;
    if (err instanceof AppError) throw err;
    throw damaged();
  } finally {
    // Read to the end even when stopped early: ExcelJS deletes a sheet's temp file only once the
    // reader has moved past that sheet.
    if (feed.failure === undefined) {
      try {
        for (let ws = await nextSheet(); ws; ws = await nextSheet()) discard(ws);
      } catch {
        // the rows wanted were read; a fault after them does not matter
      }
    }
    feed.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Rows to table rows

interface Shaper {
  push(row: SheetRow): CsvRow[];
  end(): CsvRow[];
  readonly layout: { headers: string[]; hasHeader: boolean; headerRow?: number } | undefined;
  readonly firstRow: number | undefined;
}

/**
 * detectHeader on the columns the first row names: a sheet's header often leaves a column
 * untitled, which must not make the row read as data (the untitled column becomes "Column N").
 */
function looksLikeHeader(sample: string[][]): boolean {
  const titled = sample[0].flatMap((c, i) => (c.trim() === '' ? [] : [i]));
  const pick = (cells: string[]) => titled.map((i) => cells[i] ?? '');
  return detectHeader(pick(sample[0]), sample.slice(1).map(pick));
}

/** Decides the header like the CSV reader (on the first rows), then pads each row to its width. */
function createShaper(hasHeader: boolean | 'auto'): Shaper {
  let held: SheetRow[] = [];
  let layout: Shaper['layout'];
  let width = 0;
  let firstRow: number | undefined;

  function decide() {
    const sample = held.slice(0, HEADER_SAMPLE_RECORDS + 1).map((r) => r.cells);
    const has = typeof hasHeader === 'boolean' ? hasHeader : sample.length > 0 && looksLikeHeader(sample);
    if (has && held.length > 0) {
      const header = held.shift() as SheetRow;
      const headers = trimTrailingEmpty(header.cells).map((c, i) => c.trim() || `Column ${i + 1}`);
      layout = { headers, hasHeader: true, headerRow: header.number };
    } else {
      const widest = Math.max(0, ...sample.map((cells) => trimTrailingEmpty(cells).length));
      layout = { headers: Array.from({ length: widest }, (_, i) => `Column ${i + 1}`), hasHeader: has };
    }
    width = layout.headers.length;
  }

  function shape(row: SheetRow): CsvRow {
    const cells = row.cells.slice();
    while (cells.length < width) cells.push('');
    const problems = [...row.errors];
    const beyond = cells.findIndex((c, i) => i >= width && c.trim() !== '');
    if (beyond >= 0) {
      problems.push(`cell ${columnLetters(beyond + 1)}${row.number} is outside the table's ${width} columns`);
    } else cells.length = width;
    return problems.length > 0
      ? { rowNumber: row.number, cells, problem: problems.join('; ') }
      : { rowNumber: row.number, cells };
  }

  return {
    push(row) {
      firstRow ??= row.number;
      if (layout) return [shape(row)];
      held.push(row);
      if (held.length <= HEADER_SAMPLE_RECORDS) return [];
      decide();
      const out = held.map(shape);
      held = [];
      return out;
    },
    end() {
      if (layout) return [];
      decide();
      const out = held.map(shape);
      held = [];
      return out;
    },
    get layout() {
      return layout;
    },
    get firstRow() {
      return firstRow;
    },
  };
}

function layoutOf(shaper: Shaper, state: SheetState): XlsxLayout {
  const { headers, hasHeader } = shaper.layout ?? { headers: [], hasHeader: false };
  return { headers, hasHeader, sheets: state.sheets, sheet: state.sheet ?? '' };
}

/**
 * Every data row of the sheet, in batches of at most `batchSize` (default 1000). Always yields at
 * least one batch, so the layout of a sheet without data rows is still known.
 */
export async function* readXlsxRows(
  open: OpenBytes,
  options: XlsxOptions & { batchSize?: number } = {},
): AsyncGenerator<XlsxBatch> {
  const batchSize = Math.max(1, options.batchSize ?? 1000);
  const state: SheetState = { sheets: [] };
  const shaper = createShaper(options.hasHeader ?? 'auto');
  let batch: CsvRow[] = [];
  let yielded = false;
  for await (const row of sheetRows(open, options, state)) {
    for (const r of shaper.push(row)) {
      batch.push(r);
      if (batch.length < batchSize) continue;
      yield { layout: layoutOf(shaper, state), rows: batch };
      yielded = true;
      batch = [];
    }
  }
  batch.push(...shaper.end());
  for (let at = 0; at < batch.length || !yielded; at += batchSize) {
    yield { layout: layoutOf(shaper, state), rows: batch.slice(at, at + batchSize) };
    yielded = true;
  }
}

/**
 * The first `rowLimit` data rows and the number of data rows: counted up to 5000, estimated past
 * that from the range the sheet says it uses. Refuses a sheet that is empty or has only a header.
 */
export async function previewXlsx(
  open: OpenBytes,
  options: XlsxOptions & { rowLimit?: number } = {},
): Promise<XlsxPreview> {
  const rowLimit = Math.max(1, options.rowLimit ?? 20);
  const state: SheetState = { sheets: [] };
  const shaper = createShaper(options.hasHeader ?? 'auto');
  const rows: CsvRow[] = [];
  let total = 0;
  let exact = true;
  const take = (out: CsvRow[]) => {
    total += out.length;
    for (const r of out) if (rows.length < rowLimit) rows.push(r);
  };
  for await (const row of sheetRows(open, options, state)) {
    take(shaper.push(row));
    if (total >= EXACT_COUNT_ROWS && state.lastRow !== undefined) {
      exact = false;
      break;
    }
  }
  if (exact) take(shaper.end());
  const layout = layoutOf(shaper, state);

  if (total === 0) {
    const others = state.sheets.filter((s) => s !== layout.sheet);
    const hint =
      others.length > 0 ? `; the workbook's other sheets are: ${others.map((s) => `"${s}"`).join(', ')}` : '';
    const what = shaper.firstRow === undefined ? 'is empty' : 'has a header row but no data rows';
    throw fileError(`The sheet "${layout.sheet}" ${what}${hint}`);
  }
  let rowsEstimate = total;
  if (!exact) {
    const start = shaper.layout?.headerRow ?? (shaper.firstRow ?? 1) - 1;
    rowsEstimate = Math.max(total, (state.lastRow ?? 0) - start);
  }
  return { layout, rows, rowsEstimate, rowsExact: exact };
}
