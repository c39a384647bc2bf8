import type { CsvRow } from './csv.js';
import { countDigits, looksLikePhone } from './value-shapes.js';

export const PASTED_COLUMNS = ['name', 'email', 'phone'] as const;
export const PASTED_HEADERS = ['Name', 'Email', 'Phone'];

export interface PastedTable {
  hasHeader: false;
  headers: string[];
  /** Cells in PASTED_COLUMNS order: name, email, phone ('' when absent). */
  rows: CsvRow[];
}

// Characters people wrap around addresses and numbers when copying from mail clients or sheets.
const WRAPPING = /^[<("'[]+|[>)"'\]]+$/g;
const PHONE_PART = /^[+(]?[\d().\-/]+$/;
const HEADER_LINE = /^(?:(?:full\s+)?name|e-?mail|phone|mobile|tel)$/i;

function cleanToken(token: string): string {
  return token.replace(WRAPPING, '').replace(/^mailto:/i, '');
}

/**
 * One contact per line, e.g. `Ada Lovelace <ada@example.com>, +44 20 7946 0958`. A line is cut at
 * commas, semicolons, tabs and runs of two or more spaces into fields, and each field into words:
 * words with an @ are emails; neighbouring words made of digits and + ( ) - . / form a phone when
 * they hold 7–15 digits; the other words make up the name. Blank lines are skipped; a first line
 * of column names (Name, Email, Phone) is skipped too.
 */
export function parsePastedContacts(text: string): PastedTable {
  const rows: CsvRow[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  let firstContentLine = true;
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const fields = line.split(/[,;\t]|\s{2,}/).map((f) => f.trim());
    if (firstContentLine) {
      firstContentLine = false;
      const labels = fields.filter((f) => f !== '');
      if (labels.length > 0 && labels.every((f) => HEADER_LINE.test(f))) return;
    }
    rows.push(classifyLine(fields, index + 1));
  });
  return { hasHeader: false, headers: [...PASTED_HEADERS], rows };
}

function classifyLine(fields: string[], rowNumber: number): CsvRow {
  const names: string[] = [];
  const emails: string[] = [];
  const phones: string[] = [];
  const leftovers: string[] = [];

  for (const field of fields) {
    let run: string[] = [];
    let runDigits = 0;
    const closeRun = () => {
      if (run.length === 0) return;
      const candidate = run.join(' ');
      if (looksLikePhone(candidate)) phones.push(candidate);
      else leftovers.push(candidate);
      run = [];
      runDigits = 0;
    };
    for (const raw of field.split(/\s+/)) {
      if (raw === '') continue;
      const digits = countDigits(raw);
      if (digits > 0 && PHONE_PART.test(raw)) {
        // Two numbers written side by side: a new one starts at a '+' or where one would get too long.
        if (runDigits >= 7 && (raw.startsWith('+') || runDigits + digits > 15)) closeRun();
        run.push(raw);
        runDigits += digits;
        continue;
      }
      const word = cleanToken(raw);
      if (word === '') continue;
      closeRun();
      if (word.includes('@')) emails.push(word);
      else names.push(word);
    }
    closeRun();
  }

  const cells = [names.join(' '), emails[0] ?? '', phones[0] ?? ''];
  const problems: string[] = [];
  if (names.length === 0 && emails.length === 0 && phones.length === 0) {
    problems.push('no name, email or phone number found');
  }
  if (emails.length > 1) problems.push(`${emails.length} emails found; put one contact per line`);
  if (phones.length > 1) problems.push(`${phones.length} phone numbers found; put one contact per line`);
  for (const left of leftovers) problems.push(`"${left}" is neither a name nor a phone number`);
  return problems.length > 0 ? { rowNumber, cells, problem: problems.join('; ') } : { rowNumber, cells };
}
