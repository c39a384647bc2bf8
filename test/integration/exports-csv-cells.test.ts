// The CSV export is built by the database (src/modules/exports/csv-repo.ts); the JavaScript CSV
// writer (writers/csv.ts) is the reference for what each cell must be. Hostile and odd values go
// through both and the files must be equal, byte for byte.
import { sql } from 'kysely';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../src/modules/auth/actor.js';
import { selectedContacts, streamContactPages } from '../../src/modules/contacts/stream.js';
import { CORE_EXPORT_FIELDS, resolveColumns } from '../../src/modules/exports/columns.js';
import { csvPage, pageRanges, type PointsRead } from '../../src/modules/exports/csv-repo.js';
import { prepareExport } from '../../src/modules/exports/service.js';
import { csvFile } from '../../src/modules/exports/writers/csv.js';
import { definitionsFor } from '../../src/modules/fields/service.js';
import { createContact, createWorkspace, useTestApp, type TestWorkspace } from '../helpers.js';

const ctx = useTestApp();

const FIELDS = [
  { key: 'score', label: 'Score', type: 'number' },
  { key: 'plan', label: 'Plan', type: 'select', options: ['gold', '=silver'] },
  { key: 'interests', label: 'Interests', type: 'multiselect', options: ['golf', 'chess, cards', '-opera'] },
  { key: 'renewal', label: 'Renewal', type: 'date' },
  { key: 'premium', label: 'Premium', type: 'checkbox' },
  { key: 'note', label: 'Note', type: 'text' },
];

// Every core field the export has, so a field added later is held to the reference too.
const COLUMNS = [
  'id',
  ...CORE_EXPORT_FIELDS,
  'createdAt',
  'updatedAt',
  'phone (mobile)',
  'phone (work)',
  'email (work)',
  'whatsapp (mobile)',
  'other (other)',
  ...FIELDS.map((f) => `custom.${f.key}`),
];

async function text(chunks: AsyncIterable<Buffer | string>): Promise<string> {
  const parts: Buffer[] = [];
  for await (const c of chunks) parts.push(Buffer.isBuffer(c) ? c : Buffer.from(c));
  return Buffer.concat(parts).toString('utf8');
}

/** The same contacts written by the database and by the JavaScript writer. */
async function bothFiles(ws: TestWorkspace, opts: { q?: string; ids?: string[] } = {}) {
  const actor: Actor = { workspaceId: ws.id, role: 'owner', userId: ws.ownerId, apiKeyId: null, name: 'O' };
  const db = ctx.app.db;
  const prepared = await prepareExport(db, actor, { format: 'csv', columns: COLUMNS, ...opts });
  const fromDatabase = await text(prepared.open());
  const columns = resolveColumns(COLUMNS, { pointKinds: [], fields: await definitionsFor(db, ws.id) });
  const reference = await text(
    csvFile(columns, streamContactPages(db, actor, { ...opts, ownerEmails: true, pageSize: 7 })),
  );
  return { fromDatabase, reference };
}

