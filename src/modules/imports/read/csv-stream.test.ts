import { describe, expect, it } from 'vitest';
import { readCsvRows, type CsvBatch } from './csv.js';

const ROWS = 200_000;

/** Fixed-width rows, so a row's byte offset is known; every 1000th has a quoted value. */
function row(i: number): string {
  const id = String(i).padStart(6, '0');
  const city = i % 1000 === 0 ? '"Paris, FR"' : 'London,  UK'; // both 11 chars, one is two cells
  return `${id},Name ${id},user${id}@example.com,+4420${id},${city}\n`;
}
const HEADER = 'id,name,email,phone,city,country\n';

describe('readCsvRows', () => {
  it('yields every one of 200,000 rows exactly once, in bounded batches', async () => {
    const parts = [HEADER];
    for (let i = 1; i <= ROWS; i++) parts.push(row(i));
    const text = parts.join('');

    const seen = new Uint8Array(ROWS + 2);
    let count = 0;
    let batches = 0;
    let largest = 0;
    let first: string[] | undefined;
    let last: string[] | undefined;
    let problems = 0;
    for await (const batch of readCsvRows(text, { batchSize: 5000 })) {
      batches++;
      largest = Math.max(largest, batch.rows.length);
      for (const r of batch.rows) {
        seen[r.rowNumber]++;
        if (r.problem) problems++;
      }
      count += batch.rows.length;
      first ??= batch.rows[0].cells;
      last = batch.rows[batch.rows.length - 1].cells;
    }

    expect(count).toBe(ROWS);
    expect(batches).toBe(ROWS / 5000);
    expect(largest).toBe(5000);
    expect(seen.subarray(2).every((n) => n === 1)).toBe(true);
    // "Paris, FR" is one cell, so those 200 rows have 5 cells where the header has 6.
    expect(problems).toBe(ROWS / 1000);
    expect(first).toEqual([
      '000001',
      'Name 000001',
      'user000001@example.com',
      '+4420000001',
      'London',
      '  UK',
    ]);
    expect(last).toEqual(['200000', 'Name 200000', 'user200000@example.com', '+4420200000', 'Paris, FR']);
  });

  it('pulls input only as fast as rows are consumed', async () => {
    const PIECE = 64 * 1024;
    const rowBytes = row(1).length;
    const total = 50_000;
    const bytes = Buffer.from(HEADER + Array.from({ length: total }, (_, i) => row(i + 1)).join(''));
    let pulled = 0;
    async function* source() {
      for (let at = 0; at < bytes.length; at += PIECE) {
        pulled += Math.min(PIECE, bytes.length - at);
        yield bytes.subarray(at, at + PIECE);
      }
    }

    let worstLag = 0;
    let rows = 0;
    let batch: CsvBatch | undefined;
    for await (batch of readCsvRows(source(), { batchSize: 1000 })) {
      rows += batch.rows.length;
      const consumed = HEADER.length + rows * rowBytes;
      worstLag = Math.max(worstLag, pulled - consumed);
    }
    expect(rows).toBe(total);
    expect(batch?.encoding).toBe('utf-8');
    // Never more than the 64 KB encoding sample plus a piece and a batch ahead of the consumer.
    expect(worstLag).toBeLessThanOrEqual(2 * PIECE + 1000 * rowBytes);
  });

  it('yields one empty batch carrying the layout for a header-only or empty input', async () => {
    const batches: CsvBatch[] = [];
    for await (const b of readCsvRows('name,email\n')) batches.push(b);
    expect(batches).toEqual([
      { layout: { delimiter: ',', lineEnding: '\n', hasHeader: true, headers: ['name', 'email'] }, rows: [] },
    ]);
    const empty: CsvBatch[] = [];
    for await (const b of readCsvRows('')) empty.push(b);
    expect(empty).toHaveLength(1);
    expect(empty[0].rows).toEqual([]);
  });

  it('decodes a UTF-16 byte stream with its BOM', async () => {
    const bytes = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from('name;city\r\nZoë;Köln\r\n', 'utf16le'),
    ]);
    async function* source() {
      for (let i = 0; i < bytes.length; i += 3) yield bytes.subarray(i, i + 3);
    }
    const batches: CsvBatch[] = [];
    for await (const b of readCsvRows(source())) batches.push(b);
    expect(batches).toEqual([
      {
        layout: { delimiter: ';', lineEnding: '\r\n', hasHeader: true, headers: ['name', 'city'] },
        encoding: 'utf-16le',
        rows: [{ rowNumber: 2, cells: ['Zoë', 'Köln'] }],
      },
    ]);
  });
});
