import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import ICAL from 'ical.js';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { ContactRow } from '../../../db/types.js';
import type { StreamedContact } from '../../contacts/stream.js';
import { defaultColumns, type ExportField } from '../columns.js';
import { restoreFormulaText } from '../../../lib/formula.js';
import { csvField, csvFile } from './csv.js';
import { escapeText, foldLine, vcard } from './vcard.js';
import { xlsxFile } from './xlsx.js';

const FIELDS: ExportField[] = [
  { key: 'seats', label: 'Seats', type: 'number', options: [] },
  { key: 'renewal', label: 'Renewal', type: 'date', options: [] },
  { key: 'vip', label: 'VIP', type: 'checkbox', options: [] },
  { key: 'langs', label: 'Langs', type: 'multiselect', options: ['en', 'fr,be'] },
  { key: 'note_text', label: 'Note', type: 'text', options: [] },
];

function contact(over: Partial<ContactRow>, points: [string, string, string][] = []): StreamedContact {
  const now = new Date('2026-11-23T10:00:00Z');
  return {
    contact: {
      workspace_id: 'w',
      id: 'c',
      first_name: null,
      last_name: null,
      type: 'lead',
      level: 'primary',
      company: null,
      job_title: null,
      department: null,
      birth_date: null,
      language: null,
      time_zone: null,
      street: null,
      city: null,
      state: null,
      zip: null,
      country: null,
      tags: [],
      owner_id: null,
      created_by: null,
      source: 'manual',
      external_id: null,
      custom: {},
      active: true,
      blocked: false,
      blocked_reason: null,
      search_text: '',
      version: 1,
      created_at: now,
      updated_at: now,
      ...over,
    },
    points: points.map(([channel, label, value], position) => ({
      workspace_id: 'w',
      id: `p${position}`,
      contact_id: 'c',
      channel,
      label,
      value,
      normalized: value,
      status: 'active',
      position,
      created_at: now,
    })),
    ownerEmail: null,
  };
}

const ADA = contact(
  {
    first_name: 'Zoë',
    last_name: 'Lovelace, "Countess"',
    company: '=SUM(A1)',
    job_title: 'Line one\r\nline two',
    birth_date: '1985-12-10',
    tags: ['vip', 'west'],
    custom: { seats: -40, renewal: '2027-01-31', vip: false, langs: ['en'], note_text: '@x' },
  },
  [
    ['phone', 'mobile', '+1 212 555 0100'],
    ['phone', 'mobile', '+44 7400 123456'],
    ['email', 'work', 'zoe@a.example'],
  ],
);

const columns = defaultColumns({
  pointKinds: [
    { channel: 'phone', label: 'mobile' },
    { channel: 'email', label: 'work' },
  ],
  fields: FIELDS,
});

async function* pages(...list: StreamedContact[][]) {
  yield* list;
}

async function bytes(stream: AsyncIterable<Buffer> | Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const p of stream) parts.push(p as Buffer);
  return Buffer.concat(parts);
}

describe('CSV writer', () => {
  it('quotes fields with commas, quotes and line breaks only', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('a\nb')).toBe('"a\nb"');
  });

  it('writes a BOM, CRLF lines, and cells that read back as the values (after the import strips the quote)', async () => {
    const file = await bytes(csvFile(columns, pages([ADA])));
    expect([...file.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = file.toString('utf8').slice(1);
    expect(text.endsWith('\r\n')).toBe(true);
    const parsed = Papa.parse<string[]>(text.trimEnd(), { newline: '\r\n' });
    expect(parsed.errors).toEqual([]);
    const [header, row] = parsed.data;
    const cell = (h: string) => row[header.indexOf(h)];
    expect(cell('firstName')).toBe('Zoë');
    expect(cell('lastName')).toBe('Lovelace, "Countess"');
    expect(cell('company')).toBe("'=SUM(A1)");
    expect(restoreFormulaText(cell('company'))).toBe('=SUM(A1)');
    expect(cell('jobTitle')).toBe('Line one\r\nline two');
    expect(cell('birthDate')).toBe('1985-12-10');
    expect(cell('tags')).toBe('vip, west');
    expect(cell('phone (mobile)')).toBe('+1 212 555 0100 ::: +44 7400 123456');
    expect(cell('Seats')).toBe('-40');
    expect(cell('VIP')).toBe('false');
    expect(cell('Note')).toBe("'@x");
  });
});

describe('XLSX writer', () => {
  it('writes typed cells, neutralised text, and plain phone numbers as they are', async () => {
    const file = await bytes(xlsxFile(columns, pages([ADA], [contact({ last_name: 'Two' })])));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file as any);
    const sheet = wb.worksheets[0];
    expect(sheet.name).toBe('Contacts');
    expect(sheet.rowCount).toBe(3);
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(columns.map((c) => c.header));
    const cell = (h: string, row = 2) => sheet.getRow(row).getCell(header.indexOf(h) + 1).value;
    expect(cell('firstName')).toBe('Zoë');
    expect(cell('company')).toBe("'=SUM(A1)");
    expect(cell('birthDate')).toEqual(new Date('1985-12-10T00:00:00Z'));
    expect(cell('Seats')).toBe(-40);
    expect(cell('VIP')).toBe(false);
    expect(cell('Renewal')).toEqual(new Date('2027-01-31T00:00:00Z'));
    expect(cell('phone (mobile)')).toBe('+1 212 555 0100 ::: +44 7400 123456');
    expect(cell('company', 3)).toBe(null);
    expect(cell('lastName', 3)).toBe('Two');
  });
});

