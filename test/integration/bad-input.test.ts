import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  countRows,
  createContact,
  createWorkspace,
  expectProblem,
  useTestApp,
  type TestWorkspace,
} from '../helpers.js';

const ctx = useTestApp();

let ws: TestWorkspace;
let existing: any;
let apiToken = '';

const FIELDS = [
  { key: 'notes', label: 'Notes', type: 'text' },
  { key: 'score', label: 'Score', type: 'number' },
  { key: 'renewal', label: 'Renewal', type: 'date' },
  { key: 'last_call', label: 'Last call', type: 'datetime' },
  { key: 'vip', label: 'VIP', type: 'checkbox' },
  { key: 'tier', label: 'Tier', type: 'select', options: ['gold', 'silver'] },
  { key: 'products', label: 'Products', type: 'multiselect', options: ['voice', 'chat'] },
];

beforeAll(async () => {
  ws = await createWorkspace(ctx.app);
  for (const f of FIELDS) expect((await ws.owner.post('/api/v1/fields', f)).statusCode).toBe(201);
  apiToken = (await ws.owner.post('/api/v1/api-keys', { name: 'raw requests' })).json().token;
  existing = await createContact(ws.owner, {
    firstName: 'Existing',
    lastName: 'Person',
    externalId: 'EXT-1',
    points: [{ channel: 'email', value: 'existing@example.com' }],
  });
});

/** Creating with this body is refused with a 400 on `path` whose message matches, and nothing is stored. */
async function refusedOnCreate(
  body: Record<string, unknown>,
  path: string,
  message: RegExp | string,
  status = 400,
) {
  const before = await countRows(ctx.app, 'contacts', ws.id);
  const changes = await countRows(ctx.app, 'contact_changes', ws.id);
  const points = await countRows(ctx.app, 'contact_points', ws.id);
  expectProblem(await ws.owner.post('/api/v1/contacts', body), status, path, message);
  expect(await countRows(ctx.app, 'contacts', ws.id)).toBe(before);
  expect(await countRows(ctx.app, 'contact_changes', ws.id)).toBe(changes);
  expect(await countRows(ctx.app, 'contact_points', ws.id)).toBe(points);
}

/** Patching the existing contact with this body is refused the same way, and it stays as it was. */
async function refusedOnPatch(
  body: Record<string, unknown>,
  path: string,
  message: RegExp | string,
  status = 400,
) {
  const url = `/api/v1/contacts/${existing.id}`;
  const before = (await ws.owner.get(url)).json();
  expectProblem(
    await ws.owner.patch(url, body, { 'if-match': `"${before.version}"` }),
    status,
    path,
    message,
  );
  expect((await ws.owner.get(url)).json()).toEqual(before);
}

async function refused(body: Record<string, unknown>, path: string, message: RegExp | string) {
  await refusedOnCreate({ lastName: 'Bad', ...body }, path, message);
  await refusedOnPatch(body, path, message);
}

