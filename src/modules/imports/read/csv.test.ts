import { describe, expect, it } from 'vitest';
import { detectHeader } from './csv-layout.js';
import { parseCsv } from './csv.js';

const cellsOf = (text: string, options = {}) => parseCsv(text, options).rows.map((r) => r.cells);

describe('parseCsv: delimiters and line endings', () => {
  it('detects semicolons, with decimal commas in the values', () => {
    const table = parseCsv('Name;Amount;City\nAda;1,5;London\nAlan;2,75;Wilmslow\n');
    expect(table.delimiter).toBe(';');
    expect(table.headers).toEqual(['Name', 'Amount', 'City']);
    expect(table.rows[1].cells).toEqual(['Alan', '2,75', 'Wilmslow']);
  });

  it('detects tabs, with commas in the values', () => {
    const table = parseCsv('Name\tCity\nLovelace, Ada\tLondon, UK\nTuring, Alan\tWilmslow, UK\n');
    expect(table.delimiter).toBe('\t');
    expect(table.rows.map((r) => r.cells)).toEqual([
      ['Lovelace, Ada', 'London, UK'],
      ['Turing, Alan', 'Wilmslow, UK'],
    ]);
  });

  it('reads a one-column file with a comma delimiter', () => {
    const table = parseCsv('email\nada@example.com\nalan@example.com\n');
    expect(table).toMatchObject({ delimiter: ',', hasHeader: true, headers: ['email'] });
    expect(table.rows).toHaveLength(2);
  });

  it('lets the caller force the delimiter', () => {
    const table = parseCsv('a;b,c\n1;2,3\n', { delimiter: ',' });
    expect(table.headers).toEqual(['a;b', 'c']);
    expect(table.rows[0].cells).toEqual(['1;2', '3']);
  });

  it('reads CRLF, LF, CR and a mix of CRLF and LF', () => {
    const expected = [
      ['1', '2'],
      ['3', '4'],
    ];
    expect(parseCsv('a,b\r\n1,2\r\n3,4\r\n')).toMatchObject({ lineEnding: '\r\n' });
    expect(cellsOf('a,b\r\n1,2\r\n3,4\r\n')).toEqual(expected);
    expect(cellsOf('a,b\n1,2\n3,4')).toEqual(expected);
    expect(parseCsv('a,b\r1,2\r3,4\r')).toMatchObject({ lineEnding: '\r' });
    expect(cellsOf('a,b\r1,2\r3,4\r')).toEqual(expected);
    const mixed = parseCsv('a,b\r\n1,2\n3,4\r\n');
    expect(mixed.headers).toEqual(['a', 'b']);
    expect(mixed.rows.map((r) => [r.rowNumber, ...r.cells])).toEqual([
      [2, '1', '2'],
      [3, '3', '4'],
    ]);
  });
});

describe('parseCsv: quoting', () => {
  it('keeps delimiters, escaped quotes and newlines inside quotes, untrimmed', () => {
    const text = 'name,note,city\n"Doe, John","He said ""hi""\nthen left", Paris \n"  Ada  ",x,y\n';
    const table = parseCsv(text);
    expect(table.rows).toEqual([
      { rowNumber: 2, cells: ['Doe, John', 'He said "hi"\nthen left', ' Paris '] },
      { rowNumber: 4, cells: ['  Ada  ', 'x', 'y'] },
    ]);
  });

  it('keeps CRLF inside quotes and counts it as one line', () => {
    const table = parseCsv('a,b\r\n"x\r\ny\r\nz",1\r\nq,2\r\n');
    expect(table.rows).toEqual([
      { rowNumber: 2, cells: ['x\r\ny\r\nz', '1'] },
      { rowNumber: 5, cells: ['q', '2'] },
    ]);
  });

  it('reports a quote that never closes on its row, with the lines it swallowed', () => {
    const table = parseCsv('name,city\nAda,London\n"Alan,Wilmslow\nGrace,Arlington\n');
    expect(table.rows[0]).toEqual({ rowNumber: 2, cells: ['Ada', 'London'] });
    expect(table.rows[1].rowNumber).toBe(3);
    expect(table.rows[1].problem).toBe(
      'a quote opened on line 3 is never closed, so lines 3–5 were read as one row',
    );
  });
});