describe('vCard writer', () => {
  it('escapes text and folds long lines at 75 octets without splitting a character', () => {
    expect(escapeText('a,b;c\\d\ne')).toBe('a\\,b;c\\\\d\\ne');
    expect(escapeText('a,b;c', true)).toBe('a\\,b\\;c');
    const folded = foldLine(`NOTE:${'é'.repeat(100)}`);
    const lines = folded.split('\r\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(2);
    for (const l of lines) expect(Buffer.byteLength(l)).toBeLessThanOrEqual(75);
    expect(lines.slice(1).every((l) => l.startsWith(' '))).toBe(true);
    expect(lines.map((l, i) => (i ? l.slice(1) : l)).join('')).toBe(`NOTE:${'é'.repeat(100)}`);
  });

  it('writes a card that a vCard 4.0 parser reads back field by field', () => {
    const c = contact(
      {
        first_name: 'Ada',
        last_name: 'Lovelace; Byron',
        company: 'Analytical, Engines',
        department: 'R&D',
        job_title: 'CTO',
        birth_date: '1985-12-10',
        language: 'en',
        time_zone: 'Europe/London',
        street: "12 St James's Sq\nFloor 2",
        city: 'London',
        zip: 'SW1Y 4JH',
        country: 'GB',
        tags: ['vip', 'a,b', 'c;d'],
        external_id: 'CRM-1842',
        type: 'customer',
        level: 'secondary',
        custom: { seats: 40, langs: ['en', 'fr,be'], note_text: 'x'.repeat(120), vip: true },
      },
      [
        ['phone', 'mobile', '+44 7400 123456'],
        ['phone', 'other', '+1 212 555 0100'],
        ['email', 'work', 'ada@engines.example'],
        ['email', 'other', 'ada@other.example'],
        ['web', 'work', 'https://engines.example/a,b'],
        ['whatsapp', 'mobile', '+44 7400 123456'],
        ['other', 'other', 'pager 42'],
      ],
    );
    const text = vcard(c, FIELDS);
    expect(text.split('\r\n').every((l) => Buffer.byteLength(l) <= 75)).toBe(true);
    const card = new ICAL.Component(ICAL.parse(text) as any[]);
    const value = (name: string) => card.getFirstPropertyValue(name);
    const all = (name: string) =>
      card
        .getAllProperties(name)
        .map((p) => ({ type: p.getParameter('type') ?? null, value: p.getFirstValue() }));
    expect(value('version')).toBe('4.0');
    expect(value('fn')).toBe('Ada Lovelace; Byron');
    expect(card.getFirstProperty('n')!.getValues()[0]).toEqual(['Lovelace; Byron', 'Ada', '', '', '']);
    expect(card.getFirstProperty('org')!.getValues()[0]).toEqual(['Analytical, Engines', 'R&D']);
    expect(value('title')).toBe('CTO');
    expect(String(value('bday'))).toBe('1985-12-10');
    expect(value('lang')).toBe('en');
    expect(value('tz')).toBe('Europe/London');
    expect(card.getFirstProperty('adr')!.getValues()[0]).toEqual([
      '',
      '',
      "12 St James's Sq\nFloor 2",
      'London',
      '',
      'SW1Y 4JH',
      'GB',
    ]);
    expect(card.getFirstProperty('categories')!.getValues()).toEqual(['vip', 'a,b', 'c;d']);
    expect(value('uid')).toBe('CRM-1842');
    expect(value('x-contact-type')).toBe('customer');
    expect(value('x-contact-level')).toBe('secondary');
    expect(all('tel')).toEqual([
      { type: 'cell', value: '+44 7400 123456' },
      { type: 'voice', value: '+1 212 555 0100' },
    ]);
    expect(all('email')).toEqual([
      { type: 'work', value: 'ada@engines.example' },
      { type: null, value: 'ada@other.example' },
    ]);
    expect(value('url')).toBe('https://engines.example/a,b');
    expect(all('impp').map((p) => p.value)).toEqual(['whatsapp:+44 7400 123456', 'other:pager 42']);
    expect(text).toContain('X-CUSTOM-SEATS:40\r\n');
    expect(text).toContain('X-CUSTOM-LANGS:en,fr\\,be\r\n');
    expect(text).toContain('X-CUSTOM-VIP:true\r\n');
    expect(text).toContain('X-CUSTOM-NOTE-TEXT:xxx');
  });

  it('names a contact without a name by its first point, and leaves out empty properties', () => {
    const text = vcard(contact({}, [['email', 'home', 'someone@x.example']]), []);
    expect(text).toBe(
      [
        'BEGIN:VCARD',
        'VERSION:4.0',
        'FN:someone@x.example',
        'N:;;;;',
        'X-CONTACT-TYPE:lead',
        'X-CONTACT-LEVEL:primary',
        'EMAIL;TYPE=home:someone@x.example',
        'END:VCARD',
        '',
      ].join('\r\n'),
    );
  });
});
