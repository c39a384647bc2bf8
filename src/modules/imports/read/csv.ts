import type { EncodingChoice, TextEncoding } from './decode.js';
import {
  detectDelimiter,
  detectHeader,
  detectNewline,
  HEADER_SAMPLE_RECORDS,
  mostCommon,
  trimTrailingEmpty,
} from './csv-layout.js';
import {
  createRecordSplitter,
  type CsvDelimiter,
  type LineEnding,
  type RawRecord,
  type RecordSplitter,
} from './csv-records.js';
import { openTextSource, type TextInput } from './text-source.js';

export type { CsvDelimiter, LineEnding } from './csv-records.js';

export interface CsvOptions {
  /** Force a delimiter; 'auto' (the default) picks among comma, semicolon and tab. */
  delimiter?: CsvDelimiter | 'auto';
  /** Force whether the first record is a header; 'auto' (the default) uses `detectHeader`. */
  hasHeader?: boolean | 'auto';
  /** Longest record accepted, in characters; longer ones stop the read with a 400. */
  maxRecordChars?: number;
}

export interface CsvRow {
  /** 1-based line number of the file where the record starts. */
  rowNumber: number;
  /** The cells as written: strings, untrimmed; trailing empty cells past the header are dropped. */
  cells: string[];
  /** Why this row cannot be used as is, e.g. 'expected 5 cells, found 7'. */
  problem?: string;
}

export interface CsvLayout {
  delimiter: CsvDelimiter;
  lineEnding: LineEnding;
  hasHeader: boolean;
  /** The header row's labels (trimmed), or 'Column 1', 'Column 2', … when there is none. */
  headers: string[];
}

export interface CsvTable extends CsvLayout {
  rows: CsvRow[];
}

export interface CsvBatch {
  layout: CsvLayout;
  /** Set when the input was bytes and this reader decoded them. */
  encoding?: TextEncoding;
  rows: CsvRow[];
}

export interface CsvReader {
  /** Takes the next piece of text; returns the rows it completed (none until the layout is known). */
  push(text: string): CsvRow[];
  end(): CsvRow[];
  /** Known once enough text has been seen to detect delimiter and header. */
  readonly layout: CsvLayout | undefined;
}

/** Text examined to detect line ending and delimiter. */
const SAMPLE_CHARS = 64 * 1024;

const cellCount = (n: number) => `${n} ${n === 1 ? 'cell' : 'cells'}`;
const columnName = (index: number) => `Column ${index + 1}`;

/**
 * The incremental CSV reader behind `parseCsv`, `readCsvRows` and the preview: it holds back the
 * first 64 KB of text to detect line ending and delimiter, and the first records to decide on the
 * header, then turns each record into a row checked against the column count.
 */
