import { describe, expect, it } from 'vitest';
import { AppError } from '../../../server/errors.js';
import { suggestMapping, type ImportTarget } from '../mapping.js';
import type { OpenBytes } from './table.js';
import { splitCards } from './vcard-cards.js';
import { previewVcards, readVcardRows } from './vcard-read.js';
import { cardValues, parseCard } from './vcard.js';

function openOf(bytes: Uint8Array, pieceSize = 64 * 1024): OpenBytes & { opened: number } {
  const open = Object.assign(
    async function* () {
      open.opened++;
      for (let at = 0; at < bytes.length; at += pieceSize) yield bytes.subarray(at, at + pieceSize);
    },
    { opened: 0 },
  );
  return open;
}

const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
const crlf = (lines: string[]) => lines.map((l) => `${l}\r\n`).join('');

async function readAll(bytes: Uint8Array, pieceSize?: number) {
  const batches = [];
  for await (const b of readVcardRows(openOf(bytes, pieceSize), { batchSize: 2 })) batches.push(b);
  return { headers: batches[0].layout.headers, rows: batches.flatMap((b) => b.rows), batches };
}

/** A row as header → cell, leaving out empty cells. */
function record(headers: string[], cells: string[]): Record<string, string> {
  return Object.fromEntries(headers.map((h, i) => [h, cells[i]]).filter(([, c]) => c !== ''));
}

/** The cells of one card, read as the file reader reads it (split, tidied, parsed). */
async function values(card: string): Promise<Record<string, string>> {
  const whole = /^BEGIN:VCARD/.test(card) ? card : `BEGIN:VCARD\r\n${card}\r\nEND:VCARD\r\n`;
  async function* text() {
    yield whole;
  }
  for await (const raw of splitCards(text())) {
    const parsed = parseCard(raw.text ?? '');
    if ('problem' in parsed) throw new Error(parsed.problem);
    return Object.fromEntries(parsed.values);
  }
  throw new Error('no card');
}

const ADA_30 = crlf([
  'BEGIN:VCARD',
  'VERSION:3.0',
  'N:Lovelace;Ada;Augusta;Lady;',
  'FN:Lady Ada Augusta Lovelace',
  'ORG:Analytical Engines Ltd;Research;Numbers',
  'TITLE:Lead programmer',
  'TEL;TYPE=WORK,VOICE:+44 20 7946 0958',
  'TEL;TYPE=cell:+44 7700 900999',
  'TEL;TYPE=CELL;TYPE=PREF:+44 7700 900123',
  'TEL;HOME:+44 20 7946 0000',
  'TEL;TYPE=fax:+44 20 7946 0001',
  'EMAIL;TYPE=INTERNET,WORK:ada@analytical.example',
  'EMAIL;TYPE=INTERNET:ada.personal@exam',
  ' ple.com',
  'item1.EMAIL;TYPE=INTERNET:ada@home.example',
  'item1.X-ABLabel:_$!<Home>!$_',
  'ADR;TYPE=WORK:;;1 Engine Way;Cambridge;;CB1 1AA;United Kingdom',
  "ADR;TYPE=HOME,PREF:;Flat 2;12 St James's Square\\nMayfair;London;Greater London;SW1Y 4JH;GB",
  'BDAY:1815-12-10',
  'CATEGORIES:vip,pioneers',
  'CATEGORIES:london',
  'URL;TYPE=WORK:https://analytical.example',
  'IMPP;TYPE=personal:whatsapp:+447700900123',
  'IMPP:xmpp:ada@jabber.example',
  'IMPP:other:ada-on-the-radio',
  'IMPP;X-SERVICE-TYPE=Telegram:x-apple:adalove',
  'X-SOCIALPROFILE;TYPE=twitter:https://twitter.com/ada',
  'X-SOCIALPROFILE;TYPE=flickr:https://flickr.com/ada',
  'UID:urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1',
  'X-CONTACT-TYPE:customer',
  'X-CONTACT-LEVEL:primary',
  'X-CUSTOM-LIFETIME-VALUE:1200.50',
  'X-CUSTOM-PLAN:gold',
  'NOTE:Wrote the first program\\, famously.',
  'PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD',
  ' /2wBDAAMCAgMCAgMDAwMEAwMEBQgFBQQEBQoHBwYIDAoMDAsKCwsNDhIQDQ4RDgsLEBYQERMUFRUV',
  'END:VCARD',
]);

const GRACE_40 = crlf([
  'BEGIN:VCARD',
  'VERSION:4.0',
  'FN:Grace Hopper',
  'KIND:individual',
  'TEL;VALUE=uri;TYPE="voice,cell";PREF=1:tel:+1-202-555-0143;ext=12',
  'TEL;VALUE=uri;TYPE=work:tel:+1-202-555-0100',
  'EMAIL;PREF=2:grace@navy.example',
  'EMAIL;PREF=1:grace@cobol.example',
  'BDAY:--1209',
  'LANG;PREF=1:en-US',
  'TZ:America/New_York',
  'END:VCARD',
]);

