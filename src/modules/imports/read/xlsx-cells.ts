// Spreadsheet cells as the text a user sees in them, so an XLSX row reads like a CSV row: the
// import's cell readers (cells.ts) then take both alike.

export interface CellText {
  text: string;
  /** Set when the cell holds a spreadsheet error instead of a value: "the error #N/A". */
  error?: string;
}

const EMPTY: CellText = { text: '' };
const MS_PER_DAY = 86_400_000;
// Days from Excel's day 0 to 1970-01-01 in the 1900 and 1904 date systems.
const EPOCH_1900 = 25_569;
const EPOCH_1904 = 24_107;

/** "A", "B", …, "Z", "AA": the letters of a 1-based column number. */
export function columnLetters(column: number): string {
  let s = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/**
 * Whether a number format shows a date or time. Literal text ("…", \x) and bracketed parts (colours,
 * locales, conditions) are dropped first; what is left is a date if it names days, months, years,
 * hours or seconds. Elapsed time ([h]:mm) is a duration, not a date.
 */
export function isDateFormat(format: string | undefined): boolean {
  if (!format) return false;
  if (/\[(?:h+|m+|s+)\]/i.test(format)) return false;
  const bare = format
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[[^\]]*\]/g, '');
  return /[dmyhs]/i.test(bare);
}

/**
 * A number as plain decimal digits: no exponent, no grouping. Rounded to 15 significant digits as
 * Excel shows them, so float noise (0.30000000000000004) reads as what the user typed (0.3).
 */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return '';
  const rounded = Number(n.toPrecision(15));
  const s = String(rounded === 0 ? 0 : rounded);
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const [, sign, lead, rest = '', exp] = m;
  const digits = lead + rest;
  const point = 1 + Number(exp);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A spreadsheet date (ExcelJS gives its wall-clock time as UTC) as YYYY-MM-DD, with THH:MM:SS when
 * it has a time of day; a bare time (day 0 of the date system) as HH:MM:SS.
 */
export function formatDate(date: Date, date1904 = false): string {
  const ms = Math.round(date.getTime() / 1000) * 1000;
  if (!Number.isFinite(ms)) return '';
  const d = new Date(ms);
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  const serial = ms / MS_PER_DAY + (date1904 ? EPOCH_1904 : EPOCH_1900);
  if (serial >= 0 && serial < 1) return time;
  const year = d.getUTCFullYear();
  const day = `${String(year).padStart(4, '0')}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  return ms % MS_PER_DAY === 0 ? day : `${day}T${time}`;
}

function serialToDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - (date1904 ? EPOCH_1904 : EPOCH_1900)) * MS_PER_DAY));
}

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null;

/**
 * The text of one cell value as ExcelJS's streaming reader gives it. `numFmt` matters only for
 * formula results: plain date cells already arrive as Date, but a formula's cached date arrives
 * as its serial number.
 */
export function cellText(value: unknown, numFmt: string | undefined, date1904: boolean): CellText {
  if (value === null || value === undefined) return EMPTY;
  if (typeof value === 'string') return { text: value };
  if (typeof value === 'boolean') return { text: value ? 'true' : 'false' };
  if (typeof value === 'number') {
    // A formula whose cached result is an error (or missing) parses as NaN.
    if (Number.isNaN(value)) return { text: '', error: 'a formula error' };
    return {
      text: isDateFormat(numFmt) ? formatDate(serialToDate(value, date1904), date1904) : formatNumber(value),
    };
  }
  if (value instanceof Date) return { text: formatDate(value, date1904) };
  if (!isObject(value)) return EMPTY;
  if (Array.isArray(value.richText)) {
    return { text: value.richText.map((run) => (isObject(run) ? String(run.text ?? '') : '')).join('') };
  }
  // Only when the workbook's shared strings went missing: never read such a cell as empty.
  if ('sharedString' in value) throw new Error('A shared string is missing');
  if (typeof value.error === 'string') return { text: '', error: `the error ${value.error}` };
  if ('formula' in value || 'sharedFormula' in value) return cellText(value.result, numFmt, date1904);
  if ('text' in value) return cellText(value.text, numFmt, date1904); // a hyperlink
  return EMPTY;
}
