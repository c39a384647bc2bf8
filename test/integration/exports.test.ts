import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import * as exportsRepo from '../../src/modules/exports/repo.js';
import { STREAM_PAGE_SIZE } from '../../src/modules/contacts/stream.js';
import { runExport } from '../../src/modules/exports/run.js';
import { CSV_MAX_PAGE_ROWS, prepareExport } from '../../src/modules/exports/service.js';
import {
  createContact,
  createWorkspace,
  expectProblem,
  useTestApp,
  type Client,
  type TestWorkspace,
} from '../helpers.js';

const ctx = useTestApp({}, { jobs: true });

const CORE_HEADERS = [
  'firstName',
  'lastName',
  'type',
  'level',
  'company',
  'jobTitle',
  'department',
  'birthDate',
  'language',
  'timeZone',
  'address.street',
  'address.city',
  'address.state',
  'address.zip',
  'address.country',
  'tags',
  'externalId',
  'ownerEmail',
];

const FIELDS = [
  { key: 'score', label: 'Score', type: 'number' },
  { key: 'plan', label: 'Plan', type: 'select', options: ['gold', 'silver'] },
  { key: 'interests', label: 'Interests', type: 'multiselect', options: ['golf', 'chess', 'opera'] },
  { key: 'renewal', label: 'Renewal', type: 'date' },
  { key: 'premium', label: 'Premium', type: 'checkbox' },
  { key: 'note', label: 'Note', type: 'text' },
];

async function addFields(ws: TestWorkspace) {
  for (const f of FIELDS) {
    const res = await ws.owner.post('/api/v1/fields', f);
    expect(res.statusCode, res.body).toBe(201);
  }
}

const ADA = {
  firstName: 'Ada',
  lastName: 'Lovelace',
  type: 'customer',
  level: 'secondary',
  company: 'Analytical Engines',
  jobTitle: 'CTO',
  birthDate: '1985-12-10',
  language: 'en',
  timeZone: 'Europe/London',
  address: { street: "12 St James's Sq", city: 'London', zip: 'SW1Y 4JH', country: 'GB' },
  tags: ['vip', 'west'],
  externalId: 'CRM-1842',
  custom: { score: 42, plan: 'gold', interests: ['golf', 'opera'], renewal: '2027-01-31', premium: true },
  points: [
    { channel: 'phone', label: 'mobile', value: '+1 212 555 0100' },
    { channel: 'phone', label: 'mobile', value: '+44 7400 123456' },
    { channel: 'email', label: 'work', value: 'ada@engines.example' },
    { channel: 'whatsapp', label: 'mobile', value: '+44 7400 123456' },
  ],
};
const GRACE = {
  firstName: 'Grace',
  lastName: 'Hopper',
  points: [{ channel: 'email', label: 'home', value: 'grace@navy.example' }],
};

/** A workspace with custom fields, Ada and Grace. */
async function seeded() {
  const ws = await createWorkspace(ctx.app);
  await addFields(ws);
  const ada = await createContact(ws.owner, ADA);
  const grace = await createContact(ws.owner, GRACE);
  return { ws, ada, grace };
}