describe('cardValues', () => {
  it('maps a vCard 3.0 card to our export columns', async () => {
    expect(await values(ADA_30)).toEqual({
      firstName: 'Ada Augusta',
      lastName: 'Lovelace',
      company: 'Analytical Engines Ltd',
      department: 'Research, Numbers',
      jobTitle: 'Lead programmer',
      birthDate: '1815-12-10',
      'address.street': "12 St James's Square, Mayfair, Flat 2",
      'address.city': 'London',
      'address.state': 'Greater London',
      'address.zip': 'SW1Y 4JH',
      'address.country': 'GB',
      tags: 'vip, pioneers, london',
      externalId: 'urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1',
      type: 'customer',
      level: 'primary',
      'custom.lifetime_value': '1200.50',
      'custom.plan': 'gold',
      'phone (work)': '+44 20 7946 0958',
      'phone (mobile)': '+44 7700 900123 ::: +44 7700 900999',
      'phone (home)': '+44 20 7946 0000',
      'phone (other)': '+44 20 7946 0001',
      'email (work)': 'ada@analytical.example',
      'email (other)': 'ada.personal@example.com',
      'email (home)': 'ada@home.example',
      'web (work)': 'https://analytical.example',
      'whatsapp (other)': '+447700900123',
      'telegram (other)': 'adalove',
      'twitter (other)': 'https://twitter.com/ada',
      'other (other)': 'xmpp:ada@jabber.example ::: ada-on-the-radio ::: https://flickr.com/ada',
    });
  });

  it('maps a vCard 4.0 card: tel: URIs, PREF order, time zone, language, no-year birthday', () => {
    const parsed = parseCard(GRACE_40);
    if ('problem' in parsed) throw new Error(parsed.problem);
    expect(Object.fromEntries(parsed.values)).toEqual({
      firstName: 'Grace',
      lastName: 'Hopper',
      language: 'en-US',
      timeZone: 'America/New_York',
      'phone (mobile)': '+1-202-555-0143 ext. 12',
      'phone (work)': '+1-202-555-0100',
      'email (other)': 'grace@cobol.example ::: grace@navy.example',
    });
    expect(parsed.undatedBirthday).toBe(true);
  });

  it('reads back a card as our vCard export writes it', async () => {
    const exported = crlf([
      'BEGIN:VCARD',
      'VERSION:4.0',
      'FN:Ada Lovelace',
      'N:Lovelace;Ada;;;',
      'ORG:Analytical\\, Engines;R&D',
      'TITLE:Programmer',
      'BDAY:1815-12-10',
      'LANG:en',
      'TZ:Europe/London',
      'ADR:;;12 Main St\\nFloor 2;London;;N1 9GU;GB',
      'CATEGORIES:vip,west',
      'UID:crm-42',
      'X-CONTACT-TYPE:customer',
      'X-CONTACT-LEVEL:secondary',
      'TEL;TYPE=cell:+44 7700 900123',
      'TEL;TYPE=voice:+44 20 7946 0000',
      'EMAIL;TYPE=work:ada@example.com',
      'URL:https://ada.example',
      'IMPP:whatsapp:+44 7700 900123',
      'IMPP:other:ada-radio',
      'X-CUSTOM-INTERESTS:maths,poetry',
      'END:VCARD',
    ]);
    expect(await values(exported)).toEqual({
      firstName: 'Ada',
      lastName: 'Lovelace',
      company: 'Analytical, Engines',
      department: 'R&D',
      jobTitle: 'Programmer',
      birthDate: '1815-12-10',
      language: 'en',
      timeZone: 'Europe/London',
      'address.street': '12 Main St, Floor 2',
      'address.city': 'London',
      'address.zip': 'N1 9GU',
      'address.country': 'GB',
      tags: 'vip, west',
      externalId: 'crm-42',
      type: 'customer',
      level: 'secondary',
      'phone (mobile)': '+44 7700 900123',
      'phone (other)': '+44 20 7946 0000',
      'email (work)': 'ada@example.com',
      'web (other)': 'https://ada.example',
      'whatsapp (other)': '+44 7700 900123',
      'other (other)': 'ada-radio',
      'custom.interests': 'maths,poetry',
    });
  });

  it('splits FN only without N, and never for an organisation', async () => {
    expect(await values('VERSION:3.0\r\nN:;;;;\r\nFN:Lovelace, Ada')).toEqual({
      firstName: 'Ada',
      lastName: 'Lovelace',
    });
    expect(await values('VERSION:3.0\r\nN:Turing;Alan;;;\r\nFN:Someone Else')).toEqual({
      firstName: 'Alan',
      lastName: 'Turing',
    });
    expect(await values('VERSION:3.0\r\nN:;;;;\r\nFN:Acme Corp\r\nORG:Acme Corp')).toEqual({
      company: 'Acme Corp',
    });
    expect(await values('VERSION:4.0\r\nKIND:org\r\nFN:Acme Corp')).toEqual({});
  });

  it('keeps only IANA time zones and full birth dates', async () => {
    expect(await values('VERSION:3.0\r\nFN:A B\r\nTZ:-05:00\r\nBDAY:19900131')).toMatchObject({
      birthDate: '1990-01-31',
    });
    expect(await values('VERSION:3.0\r\nFN:A B\r\nTZ:-05:00')).not.toHaveProperty('timeZone');
    expect(await values('VERSION:3.0\r\nFN:A B\r\nTZ:America/Argentina/Buenos_Aires')).toMatchObject({
      timeZone: 'America/Argentina/Buenos_Aires',
    });
    expect(await values('VERSION:3.0\r\nFN:A B\r\nTZ;VALUE=text:Europe/Berlin')).toMatchObject({
      timeZone: 'Europe/Berlin',
    });
    expect(await values('VERSION:3.0\r\nFN:A B\r\nBDAY:1990-01-31T00:00:00Z')).toMatchObject({
      birthDate: '1990-01-31',
    });
    expect(await values('VERSION:3.0\r\nFN:A B\r\nBDAY;VALUE=text:circa 1800')).toMatchObject({
      birthDate: 'circa 1800',
    });
  });

  it('reads vCard 2.1 bare parameters and quoted-printable values', async () => {
    expect(
      await values(
        'VERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=C3=BCrgen;;;\r\nTEL;CELL;VOICE:+49 151 1234567\r\nEMAIL;INTERNET;WORK:j@example.de',
      ),
    ).toEqual({
      firstName: 'Jürgen',
      lastName: 'Müller',
      'phone (mobile)': '+49 151 1234567',
      'email (work)': 'j@example.de',
    });
  });

  it('rejects what is not a vCard', () => {
    expect(() => cardValues(['vcalendar', [], []])).toThrow();
  });
});