describe('parseCsv: empty lines and trailing delimiters', () => {
  it('skips empty and blank lines but keeps true line numbers', () => {
    const table = parseCsv('\n\nname,phone\n\nAda,555-0100-11\n   \n\nAlan,555-0199-22\n\n');
    expect(table.headers).toEqual(['name', 'phone']);
    expect(table.rows).toEqual([
      { rowNumber: 5, cells: ['Ada', '555-0100-11'] },
      { rowNumber: 8, cells: ['Alan', '555-0199-22'] },
    ]);
  });

  it('skips lines holding only delimiters', () => {
    const table = parseCsv('a,b,c\n,,\n1,2,3\n , ,""\n,,,,,,\n4,5,6\n');
    expect(table.rows.map((r) => r.rowNumber)).toEqual([3, 6]);
    expect(table.rows.every((r) => !r.problem)).toBe(true);
    expect(parseCsv('a;b;c\n;;\n1;2;3\n').rows).toEqual([{ rowNumber: 3, cells: ['1', '2', '3'] }]);
  });

  it('drops empty cells from trailing delimiters', () => {
    const table = parseCsv('name,email,\nAda,ada@example.com,\nAlan,alan@example.com,,\n');
    expect(table.headers).toEqual(['name', 'email']);
    expect(table.rows).toEqual([
      { rowNumber: 2, cells: ['Ada', 'ada@example.com'] },
      { rowNumber: 3, cells: ['Alan', 'alan@example.com'] },
    ]);
  });

  it('names blank header cells after their position', () => {
    expect(parseCsv('name,,city\nAda,x,London\n', { hasHeader: true }).headers).toEqual([
      'name',
      'Column 2',
      'city',
    ]);
  });
});

describe('parseCsv: cell counts', () => {
  it('reports a row with the wrong number of cells alone, and parses the others', () => {
    const text = 'a,b,c,d,e\n1,2,3,4,5\n1,2,3,4,5,6,7\n1,2,3,4,5\n1,2\n1,2,3,4,5\n';
    const table = parseCsv(text);
    expect(table.rows).toHaveLength(5);
    expect(table.rows.filter((r) => r.problem)).toEqual([
      { rowNumber: 3, cells: ['1', '2', '3', '4', '5', '6', '7'], problem: 'expected 5 cells, found 7' },
      { rowNumber: 5, cells: ['1', '2'], problem: 'expected 5 cells, found 2' },
    ]);
  });

  it('without a header, takes the usual cell count of the first rows as the width', () => {
    const table = parseCsv('1,2\n3,4,5\n6,7\n8,9\n', { hasHeader: false });
    expect(table.headers).toEqual(['Column 1', 'Column 2']);
    expect(table.rows[1].problem).toBe('expected 2 cells, found 3');
  });
});

describe('header detection', () => {
  it('finds a header over typed values', () => {
    expect(parseCsv('a,b,c\n1,2,3\n')).toMatchObject({ hasHeader: true, headers: ['a', 'b', 'c'] });
    expect(detectHeader(['Who', 'Reach'], [['Ada', 'ada@example.com']])).toBe(true);
    expect(detectHeader(['Who', 'Reach'], [['Ada', '+44 20 7946 0958']])).toBe(true);
    expect(detectHeader(['Who', 'When'], [['Ada', '1815-12-10']])).toBe(true);
  });

  it('finds a header of column words over words', () => {
    expect(parseCsv('first,last\nJohn,Doe\nJane,Roe\n').hasHeader).toBe(true);
  });

  it('sees no header when the first row holds values', () => {
    const table = parseCsv('Ada,ada@example.com\nAlan,alan@example.com\n');
    expect(table).toMatchObject({ hasHeader: false, headers: ['Column 1', 'Column 2'] });
    expect(table.rows.map((r) => r.rowNumber)).toEqual([1, 2]);
    expect(parseCsv('1,2\n3,4\n').hasHeader).toBe(false);
  });

  it('sees no header in words only, none of them a column word', () => {
    expect(parseCsv('Ada,Lovelace\nAlan,Turing\n').hasHeader).toBe(false);
  });

  it('sees no header when a first-row cell repeats below it, is empty or is duplicated', () => {
    expect(detectHeader(['Active', 'Email'], [['Active', 'a@example.com']])).toBe(false);
    expect(detectHeader(['Name', '', 'Email'], [['Ada', 'x', 'a@example.com']])).toBe(false);
    expect(detectHeader(['Name', 'name'], [['Ada', 'Lovelace']])).toBe(false);
  });

  it('takes a lone row of labels as a header', () => {
    expect(parseCsv('name,email\n')).toMatchObject({ hasHeader: true, headers: ['name', 'email'], rows: [] });
  });

  it('obeys a forced hasHeader either way', () => {
    expect(parseCsv('a,b\n1,2\n', { hasHeader: false }).rows).toHaveLength(2);
    const forced = parseCsv('Ada,Lovelace\nAlan,Turing\n', { hasHeader: true });
    expect(forced.headers).toEqual(['Ada', 'Lovelace']);
    expect(forced.rows).toEqual([{ rowNumber: 2, cells: ['Alan', 'Turing'] }]);
  });
});

describe('parseCsv: edge input', () => {
  it('gives an empty table for empty text', () => {
    expect(parseCsv('')).toEqual({
      delimiter: ',',
      lineEnding: '\n',
      hasHeader: false,
      headers: [],
      rows: [],
    });
  });

  it('strips a BOM left in the text', () => {
    expect(parseCsv('\uFEFFname,email\nAda,a@example.com\n').headers).toEqual(['name', 'email']);
  });
});
