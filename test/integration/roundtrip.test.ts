// Export, delete, import the export: the same contacts come back, in CSV, XLSX and vCard.
import { describe, expect, it } from 'vitest';
import { createWorkspace, useTestApp, type TestWorkspace } from '../helpers.js';

const ctx = useTestApp({}, { jobs: true });

const FIELDS = [
  { key: 'score', label: 'Score', type: 'number' },
  { key: 'vip', label: 'VIP', type: 'checkbox' },
  { key: 'tier', label: 'Tier', type: 'select', options: ['Gold', 'Silver'] },
  { key: 'colors', label: 'Colors', type: 'multiselect', options: ['red', 'blue', 'green'] },
  { key: 'since', label: 'Customer since', type: 'date' },
  { key: 'notes', label: 'Notes', type: 'text' },
];

const CONTACTS = [
  {
    firstName: 'Ada',
    lastName: 'Lovelace',
    type: 'customer',
    level: 'secondary',
    company: 'Analytical Engines',
    jobTitle: 'Programmer',
    department: 'Research',
    birthDate: '1990-12-10',
    language: 'en',
    timeZone: 'Europe/London',
    address: { street: '12 St James’s Square', city: 'London', state: null, zip: 'SW1Y 4JH', country: 'GB' },
    tags: ['vip', 'london'],
    externalId: 'A-1',
    custom: {
      score: 97.5,
      vip: true,
      tier: 'Gold',
      colors: ['red', 'blue'],
      since: '2020-01-31',
      notes: '=SUM(A1) is not a formula',
    },
    points: [
      { channel: 'phone', label: 'mobile', value: '+44 7400 123456' },
      { channel: 'phone', label: 'mobile', value: '+44 7400 654321' },
      { channel: 'email', label: 'work', value: 'ada@engines.example' },
      { channel: 'whatsapp', label: 'mobile', value: '+44 7400 123456' },
    ],
  },
  {
    firstName: 'Alan',
    lastName: 'Turing',
    externalId: 'A-2',
    custom: { vip: false, notes: '-1 more' },
    points: [
      { channel: 'phone', label: 'work', value: '+1 202 555 0143' },
      { channel: 'email', label: 'home', value: 'alan@example.com' },
    ],
  },
  { lastName: 'Hopper', company: 'Navy', points: [] },
];

/** What must survive the trip: everything but ids, times, versions and how it was created. */
function essence(c: any) {
  return {
    firstName: c.firstName,
    lastName: c.lastName,
    type: c.type,
    level: c.level,
    company: c.company,
    jobTitle: c.jobTitle,
    department: c.department,
    birthDate: c.birthDate,
    language: c.language,
    timeZone: c.timeZone,
    address: c.address,
    tags: [...c.tags].sort(),
    externalId: c.externalId,
    ownerId: c.ownerId,
    custom: c.custom,
    points: c.points
      .map((p: any) => `${p.channel}/${p.label}/${p.normalized}`)
      .sort()
      .join(' '),
  };
}

async function all(ws: TestWorkspace) {
  const res = await ws.owner.get('/api/v1/contacts?limit=100&sort=lastName&order=asc');
  return res.json().items as any[];
}

async function importFile(ws: TestWorkspace, body: Buffer, fileName: string) {
  const up = await ws.owner.upload(`/api/v1/imports?fileName=${fileName}`, body, 'application/octet-stream');
  expect(up.statusCode, up.body).toBe(201);
  const preview = up.json();
  expect(preview.suggestedMapping.unmapped, JSON.stringify(preview.suggestedMapping)).toEqual([]);
  const start = await ws.owner.post(`/api/v1/imports/${preview.id}/start`, {
    mapping: preview.suggestedMapping.mapping,
  });
  expect(start.statusCode, start.body).toBe(202);
  for (let i = 0; i < 200; i++) {
    const s = (await ws.owner.get(`/api/v1/imports/${preview.id}`)).json();
    if (!['waiting', 'processing'].includes(s.state)) return s;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('import did not finish');
}

describe('export and import round trip', () => {
  for (const format of ['csv', 'xlsx', 'vcf'] as const) {
    it(`recreates the same contacts from a ${format} export`, async () => {
      const ws = await createWorkspace(ctx.app);
      for (const f of FIELDS) expect((await ws.owner.post('/api/v1/fields', f)).statusCode).toBe(201);
      for (const c of CONTACTS) {
        const res = await ws.owner.post('/api/v1/contacts', c);
        expect(res.statusCode, res.body).toBe(201);
      }
      const before = (await all(ws)).map(essence);

      const file = await ws.owner.get(`/api/v1/exports/contacts?format=${format}`);
      expect(file.statusCode, file.body).toBe(200);
      const ids = (await all(ws)).map((c) => c.id);
      const del = await ws.owner.post('/api/v1/contacts/bulk-delete', { ids, expectedCount: ids.length });
      expect(del.json().deleted).toBe(CONTACTS.length);

      const done = await importFile(ws, file.rawPayload, `contacts.${format}`);
      expect(done.state, done.error).toBe('processed');
      expect(done.counts).toMatchObject({ created: CONTACTS.length, failed: 0 });
      expect((await all(ws)).map(essence)).toEqual(before);
    });
  }
});
