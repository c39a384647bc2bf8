import Papa from 'papaparse';
import { fileError } from './file-error.js';

export type CsvDelimiter = ',' | ';' | '\t' | '|';
export type LineEnding = '\n' | '\r\n' | '\r';

/** One record of the file as papaparse split it, before it is checked against the header. */
export interface RawRecord {
  /** 1-based line of the file where the record starts (a quoted newline makes a record span lines). */
  line: number;
  cells: string[];
  problem?: string;
}

export interface RecordSplitter {
  /** Takes the next piece of text; returns the records it completed. */
  push(text: string): RawRecord[];
  /** Returns the records left once the whole text has been pushed. */
  end(): RawRecord[];
}

/** What `Papa.Parser#parse` returns (typed `any` upstream). */
interface ParserResult {
  data: string[][];
  errors: Papa.ParseError[];
  meta: { cursor: number };
}

// A record is held in memory whole; anything this long is a broken or hostile file, usually a quote
// that never closes and swallows the rest of the file.
export const DEFAULT_MAX_RECORD_CHARS = 4 * 1024 * 1024;

const formatCount = (n: number) => n.toLocaleString('en-US');

function tooLong(line: number, max: number) {
  return fileError(
    `The row starting on line ${line} is longer than ${formatCount(max)} characters; check for a quote that is never closed`,
  );
}

/** Line breaks as an editor counts them: CRLF, LF and a lone CR each end a line. */
export function countLineBreaks(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  for (let i = s.indexOf('\r'); i !== -1; i = s.indexOf('\r', i + 1)) if (s.charCodeAt(i + 1) !== 10) n++;
  return n;
}

/**
 * Splits text pushed piece by piece into records with papaparse's core parser: each parse keeps
 * the unfinished last record back (`ignoreLastRow`) and prepends it to the next piece, as
 * papaparse's own streamers do, but pull-driven so the caller controls memory.
 *
 * Records whose cells are all blank (empty lines, lines of delimiters only) are skipped but still
 * counted as lines, so every record carries its true line number.
 */
export function createRecordSplitter(options: {
  delimiter: CsvDelimiter;
  newline: LineEnding;
  maxRecordChars?: number;
}): RecordSplitter {
  const maxChars = options.maxRecordChars ?? DEFAULT_MAX_RECORD_CHARS;
  const parser = new Papa.Parser({ delimiter: options.delimiter, newline: options.newline, quoteChar: '"' });
  // With LF chosen for a file that mixes CRLF and LF lines, the CR of a CRLF line ends its last cell.
  const stripTrailingCr = options.newline === '\n';
  let pending = '';
  let queued: string[] = [];
  let queuedChars = 0;
  let nextLine = 1;

  function collect(result: ParserResult, final: boolean): RawRecord[] {
    const unclosedRow = final ? result.errors.find((e) => e.code === 'MissingQuotes')?.row : undefined;
    const records: RawRecord[] = [];
    const data = result.data;
    for (let r = 0; r < data.length; r++) {
      const cells = data[r];
      if (stripTrailingCr) {
        const last = cells[cells.length - 1];
        if (last.charCodeAt(last.length - 1) === 13) cells[cells.length - 1] = last.slice(0, -1);
      }
      const line = nextLine;
      let chars = 0;
      let breaks = 0;
      let blank = true;
      for (const cell of cells) {
        chars += cell.length;
        breaks += countLineBreaks(cell);
        if (blank && cell.trim() !== '') blank = false;
      }
      nextLine += 1 + breaks;
      if (chars > maxChars) throw tooLong(line, maxChars);
      if (blank) continue;
      if (r === unclosedRow) {
        const through = nextLine - 1 > line ? `, so lines ${line}–${nextLine - 1} were read as one row` : '';
        records.push({ line, cells, problem: `a quote opened on line ${line} is never closed${through}` });
      } else {
        records.push({ line, cells });
      }
    }
    return records;
  }

  function takeInput(): string {
    const input = pending + queued.join('');
    pending = '';
    queued = [];
    queuedChars = 0;
    return input;
  }

  return {
    push(text) {
      if (!text) return [];
      queued.push(text);
      queuedChars += text.length;
      // Re-parsing a long unfinished record for every small piece would be quadratic: wait until
      // at least as much new text has arrived as is pending.
      if (queuedChars < pending.length) return [];
      const input = takeInput();
      const result = parser.parse(input, 0, true) as ParserResult;
      pending = input.slice(result.meta.cursor);
      const records = collect(result, false);
      if (pending.length > maxChars) throw tooLong(nextLine, maxChars);
      return records;
    },
    end() {
      const input = takeInput();
      if (!input) return [];
      return collect(parser.parse(input, 0, false) as ParserResult, true);
    },
  };
}