describe('invalid values name the field and the reason', () => {
  it('refuses an invalid phone and email on the point that carries it', async () => {
    await refused(
      { points: [{ channel: 'phone', value: '12345' }] },
      'points.0.value',
      'not a valid phone number',
    );
    await refused(
      {
        points: [
          { channel: 'email', value: 'a@b.example' },
          { channel: 'whatsapp', value: '+1 555' },
        ],
      },
      'points.1.value',
      'not a valid phone number',
    );
    await refused(
      { points: [{ channel: 'email', value: 'not-an-email' }] },
      'points.0.value',
      'not a valid email',
    );
    await refused(
      {
        points: [
          { channel: 'email', value: 'dup@x.example' },
          { channel: 'email', value: 'DUP@x.example' },
        ],
      },
      'points.1.value',
      'listed twice',
    );
  });

  it('refuses an unknown country, impossible or future dates, an unknown language and time zone', async () => {
    await refused({ address: { country: 'Atlantis' } }, 'address.country', 'not a country');
    await refused({ birthDate: '2023-02-30' }, 'birthDate', 'real date');
    await refused({ birthDate: '30/01/1990' }, 'birthDate', 'YYYY-MM-DD');
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    await refused({ birthDate: tomorrow }, 'birthDate', 'today');
    await refused({ language: 'Klingon' }, 'language', 'not a supported language');
    await refused({ timeZone: 'Mars/Olympus_Mons' }, 'timeZone', 'IANA time zone');
  });

  it('refuses values outside each enum', async () => {
    await refused({ type: 'vendor' }, 'type', /lead/);
    await refused({ level: 'quaternary' }, 'level', /primary/);
    await refused({ points: [{ channel: 'pager', value: '123' }] }, 'points.0.channel', /phone/);
    await refused(
      { points: [{ channel: 'email', label: 'cell', value: 'a@b.example' }] },
      'points.0.label',
      /mobile/,
    );
    await refused(
      { points: [{ channel: 'email', value: 'a@b.example', status: 'bounced' }] },
      'points.0.status',
      /opted_out/,
    );
    await refused({ source: 'scraped' }, 'source', /import/);
  });

  it('refuses unknown properties by name, at the top level and nested', async () => {
    await refused({ nickname: 'Bobby' }, 'nickname', 'not a known field');
    await refused({ address: { planet: 'Mars' } }, 'address.planet', 'not a known field');
    await refused(
      { points: [{ channel: 'email', value: 'a@b.example', primary: true }] },
      'points.0.primary',
      'not a known field',
    );
  });

  it('refuses unknown custom fields and wrong value types for each field type', async () => {
    await refused({ custom: { xyz: 'x' } }, 'custom.xyz', 'Unknown custom field "xyz"');
    const wrong: [string, unknown, RegExp][] = [
      ['notes', 42, /must be text/],
      ['notes', 'x'.repeat(2001), /2000/],
      ['score', 'ten', /must be a number/],
      ['renewal', '2024-02-30', /YYYY-MM-DD/],
      ['renewal', 20240101, /YYYY-MM-DD/],
      ['last_call', '2024-01-31 09:30', /ISO 8601/],
      ['last_call', '2024-01-31T09:30:00', /time zone/],
      ['vip', 'yes', /true or false/],
      ['tier', 'bronze', /gold, silver/],
      ['tier', ['gold'], /gold, silver/],
      ['products', 'voice', /list of options/],
      ['products', ['voice', 'fax'], /"fax"/],
    ];
    for (const [key, value, message] of wrong)
      await refused({ custom: { [key]: value } }, `custom.${key}`, message);
  });

  it('requires required custom fields on create', async () => {
    const field = (
      await ws.owner.post('/api/v1/fields', { key: 'region', label: 'Region', type: 'text', required: true })
    ).json();
    try {
      await refusedOnCreate({ lastName: 'NoRegion' }, 'custom.region', 'Region is required');
      await refusedOnCreate(
        { lastName: 'NoRegion', custom: { region: null } },
        'custom.region',
        'Region is required',
      );
      await refusedOnPatch({ custom: { region: '' } }, 'custom.region', 'Region is required');
      expect(
        (await createContact(ws.owner, { lastName: 'WithRegion', custom: { region: 'EMEA' } })).custom.region,
      ).toBe('EMEA');
    } finally {
      await ws.owner.delete(`/api/v1/fields/${field.id}`);
    }
  });

  it('refuses over-long fields and too many items with the limit in the message', async () => {
    await refused({ lastName: 'x'.repeat(101) }, 'lastName', '100');
    await refused({ firstName: 'x'.repeat(101) }, 'firstName', '100');
    await refused({ company: 'x'.repeat(201) }, 'company', '200');
    await refused({ address: { zip: '1'.repeat(21) } }, 'address.zip', '20');
    await refused({ points: [{ channel: 'other', value: 'x'.repeat(321) }] }, 'points.0.value', '320');
    const points = Array.from({ length: 51 }, (_, i) => ({ channel: 'email', value: `p${i}@example.com` }));
    await refused({ points }, 'points', '50');
    await refused({ tags: Array.from({ length: 101 }, (_, i) => `t${i}`) }, 'tags', '100');
    await refused({ tags: ['x'.repeat(51)] }, 'tags.0', '50');
    // At the limit is fine.
    const ok = await createContact(ws.owner, {
      lastName: 'x'.repeat(100),
      points: points.slice(0, 50),
      tags: Array.from({ length: 100 }, (_, i) => `t${i}`),
    });
    expect(ok.points).toHaveLength(50);
    expect(ok.tags).toHaveLength(100);
    await ws.owner.delete(`/api/v1/contacts/${ok.id}`);
  });

  it('refuses a contact with neither a name nor a contact point', async () => {
    await refusedOnCreate({}, 'lastName', 'name');
    await refusedOnCreate({ firstName: '   ', company: 'Acme' }, 'lastName', 'name');
    const url = `/api/v1/contacts/${existing.id}`;
    const before = (await ws.owner.get(url)).json();
    expectProblem(
      await ws.owner.patch(
        url,
        { firstName: null, lastName: null, points: [] },
        { 'if-match': `"${before.version}"` },
      ),
      400,
      'lastName',
      'name',
    );
    expect((await ws.owner.get(url)).json()).toEqual(before);
  });

  it('answers 409 naming externalId when it is already used', async () => {
    // Refused by the unique index inside the single insert statement: its points and log entry go too.
    await refusedOnCreate(
      { lastName: 'Dup', externalId: 'EXT-1', points: [{ channel: 'email', value: 'dup@example.com' }] },
      'externalId',
      'Already used',
      409,
    );
    const other = await createContact(ws.owner, { lastName: 'Other', externalId: 'EXT-2' });
    const res = await ws.owner.patch(
      `/api/v1/contacts/${other.id}`,
      { externalId: 'EXT-1' },
      { 'if-match': '"1"' },
    );
    expectProblem(res, 409, 'externalId');
    expect((await ws.owner.get(`/api/v1/contacts/${other.id}`)).json().externalId).toBe('EXT-2');
    // Its own external id again is no conflict.
    expect(
      (
        await ws.owner.patch(
          `/api/v1/contacts/${other.id}`,
          { externalId: 'EXT-2', jobTitle: 'CTO' },
          { 'if-match': '"1"' },
        )
      ).statusCode,
    ).toBe(200);
    await ws.owner.delete(`/api/v1/contacts/${other.id}`);
  });
});