async function hostileWorkspace() {
  const ws = await createWorkspace(ctx.app);
  for (const f of FIELDS) expect((await ws.owner.post('/api/v1/fields', f)).statusCode).toBe(201);
  const agent = await ws.addUser('agent', 'Agnes, "the" Agent');
  const contacts = [
    {
      firstName: '=HYPERLINK("http://evil.example","x")',
      lastName: 'Smith, Jr.',
      company: 'Line\nbreak "quoted"',
      jobTitle: "'=already quoted",
      department: '-',
      street: '\tTabbed',
      tags: ['=a', 'b,c', 'plain'],
      custom: {
        score: -5,
        plan: '=silver',
        interests: ['chess, cards', '-opera'],
        renewal: '2027-01-31',
        premium: false,
        note: '+note',
      },
      points: [
        { channel: 'phone', label: 'mobile', value: '+1 212 555 0100' },
        { channel: 'phone', label: 'mobile', value: '+44 7400 123456' },
        { channel: 'email', label: 'work', value: 'x@example.com' },
      ],
    },
    {
      firstName: 'Zoë',
      lastName: 'Ñúñez',
      type: 'customer',
      level: 'tertiary',
      birthDate: '1901-02-03',
      language: 'es',
      timeZone: 'America/Mexico_City',
      address: { city: '@home', state: 'CDMX', zip: '06600', country: 'MX', street: 'Calle "5", #3' },
      externalId: '+ext-1',
      custom: { score: 3.25, interests: [], premium: true, note: 'multi\r\nline' },
      points: [{ channel: 'whatsapp', label: 'mobile', value: '+52 55 1234 5678' }],
    },
    { firstName: 'Only' },
    { lastName: 'Shared', owner: 'agent' },
  ];
  const ids: string[] = [];
  for (const c of contacts) {
    const { street, owner, ...body } = c as Record<string, unknown>;
    const created = await createContact(ws.owner, {
      ...body,
      ...(street ? { address: { street } } : {}),
      ...(owner ? { ownerId: agent.id } : {}),
    });
    ids.push(created.id);
  }
  // Values the API would not take today, as older data or other writers leave them: custom
  // values of another type than their field's, and points that no validation saw, one of them
  // added after a point it comes before.
  await sql`update contacts set custom = ${JSON.stringify({
    score: '=1+1',
    plan: 7,
    interests: [1, true, 'x'],
    renewal: 'next week',
    premium: 'yes',
    note: -12.5,
  })}::jsonb, created_at = '2026-01-02 03:04:05.123999+00'
  where workspace_id = ${ws.id} and id = ${ids[2]}`.execute(ctx.app.db);
  await sql`update contacts set custom = '{"score": null, "note": "", "premium": 1}'::jsonb
  where workspace_id = ${ws.id} and id = ${ids[3]}`.execute(ctx.app.db);
  await sql`insert into contact_points (workspace_id, id, contact_id, channel, label, value, normalized, position)
    values (${ws.id}, gen_random_uuid(), ${ids[2]}, 'phone', 'work', '+1 =SUM(A1)', '+1', 0),
           (${ws.id}, gen_random_uuid(), ${ids[2]}, 'other', 'other', '+1 (555) 010-0000', 'x', 1),
           (${ws.id}, gen_random_uuid(), ${ids[3]}, 'phone', 'work', '-(555) 0100', 'y', 1),
           (${ws.id}, gen_random_uuid(), ${ids[3]}, 'phone', 'work', '+1 555 0199 (first)', 'z', 0)`.execute(
    ctx.app.db,
  );
  return { ws, ids };
}