export function createCsvReader(options: CsvOptions = {}): CsvReader {
  let sampleParts: string[] = [];
  let sampleChars = 0;
  let splitter: RecordSplitter | undefined;
  let held: RawRecord[] = [];
  let detected: Pick<CsvLayout, 'delimiter' | 'lineEnding'> = { delimiter: ',', lineEnding: '\n' };
  let layout: CsvLayout | undefined;
  let width = 0;
  let started = false;

  function startSplitting(sampleIsWholeText: boolean): RawRecord[] {
    const text = sampleParts.join('');
    sampleParts = [];
    const sample = text.length > SAMPLE_CHARS ? text.slice(0, SAMPLE_CHARS) : text;
    const newline = detectNewline(sample);
    const delimiter =
      options.delimiter && options.delimiter !== 'auto'
        ? options.delimiter
        : detectDelimiter(sample, newline, sampleIsWholeText && sample === text);
    splitter = createRecordSplitter({ delimiter, newline, maxRecordChars: options.maxRecordChars });
    detected = { delimiter, lineEnding: newline };
    return splitter.push(text);
  }

  function decideLayout(): CsvLayout {
    const forced = options.hasHeader;
    const sample = held.slice(0, HEADER_SAMPLE_RECORDS + 1).map((r) => r.cells);
    const hasHeader =
      typeof forced === 'boolean' ? forced : sample.length > 0 && detectHeader(sample[0], sample.slice(1));
    let headers: string[];
    if (hasHeader && held.length > 0) {
      const headerRecord = held.shift() as RawRecord;
      headers = trimTrailingEmpty(headerRecord.cells).map((c, i) => c.trim() || columnName(i));
    } else {
      // Without a header, the usual cell count of the first records sets the column count.
      const usual = mostCommon(sample.map((cells) => cells.length)).value;
      headers = Array.from({ length: usual }, (_, i) => columnName(i));
    }
    width = headers.length;
    return { ...detected, hasHeader, headers };
  }

  function shape(record: RawRecord): CsvRow {
    let cells = record.cells;
    // Trailing delimiters ("a,b,c,") add empty cells past the last column: not a problem.
    if (cells.length > width && cells.slice(width).every((c) => c.trim() === '')) {
      cells = cells.slice(0, width);
    }
    if (record.problem) return { rowNumber: record.line, cells, problem: record.problem };
    if (cells.length !== width) {
      return {
        rowNumber: record.line,
        cells,
        problem: `expected ${cellCount(width)}, found ${cells.length}`,
      };
    }
    return { rowNumber: record.line, cells };
  }

  function emit(records: RawRecord[], final: boolean): CsvRow[] {
    if (!layout) {
      held = held.concat(records);
      if (!final && held.length <= HEADER_SAMPLE_RECORDS) return [];
      layout = decideLayout();
      records = held;
      held = [];
    }
    return records.map(shape);
  }

  return {
    push(text) {
      if (!started && text.length > 0) {
        started = true;
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a BOM the caller did not strip
      }
      if (splitter) return emit(splitter.push(text), false);
      sampleParts.push(text);
      sampleChars += text.length;
      return sampleChars < SAMPLE_CHARS ? [] : emit(startSplitting(false), false);
    },
    end() {
      const early = splitter ? [] : startSplitting(true);
      const rest = (splitter as RecordSplitter).end();
      return emit(early.concat(rest), true);
    },
    get layout() {
      return layout;
    },
  };
}

/** Parses a whole text at once. */
export function parseCsv(text: string, options: CsvOptions = {}): CsvTable {
  const reader = createCsvReader(options);
  const rows = reader.push(text).concat(reader.end());
  return { ...(reader.layout as CsvLayout), rows };
}

export interface ReadCsvOptions extends CsvOptions {
  /** Rows per yielded batch (default 1000). */
  batchSize?: number;
  /** For byte input: the encoding, or 'auto' (default) to detect it from the first 64 KB. */
  encoding?: EncodingChoice;
}

/**
 * Reads CSV rows in batches of at most `batchSize` from a string or from an async iterable of
 * text or bytes (a Node Readable, e.g. `fs.createReadStream(path)`). Only one piece of input and
 * the rows it produced are in memory at a time. Always yields at least one batch, so the layout
 * (headers) of a header-only or empty file is still known; every batch carries the layout.
 */
export async function* readCsvRows(input: TextInput, options: ReadCsvOptions = {}): AsyncGenerator<CsvBatch> {
  const batchSize = Math.max(1, options.batchSize ?? 1000);
  const source = openTextSource(input, { encoding: options.encoding });
  const reader = createCsvReader(options);
  let batch: CsvRow[] = [];
  let yielded = false;
  const make = (rows: CsvRow[]): CsvBatch => {
    const b: CsvBatch = { layout: reader.layout as CsvLayout, rows };
    if (source.encoding) b.encoding = source.encoding;
    return b;
  };

  for await (const text of source.chunks) {
    for (const row of reader.push(text)) {
      batch.push(row);
      if (batch.length === batchSize) {
        yield make(batch);
        yielded = true;
        batch = [];
      }
    }
  }
  for (const row of reader.end()) {
    batch.push(row);
    if (batch.length === batchSize) {
      yield make(batch);
      yielded = true;
      batch = [];
    }
  }
  if (batch.length > 0 || !yielded) yield make(batch);
}