describe('splitCards', () => {
  it('gives each card its starting line and reports cut-off cards', async () => {
    async function* text() {
      yield 'junk before\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\r';
      yield '\nEND:VCARD\r\nBEGIN:VCARD\nFN:B\nBEGIN:VCARD\nFN:C\nEND:VCARD\nBEGIN:VCARD\nFN:D';
    }
    const cards = [];
    for await (const c of splitCards(text())) cards.push(c);
    expect(cards).toEqual([
      { line: 2, text: 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\r\nEND:VCARD\r\n' },
      { line: 6, problem: 'the card has BEGIN:VCARD but no END:VCARD' },
      { line: 8, text: 'BEGIN:VCARD\r\nFN:C\r\nEND:VCARD\r\n' },
      { line: 11, problem: 'the card has BEGIN:VCARD but no END:VCARD' },
    ]);
  });

  it('drops photos and refuses a card too long to be a contact, in bounded memory', async () => {
    const photo = 'A'.repeat(3 * 1024 * 1024);
    async function* text() {
      yield 'BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ada\r\nPHOTO:data:image/jpeg;base64,';
      for (let at = 0; at < photo.length; at += 100_000) yield photo.slice(at, at + 100_000);
      yield '\r\n MORE\r\nEMAIL:ada@example.com\r\nEND:VCARD\r\n';
      yield `BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Bob\r\nNOTE:${'x'.repeat(1_500_000)}\r\nEND:VCARD\r\n`;
    }
    const cards = [];
    for await (const c of splitCards(text())) cards.push(c);
    expect(cards).toEqual([
      { line: 1, text: 'BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ada\r\nEMAIL:ada@example.com\r\nEND:VCARD\r\n' },
      { line: 8, problem: 'the card is longer than 1 MB' },
    ]);
  });
});

describe('readVcardRows', () => {
  const file = ADA_30 + GRACE_40 + crlf(['BEGIN:VCARD', 'VERSION:3.0', 'this line is broken', 'END:VCARD']);

  it('reads each card as a row, in two passes, with columns only for what the cards hold', async () => {
    const open = openOf(utf8(file), 50);
    const batches = [];
    for await (const b of readVcardRows(open, { batchSize: 2 })) batches.push(b);
    expect(open.opened).toBe(2);
    expect(batches.map((b) => b.rows.length)).toEqual([2, 1]);
    const { headers, encoding } = batches[0].layout;
    expect(encoding).toBe('utf-8');
    expect(headers.slice(0, 9)).toEqual([
      'firstName',
      'lastName',
      'company',
      'department',
      'jobTitle',
      'birthDate',
      'language',
      'timeZone',
      'address.street',
    ]);
    expect(headers).not.toContain('address.nope');
    expect(headers.slice(-2)).toEqual(['custom.lifetime_value', 'custom.plan']);
    const rows = batches.flatMap((b) => b.rows);
    expect(rows.map((r) => r.rowNumber)).toEqual([1, 38, 50]);
    expect(record(headers, rows[1].cells)).toMatchObject({
      firstName: 'Grace',
      timeZone: 'America/New_York',
    });
    expect(rows[2].cells.every((c) => c === '')).toBe(true);
    expect(rows[2].problem).toMatch(/^the card could not be read: invalid line/);
  });

  it('maps every column it makes by itself', async () => {
    const { headers } = await readAll(utf8(file));
    const custom = [
      { key: 'lifetime_value', label: 'Lifetime value', type: 'number' },
      { key: 'plan', label: 'Plan', type: 'select' },
    ];
    const { mapping, unmapped } = suggestMapping(headers, custom);
    expect(unmapped).toEqual([]);
    const target = (h: string) => mapping[headers.indexOf(h)];
    expect(target('firstName')).toEqual<ImportTarget>({ kind: 'field', field: 'firstName' });
    expect(target('address.street')).toEqual<ImportTarget>({ kind: 'field', field: 'street' });
    expect(target('externalId')).toEqual<ImportTarget>({ kind: 'field', field: 'externalId' });
    expect(target('type')).toEqual<ImportTarget>({ kind: 'field', field: 'type' });
    expect(target('phone (mobile)')).toEqual<ImportTarget>({
      kind: 'point',
      channel: 'phone',
      label: 'mobile',
    });
    expect(target('whatsapp (other)')).toEqual<ImportTarget>({
      kind: 'point',
      channel: 'whatsapp',
      label: 'other',
    });
    expect(target('other (other)')).toEqual<ImportTarget>({
      kind: 'point',
      channel: 'other',
      label: 'other',
    });
    expect(target('custom.plan')).toEqual<ImportTarget>({ kind: 'custom', key: 'plan' });
    expect(mapping.every((t) => t.kind !== 'ignore')).toBe(true);
  });

  it('reads UTF-16 and Windows-1252 files', async () => {
    const card = crlf(['BEGIN:VCARD', 'VERSION:3.0', 'N:Müller;Jürgen;;;', 'ORG:Café Crème', 'END:VCARD']);
    const utf16 = new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(card, 'utf16le')]));
    const cp1252 = new Uint8Array(Buffer.from(card, 'latin1'));
    for (const [bytes, encoding] of [
      [utf16, 'utf-16le'],
      [cp1252, 'windows-1252'],
    ] as const) {
      const preview = await previewVcards(openOf(bytes, 7));
      expect(preview.layout).toEqual({ headers: ['firstName', 'lastName', 'company'], encoding });
      expect(preview.rows[0].cells).toEqual(['Jürgen', 'Müller', 'Café Crème']);
    }
    expect((await previewVcards(openOf(cp1252))).warnings).toEqual([
      'The file is not UTF-8; it was read as Windows-1252 (Western European)',
    ]);
  });
});

