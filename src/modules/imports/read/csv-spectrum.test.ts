import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseCsv, readCsvRows, type CsvLayout, type CsvRow } from './csv.js';
import { decodeText } from './decode.js';

const root = dirname(createRequire(import.meta.url).resolve('csv-spectrum/package.json'));
const names = readdirSync(join(root, 'csvs'))
  .filter((f) => f.endsWith('.csv'))
  .map((f) => f.slice(0, -4));

// csv-spectrum's own data error (max-mapper/csv-spectrum#20): the CSV holds 2095257564 where the
// JSON expects 1234567890. We compare against what the CSV actually says.
const CORRECTIONS: Record<string, Record<string, string>> = {
  location_coordinates: { 'Contact Phone Number': '2095257564' },
};

function expected(name: string): Record<string, string>[] {
  const json: unknown = JSON.parse(readFileSync(join(root, 'json', `${name}.json`), 'utf8'));
  // location_coordinates.json is a lone object rather than an array of one.
  const records = (Array.isArray(json) ? json : [json]) as Record<string, string>[];
  return records.map((r) => ({ ...r, ...CORRECTIONS[name] }));
}

function toObjects(layout: CsvLayout, rows: CsvRow[]): Record<string, string>[] {
  return rows.map((row) => Object.fromEntries(layout.headers.map((h, i) => [h, row.cells[i]])));
}

describe('csv-spectrum', () => {
  it('has the files this suite expects', () => {
    expect(names).toHaveLength(12);
  });

  for (const name of names) {
    const bytes = readFileSync(join(root, 'csvs', `${name}.csv`));

    it(`${name}: parses to its JSON with header detection`, () => {
      const table = parseCsv(decodeText(bytes).text);
      expect(table.hasHeader).toBe(true);
      expect(table.rows.filter((r) => r.problem)).toEqual([]);
      expect(toObjects(table, table.rows)).toEqual(expected(name));
    });

    it(`${name}: the streaming reader over bytes gives the same rows`, async () => {
      // 7-byte pieces cut through CRLFs, quotes and multi-byte characters.
      const pieces = Array.from({ length: Math.ceil(bytes.length / 7) }, (_, i) =>
        bytes.subarray(i * 7, i * 7 + 7),
      );
      const rows: CsvRow[] = [];
      let layout: CsvLayout | undefined;
      for await (const batch of readCsvRows(Readable.from(pieces), { batchSize: 1, hasHeader: true })) {
        layout = batch.layout;
        rows.push(...batch.rows);
      }
      expect(toObjects(layout as CsvLayout, rows)).toEqual(expected(name));
    });
  }

  it('reports the line each record starts on, quoted newlines included', () => {
    const table = parseCsv(decodeText(readFileSync(join(root, 'csvs', 'newlines_crlf.csv'))).text);
    expect(table.lineEnding).toBe('\r\n');
    expect(table.rows.map((r) => r.rowNumber)).toEqual([2, 3, 5]);
  });
});
