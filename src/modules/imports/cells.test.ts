import { describe, expect, it } from 'vitest';
import type { FieldDefinitionRow, FieldType } from '../../db/types.js';
import {
  readBoolean,
  readChoice,
  readCustomCell,
  readDate,
  readDateTime,
  readEntryCell,
  readList,
  readNumber,
  readWholeNumber,
  splitFullName,
} from './cells.js';

const def = (type: FieldType, options: string[] = []): FieldDefinitionRow => ({
  workspace_id: 'w',
  id: 'f',
  key: 'k',
  label: 'K',
  type,
  options,
  required: false,
  created_at: new Date(),
});

describe('import cells', () => {
  it('reads dates in the chosen format, and ISO always', () => {
    expect(readDate('01/31/1990', 'MM/DD/YYYY')).toEqual({ value: '1990-01-31' });
    expect(readDate('31.01.1990', 'DD/MM/YYYY')).toEqual({ value: '1990-01-31' });
    expect(readDate('3/4/1990', 'DD/MM/YYYY')).toEqual({ value: '1990-04-03' });
    expect(readDate(' 1990-01-31 ', 'MM/DD/YYYY')).toEqual({ value: '1990-01-31' });
    expect(readDate('31/01/1990', 'MM/DD/YYYY')).toEqual({
      error: '"31/01/1990" is not a date written MM/DD/YYYY',
    });
    expect(readDate('1990-02-30', 'YYYY-MM-DD')).toHaveProperty('error');
    expect(readDate('yesterday', 'YYYY-MM-DD')).toHaveProperty('error');
  });

  it('reads numbers with either decimal separator and thousands groups', () => {
    const cases: [string, number][] = [
      ['1234.5', 1234.5],
      ['1234,5', 1234.5],
      ['1,234.5', 1234.5],
      ['1.234,5', 1234.5],
      ['1,234', 1234],
      ['1.234.567', 1234567],
      ['-3', -3],
      ['1 234,50', 1234.5],
      ['.5', 0.5],
    ];
    for (const [cell, n] of cases) expect(readNumber(cell), cell).toEqual({ value: n });
    for (const bad of ['', 'ten', '1,2,3.4.5', '1e5', '--1', '12abc', 'NaN', 'Infinity'])
      expect(readNumber(bad), bad).toHaveProperty('error');
  });

  it('reads yes and no in several languages and forms', () => {
    for (const yes of ['yes', 'TRUE', '1', 'x', 'Ja', 'oui', 'sí', '✓'])
      expect(readBoolean(yes)).toEqual({ value: true });
    for (const no of ['no', 'False', '0', 'nein', 'non', '-'])
      expect(readBoolean(no)).toEqual({ value: false });
    expect(readBoolean('maybe')).toEqual({ error: '"maybe" is not yes or no' });
  });

  it('matches choices without case, through synonyms, and never through prototype keys', () => {
    const types = ['lead', 'prospect', 'customer', 'other'] as const;
    expect(readChoice(' Customer ', types)).toEqual({ value: 'customer' });
    expect(readChoice('client', types, { client: 'customer' })).toEqual({ value: 'customer' });
    expect(readChoice('constructor', types, {})).toHaveProperty('error');
    expect(readChoice('__proto__', types, {})).toHaveProperty('error');
  });

  it('splits lists and full names', () => {
    expect(readList('vip, west; vip | 2024 ,')).toEqual(['vip', 'west', '2024']);
    expect(readList('Friends ::: Family')).toEqual(['Friends', 'Family']);
    expect(splitFullName('Ada  Lovelace')).toEqual({ firstName: 'Ada', lastName: 'Lovelace' });
    expect(splitFullName('Lovelace, Ada')).toEqual({ firstName: 'Ada', lastName: 'Lovelace' });
    expect(splitFullName('Mary Ann Evans')).toEqual({ firstName: 'Mary Ann', lastName: 'Evans' });
    expect(splitFullName('Cher')).toEqual({ firstName: null, lastName: 'Cher' });
    expect(splitFullName('  ')).toEqual({ firstName: null, lastName: null });
  });

  it('reads custom cells by their field type, spelling options as defined', () => {
    expect(readCustomCell(def('select', ['Gold', 'Silver']), 'gold', 'YYYY-MM-DD')).toEqual({
      value: 'Gold',
    });
    expect(readCustomCell(def('multiselect', ['Red', 'Blue']), 'blue; RED', 'YYYY-MM-DD')).toEqual({
      value: ['Blue', 'Red'],
    });
    expect(readCustomCell(def('multiselect', ['Red']), 'Red, Green', 'YYYY-MM-DD')).toEqual({
      error: '"Green" is not one of: Red',
    });
    expect(readCustomCell(def('number'), '1.234,5', 'YYYY-MM-DD')).toEqual({ value: 1234.5 });
    expect(readCustomCell(def('date'), '12/25/2026', 'MM/DD/YYYY')).toEqual({ value: '2026-12-25' });
    expect(readCustomCell(def('checkbox'), 'Yes', 'YYYY-MM-DD')).toEqual({ value: true });
    expect(readCustomCell(def('text'), ' kept as is ', 'YYYY-MM-DD')).toEqual({ value: ' kept as is ' });
  });

  it('keeps error messages short for huge cells', () => {
    const r = readNumber('9'.repeat(10) + 'x'.repeat(100_000));
    expect('error' in r && r.error.length).toBeLessThan(100);
  });

  it('reads list entry cells: whole priorities in range, moments with their offset, zones, yes or no', () => {
    expect(readWholeNumber(' 12 ', -1000, 1000)).toEqual({ value: 12 });
    expect(readWholeNumber('-3', -1000, 1000)).toEqual({ value: -3 });
    expect(readWholeNumber('1.5', -1000, 1000)).toEqual({ error: '"1.5" is not a whole number' });
    expect(readWholeNumber('1001', -1000, 1000)).toEqual({ error: '1001 is not between -1000 and 1000' });

    expect(readDateTime('2031-03-01T09:30+01:00')).toEqual({ value: '2031-03-01T08:30:00.000Z' });
    expect(readDateTime('2031-03-01 09:30:15 +0100')).toEqual({ value: '2031-03-01T08:30:15.000Z' });
    expect(readDateTime('2031-03-01T09:30:00.5z')).toEqual({ value: '2031-03-01T09:30:00.000Z' });
    expect(readDateTime('2031-03-01T09:30-05')).toEqual({ value: '2031-03-01T14:30:00.000Z' });
    for (const bad of ['2031-03-01T09:30', '2031-03-01', '2031-02-30T09:00Z', '2031-03-01T24:00Z', 'soon'])
      expect(readDateTime(bad)).toHaveProperty('error');

    expect(readEntryCell('entry.priority', '7')).toEqual({ value: { priority: 7 } });
    expect(readEntryCell('entry.topPriority', 'Ja')).toEqual({ value: { topPriority: true } });
    expect(readEntryCell('entry.timeZone', ' europe/berlin ')).toEqual({
      value: { timeZone: 'Europe/Berlin' },
    });
    expect(readEntryCell('entry.timeZone', 'Mars/Olympus')).toEqual({
      error: '"Mars/Olympus" is not an IANA time zone such as America/New_York',
    });
    expect(readEntryCell('entry.nextTryAt', '2031-03-01T08:00Z')).toEqual({
      value: { nextTryAt: '2031-03-01T08:00:00.000Z' },
    });
  });
});