describe('malformed requests', () => {
  it('answers 413 to a body over 1 MiB', async () => {
    const before = await countRows(ctx.app, 'contacts', ws.id);
    const res = await ws.owner.post('/api/v1/contacts', {
      lastName: 'Big',
      custom: { notes: 'x'.repeat(1024 * 1024) },
    });
    const p = expectProblem(res, 413);
    expect(p.detail).toMatch(/1048576 bytes/);
    expect(await countRows(ctx.app, 'contacts', ws.id)).toBe(before);
  });

  it('refuses other content types and malformed JSON', async () => {
    const raw = (contentType: string, payload: string) =>
      ctx.app.inject({
        method: 'POST',
        url: '/api/v1/contacts',
        payload,
        headers: { 'content-type': contentType, authorization: `Bearer ${apiToken}` },
      });
    const before = await countRows(ctx.app, 'contacts', ws.id);
    const xml = await raw('application/xml', '<contact><lastName>X</lastName></contact>');
    expect([400, 415]).toContain(xml.statusCode);
    expectProblem(xml, xml.statusCode, 'content-type');
    const text = await raw('text/plain', 'lastName=X');
    expect([400, 415]).toContain(text.statusCode);
    expectProblem(text, text.statusCode);
    expectProblem(await raw('application/json', '{"lastName": "X",'), 400, 'body');
    expectProblem(await raw('application/json', '[1, 2]'), 400, 'body');
    expect(await countRows(ctx.app, 'contacts', ws.id)).toBe(before);
  });

  it('checks If-Match: stale 409, malformed 400, missing 428', async () => {
    const c = await createContact(ws.owner, { lastName: 'Versioned' });
    const url = `/api/v1/contacts/${c.id}`;
    expect((await ws.owner.patch(url, { jobTitle: 'One' }, { 'if-match': 'W/"1"' })).statusCode).toBe(200);
    const stale = expectProblem(await ws.owner.patch(url, { jobTitle: 'Lost' }, { 'if-match': '"1"' }), 409);
    expect(stale.detail).toMatch(/version 2/);
    expectProblem(await ws.owner.patch(url, { jobTitle: 'Lost' }, { 'if-match': 'latest' }), 400, 'If-Match');
    expectProblem(await ws.owner.patch(url, { jobTitle: 'Lost' }, { 'if-match': '"-1"' }), 400, 'If-Match');
    expectProblem(await ws.owner.patch(url, { jobTitle: 'Lost' }), 428, 'If-Match');
    expectProblem(await ws.owner.delete(url, { 'if-match': '"1"' }), 409);
    expect((await ws.owner.get(url)).json()).toMatchObject({ jobTitle: 'One', version: 2 });
  });

  it('lets exactly one of two concurrent updates of the same version win', async () => {
    const c = await createContact(ws.owner, { lastName: 'Raced' });
    const url = `/api/v1/contacts/${c.id}`;
    const results = await Promise.all(
      ['Left', 'Right'].map((jobTitle) => ws.owner.patch(url, { jobTitle }, { 'if-match': '"1"' })),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const winner = results.find((r) => r.statusCode === 200)!.json();
    expect((await ws.owner.get(url)).json()).toMatchObject({ jobTitle: winner.jobTitle, version: 2 });
  });

  it('answers one of two concurrent creates with the same externalId with 409, never 500', async () => {
    const results = await Promise.all(
      [1, 2, 3].map((n) =>
        ws.owner.post('/api/v1/contacts', { lastName: `Race ${n}`, externalId: 'RACE-1' }),
      ),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409]);
    for (const r of results.filter((x) => x.statusCode === 409)) expectProblem(r, 409, 'externalId');
    expect((await ws.owner.get('/api/v1/contacts?q=RACE-1')).json().items).toHaveLength(1);
  });

  it('names the offending path or query parameter', async () => {
    expectProblem(await ws.owner.get('/api/v1/contacts/not-a-uuid'), 400, 'id', 'UUID');
    expectProblem(
      await ws.owner.patch('/api/v1/contacts/123', { lastName: 'X' }, { 'if-match': '"1"' }),
      400,
      'id',
    );
    expectProblem(await ws.owner.get(`/api/v1/contacts/${existing.id}/shares/x`), 404);
    expectProblem(await ws.owner.delete(`/api/v1/contacts/${existing.id}/shares/nobody`), 400, 'userId');
    expectProblem(await ws.owner.get('/api/v1/contacts?cursor=garbage!!'), 400, 'cursor');
    const page = (await ws.owner.get('/api/v1/contacts?limit=1&sort=lastName')).json();
    expect(page.nextCursor).toBeTruthy();
    expectProblem(
      await ws.owner.get(`/api/v1/contacts?limit=1&sort=firstName&cursor=${page.nextCursor}`),
      400,
      'cursor',
      'different sort',
    );
    expectProblem(await ws.owner.get(`/api/v1/contacts/${existing.id}/changes?cursor=nope`), 400, 'cursor');
    expectProblem(await ws.owner.get('/api/v1/contacts?limit=0'), 400, 'limit', '1');
    expectProblem(await ws.owner.get('/api/v1/contacts?limit=1000'), 400, 'limit', '200');
    expectProblem(await ws.owner.get('/api/v1/contacts?limit=ten'), 400, 'limit');
    expectProblem(await ws.owner.get('/api/v1/contacts?sort=password'), 400, 'sort');
    expectProblem(await ws.owner.get('/api/v1/contacts?order=sideways'), 400, 'order');
    expectProblem(
      await ws.owner.post('/api/v1/contacts/bulk-delete', { ids: ['nope'], expectedCount: 1 }),
      400,
      'ids.0',
    );
    expectProblem(
      await ws.owner.post('/api/v1/contacts/bulk-delete', { ids: [], expectedCount: 0 }),
      400,
      'ids',
    );
  });
});

