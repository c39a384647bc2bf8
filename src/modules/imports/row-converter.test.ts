import { describe, expect, it } from 'vitest';
import { createRowConverter } from './row-converter.js';
import { convertRows, type RowPlan } from './rows.js';

const plan: RowPlan = {
  headers: ['First name', 'Email', 'Phone'],
  mapping: [
    { kind: 'field', field: 'firstName' },
    { kind: 'point', channel: 'email', label: 'work' },
    { kind: 'point', channel: 'phone', label: 'mobile' },
  ],
  labelColumns: [],
  definitions: [],
  defaultCountry: 'US',
  dateFormat: 'YYYY-MM-DD',
  matchBy: 'email',
};
const rows = [
  { rowNumber: 2, cells: ['Ada', 'ada@example.com', '(212) 555-0100'] },
  { rowNumber: 3, cells: ['Bob', 'not an email', '12'] },
];

describe('row converter threads', () => {
  it('convert in a thread exactly as on the caller’s thread, failures included', async () => {
    // The pool's thread starts as the server runs: here TypeScript through tsx (src/lib/threads.ts).
    const pooled = createRowConverter(1);
    try {
      const inThread = await pooled.convert(rows, plan);
      expect(inThread).toEqual(convertRows(rows, plan));
      expect(inThread.failures.map((f) => f.index)).toEqual([1]);
      expect(inThread.records).toHaveLength(1);
    } finally {
      await pooled.close();
    }
  });
});
