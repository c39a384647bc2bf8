import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrayLiteral } from '../../src/db/array-literal.js';
import type { Database } from '../../src/db/engine.js';
import { openTestDatabase } from '../db.js';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

const roundTrip = async <T>(literal: string, type: string) =>
  (await sql<{ v: T[] }>`select ${literal}::${sql.raw(type)} as v`.execute(database.db)).rows[0].v;

describe('arrayLiteral', () => {
  it('round-trips hostile text exactly, keeping nulls apart from the word NULL', async () => {
    const values = [
      'plain',
      '',
      'NULL',
      'null',
      'with "quotes" and \\ backslashes \\"',
      'commas, {braces} and (parens)',
      '  leading and trailing spaces  ',
      'line\nbreak\ttab\rreturn',
      'accents é ñ ü, emoji 🙂, CJK 漢字',
      "'; drop table contacts; --",
      null,
      undefined,
    ];
    expect(await roundTrip<string | null>(arrayLiteral(values), 'text[]')).toEqual(
      values.map((v) => v ?? null),
    );
  });

  it('writes numbers, booleans, dates and uuids the database reads back as sent', async () => {
    expect(await roundTrip<number>(arrayLiteral([1, -2, 0, null]), 'int[]')).toEqual([1, -2, 0, null]);
    expect(await roundTrip<boolean>(arrayLiteral([true, false, null]), 'boolean[]')).toEqual([
      true,
      false,
      null,
    ]);
    const dates = [new Date('2026-12-07T01:02:03.456Z'), new Date(0)];
    const read = await roundTrip<string>(arrayLiteral(dates), 'timestamptz[]');
    expect(read.map((d) => new Date(d).getTime())).toEqual(dates.map((d) => d.getTime()));
    const id = '01a24e01-8e64-7dc6-af72-be2140934c39';
    expect(await roundTrip<string>(arrayLiteral([id, null]), 'uuid[]')).toEqual([id, null]);
  });

  it('makes an empty array of no values', async () => {
    expect(arrayLiteral([])).toBe('{}');
    expect(await roundTrip<string>(arrayLiteral([]), 'text[]')).toEqual([]);
  });
});