describe('text is stored and returned verbatim', () => {
  it('keeps SQL-looking, emoji and right-to-left names exactly, and finds them', async () => {
    const names: [string, string][] = [
      ["Robert'); DROP TABLE contacts;--", 'O\'Brien"; DELETE FROM users; --'],
      ['😀 Zoë', '👩🏽‍💻 Ñandú'],
      ['محمد', 'שָׁלוֹם'],
    ];
    for (const [firstName, lastName] of names) {
      const c = await createContact(ws.owner, {
        firstName,
        lastName,
        company: `${firstName} & ${lastName} <b>Ltd</b>`,
      });
      const read = (await ws.owner.get(`/api/v1/contacts/${c.id}`)).json();
      expect(read).toMatchObject({
        firstName,
        lastName,
        company: `${firstName} & ${lastName} <b>Ltd</b>`,
        displayName: `${firstName} ${lastName}`,
      });
      const found = (await ws.owner.get(`/api/v1/contacts?q=${encodeURIComponent(lastName)}`)).json().items;
      expect(found.map((f: any) => f.id)).toContain(c.id);
      const row = await ctx.app.db
        .selectFrom('contacts')
        .select(['first_name', 'last_name'])
        .where('id', '=', c.id)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ first_name: firstName, last_name: lastName });
    }
    const tables = await sql<{
      n: number;
    }>`select count(*)::int as n from information_schema.tables where table_name in ('contacts', 'users')`.execute(
      ctx.app.db,
    );
    expect(tables.rows[0].n).toBe(2);
    expect((await ws.owner.get('/api/v1/users')).json().items.length).toBeGreaterThan(0);
  });
});

