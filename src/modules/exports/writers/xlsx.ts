// XLSX through ExcelJS's streaming writer: rows are committed as they come and the zip streams
// out, so the workbook is never held whole. Cells are typed where natural (numbers, booleans,
// calendar dates); text is neutralised like CSV (rule 8). Without styles, ExcelJS gives date
// cells its built-in short date format.
import { Readable, Transform, type TransformCallback } from 'node:stream';
import type ExcelJS from 'exceljs';
import type { StreamedContact } from '../../contacts/stream.js';
import type { CellValue, ExportColumn } from '../columns.js';
import { neutraliseFormula } from '../../../lib/formula.js';

export const SHEET_NAME = 'Contacts';

export function xlsxCell(v: CellValue, phoneNumbers = false): ExcelJS.CellValue {
  if (v === null) return null;
  if (typeof v === 'string') return neutraliseFormula(v, { phoneNumbers });
  if (typeof v === 'object') return new Date(`${v.date}T00:00:00Z`);
  return v;
}

/** Passes the zip through, counting what it writes, so the producer can tell when it has caught up. */
class Counting extends Transform {
  written = 0;
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    this.written += chunk.length;
    done(null, chunk);
  }
}

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

function waitForDrain(out: Counting): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      out.off('drain', done).off('close', done).off('error', done);
      resolve();
    };
    out.on('drain', done).on('close', done).on('error', done);
  });
}

/**
 * Waits until the reader has taken what was written so far. ExcelJS hands rows to the zip without
 * backpressure, so a slow reader would let them pile up in memory; after each page we wait until
 * the output is drained and the zip has stopped producing (it has compressed everything).
 */
async function caughtUp(out: Counting): Promise<void> {
  for (;;) {
    if (out.destroyed) return;
    if (out.writableNeedDrain) {
      await waitForDrain(out);
      continue;
    }
    const before = out.written;
    await tick(5);
    if (out.written === before && !out.writableNeedDrain) return;
  }
}

/** The workbook as a byte stream: one sheet, a header row, one row per contact. */
export function xlsxFile(
  columns: readonly ExportColumn[],
  pages: AsyncIterable<StreamedContact[]>,
): Readable {
  const out = new Counting();
  const write = async () => {
    // Loaded when a workbook is written: ExcelJS is 12 MB of heap, and most files are CSV.
    const { default: excel } = await import('exceljs');
    const workbook = new excel.stream.xlsx.WorkbookWriter({
      stream: out,
      useStyles: false,
      useSharedStrings: false,
    });
    const sheet = workbook.addWorksheet(SHEET_NAME);
    sheet.addRow(columns.map((c) => c.header)).commit();
    for await (const page of pages) {
      // The reader went away (client disconnected): stop reading contacts.
      if (out.destroyed) return;
      for (const contact of page)
        sheet.addRow(columns.map((c) => xlsxCell(c.value(contact), c.phoneNumbers))).commit();
      await caughtUp(out);
    }
    if (out.destroyed) return;
    sheet.commit();
    await workbook.commit();
  };
  write().catch((err) => out.destroy(err));
  return out;
}
