import { describe, expect, it } from 'vitest';
import { AppError } from '../../../server/errors.js';
import { DEFAULT_MAX_RECORD_CHARS } from './csv-records.js';
import { parseCsv, readCsvRows, type CsvRow } from './csv.js';
import { previewFile } from './preview.js';

const MB = 1024 * 1024;

async function readAll(input: string | AsyncIterable<Uint8Array>, options = {}): Promise<CsvRow[]> {
  const rows: CsvRow[] = [];
  for await (const batch of readCsvRows(input, options)) rows.push(...batch.rows);
  return rows;
}

/** Bytes in small pieces, as a slow upload would arrive. */
async function* pieces(text: string, size = 16 * 1024) {
  const bytes = Buffer.from(text);
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

const TOO_LONG =
  /^The row starting on line 2 is longer than 4,194,304 characters; check for a quote that is never closed$/;

describe('hostile input', () => {
  it('keeps a 1 MB cell whole, from text and from a stream of small pieces', async () => {
    const lines = 210_000; // 1.05 MB of commas, quotes and newlines inside one quoted cell
    const big = 'x,"y\n'.repeat(lines);
    expect(big.length).toBeGreaterThan(MB);
    const escaped = big.replaceAll('"', '""');
    const text = `name,note\nAda,"${escaped}"\nAlan,short\n`;
    const table = parseCsv(text);
    expect(table.rows).toHaveLength(2);
    expect(table.rows[0].cells[1]).toBe(big);
    expect(table.rows[1]).toEqual({ rowNumber: 2 + lines + 1, cells: ['Alan', 'short'] });

    const started = performance.now();
    const streamed = await readAll(pieces(text));
    expect(streamed).toEqual(table.rows);
    expect(performance.now() - started).toBeLessThan(3000); // no quadratic re-parsing
  });

  it('stops with a clear error at a line longer than the limit, wherever it sits', async () => {
    const line = 'a'.repeat(DEFAULT_MAX_RECORD_CHARS + 10);
    const text = `name\n${line}\nAda\n`;
    expect(() => parseCsv(text)).toThrow(TOO_LONG);
    await expect(readAll(text)).rejects.toThrow(TOO_LONG);
    await expect(readAll(pieces(text))).rejects.toBeInstanceOf(AppError);
  });

  it('stops at a quote that swallows more than the limit', async () => {
    const text = 'name,city\n"Ada,London\n' + 'Alan,Wilmslow\n'.repeat(400_000);
    await expect(readAll(pieces(text, 64 * 1024))).rejects.toThrow(TOO_LONG);
  });

  it('reads an extremely long line of many cells as one row with a problem', () => {
    const wide = Array.from({ length: 200_000 }, (_, i) => `v${i}`).join(',');
    const table = parseCsv(`a,b\n1,2\n${wide}\n3,4\n`);
    expect(table.rows.map((r) => [r.rowNumber, r.problem])).toEqual([
      [2, undefined],
      [3, 'expected 2 cells, found 200000'],
      [4, undefined],
    ]);
  });

  it('skips thousands of lines holding only delimiters', async () => {
    const text = 'a,b,c\n' + ',,\n'.repeat(50_000) + '1,2,3\n' + ',,,,\r\n'.repeat(1000);
    const rows = await readAll(text);
    expect(rows).toEqual([{ rowNumber: 50_002, cells: ['1', '2', '3'] }]);
  });

  it('handles a file of quotes only', () => {
    expect(parseCsv('"""""""""""""""""""""""').rows).toEqual([]);
    expect(parseCsv('a\n"""\n""""\n').rows.length).toBeGreaterThanOrEqual(0);
  });

  it('drops scattered NUL bytes from a UTF-8 file, and refuses a NUL-filled one', () => {
    const rows = Array.from({ length: 200 }, (_, i) => `Person ${i},p${i}@example.com`);
    rows[10] = 'Ad\0a,ada@exa\0mple.com';
    const preview = previewFile(new Uint8Array(Buffer.from('name,email\n' + rows.join('\n'))));
    expect(preview.rows[10].cells).toEqual(['Ada', 'ada@example.com']);
    expect(preview.warnings).toEqual(['Removed 2 NUL (zero) characters, which text cannot hold']);

    const nulFilled = 'name,email\n' + 'Ada\0\0\0\0,\0\0ada@example.com\n'.repeat(50);
    expect(() => previewFile(new Uint8Array(Buffer.from(nulFilled)))).toThrow(
      'This is not a CSV or text file: it looks like binary data',
    );
  });
});