describe('normalization of accepted input', () => {
  it('accepts country codes and names, and stores ISO 3166-1 alpha-2', async () => {
    for (const [input, code] of [
      ['us', 'US'],
      ['USA', 'US'],
      ['Germany', 'DE'],
      ['  united kingdom ', 'GB'],
      ['fr', 'FR'],
    ]) {
      const c = await createContact(ws.owner, { lastName: 'Country', address: { country: input } });
      expect(c.address.country, input).toBe(code);
    }
    const c = await createContact(ws.owner, { lastName: 'NoCountry', address: { country: '' } });
    expect(c.address.country).toBeNull();
  });

  it('normalizes phones to E.164 with the workspace’s default country', async () => {
    const us = await createContact(ws.owner, {
      lastName: 'Phones',
      points: [
        { channel: 'phone', value: '(212) 555-0100' },
        { channel: 'sms', value: '+85251234567' },
        { channel: 'email', value: '  Mixed.Case@Example.COM ' },
      ],
    });
    expect(us.points.map((p: any) => [p.value, p.normalized])).toEqual([
      ['(212) 555-0100', '+12125550100'],
      ['+85251234567', '+85251234567'],
      ['Mixed.Case@Example.COM', 'mixed.case@example.com'],
    ]);
    // A London number means nothing in the US...
    await refusedOnCreate(
      { lastName: 'London', points: [{ channel: 'phone', value: '020 7946 0018' }] },
      'points.0.value',
      /read as US/,
    );
    // ...but is read as British in a workspace whose default country is GB.
    const gb = await createWorkspace(ctx.app, { defaultCountry: 'GB' });
    const uk = await createContact(gb.owner, {
      lastName: 'London',
      points: [{ channel: 'phone', value: '020 7946 0018' }],
    });
    expect(uk.points[0].normalized).toBe('+442079460018');
    // Changing the default country applies to later input.
    expect((await gb.owner.patch('/api/v1/workspace', { defaultCountry: 'us' })).json().defaultCountry).toBe(
      'US',
    );
    expect(
      (
        await createContact(gb.owner, {
          lastName: 'NY',
          points: [{ channel: 'phone', value: '212 555 0100' }],
        })
      ).points[0].normalized,
    ).toBe('+12125550100');
  });
});
