import { PassThrough } from 'node:stream';
import { crc32, deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../server/errors.js';
import type { CsvRow } from './csv.js';
import type { OpenBytes } from './table.js';
import { cellText, formatDate, formatNumber, isDateFormat } from './xlsx-cells.js';
import { previewXlsx, readXlsxRows, type XlsxOptions } from './xlsx.js';

/** The bytes as a stored file read back in pieces, counting how often it is opened. */
function openOf(bytes: Uint8Array, pieceSize = 64 * 1024): OpenBytes & { opened: number } {
  const open = Object.assign(
    async function* () {
      open.opened++;
      for (let at = 0; at < bytes.length; at += pieceSize) yield bytes.subarray(at, at + pieceSize);
    },
    { opened: 0 },
  );
  return open;
}

async function workbookBytes(build: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** A workbook written row by row with ExcelJS's streaming writer, as a large export would be. */
async function bigWorkbook(rows: number): Promise<Uint8Array> {
  const out = new PassThrough();
  const parts: Buffer[] = [];
  out.on('data', (c: Buffer) => parts.push(c));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: true });
  const ws = wb.addWorksheet('Contacts');
  ws.addRow(['Name', 'Email', 'Phone']).commit();
  for (let i = 1; i <= rows; i++) {
    ws.addRow([
      `Person ${i}`,
      `p${i}@example.com`,
      `+1 212 555 ${String(i % 10000).padStart(4, '0')}`,
    ]).commit();
  }
  ws.commit();
  await wb.commit();
  return new Uint8Array(Buffer.concat(parts));
}

/** A ZIP of these entries, in this order (deflated, no data descriptors). */
function zip(entries: [name: string, text: string][]): Uint8Array {
  const local: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of entries) {
    const data = Buffer.from(text);
    const packed = deflateRawSync(data);
    const n = Buffer.from(name);
    const head = Buffer.alloc(30);
    head.writeUInt32LE(0x04034b50, 0);
    head.writeUInt16LE(20, 4);
    head.writeUInt16LE(8, 8);
    head.writeUInt32LE(crc32(data), 14);
    head.writeUInt32LE(packed.length, 18);
    head.writeUInt32LE(data.length, 22);
    head.writeUInt16LE(n.length, 26);
    local.push(head, n, packed);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(8, 10);
    dir.writeUInt32LE(crc32(data), 16);
    dir.writeUInt32LE(packed.length, 20);
    dir.writeUInt32LE(data.length, 24);
    dir.writeUInt16LE(n.length, 28);
    dir.writeUInt32LE(offset, 42);
    central.push(dir, n);
    offset += 30 + n.length + packed.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...local, directory, end]));
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const inlineRow = (r: number, cells: string[]) =>
  `<row r="${r}">${cells.map((c, i) => `<c r="${String.fromCharCode(65 + i)}${r}" t="inlineStr"><is><t>${c}</t></is></c>`).join('')}</row>`;

