import Papa from 'papaparse';
import type { CsvDelimiter, LineEnding } from './csv-records.js';
import { looksLikeValue } from './value-shapes.js';

export const DETECTABLE_DELIMITERS: readonly CsvDelimiter[] = [',', ';', '\t'];
/** Records after the first that header detection looks at. */
export const HEADER_SAMPLE_RECORDS = 20;
const DELIMITER_SAMPLE_RECORDS = 50;

/**
 * The record separator, counted outside quotes. CRLF only when no line ends in a bare LF: for a
 * file mixing both, LF splits every line and the record splitter drops the stray CR.
 */
export function detectNewline(sample: string): LineEnding {
  let inQuotes = false;
  let crlf = 0;
  let lf = 0;
  let cr = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 34) inQuotes = !inQuotes;
    else if (inQuotes) continue;
    else if (c === 10) lf++;
    else if (c === 13) {
      if (sample.charCodeAt(i + 1) === 10) {
        crlf++;
        i++;
      } else if (i + 1 < sample.length) cr++; // a CR closing the sample may be half of a CRLF
    }
  }
  if (cr > 0 && crlf === 0 && lf === 0) return '\r';
  if (crlf > 0 && lf === 0) return '\r\n';
  return '\n';
}

/**
 * The candidate that splits the sample's records most consistently into two or more cells: the
 * highest share of records with the most common cell count wins, then the larger count, then the
 * order comma, semicolon, tab. A file no candidate splits is a single column: comma.
 */
export function detectDelimiter(
  sample: string,
  newline: LineEnding,
  sampleIsWholeText: boolean,
): CsvDelimiter {
  let best: { delimiter: CsvDelimiter; share: number; width: number } | undefined;
  for (const delimiter of DETECTABLE_DELIMITERS) {
    const parser = new Papa.Parser({ delimiter, newline, preview: DELIMITER_SAMPLE_RECORDS });
    const rows = (parser.parse(sample, 0, !sampleIsWholeText) as { data: string[][] }).data.filter((cells) =>
      cells.some((c) => c.trim() !== ''),
    );
    if (rows.length === 0) continue;
    const { value: width, count } = mostCommon(rows.map((r) => r.length));
    const share = count / rows.length;
    if (width < 2) continue;
    if (!best || share > best.share || (share === best.share && width > best.width)) {
      best = { delimiter, share, width };
    }
  }
  return best?.delimiter ?? ',';
}

/** The most frequent number; ties go to the larger one. */
export function mostCommon(values: number[]): { value: number; count: number } {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let value = 0;
  let count = 0;
  for (const [v, c] of counts) {
    if (c > count || (c === count && v > value)) {
      value = v;
      count = c;
    }
  }
  return { value, count };
}

/** Trailing empty cells of a header row come from trailing delimiters, not from columns. */
export function trimTrailingEmpty(cells: string[]): string[] {
  let end = cells.length;
  while (end > 0 && cells[end - 1].trim() === '') end--;
  return end === cells.length ? cells : cells.slice(0, end);
}

// Words that name contact columns; they settle files whose data is all words (names, cities).
const HEADER_WORDS = new Set(
  (
    'name names first last full given family middle surname prefix suffix nickname title salutation ' +
    'email e mail mails address phone phones mobile cell tel telephone fax number no whatsapp ' +
    'company organization organisation org department job position role ' +
    'street city town state province region zip postal postcode code country ' +
    'birthday birthdate birth date dob gender language lang timezone zone ' +
    'note notes comment comments tag tags group groups source owner id type status website url ' +
    'nombre apellido correo teléfono telefono vorname nachname telefon firma prénom prenom nom ' +
    'société courriel'
  ).split(' '),
);

function isHeaderWord(cell: string): boolean {
  return cell
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .some((word) => HEADER_WORDS.has(word));
}

/**
 * Whether the first record is a header row. The first record is a header when:
 *
 * 1. every cell (after dropping trailing empty ones) is non-empty, at most 100 characters, reads as
 *    a label (not a number, date, email, phone or web address), and no two cells are equal
 *    (ignoring case); and
 * 2. no cell of it reappears in the same column of the following records (labels do not repeat
 *    as data); and
 * 3. either there are no following records (a lone label row: the caller reports "header but no
 *    data"), or some column's following values are mostly numbers, dates, emails, phones or web
 *    addresses (the first row differs in kind from the data), or one of its cells contains a
 *    common column word (name, email, phone, company, city, …).
 *
 * A file of words only, none of them a column word ("Ada,Lovelace" over "Alan,Turing") counts as
 * having no header; callers can force `hasHeader` either way.
 */
export function detectHeader(first: string[], following: string[][]): boolean {
  const labels = trimTrailingEmpty(first).map((c) => c.trim());
  if (labels.length === 0) return false;
  const seen = new Set<string>();
  for (const label of labels) {
    const key = label.toLowerCase();
    if (label === '' || label.length > 100 || looksLikeValue(label) || seen.has(key)) return false;
    seen.add(key);
  }
  const sample = following.slice(0, HEADER_SAMPLE_RECORDS);
  if (sample.length === 0) return true;

  let typedColumn = false;
  for (let col = 0; col < labels.length; col++) {
    const key = labels[col].toLowerCase();
    const values = sample.map((cells) => (cells[col] ?? '').trim()).filter((v) => v !== '');
    if (values.some((v) => v.toLowerCase() === key)) return false;
    const typed = values.filter(looksLikeValue).length;
    if (values.length > 0 && typed * 2 > values.length) typedColumn = true;
  }
  return typedColumn || labels.some(isHeaderWord);
}
