import { describe, expect, it } from 'vitest';
import { parsePastedContacts, PASTED_HEADERS } from './pasted.js';

describe('parsePastedContacts', () => {
  it('splits mixed lines into name, email and phone', () => {
    const text = [
      'Ada Lovelace, ada@example.com, +44 20 7946 0958',
      'Alan Turing <alan@example.com>',
      '',
      '(212) 555-0100   Grace Hopper',
      'grace@example.com;Grace;Hopper',
      'Margaret Hamilton\t+1-617-555-0199\tmargaret@example.com',
      '"Lovelace, Ada" <mailto:ada@example.com>',
      'Katherine Johnson 757.555.0123',
    ].join('\r\n');
    const table = parsePastedContacts(text);
    expect(table.headers).toEqual(PASTED_HEADERS);
    expect(table.hasHeader).toBe(false);
    expect(table.rows).toEqual([
      { rowNumber: 1, cells: ['Ada Lovelace', 'ada@example.com', '+44 20 7946 0958'] },
      { rowNumber: 2, cells: ['Alan Turing', 'alan@example.com', ''] },
      { rowNumber: 4, cells: ['Grace Hopper', '', '(212) 555-0100'] },
      { rowNumber: 5, cells: ['Grace Hopper', 'grace@example.com', ''] },
      { rowNumber: 6, cells: ['Margaret Hamilton', 'margaret@example.com', '+1-617-555-0199'] },
      { rowNumber: 7, cells: ['Lovelace Ada', 'ada@example.com', ''] },
      { rowNumber: 8, cells: ['Katherine Johnson', '', '757.555.0123'] },
    ]);
  });

  it('reports lines that yield nothing or are ambiguous, and keeps the others', () => {
    const table = parsePastedContacts(
      [
        'Ada Lovelace',
        ',,, ;;',
        'Bob 123',
        'x@example.com y@example.com',
        'Ann +15551234567 +15557654321',
      ].join('\n'),
    );
    expect(table.rows).toEqual([
      { rowNumber: 1, cells: ['Ada Lovelace', '', ''] },
      { rowNumber: 2, cells: ['', '', ''], problem: 'no name, email or phone number found' },
      { rowNumber: 3, cells: ['Bob', '', ''], problem: '"123" is neither a name nor a phone number' },
      {
        rowNumber: 4,
        cells: ['', 'x@example.com', ''],
        problem: '2 emails found; put one contact per line',
      },
      {
        rowNumber: 5,
        cells: ['Ann', '', '+15551234567'],
        problem: '2 phone numbers found; put one contact per line',
      },
    ]);
  });

  it('skips a first line of column names', () => {
    const table = parsePastedContacts('Name, Email, Phone\nAda, ada@example.com\n');
    expect(table.rows).toEqual([{ rowNumber: 2, cells: ['Ada', 'ada@example.com', ''] }]);
  });

  it('returns no rows for blank text', () => {
    expect(parsePastedContacts(' \n\n\t\n').rows).toEqual([]);
  });
});