/** Laid out as openpyxl (pandas) writes it: sheets first, absolute relationship targets. */
function openpyxlStyleWorkbook(): Uint8Array {
  return zip([
    [
      'xl/worksheets/sheet1.xml',
      `<worksheet xmlns="${MAIN}"><sheetData>${inlineRow(1, ['Total'])}</sheetData></worksheet>`,
    ],
    [
      'xl/worksheets/sheet2.xml',
      `<worksheet xmlns="${MAIN}"><dimension ref="A1:B3"/><sheetData>${inlineRow(1, ['Name', 'Email'])}${inlineRow(2, ['Ada', 'ada@example.com'])}${inlineRow(3, ['Alan', 'alan@example.com'])}</sheetData></worksheet>`,
    ],
    [
      'xl/workbook.xml',
      `<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="Summary" sheetId="1" r:id="rId1"/><sheet name="Contacts" sheetId="2" r:id="rId2"/></sheets></workbook>`,
    ],
    [
      'xl/_rels/workbook.xml.rels',
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="/xl/worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/worksheet" Target="/xl/worksheets/sheet2.xml"/></Relationships>`,
    ],
  ]);
}

async function readAll(open: OpenBytes, options: XlsxOptions & { batchSize?: number } = {}) {
  const batches = [];
  for await (const b of readXlsxRows(open, options)) batches.push(b);
  return {
    layout: batches[0].layout,
    rows: batches.flatMap((b) => b.rows),
    sizes: batches.map((b) => b.rows.length),
  };
}

async function refusal(run: () => Promise<unknown>): Promise<AppError> {
  try {
    await run();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

const typed = () =>
  workbookBytes((wb) => {
    const ws = wb.addWorksheet('People');
    ws.addRow(['Name', 'Amount', 'Born', 'Seen', 'Active', 'Note', 'Total', 'Site', 'Lookup', null, 'Phone']);
    ws.addRow([
      'Ada',
      1234567.5,
      new Date(Date.UTC(1815, 11, 10)),
      new Date(Date.UTC(2024, 0, 2, 3, 4, 5)),
      true,
      { richText: [{ text: 'Very ', font: { bold: true } }, { text: 'important' }] },
      { formula: 'B2*2', result: 2469135 },
      { text: 'our site', hyperlink: 'https://example.com' },
      { error: '#N/A' },
      'untitled',
      4915112345678,
    ]);
    ws.getCell('C2').numFmt = 'yyyy-mm-dd';
    ws.getCell('D2').numFmt = 'yyyy-mm-dd hh:mm:ss';
    ws.addRow([]);
    ws.addRow([
      'Alan',
      0.1 + 0.2,
      { formula: 'DATE(1912,6,23)', result: 4558 },
      null,
      false,
      'plain',
      { formula: '"a"&"b"', result: 'ab' },
      null,
      null,
      null,
      1e21,
    ]);
    ws.getCell('C4').numFmt = 'dd/mm/yyyy';
    wb.addWorksheet('Notes').addRow(['Written', 'by hand']);
  });

describe('cell text', () => {
  it('writes numbers plainly, as Excel shows them', () => {
    expect(formatNumber(1234567.5)).toBe('1234567.5');
    expect(formatNumber(42)).toBe('42');
    expect(formatNumber(1e21)).toBe('1000000000000000000000');
    expect(formatNumber(1.5e-7)).toBe('0.00000015');
    expect(formatNumber(-0)).toBe('0');
    expect(formatNumber(0.1 + 0.2)).toBe('0.3');
  });

  it('writes dates as ISO dates, with a time only when there is one', () => {
    expect(formatDate(new Date(Date.UTC(1990, 0, 31)))).toBe('1990-01-31');
    expect(formatDate(new Date(Date.UTC(1990, 0, 31, 13, 5, 59, 999)))).toBe('1990-01-31T13:06:00');
    expect(formatDate(new Date(Date.UTC(1899, 11, 30, 8, 30)))).toBe('08:30:00');
  });

  it('knows date formats from number formats', () => {
    for (const f of ['yyyy-mm-dd', 'dd/mm/yyyy', 'mm-dd-yy', 'h:mm AM/PM', '[$-409]d-mmm-yy']) {
      expect(isDateFormat(f)).toBe(true);
    }
    for (const f of [undefined, 'General', '0.00', '#,##0 "days"', '0%', '[h]:mm', '[Red]0.0']) {
      expect(isDateFormat(f)).toBe(false);
    }
  });

  it('reads errors as empty with the error named', () => {
    expect(cellText({ error: '#REF!' }, undefined, false)).toEqual({ text: '', error: 'the error #REF!' });
    expect(cellText({ formula: 'NA()', result: NaN }, undefined, false)).toEqual({
      text: '',
      error: 'a formula error',
    });
    expect(cellText({ formula: 'A1', result: undefined }, undefined, false)).toEqual({ text: '' });
  });
});

describe('readXlsxRows', () => {
  it('reads typed cells as the text a user sees', async () => {
    const { layout, rows } = await readAll(openOf(await typed()));
    expect(layout).toEqual({
      headers: [
        'Name',
        'Amount',
        'Born',
        'Seen',
        'Active',
        'Note',
        'Total',
        'Site',
        'Lookup',
        'Column 10',
        'Phone',
      ],
      hasHeader: true,
      sheets: ['People', 'Notes'],
      sheet: 'People',
    });
    expect(rows).toEqual<CsvRow[]>([
      {
        rowNumber: 2,
        cells: [
          'Ada',
          '1234567.5',
          '1815-12-10',
          '2024-01-02T03:04:05',
          'true',
          'Very important',
          '2469135',
          'our site',
          '',
          'untitled',
          '4915112345678',
        ],
        problem: 'cell I2 holds the error #N/A',
      },
      // row 3 is empty and skipped; row numbers stay those of the sheet
      {
        rowNumber: 4,
        cells: [
          'Alan',
          '0.3',
          '1912-06-23',
          '',
          'false',
          'plain',
          'ab',
          '',
          '',
          '',
          '1000000000000000000000',
        ],
      },
    ]);
  });

  it('reads the sheet it is asked for, by name', async () => {
    const bytes = await typed();
    const { layout, rows } = await readAll(openOf(bytes), { sheet: 'Notes', hasHeader: false });
    expect(layout).toMatchObject({ sheet: 'Notes', hasHeader: false, headers: ['Column 1', 'Column 2'] });
    expect(rows).toEqual([{ rowNumber: 1, cells: ['Written', 'by hand'] }]);
    expect((await readAll(openOf(bytes), { sheet: 'notes', hasHeader: false })).layout.sheet).toBe('Notes');
  });

  it('refuses an unknown sheet with a 400 naming `sheet` and listing the sheets', async () => {
    const unknown = await refusal(async () => readAll(openOf(await typed()), { sheet: 'Leads' }));
    expect(unknown.status).toBe(400);
    expect(unknown.errors).toEqual([
      {
        path: 'sheet',
        message: 'The workbook has no sheet named "Leads"; its sheets are: "People", "Notes"',
      },
    ]);
  });

  it('leaves no sheet file behind to fail later when it refuses an unknown sheet', async () => {
    // ExcelJS parks a sheet read before the workbook's names in a temp file and deletes it once
    // the reader moves on; a stream still opening that file then failed outside any request and
    // took the process down. The race is narrow, so it is run many times (vitest fails the run on
    // an uncaught error).
    const bytes = await workbookBytes((wb) => {
      wb.addWorksheet('Leads').addRow(['Name']);
      wb.addWorksheet('Archive').addRow(['Name']);
    });
    for (let i = 0; i < 200; i++) {
      expect((await refusal(() => readAll(openOf(bytes), { sheet: 'Customers' }))).errors[0].path).toBe(
        'sheet',
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  });

  it('names the sheets of a workbook laid out as openpyxl writes it', async () => {
    const bytes = openpyxlStyleWorkbook();
    const first = await readAll(openOf(bytes), { hasHeader: false });
    expect(first.layout).toMatchObject({ sheets: ['Summary', 'Contacts'], sheet: 'Summary' });
    expect(first.rows).toEqual([{ rowNumber: 1, cells: ['Total'] }]);
    const contacts = await readAll(openOf(bytes), { sheet: 'Contacts' });
    expect(contacts.layout).toMatchObject({ sheet: 'Contacts', headers: ['Name', 'Email'], hasHeader: true });
    expect(contacts.rows.map((r) => r.cells)).toEqual([
      ['Ada', 'ada@example.com'],
      ['Alan', 'alan@example.com'],
    ]);
  });

  it('flags values outside the header columns', async () => {
    const bytes = await workbookBytes((wb) => {
      const ws = wb.addWorksheet('S');
      ws.addRow(['Name', 'Email']);
      ws.addRow(['Ada', 'ada@example.com', null, 'stray note']);
      ws.addRow(['Alan']);
    });
    const { rows } = await readAll(openOf(bytes));
    expect(rows).toEqual([
      {
        rowNumber: 2,
        cells: ['Ada', 'ada@example.com', '', 'stray note'],
        problem: "cell D2 is outside the table's 2 columns",
      },
      { rowNumber: 3, cells: ['Alan', ''] },
    ]);
  });

  it('reads a 20,000-row workbook in bounded batches', async () => {
    const bytes = await bigWorkbook(20_000);
    const open = openOf(bytes, 1024 * 1024);
    const { layout, rows, sizes } = await readAll(open, { batchSize: 1000 });
    expect(layout.headers).toEqual(['Name', 'Email', 'Phone']);
    expect(rows).toHaveLength(20_000);
    expect(Math.max(...sizes)).toBe(1000);
    expect(sizes).toHaveLength(20);
    expect(rows[19_999]).toEqual({
      rowNumber: 20_001,
      cells: ['Person 20000', 'p20000@example.com', '+1 212 555 0000'],
    });
    expect(open.opened).toBe(1);
  }, 60_000);

  it('refuses a damaged workbook with a 400 instead of failing or hanging', async () => {
    const bytes = await typed();
    const message = /could not be read as an Excel workbook/;
    const cut = bytes.subarray(0, Math.floor(bytes.length / 2));
    expect((await refusal(() => readAll(openOf(cut)))).message).toMatch(message);
    const garbled = Uint8Array.from(bytes);
    garbled.fill(0x41, 200, 1200);
    expect((await refusal(() => readAll(openOf(garbled)))).message).toMatch(message);
    const stalls = Uint8Array.from([0x50, 0x4b, 3, 4, ...new Array(40).fill(0)]);
    const started = Date.now();
    expect((await refusal(() => readAll(openOf(stalls), { idleMs: 200 }))).message).toMatch(message);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('keeps the error of a failing source', async () => {
    const bytes = await typed();
    const open: OpenBytes = async function* () {
      yield bytes.subarray(0, 100);
      throw new Error('database went away');
    };
    await expect(readAll(open, { idleMs: 200 })).rejects.toThrow('database went away');
  });
});

describe('previewXlsx', () => {
  it('returns the first rows and counts the rest', async () => {
    const preview = await previewXlsx(openOf(await typed()), { rowLimit: 1 });
    expect(preview.rows.map((r) => r.rowNumber)).toEqual([2]);
    expect(preview).toMatchObject({ rowsEstimate: 2, rowsExact: true });
  });

  it("estimates a long sheet's rows from the range it states", async () => {
    const bytes = await workbookBytes((wb) => {
      const ws = wb.addWorksheet('Long');
      ws.addRow(['Name', 'Phone']);
      for (let i = 0; i < 8000; i++) ws.addRow([`Person ${i}`, 4912345000 + i]);
    });
    const preview = await previewXlsx(openOf(bytes));
    expect(preview.rows).toHaveLength(20);
    expect(preview).toMatchObject({ rowsEstimate: 8000, rowsExact: false });
  }, 30_000);

  it('refuses a sheet that is empty or has only a header', async () => {
    const bytes = await workbookBytes((wb) => {
      wb.addWorksheet('Header').addRow(['Name', 'Email', 'Phone']);
      wb.addWorksheet('Blank');
      wb.addWorksheet('Data').addRow(['Ada', 'ada@example.com']);
    });
    const headerOnly = await refusal(() => previewXlsx(openOf(bytes)));
    expect(headerOnly.errors[0].path).toBe('file');
    expect(headerOnly.message).toBe(
      `The sheet "Header" has a header row but no data rows; the workbook's other sheets are: "Blank", "Data"`,
    );
    const empty = await refusal(() => previewXlsx(openOf(bytes), { sheet: 'Blank' }));
    expect(empty.message).toMatch(/^The sheet "Blank" is empty/);
  });
});