describe('previewVcards', () => {
  it('counts the cards and says what it left out', async () => {
    const file = ADA_30 + GRACE_40 + crlf(['BEGIN:VCARD', 'VERSION:3.0', 'FN:Cut Off']);
    const preview = await previewVcards(openOf(utf8(file)), { rowLimit: 2 });
    expect(preview.rows).toHaveLength(2);
    expect(preview.rowsEstimate).toBe(3);
    expect(preview.warnings).toEqual([
      '1 of 3 cards could not be read; they will be reported as failed rows',
      '1 birthday has no year (or no day) and is left out: a birth date needs a full date',
    ]);
  });

  it('refuses a file without a card it can read', async () => {
    const refusal = async (text: string) => {
      try {
        await previewVcards(openOf(utf8(text)));
      } catch (e) {
        if (e instanceof AppError) return e;
        throw e;
      }
      throw new Error('expected a refusal');
    };
    expect((await refusal('no cards here\r\n')).message).toMatch(/holds no vCard/);
    const broken = await refusal(crlf(['BEGIN:VCARD', 'VERSION:3.0', 'garbage', 'END:VCARD']));
    expect(broken.status).toBe(400);
    expect(broken.message).toMatch(
      /^No vCard in the file could be read \(line 1: the card could not be read/,
    );
    expect(
      (await refusal(crlf(['BEGIN:VCARD', 'VERSION:3.0', 'NOTE:only a note', 'END:VCARD']))).message,
    ).toMatch(/hold no names/);
  });
});