describe('CSV export built by the database', () => {
  it('writes every cell as the JavaScript writer does, hostile values included', async () => {
    const { ws } = await hostileWorkspace();
    const { fromDatabase, reference } = await bothFiles(ws);
    expect(fromDatabase).toBe(reference);

    // And the file reads as intended: neutralised formulas, quoted separators, plain phone numbers.
    const rows = Papa.parse<Record<string, string>>(fromDatabase.replace(/^\uFEFF/, ''), {
      header: true,
    }).data;
    const first = rows.find((r) => r.lastName === 'Smith, Jr.')!;
    expect(first.firstName).toBe('\'=HYPERLINK("http://evil.example","x")');
    expect(first.department).toBe("'-");
    expect(first.jobTitle).toBe("''=already quoted");
    expect(first.tags).toBe("'=a, b,c, plain");
    expect(first['phone (mobile)']).toBe('+1 212 555 0100 ::: +44 7400 123456');
    expect(first.Score).toBe('-5');
    const odd = rows.find((r) => r.firstName === 'Only')!;
    expect(odd.Score).toBe("'=1+1");
    expect(odd.Note).toBe("'-12.5");
    expect(odd['phone (work)']).toBe("'+1 =SUM(A1)");
    expect(odd['other (other)']).toBe("'+1 (555) 010-0000");
    expect(odd.createdAt).toBe('2026-01-02T03:04:05.123Z');
    expect(rows.find((r) => r.lastName === 'Shared')!.ownerEmail).toMatch(/@/);
  });

  it('neutralises a formula in any one text cell of an otherwise plain row', async () => {
    // The database tests a whole row's text cells at once (csv-repo.ts); each of these rows has a
    // single cell needing care, in a different place, and one row needs none.
    const ws = await createWorkspace(ctx.app);
    for (const f of FIELDS) expect((await ws.owner.post('/api/v1/fields', f)).statusCode).toBe(201);
    const rows: Record<string, unknown>[] = [
      { firstName: 'Plain', lastName: 'Row', company: 'Acme', tags: ['a'] },
      { firstName: 'Mid', lastName: 'Row', jobTitle: '=cmd|calc' },
      { firstName: 'Tag', lastName: 'Row', tags: ['-x'] },
      { firstName: 'Quote', lastName: "O'Neil", company: "''@twice" },
      { firstName: 'Mail', points: [{ channel: 'email', label: 'work', value: '+x@example.com' }] },
      { firstName: 'Last', address: { country: 'US', zip: '@10001' } },
    ];
    for (const body of rows) await createContact(ws.owner, body);
    const { fromDatabase, reference } = await bothFiles(ws);
    expect(fromDatabase).toBe(reference);
    expect(fromDatabase).toContain(",'=cmd|calc,");
    expect(fromDatabase).toContain(",'-x,");
    expect(fromDatabase).toContain("'''@twice");
    expect(fromDatabase).toContain(',Plain,Row,lead,primary,Acme,,,,,,,,,,,a,,');
  });

  it('writes the same for a search and for chosen ids, across page boundaries', async () => {
    const { ws, ids } = await hostileWorkspace();
    for (const opts of [{ q: 'Smith' }, { ids: [ids[3], ids[1]] }, { ids: [] as string[] }]) {
      const { fromDatabase, reference } = await bothFiles(ws, opts);
      expect(fromDatabase, JSON.stringify(opts)).toBe(reference);
    }
    const onlyHeader = (await bothFiles(ws, { ids: [] })).fromDatabase;
    expect(onlyHeader.split('\r\n').filter(Boolean)).toHaveLength(1);

    // Pages of one or three contacts make the same lines as one page of all four.
    const db = ctx.app.db;
    const actor: Actor = { workspaceId: ws.id, role: 'owner', userId: ws.ownerId, apiKeyId: null, name: 'O' };
    const selected = (await selectedContacts(db, actor, {}))!;
    const columns = resolveColumns(COLUMNS, { pointKinds: [], fields: await definitionsFor(db, ws.id) });
    const pagesOf = async (size: number, pointsRead: PointsRead = 'contact') => {
      const ranges = await pageRanges(db, selected, size);
      const pages = await Promise.all(
        ranges.map((r) => csvPage(db, ws.id, selected, columns, r, pointsRead)),
      );
      return {
        ranges: ranges.length,
        rows: pages.map((p) => p.rows),
        text: pages.map((p) => p.text).join(''),
      };
    };
    const whole = await pagesOf(250);
    expect(whole.rows).toEqual([4]);
    expect(await pagesOf(1)).toEqual({ ranges: 5, rows: [1, 1, 1, 1, 0], text: whole.text });
    expect(await pagesOf(3)).toEqual({ ranges: 2, rows: [3, 1], text: whole.text });
    // Points read for a page's whole id range (a manager's unfiltered export) and joined: the same
    // lines, including the contact without points and points kept in their order.
    expect(whole.text).toContain(',,');
    for (const size of [250, 1, 3]) expect((await pagesOf(size, 'range')).text).toBe(whole.text);
  });
});
