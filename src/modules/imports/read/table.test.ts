import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../server/errors.js';
import { PREVIEW_BYTES } from '../upload.js';
import { detectTableKind, previewTable, readTable, type OpenBytes, type TableBatch } from './table.js';

function openOf(bytes: Uint8Array, pieceSize = 256 * 1024): OpenBytes {
  return async function* () {
    for (let at = 0; at < bytes.length; at += pieceSize) yield bytes.subarray(at, at + pieceSize);
  };
}

const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
const ascii = (s: string) => [...Buffer.from(s, 'latin1')];

async function workbook(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Leads');
  ws.addRow(['First name', 'Email', 'Score']);
  ws.addRow(['Ada', 'ada@example.com', 98.5]);
  ws.addRow(['Alan', 'alan@example.com', 87]);
  wb.addWorksheet('Archive').addRow(['Name', 'Email']);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

const VCARDS =
  'BEGIN:VCARD\r\nVERSION:3.0\r\nN:Lovelace;Ada;;;\r\nEMAIL;TYPE=work:ada@example.com\r\nEND:VCARD\r\n' +
  'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Alan Turing\r\nTEL;TYPE=cell:+44 7700 900123\r\nEND:VCARD\r\n';

async function refusal(run: () => unknown): Promise<AppError> {
  try {
    await run();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

async function readAll(bytes: Uint8Array, options = {}) {
  const batches: TableBatch[] = [];
  for await (const b of readTable(openOf(bytes), options)) batches.push(b);
  return batches;
}

describe('detectTableKind', () => {
  it('tells CSV, XLSX and vCard apart', async () => {
    expect(detectTableKind(utf8('name,email\nAda,ada@example.com\n'))).toBe('csv');
    expect(detectTableKind(utf8(`\r\n${VCARDS}`))).toBe('vcard');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(VCARDS, 'utf16le')]);
    expect(detectTableKind(new Uint8Array(utf16))).toBe('vcard');
    expect(detectTableKind(await workbook())).toBe('xlsx');
    // The head of a large workbook whose xl/workbook.xml is stored last
    const head = Uint8Array.from([0x50, 0x4b, 3, 4, 20, 0, ...ascii('xl/worksheets/sheet1.xml')]);
    expect(detectTableKind(head)).toBe('xlsx');
  });

  it.each([
    ['empty', new Uint8Array(0), 'The file is empty'],
    ['PDF', Uint8Array.from(ascii('%PDF-1.7\n%âãÏÓ\n1 0 obj')), /looks like a PDF document/],
    ['PNG', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]), /looks like an image/],
    [
      'XLS',
      Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]),
      /Excel 97-2003 workbook \(XLS\)/,
    ],
    [
      'encrypted XLSX',
      Uint8Array.from([
        0xd0,
        0xcf,
        0x11,
        0xe0,
        0xa1,
        0xb1,
        0x1a,
        0xe1,
        ...Buffer.from('EncryptedPackage', 'utf16le'),
      ]),
      /password-protected/,
    ],
    [
      'ZIP',
      Uint8Array.from([0x50, 0x4b, 3, 4, 20, 0, ...ascii('docs/readme.txt')]),
      /ZIP archive that is not an Excel/,
    ],
    ['gzip', Uint8Array.from([0x1f, 0x8b, 8, 0, 0, 0]), /gzip-compressed/],
  ])('refuses %s with a 400 naming `file`', (_, bytes, message) => {
    const err = (() => {
      try {
        detectTableKind(bytes);
      } catch (e) {
        return e as AppError;
      }
      throw new Error('expected a refusal');
    })();
    expect(err).toBeInstanceOf(AppError);
    expect(err.status).toBe(400);
    expect(err.errors[0].path).toBe('file');
    expect(err.message).toMatch(message);
  });
});