/** CSV text (without its BOM) as rows of cells. */
function parseCsv(body: string): string[][] {
  expect(body.charCodeAt(0)).toBe(0xfeff);
  const parsed = Papa.parse<string[]>(body.slice(1).replace(/\r\n$/, ''), { newline: '\r\n' });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

/** Rows as objects by header. */
function records(rows: string[][]): Record<string, string>[] {
  const [header, ...data] = rows;
  return data.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

async function exportCsv(client: Client, query = '') {
  const res = await client.get(`/api/v1/exports/contacts?format=csv${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return parseCsv(res.body);
}

async function readXlsx(payload: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(payload as any);
  const sheet = wb.worksheets[0];
  const rows: unknown[][] = [];
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

const today = () => new Date().toISOString().slice(0, 10);

describe('GET /exports/contacts', () => {
  it('writes CSV with the default columns, a BOM, CRLF lines and an attachment file name', async () => {
    const { ws } = await seeded();
    const res = await ws.owner.get('/api/v1/exports/contacts?format=csv');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="contacts-${today()}.csv"`);
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(res.body.split('\r\n')).toHaveLength(4); // header, two rows, final line end
    const rows = parseCsv(res.body);
    expect(rows[0]).toEqual([
      ...CORE_HEADERS,
      'phone (mobile)',
      'email (work)',
      'email (home)',
      'whatsapp (mobile)',
      'Score',
      'Plan',
      'Interests',
      'Renewal',
      'Premium',
      'Note',
    ]);
    const [ada, grace] = records(rows);
    expect(ada).toMatchObject({
      firstName: 'Ada',
      lastName: 'Lovelace',
      type: 'customer',
      level: 'secondary',
      birthDate: '1985-12-10',
      'address.city': 'London',
      'address.country': 'GB',
      'address.state': '',
      tags: 'vip, west',
      externalId: 'CRM-1842',
      'phone (mobile)': '+1 212 555 0100 ::: +44 7400 123456',
      'email (work)': 'ada@engines.example',
      'email (home)': '',
      'whatsapp (mobile)': '+44 7400 123456',
      Score: '42',
      Plan: 'gold',
      Interests: 'golf, opera',
      Renewal: '2027-01-31',
      Premium: 'true',
      Note: '',
    });
    expect(ada.ownerEmail).toMatch(/^owner-.*@example\.com$/);
    expect(grace).toMatchObject({ firstName: 'Grace', type: 'lead', 'email (home)': 'grace@navy.example' });
  });

  it('writes XLSX with typed cells that ExcelJS reads back', async () => {
    const { ws } = await seeded();
    const res = await ws.owner.get('/api/v1/exports/contacts?format=xlsx');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(res.headers['content-disposition']).toBe(`attachment; filename="contacts-${today()}.xlsx"`);
    const [header, ada, grace] = await readXlsx(res.rawPayload);
    const cell = (row: unknown[], h: string) => row[header.indexOf(h)] ?? null;
    expect(header.slice(0, CORE_HEADERS.length)).toEqual(CORE_HEADERS);
    expect(cell(ada, 'firstName')).toBe('Ada');
    expect(cell(ada, 'birthDate')).toEqual(new Date('1985-12-10T00:00:00Z'));
    expect(cell(ada, 'Renewal')).toEqual(new Date('2027-01-31T00:00:00Z'));
    expect(cell(ada, 'Score')).toBe(42);
    expect(cell(ada, 'Premium')).toBe(true);
    expect(cell(ada, 'phone (mobile)')).toBe('+1 212 555 0100 ::: +44 7400 123456');
    expect(cell(ada, 'tags')).toBe('vip, west');
    expect(cell(grace, 'email (home)')).toBe('grace@navy.example');
    expect(cell(grace, 'Score')).toBe(null);
  });

  it('writes one vCard 4.0 per contact', async () => {
    const { ws } = await seeded();
    const res = await ws.owner.get('/api/v1/exports/contacts?format=vcf');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/vcard; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="contacts-${today()}.vcf"`);
    const cards = res.body.split('END:VCARD\r\n').filter(Boolean);
    expect(cards).toHaveLength(2);
    const lines = cards[0].split('\r\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        'BEGIN:VCARD',
        'VERSION:4.0',
        'FN:Ada Lovelace',
        'N:Lovelace;Ada;;;',
        'ORG:Analytical Engines;',
        'TITLE:CTO',
        'BDAY:1985-12-10',
        'LANG:en',
        'TZ:Europe/London',
        "ADR:;;12 St James's Sq;London;;SW1Y 4JH;GB",
        'CATEGORIES:vip,west',
        'UID:CRM-1842',
        'X-CONTACT-TYPE:customer',
        'X-CONTACT-LEVEL:secondary',
        'TEL;TYPE=cell:+1 212 555 0100',
        'TEL;TYPE=cell:+44 7400 123456',
        'EMAIL;TYPE=work:ada@engines.example',
        'IMPP;TYPE=cell:whatsapp:+44 7400 123456',
        'X-CUSTOM-SCORE:42',
        'X-CUSTOM-INTERESTS:golf,opera',
        'X-CUSTOM-RENEWAL:2027-01-31',
        'X-CUSTOM-PREMIUM:true',
      ]),
    );
    expect(cards[1]).toContain('EMAIL;TYPE=home:grace@navy.example\r\n');
    expect(cards[1]).not.toContain('UID:');
  });

  it('writes the chosen columns in the chosen order, id and dates included', async () => {
    const { ws, ada } = await seeded();
    const cols = encodeURIComponent('firstName,lastName,email (work),custom.score,Plan,id,createdAt');
    const rows = await exportCsv(ws.owner, `&columns=${cols}`);
    expect(rows[0]).toEqual(['firstName', 'lastName', 'email (work)', 'Score', 'Plan', 'id', 'createdAt']);
    expect(rows[1]).toEqual(['Ada', 'Lovelace', 'ada@engines.example', '42', 'gold', ada.id, ada.createdAt]);
    expect(rows[2]).toEqual(['Grace', 'Hopper', '', '', '', expect.any(String), expect.any(String)]);
    // Repeated parameters, as OpenAPI clients send arrays, work too.
    expect((await exportCsv(ws.owner, '&columns=lastName&columns=tags'))[0]).toEqual(['lastName', 'tags']);
  });

  it('exports a selection by ids or by search', async () => {
    const { ws, ada, grace } = await seeded();
    const third = await createContact(ws.owner, { lastName: 'Third' });
    const byIds = records(await exportCsv(ws.owner, `&ids=${third.id},${ada.id}`));
    expect(byIds.map((r) => r.lastName)).toEqual(['Lovelace', 'Third']);
    expect(records(await exportCsv(ws.owner, '&q=hopper')).map((r) => r.lastName)).toEqual(['Hopper']);
    expect(records(await exportCsv(ws.owner, '&q=212-555-0100')).map((r) => r.lastName)).toEqual([
      'Lovelace',
    ]);
    const both = records(await exportCsv(ws.owner, `&q=hopper&ids=${ada.id},${grace.id}`));
    expect(both.map((r) => r.lastName)).toEqual(['Hopper']);
  });

  it('exports to an agent only the contacts it owns or that are shared with it', async () => {
    const ws = await createWorkspace(ctx.app);
    const agent = await ws.addUser('agent');
    const mine = await createContact(agent.client, { lastName: 'Mine' });
    const shared = await createContact(ws.owner, { lastName: 'Shared' });
    const hidden = await createContact(ws.owner, { lastName: 'Hidden' });
    await ws.owner.post(`/api/v1/contacts/${shared.id}/shares`, { userId: agent.id });

    const all = records(await exportCsv(agent.client));
    expect(all.map((r) => r.lastName).sort()).toEqual(['Mine', 'Shared']);
    expect(all.find((r) => r.lastName === 'Mine')?.ownerEmail).toBe(agent.email);
    const picked = records(await exportCsv(agent.client, `&ids=${hidden.id},${mine.id}`));
    expect(picked.map((r) => r.lastName)).toEqual(['Mine']);
    const vcf = await agent.client.get('/api/v1/exports/contacts?format=vcf');
    expect(vcf.body).not.toContain('Hidden');
    expect(records(await exportCsv(ws.owner)).map((r) => r.lastName)).toHaveLength(3);
  });

  it('does not build a file for a HEAD request', async () => {
    const ws = await createWorkspace(ctx.app);
    const key = await ws.apiKey();
    const res = await key.request('HEAD', '/api/v1/exports/contacts?format=csv');
    // No HEAD route of its own ("contacts" then reads as an export id): never a 200 with a file.
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-disposition']).toBeUndefined();
  });

  it('exports nothing of another workspace, even by id', async () => {
    const { ws: b, ada } = await seeded();
    const a = await createWorkspace(ctx.app);
    const key = await a.apiKey();
    for (const client of [a.owner, key]) {
      const rows = await exportCsv(client, `&ids=${ada.id}`);
      expect(rows).toHaveLength(1); // the header only
      expect((await client.get(`/api/v1/exports/contacts?format=vcf&ids=${ada.id}`)).body).toBe('');
      expect(records(await exportCsv(client, '&q=lovelace'))).toEqual([]);
    }
    expect(records(await exportCsv(b.owner))).toHaveLength(2);
  });

  it('lets an API key export what it can see', async () => {
    const { ws } = await seeded();
    const key = await ws.apiKey();
    const rows = records(await exportCsv(key));
    expect(rows.map((r) => r.lastName)).toEqual(['Lovelace', 'Hopper']);
    const xlsx = await key.get('/api/v1/exports/contacts?format=xlsx&columns=lastName');
    expect(await readXlsx(xlsx.rawPayload)).toEqual([['lastName'], ['Lovelace'], ['Hopper']]);
  });

  it('neutralises formulas in CSV and XLSX text cells, keeps plain phone numbers, and leaves numbers alone', async () => {
    const ws = await createWorkspace(ctx.app);
    await addFields(ws);
    const dangerous = ['=SUM(A1)', '+cmd', '-1', '@x', '\tx', '\rx', "'=already quoted"];
    for (const note of dangerous)
      await createContact(ws.owner, {
        lastName: 'Risky',
        company: '=HYPERLINK("http://evil.example")',
        custom: { note, score: -5 },
        points: [{ channel: 'phone', label: 'mobile', value: '+12125550100' }],
      });
    const columns = `&columns=${encodeURIComponent('lastName,company,Note,Score,phone (mobile)')}`;
    const csv = records(await exportCsv(ws.owner, columns));
    expect(csv.map((r) => r.Note)).toEqual(dangerous.map((s) => `'${s}`));
    expect(csv[0]).toMatchObject({
      company: `'=HYPERLINK("http://evil.example")`,
      Score: '-5',
      'phone (mobile)': '+12125550100',
    });

    const res = await ws.owner.get(`/api/v1/exports/contacts?format=xlsx${columns}`);
    const [, ...rows] = await readXlsx(res.rawPayload);
    // XML turns every CR into LF (ExcelJS writes no escape for it); the quote still leads.
    expect(rows.map((r) => r[2])).toEqual(dangerous.map((s) => `'${s.replace('\r', '\n')}`));
    expect(rows[0]).toEqual(['Risky', `'=HYPERLINK("http://evil.example")`, "'=SUM(A1)", -5, '+12125550100']);
  });

  it('refuses bad options with 400 naming the field', async () => {
    const ws = await createWorkspace(ctx.app);
    const get = (q: string) => ws.owner.get(`/api/v1/exports/contacts?${q}`);
    expectProblem(await get('format=pdf'), 400, 'format', 'csv, xlsx or vcf');
    expectProblem(await get('format=csv&columns=firstName,nope'), 400, 'columns', '"nope"');
    expectProblem(await get('format=xlsx&columns=custom.missing'), 400, 'columns', '"custom.missing"');
    expectProblem(await get(`ids=${randomUUID()},not-a-uuid`), 400, 'ids.1', 'contact ids');
    const many = Array.from({ length: 10_001 }, () => randomUUID());
    expectProblem(await get(`ids=${many.join(',')}`), 400, 'ids', '10000');
    expectProblem(await get(`q=${'x'.repeat(201)}`), 400, 'q');
    expectProblem(await get('format=csv&sort=name'), 400, 'sort');

    expectProblem(await ws.owner.post('/api/v1/exports', { format: 'pdf' }), 400, 'format');
    expectProblem(await ws.owner.post('/api/v1/exports', { ids: many }), 400, 'ids', '10000');
    expectProblem(await ws.owner.post('/api/v1/exports', { ids: ['x'] }), 400, 'ids.0');
    expectProblem(await ws.owner.post('/api/v1/exports', { columns: ['lastName', 'nope'] }), 400, 'columns');
    expect((await ws.owner.get('/api/v1/exports')).json().items).toEqual([]);
    const anonymous = await ctx.app.inject({ method: 'GET', url: '/api/v1/exports/contacts' });
    expectProblem(anonymous, 401);
  });

  it('gives headers the import maps back to every column', async () => {
    const { ws } = await seeded();
    const file = (await ws.owner.get('/api/v1/exports/contacts?format=csv')).rawPayload;
    const res = await ws.owner.upload('/api/v1/imports?fileName=export.csv', file);
    expect(res.statusCode, res.body).toBe(201);
    const { suggestedMapping, headers } = res.json();
    expect(suggestedMapping.unmapped).toEqual([]);
    expect(suggestedMapping.mapping).toHaveLength(headers.length);
    expect(suggestedMapping.mapping.filter((t: any) => t.kind === 'ignore')).toEqual([]);
    expect(suggestedMapping.mapping[headers.indexOf('Interests')]).toEqual({
      kind: 'custom',
      key: 'interests',
    });
  });
});

