// CSV per RFC 4180: CRLF line ends, fields quoted when they hold a comma, a quote or a line break.
// UTF-8 with a byte-order mark, which is what makes Excel read accents correctly.
import type { StreamedContact } from '../../contacts/stream.js';
import type { CellValue, ExportColumn } from '../columns.js';
import { neutraliseFormula } from '../../../lib/formula.js';

const BOM = '\uFEFF';

export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(cells: readonly string[]): string {
  return `${cells.map(csvField).join(',')}\r\n`;
}

/** A cell as CSV text: dates YYYY-MM-DD, booleans true/false, text neutralised (rule 8). */
export function csvCell(v: CellValue, phoneNumbers = false): string {
  if (v === null) return '';
  if (typeof v === 'string') return neutraliseFormula(v, { phoneNumbers });
  if (typeof v === 'object') return v.date;
  return String(v);
}

/** The first line of a file: the byte-order mark and the headers. */
export function csvHeader(columns: readonly ExportColumn[]): Buffer {
  return Buffer.from(BOM + csvLine(columns.map((c) => c.header)), 'utf8');
}

/** The file, one chunk for the header and one per page of contacts. */
export async function* csvFile(
  columns: readonly ExportColumn[],
  pages: AsyncIterable<StreamedContact[]>,
): AsyncGenerator<Buffer> {
  yield csvHeader(columns);
  for await (const page of pages) {
    let text = '';
    for (const contact of page)
      text += csvLine(columns.map((c) => csvCell(c.value(contact), c.phoneNumbers)));
    yield Buffer.from(text, 'utf8');
  }
}