describe('previewTable', () => {
  it('previews a CSV file', async () => {
    const bytes = utf8('First name;Email\nAda;ada@example.com\nAlan;alan@example.com\n');
    const preview = await previewTable(openOf(bytes), bytes.length, { rowLimit: 1 });
    expect(preview).toEqual({
      layout: {
        kind: 'csv',
        headers: ['First name', 'Email'],
        hasHeader: true,
        encoding: 'utf-8',
        delimiter: ';',
        sheets: null,
        sheet: null,
      },
      rows: [{ rowNumber: 2, cells: ['Ada', 'ada@example.com'] }],
      rowsEstimate: 2,
      warnings: [],
    });
  });

  it("estimates a large CSV file's rows from its first megabytes", async () => {
    const row = 'Ada Lovelace,ada@example.com,+44 20 7946 0958\n';
    const bytes = utf8('name,email,phone\n' + row.repeat(100_000));
    expect(bytes.length).toBeGreaterThan(PREVIEW_BYTES);
    const preview = await previewTable(openOf(bytes), bytes.length);
    expect(preview.rows).toHaveLength(20);
    expect(preview.rowsEstimate).toBeGreaterThan(99_000);
    expect(preview.rowsEstimate).toBeLessThan(101_000);
    expect(preview.warnings).toEqual(['Rows are counted in the first 2 MB and estimated for the rest']);
  });

  it('previews a workbook, the first sheet or the one asked for', async () => {
    const bytes = await workbook();
    const preview = await previewTable(openOf(bytes, 1000), bytes.length);
    expect(preview).toEqual({
      layout: {
        kind: 'xlsx',
        headers: ['First name', 'Email', 'Score'],
        hasHeader: true,
        encoding: null,
        delimiter: null,
        sheets: ['Leads', 'Archive'],
        sheet: 'Leads',
      },
      rows: [
        { rowNumber: 2, cells: ['Ada', 'ada@example.com', '98.5'] },
        { rowNumber: 3, cells: ['Alan', 'alan@example.com', '87'] },
      ],
      rowsEstimate: 2,
      warnings: [],
    });
    const archive = await refusal(() => previewTable(openOf(bytes), bytes.length, { sheet: 'Archive' }));
    expect(archive.message).toMatch(/^The sheet "Archive" has a header row but no data rows/);
    const unknown = await refusal(() => previewTable(openOf(bytes), bytes.length, { sheet: 'Customers' }));
    expect(unknown.errors[0]).toMatchObject({ path: 'sheet' });
  });

  it('previews vCards as a table with our own column names', async () => {
    const bytes = utf8(VCARDS);
    const preview = await previewTable(openOf(bytes), bytes.length);
    expect(preview.layout).toEqual({
      kind: 'vcard',
      headers: ['firstName', 'lastName', 'phone (mobile)', 'email (work)'],
      hasHeader: true,
      encoding: 'utf-8',
      delimiter: null,
      sheets: null,
      sheet: null,
    });
    expect(preview.rows).toEqual([
      { rowNumber: 1, cells: ['Ada', 'Lovelace', '', 'ada@example.com'] },
      { rowNumber: 6, cells: ['Alan', 'Turing', '+44 7700 900123', ''] },
    ]);
    expect(preview.rowsEstimate).toBe(2);
  });

  it('refuses files it cannot import with a 400', async () => {
    const message = async (bytes: Uint8Array) =>
      (await refusal(() => previewTable(openOf(bytes), bytes.length))).message;
    expect(await message(new Uint8Array(0))).toBe('The file is empty');
    expect(await message(utf8('name,email,phone\n'))).toBe('The file has a header row but no data rows');
    expect(await message(Uint8Array.from(ascii('%PDF-1.4\n')))).toMatch(/PDF document/);
    const damaged = (await workbook()).subarray(0, 3000);
    expect(await message(damaged)).toMatch(/could not be read as an Excel workbook/);
  });
});

describe('readTable', () => {
  it('reads every kind of file as batches of rows with its layout', async () => {
    const lines = ['name,email'];
    for (let i = 1; i <= 25; i++) lines.push(`Person ${i},p${i}@example.com`);
    const csv = await readAll(utf8(lines.join('\n')), { batchSize: 10 });
    expect(csv.map((b) => b.rows.length)).toEqual([10, 10, 5]);
    expect(csv[0].layout).toMatchObject({
      kind: 'csv',
      headers: ['name', 'email'],
      encoding: 'utf-8',
      delimiter: ',',
    });

    const xlsx = await readAll(await workbook(), { batchSize: 1 });
    expect(xlsx.map((b) => b.rows[0].cells[0])).toEqual(['Ada', 'Alan']);
    expect(xlsx[0].layout).toMatchObject({ kind: 'xlsx', sheet: 'Leads', encoding: null });

    const vcf = await readAll(utf8(VCARDS));
    expect(vcf).toHaveLength(1);
    expect(vcf[0].layout.kind).toBe('vcard');
    expect(vcf[0].rows.map((r) => r.rowNumber)).toEqual([1, 6]);
  });

  it('yields the layout of a workbook sheet without data rows', async () => {
    const batches = await readAll(await workbook(), { sheet: 'Archive' });
    expect(batches).toEqual([
      {
        layout: expect.objectContaining({ kind: 'xlsx', sheet: 'Archive', headers: ['Name', 'Email'] }),
        rows: [],
      },
    ]);
  });

  it('refuses what it cannot read', async () => {
    const err = await refusal(() => readAll(Uint8Array.from(ascii('%PDF-1.4\n'))));
    expect(err.status).toBe(400);
  });
});
