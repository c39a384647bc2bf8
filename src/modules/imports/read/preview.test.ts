import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../server/errors.js';
import { previewFile, type PreviewOptions } from './preview.js';

const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
const bytes = (...parts: (number[] | Uint8Array | string)[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'latin1')] : [...p])));

function refusal(input: Uint8Array, options?: PreviewOptions): AppError {
  try {
    previewFile(input, options);
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected the preview to refuse the file');
}

describe('previewFile', () => {
  it('describes a CSV and returns its first rows', () => {
    const lines = ['Name;Email;Phone'];
    for (let i = 1; i <= 30; i++)
      lines.push(`Person ${i};p${i}@example.com;+1 212 555 01${String(i).padStart(2, '0')}`);
    const preview = previewFile(utf8(lines.join('\r\n')));
    expect(preview).toMatchObject({
      kind: 'text',
      encoding: 'utf-8',
      delimiter: ';',
      hasHeader: true,
      headers: ['Name', 'Email', 'Phone'],
      totalRowsEstimate: 30,
      totalRowsExact: true,
      warnings: [],
    });
    expect(preview.rows).toHaveLength(20);
    expect(preview.rows[0]).toEqual({
      rowNumber: 2,
      cells: ['Person 1', 'p1@example.com', '+1 212 555 0101'],
    });
    expect(previewFile(utf8(lines.join('\n')), { rowLimit: 5 }).rows).toHaveLength(5);
  });

  it('passes options through: encoding, delimiter, header', () => {
    const preview = previewFile(bytes('M', [0xfc], 'ller,Berlin\nSchmidt,K', [0xf6], 'ln\n'), {
      delimiter: ',',
      hasHeader: false,
    });
    expect(preview).toMatchObject({
      encoding: 'windows-1252',
      hasHeader: false,
      headers: ['Column 1', 'Column 2'],
    });
    expect(preview.rows.map((r) => r.cells)).toEqual([
      ['Müller', 'Berlin'],
      ['Schmidt', 'Köln'],
    ]);
    expect(preview.warnings).toEqual([
      'The file is not UTF-8; it was read as Windows-1252 (Western European)',
    ]);
  });

  it('estimates the row count of a large file from the part it read', () => {
    const row = 'Ada Lovelace,ada@example.com,+44 20 7946 0958\n';
    const text = 'name,email,phone\n' + row.repeat(100_000);
    const preview = previewFile(utf8(text));
    expect(preview.totalRowsExact).toBe(false);
    expect(preview.totalRowsEstimate).toBeGreaterThan(95_000);
    expect(preview.totalRowsEstimate).toBeLessThan(105_000);
    expect(preview.rows).toHaveLength(20);
  });

  it('reports a row with the wrong cell count in the preview without failing', () => {
    const preview = previewFile(utf8('a,b,c\n1,2,3\n4,5\n6,7,8\n'));
    expect(preview.rows.map((r) => r.problem)).toEqual([undefined, 'expected 3 cells, found 2', undefined]);
  });

  it('warns about NUL bytes it removed', () => {
    const preview = previewFile(utf8('name,email\nAda\0,ada@example.com\n'));
    expect(preview.rows[0].cells).toEqual(['Ada', 'ada@example.com']);
    expect(preview.warnings).toEqual(['Removed 1 NUL (zero) characters, which text cannot hold']);
  });

  const refusals: [string, Uint8Array, string][] = [
    ['an empty file', new Uint8Array(), 'The file is empty'],
    ['a BOM and blank lines', bytes([0xef, 0xbb, 0xbf], '\r\n  \r\n'), 'The file is empty'],
    ['a header-only file', utf8('name,email,phone\r\n'), 'The file has a header row but no data rows'],
    ['a header and empty lines', utf8('name,email\n\n,\n\n'), 'The file has a header row but no data rows'],
    [
      'a file of delimiters',
      utf8(',,,\n , ,\n\t,\n'),
      'The file has no values: every line is empty or holds only delimiters',
    ],
    [
      'a PNG',
      bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d], 'IHDR'),
      'This is not a CSV or text file: it looks like an image',
    ],
    [
      'a PDF',
      utf8('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\n'),
      'This is not a CSV or text file: it looks like a PDF document',
    ],
    [
      'a ZIP',
      bytes([0x50, 0x4b, 3, 4, 10, 0, 0, 0], 'notes.txt'),
      'This is not a CSV or text file: it looks like a ZIP archive',
    ],
    [
      'an XLSX',
      bytes([0x50, 0x4b, 3, 4, 20, 0, 6, 0], '[Content_Types].xml', [0, 0], 'xl/workbook.xml'),
      'This is not a CSV or text file: it looks like an Excel workbook (XLSX); upload it as an Excel file or save it as CSV',
    ],
    [
      'random binary',
      new Uint8Array(randomBytes(10_000)),
      'This is not a CSV or text file: it looks like binary data',
    ],
  ];
  for (const [name, input, message] of refusals) {
    it(`refuses ${name}`, () => {
      const err = refusal(input);
      expect(err.code).toBe('validation');
      expect(err.status).toBe(400);
      expect(err.message).toBe(message);
      expect(err.errors).toEqual([{ path: 'file', message }]);
    });
  }

  it('refuses text that is not valid in the encoding the caller chose', () => {
    const err = refusal(bytes('name\nM', [0xfc], 'ller\n'), { encoding: 'utf-8' });
    expect(err.message).toBe(
      'The file was read as UTF-8 but is not valid UTF-8; choose its encoding (for example Windows-1252 or UTF-16) and try again',
    );
  });
});