describe('background exports', () => {
  async function until(client: Client, id: string, states: string[], ms = 20_000) {
    const deadline = Date.now() + ms;
    for (;;) {
      const res = await client.get(`/api/v1/exports/${id}`);
      expect(res.statusCode, res.body).toBe(200);
      if (states.includes(res.json().state)) return res.json();
      if (Date.now() > deadline) throw new Error(`export still ${res.json().state}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('goes from waiting to done, and its download equals the direct export', async () => {
    const { ws } = await seeded();
    await createContact(ws.owner, { lastName: 'Lovelace-Byron' });
    const res = await ws.owner.post('/api/v1/exports', { format: 'csv', q: 'lovelace' });
    expect(res.statusCode, res.body).toBe(202);
    const started = res.json();
    expect(started).toEqual({ id: expect.any(String), state: 'waiting' });
    expect(res.headers.location).toBe(`/api/v1/exports/${started.id}`);

    const done = await until(ws.owner, started.id, ['done', 'error']);
    expect(done).toMatchObject({
      state: 'done',
      format: 'csv',
      rowsWritten: 2,
      fileName: `contacts-${today()}.csv`,
      error: null,
      createdBy: { type: 'user', id: ws.ownerId },
      downloadUrl: `/api/v1/exports/${started.id}/download`,
    });
    const expires = new Date(done.expiresAt).getTime() - new Date(done.createdAt).getTime();
    expect(expires).toBe(7 * 86_400_000);

    const download = await ws.owner.get(done.downloadUrl);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(download.headers['content-disposition']).toBe(`attachment; filename="contacts-${today()}.csv"`);
    expect(Number(download.headers['content-length'])).toBe(done.fileSize);
    const direct = await ws.owner.get('/api/v1/exports/contacts?format=csv&q=lovelace');
    expect(download.rawPayload.equals(direct.rawPayload)).toBe(true);

    const list = (await ws.owner.get('/api/v1/exports')).json().items;
    expect(list.map((e: any) => e.id)).toEqual([started.id]);
  });

  it('runs as the agent who asked, and shows agents only their own exports', async () => {
    const { ws } = await seeded();
    const agent = await ws.addUser('agent');
    await createContact(agent.client, { lastName: 'AgentOwn' });
    const mine = (
      await agent.client.post('/api/v1/exports', { format: 'xlsx', columns: ['lastName'] })
    ).json();
    const ownerExport = (await ws.owner.post('/api/v1/exports', { format: 'vcf' })).json();
    const done = await until(agent.client, mine.id, ['done', 'error']);
    expect(done).toMatchObject({ state: 'done', rowsWritten: 1, createdBy: { type: 'user', id: agent.id } });
    const file = await agent.client.get(done.downloadUrl);
    expect(await readXlsx(file.rawPayload)).toEqual([['lastName'], ['AgentOwn']]);

    expectProblem(await agent.client.get(`/api/v1/exports/${ownerExport.id}`), 404);
    expectProblem(await agent.client.get(`/api/v1/exports/${ownerExport.id}/download`), 404);
    expect((await agent.client.get('/api/v1/exports')).json().items.map((e: any) => e.id)).toEqual([mine.id]);
    const all = (await ws.owner.get('/api/v1/exports')).json().items.map((e: any) => e.id);
    expect(all.sort()).toEqual([mine.id, ownerExport.id].sort());

    const other = await createWorkspace(ctx.app);
    expectProblem(await other.owner.get(`/api/v1/exports/${mine.id}`), 404);
    expectProblem(await other.owner.get(`/api/v1/exports/${mine.id}/download`), 404);
  });

  it('lets an API key start one', async () => {
    const { ws } = await seeded();
    const key = await ws.apiKey();
    const started = (await key.post('/api/v1/exports', { format: 'vcf' })).json();
    const done = await until(key, started.id, ['done', 'error']);
    expect(done).toMatchObject({ state: 'done', rowsWritten: 2, createdBy: { type: 'api_key' } });
    expect((await key.get(done.downloadUrl)).body.match(/BEGIN:VCARD/g)).toHaveLength(2);
  });

  async function insertExport(ws: TestWorkspace, over: Partial<exportsRepo.NewExport> = {}) {
    return exportsRepo.insertExport(ctx.app.db, {
      workspace_id: ws.id,
      id: randomUUID(),
      created_by: ws.ownerId,
      api_key_id: null,
      actor_role: 'owner',
      actor_name: 'Olga Owner',
      format: 'csv',
      options: {},
      file_name: 'contacts.csv',
      expires_at: new Date(Date.now() + 86_400_000),
      ...over,
    });
  }

  it('answers 409 for a download that is not ready, and hides expired exports', async () => {
    const ws = await createWorkspace(ctx.app);
    const waiting = await insertExport(ws);
    expectProblem(await ws.owner.get(`/api/v1/exports/${waiting.id}/download`), 409);
    const expired = await insertExport(ws, { expires_at: new Date(Date.now() - 1000) });
    expectProblem(await ws.owner.get(`/api/v1/exports/${expired.id}`), 404);
    expect((await ws.owner.get('/api/v1/exports')).json().items.map((e: any) => e.id)).toEqual([waiting.id]);
  });

  it('ends in error, exporting nothing, when the user who asked was deactivated', async () => {
    const ws = await createWorkspace(ctx.app);
    const agent = await ws.addUser('agent');
    await createContact(agent.client, { lastName: 'Secret' });
    expect((await ws.owner.patch(`/api/v1/users/${agent.id}`, { active: false })).statusCode).toBe(200);
    const row = await insertExport(ws, { created_by: agent.id, actor_role: 'agent', actor_name: 'Agent' });
    await runExport(ctx.app.db, ctx.app.log, { workspaceId: ws.id, exportId: row.id }, { last: false });
    const after = (await ws.owner.get(`/api/v1/exports/${row.id}`)).json();
    expect(after).toMatchObject({ state: 'error', rowsWritten: 0, downloadUrl: null });
    expect(after.error).toMatch(/no longer active/);
  });
});

describe('import templates', () => {
  it('holds the export headers with the custom fields and an example row the import maps back', async () => {
    const ws = await createWorkspace(ctx.app);
    await addFields(ws);
    const res = await ws.owner.get('/api/v1/exports/import-template?format=csv');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="contacts-import-template.csv"');
    const [header, example] = parseCsv(res.body);
    expect(header).toEqual([
      ...CORE_HEADERS,
      'phone (mobile)',
      'phone (work)',
      'email (work)',
      'email (home)',
      'Score',
      'Plan',
      'Interests',
      'Renewal',
      'Premium',
      'Note',
    ]);
    expect(example[header.indexOf('phone (mobile)')]).toBe('+44 7400 123456');
    expect(example[header.indexOf('Plan')]).toBe('gold');
    expect(example[header.indexOf('Interests')]).toBe('golf, chess');
    const preview = (await ws.owner.upload('/api/v1/imports?fileName=t.csv', res.rawPayload)).json();
    expect(preview.suggestedMapping.unmapped).toEqual([]);
    expect(preview.rows).toHaveLength(1);

    const xlsx = await ws.owner.get('/api/v1/exports/import-template?format=xlsx');
    expect(xlsx.statusCode).toBe(200);
    const rows = await readXlsx(xlsx.rawPayload);
    expect(rows[0]).toEqual(header);
    expect(rows[1][header.indexOf('birthDate')]).toEqual(new Date('1985-12-10T00:00:00Z'));
    expectProblem(await ws.owner.get('/api/v1/exports/import-template?format=vcf'), 400, 'format');
  });
});

describe('a large export', () => {
  const TOTAL = 20_000;
  // One workspace for the tests below, which only read it (building it takes seconds on PGlite).
  let big: Promise<{ ws: TestWorkspace; authorization: string }> | undefined;
  const bigWorkspace = () => (big ??= createBigWorkspace());

  /** A workspace of TOTAL contacts with an email each, inserted set-based, and an API key's token. */
  async function createBigWorkspace() {
    const ws = await createWorkspace(ctx.app);
    // Statistics from before the insert too: the insert trigger's rows in contact_search check
    // their foreign key to contacts, and a plan made while contacts was nearly empty scans it
    // for each of them (30 s instead of 2 on PGlite once earlier tests had run).
    await sql`analyze contacts`.execute(ctx.app.db);
    await sql`
      insert into contacts (workspace_id, id, first_name, last_name, owner_id, active, search_text)
      select ${ws.id}::uuid, gen_random_uuid(), 'First' || g, 'Last' || g, ${ws.ownerId}::uuid, true, 'last' || g
      from generate_series(1, ${TOTAL}) g`.execute(ctx.app.db);
    // PGlite has no autovacuum: without fresh statistics the foreign-key checks below keep a plan
    // made while contacts was nearly empty, a sequential scan per point (minutes instead of a second).
    await sql`analyze contacts`.execute(ctx.app.db);
    await sql`
      insert into contact_points (workspace_id, id, contact_id, channel, label, value, normalized)
      select workspace_id, gen_random_uuid(), id, 'email', 'work', lower(last_name) || '@big.example',
             lower(last_name) || '@big.example'
      from contacts where workspace_id = ${ws.id}::uuid`.execute(ctx.app.db);
    const key = await ws.owner.post('/api/v1/api-keys', { name: 'big' });
    return { ws, authorization: `Bearer ${key.json().token}` };
  }

  /** The next chunk of a paused stream. */
  async function nextChunk(stream: Readable): Promise<Buffer> {
    for (;;) {
      const chunk: Buffer | null = stream.read();
      if (chunk) return chunk;
      await new Promise((r) => stream.once('readable', r));
    }
  }

  it('streams: with the reader paused, the server stops producing, then the whole file arrives', async () => {
    const { authorization } = await bigWorkspace();
    for (const format of ['csv', 'xlsx']) {
      const res = await ctx.app.inject({
        method: 'GET',
        url: `/api/v1/exports/contacts?format=${format}`,
        headers: { authorization },
        payloadAsStream: true,
      });
      expect(res.statusCode).toBe(200);
      const stream = res.stream();
      const parts = [await nextChunk(stream)];
      // Give the server time to run ahead, were it to ignore backpressure.
      await new Promise((r) => setTimeout(r, 1000));
      const writtenAhead = stream.readableLength;
      for await (const p of stream) parts.push(p as Buffer);
      const file = Buffer.concat(parts);
      // Ahead of the paused reader: about a page, far from the whole file.
      expect(file.length, format).toBeGreaterThan(format === 'csv' ? 700_000 : 300_000);
      expect(writtenAhead, format).toBeLessThan(file.length / 3);
      if (format === 'csv') expect(file.toString('utf8').split('\r\n')).toHaveLength(TOTAL + 2);
      else expect(await readXlsx(file)).toHaveLength(TOTAL + 1);
    }
  }, 120_000);

  it('stops reading contacts when the reader goes away', async () => {
    const { ws } = await bigWorkspace();
    const actor = {
      workspaceId: ws.id,
      role: 'owner' as const,
      userId: ws.ownerId,
      apiKeyId: null,
      name: 'O',
    };
    for (const format of ['csv', 'xlsx', 'vcf'] as const) {
      let rows = 0;
      const prepared = await prepareExport(ctx.app.db, actor, { format });
      const stream = prepared.open((n) => (rows += n));
      // Read until contacts flow (an XLSX starts with parts of the zip that hold none).
      while (rows === 0) await nextChunk(stream);
      await nextChunk(stream);
      stream.destroy();
      const atDestroy = rows;
      await new Promise((r) => setTimeout(r, 1000));
      // At most the page being read when the reader left; none after it.
      expect(atDestroy, format).toBeGreaterThan(0);
      expect(rows - atDestroy, format).toBeLessThanOrEqual(
        format === 'csv' ? CSV_MAX_PAGE_ROWS : STREAM_PAGE_SIZE,
      );
      expect(rows, format).toBeLessThan(TOTAL);
    }
  }, 120_000);

  it('survives clients that disconnect mid-download, and keeps serving', async () => {
    const { ws, authorization } = await bigWorkspace();
    await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = ctx.app.server.address() as AddressInfo;
    for (const format of ['csv', 'xlsx', 'vcf']) {
      const status = await new Promise<number>((resolve, reject) => {
        const req = http.get(
          {
            host: '127.0.0.1',
            port,
            path: `/api/v1/exports/contacts?format=${format}`,
            headers: { authorization },
          },
          (res) => {
            res.once('data', () => {
              req.destroy();
              resolve(res.statusCode ?? 0);
            });
          },
        );
        req.on('error', reject);
      });
      expect(status, format).toBe(200);
    }
    const small = await ws.owner.get('/api/v1/exports/contacts?format=csv&q=last19999');
    expect(small.statusCode).toBe(200);
    expect(records(parseCsv(small.body)).map((r) => r.lastName)).toEqual(['Last19999']);
  }, 120_000);
});
