// A contact list filled from a file: imports with a listId add every contact they create, update
// or match to the list, with entry.* columns for each entry's priority, next try, zone and top flag.
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { createContact, createWorkspace, expectProblem, useTestApp, type Client } from '../helpers.js';

const ctx = useTestApp({}, { jobs: true });

async function upload(client: Client, csv: string, fileName = 'people.csv') {
  const res = await client.upload(`/api/v1/imports?fileName=${fileName}`, csv);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function waitDone(client: Client, id: string) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const res = await client.get(`/api/v1/imports/${id}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    if (['processed', 'error', 'cancelled'].includes(body.state)) return body;
    if (Date.now() > deadline) throw new Error(`import still ${body.state}: ${res.body}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The suggested mapping with some columns (by header) mapped otherwise. */
function mapping(preview: any, overrides: Record<string, unknown> = {}) {
  return preview.headers.map((h: string, i: number) => overrides[h] ?? preview.suggestedMapping.mapping[i]);
}

async function start(client: Client, preview: any, options: Record<string, unknown>) {
  return client.post(`/api/v1/imports/${preview.id}/start`, { mapping: mapping(preview), ...options });
}

/** Uploads, starts (mapping overrides under `map`) and waits for the end. */
async function runImport(client: Client, csv: string, options: Record<string, unknown> = {}) {
  const { map, ...rest } = options as { map?: Record<string, unknown> };
  const preview = await upload(client, csv);
  const res = await client.post(`/api/v1/imports/${preview.id}/start`, {
    mapping: mapping(preview, map),
    ...rest,
  });
  expect(res.statusCode, res.body).toBe(202);
  const done = await waitDone(client, preview.id);
  expect(done.state, done.error).toBe('processed');
  const c = done.counts;
  expect(c.rowsRead).toBe(c.created + c.updated + c.unchanged + c.failed);
  return done;
}

async function makeList(client: Client, name = 'Renewals') {
  const c = await client.post('/api/v1/campaigns', {
    name: `Campaign ${Math.random().toString(36).slice(2, 8)}`,
    channels: ['voice'],
  });
  expect(c.statusCode, c.body).toBe(201);
  const l = await client.post(`/api/v1/campaigns/${c.json().id}/lists`, { name });
  expect(l.statusCode, l.body).toBe(201);
  return l.json();
}

/** The list's entries by contact display name. */
async function entriesByName(client: Client, listId: string) {
  const res = await client.get(`/api/v1/lists/${listId}/entries?limit=200`);
  expect(res.statusCode, res.body).toBe(200);
  return new Map<string, any>(res.json().items.map((e: any) => [e.contact.displayName, e]));
}

const field = (f: string) => ({ kind: 'field', field: f });

describe('a list filled from a file', () => {
  it('creates the contacts and a callable entry each, zones from the contact, the phone or the workspace', async () => {
    const ws = await createWorkspace(ctx.app, { defaultCountry: 'DE' });
    const list = await makeList(ws.owner);
    const csv = [
      'Name,Phone,Email,Time zone',
      'Ada Lovelace,+44 20 7946 0001,,',
      'Alan Turing,+44 20 7946 0002,,America/Chicago',
      'Grace Hopper,,grace@navy.example,',
    ].join('\n');
    const done = await runImport(ws.owner, csv, { listId: list.id, matchBy: 'phone' });
    expect(done.counts).toEqual({
      rowsRead: 3,
      created: 3,
      updated: 0,
      unchanged: 0,
      failed: 0,
      addedToList: 3,
    });
    expect(done.options).toMatchObject({ listId: list.id, list: { id: list.id, name: 'Renewals' } });

    const entries = await entriesByName(ws.owner, list.id);
    expect([...entries.keys()].sort()).toEqual(['Ada Lovelace', 'Alan Turing', 'Grace Hopper']);
    for (const e of entries.values())
      expect(e).toMatchObject({
        state: 'callable',
        priority: 0,
        topPriority: false,
        campaignId: list.campaignId,
      });
    expect(entries.get('Ada Lovelace').timeZones).toEqual(['Europe/London']);
    expect(entries.get('Alan Turing').timeZones).toEqual(['America/Chicago']);
    expect(entries.get('Grace Hopper').timeZones).toEqual(['Europe/Berlin']);

    const after = (await ws.owner.get(`/api/v1/lists/${list.id}`)).json();
    expect(after).toMatchObject({ source: 'file', counters: { total: 3, callable: 3 } });
    const listed = (await ws.owner.get('/api/v1/imports')).json().items[0];
    expect(listed.options.list).toEqual({ id: list.id, name: 'Renewals' });
    expect(listed.counts.addedToList).toBe(3);
  });

  it('matches a second, overlapping file by phone: contacts updated, only new contacts get entries', async () => {
    const ws = await createWorkspace(ctx.app);
    const list = await makeList(ws.owner);
    // On no list yet: a row that matches it and changes nothing still puts it on the list.
    await createContact(ws.owner, {
      firstName: 'Zed',
      lastName: 'Known',
      points: [{ channel: 'phone', label: 'other', value: '+44 20 7946 0009' }],
    });
    const first = await runImport(
      ws.owner,
      'Name,Phone,Company\nAda Lovelace,+44 20 7946 0001,Engines\nAlan Turing,+44 20 7946 0002,Bletchley\n',
      { listId: list.id, matchBy: 'phone' },
    );
    expect(first.counts).toMatchObject({ created: 2, addedToList: 2 });
    // A contact already on the list keeps its entry as it is.
    const ada = (await entriesByName(ws.owner, list.id)).get('Ada Lovelace');
    const patched = await ws.owner.patch(`/api/v1/list-entries/${ada.id}`, { priority: 7 });
    expect(patched.statusCode, patched.body).toBe(200);

    const second = await runImport(
      ws.owner,
      [
        'Name,Phone,Company',
        'Ada Lovelace,020 7946 0001,Analytical Engines',
        'Alan Turing,+44 20 7946 0002,Bletchley',
        'Grace Hopper,+44 20 7946 0003,Navy',
        'Zed Known,+44 20 7946 0009,',
      ].join('\n'),
      { listId: list.id, matchBy: 'phone', defaultCountry: 'GB' },
    );
    expect(second.counts).toEqual({
      rowsRead: 4,
      created: 1,
      updated: 1,
      unchanged: 2,
      failed: 0,
      addedToList: 2,
    });
    const entries = await entriesByName(ws.owner, list.id);
    expect([...entries.keys()].sort()).toEqual(['Ada Lovelace', 'Alan Turing', 'Grace Hopper', 'Zed Known']);
    expect(entries.get('Ada Lovelace')).toMatchObject({ id: ada.id, priority: 7 });
    const contacts = (await ws.owner.get('/api/v1/contacts?limit=50')).json().items;
    expect(contacts).toHaveLength(4);
    expect(contacts.find((c: any) => c.lastName === 'Lovelace').company).toBe('Analytical Engines');
  });

  it('numbers rows with generated external ids and puts every one on the list', async () => {
    const ws = await createWorkspace(ctx.app);
    const list = await makeList(ws.owner);
    await createContact(ws.owner, { lastName: 'Existing', externalId: '41' });
    const done = await runImport(ws.owner, 'Last name,Phone\nA,+44 20 7946 0001\nB,\nC,+1 202 555 0143\n', {
      listId: list.id,
      generateExternalIds: true,
    });
    expect(done.counts).toMatchObject({ created: 3, failed: 0, addedToList: 3 });
    const entries = await entriesByName(ws.owner, list.id);
    expect([...entries.keys()].sort()).toEqual(['A', 'B', 'C']);
    const contacts = (await ws.owner.get('/api/v1/contacts?limit=50')).json().items;
    const idOf = (name: string) => contacts.find((c: any) => c.lastName === name).externalId;
    expect([idOf('A'), idOf('B'), idOf('C')]).toEqual(['42', '43', '44']);
    // A US number alone does not say where in the country: both ends of its zones.
    expect(entries.get('C').timeZones.length).toBe(2);
    expect(entries.get('Existing')).toBeUndefined();
  });

  it('sets each entry from entry.* columns and fails rows with bad values into the error file', async () => {
    const ws = await createWorkspace(ctx.app);
    const list = await makeList(ws.owner);
    const csv = [
      'Name,Phone,Priority,Next try,Zone,Top',
      'Ada Lovelace,+44 20 7946 0001,5,2031-03-01 09:30+01:00,Europe/Paris,yes',
      'Alan Turing,+44 20 7946 0002,-3,,,',
      'Alan Again,+44 20 7946 0002,9,,,yes',
      'Bad Priority,+44 20 7946 0003,high,,,',
      'Big Priority,+44 20 7946 0004,5000,,,',
      'Bad Time,+44 20 7946 0005,,2031-02-30 09:00Z,,',
      'No Offset,+44 20 7946 0006,,2031-03-01 09:00,,',
      'Bad Zone,+44 20 7946 0007,,,Mars/Olympus,',
      'Bad Top,+44 20 7946 0008,,,,perhaps',
    ].join('\n');
    const done = await runImport(ws.owner, csv, {
      listId: list.id,
      matchBy: 'phone',
      map: {
        Priority: field('entry.priority'),
        'Next try': field('entry.nextTryAt'),
        Zone: field('entry.timeZone'),
        Top: field('entry.topPriority'),
      },
    });
    expect(done.counts).toEqual({
      rowsRead: 9,
      created: 2,
      updated: 1,
      unchanged: 0,
      failed: 6,
      addedToList: 2,
    });
    const entries = await entriesByName(ws.owner, list.id);
    expect(entries.size).toBe(2);
    expect(entries.get('Ada Lovelace')).toMatchObject({
      priority: 5,
      topPriority: true,
      nextTryAt: '2031-03-01T08:30:00.000Z',
      timeZones: ['Europe/Paris'],
    });
    // The file's later row for the same contact updates it; its entry keeps the first row's values.
    const alan = [...entries.values()].find((e) => e.contact.displayName.startsWith('Alan'));
    expect(alan).toMatchObject({ priority: -3, topPriority: false, timeZones: ['Europe/London'] });

    const file = await ws.owner.get(done.errorFileUrl);
    expect(file.statusCode).toBe(200);
    const rows = Papa.parse<string[]>(file.body.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
    expect(rows[0]).toEqual(['Name', 'Phone', 'Priority', 'Next try', 'Zone', 'Top', 'Errors']);
    const errorOf = (name: string) => rows.find((r) => r[0] === name)?.[6];
    expect(errorOf('Bad Priority')).toMatch(
      /Column "Priority" \(Entry priority\): "high" is not a whole number/,
    );
    expect(errorOf('Big Priority')).toMatch(
      /Column "Priority" \(Entry priority\): 5000 is not between -1000 and 1000/,
    );
    expect(errorOf('Bad Time')).toMatch(
      /Column "Next try" \(Entry next try\): "2031-02-30 09:00Z" is not a date and time/,
    );
    expect(errorOf('No Offset')).toMatch(/Column "Next try".*with its offset/);
    expect(errorOf('Bad Zone')).toMatch(
      /Column "Zone" \(Entry time zone\): "Mars\/Olympus" is not an IANA time zone/,
    );
    expect(errorOf('Bad Top')).toMatch(/Column "Top" \(Entry top priority\): "perhaps" is not yes or no/);
    // Failed rows made no contacts.
    const contacts = (await ws.owner.get('/api/v1/contacts?limit=50')).json().items;
    expect(contacts).toHaveLength(2);
  });

  it('with onMatch skip, adds the contacts it creates and leaves the skipped rows out', async () => {
    const ws = await createWorkspace(ctx.app);
    const list = await makeList(ws.owner);
    await createContact(ws.owner, {
      lastName: 'Known',
      points: [{ channel: 'email', label: 'work', value: 'known@x.example' }],
    });
    const done = await runImport(ws.owner, 'Last name,Email\nKnown,known@x.example\nNew,new@x.example\n', {
      listId: list.id,
      onMatch: 'skip',
    });
    expect(done.counts).toMatchObject({ created: 1, unchanged: 1, addedToList: 1 });
    expect([...(await entriesByName(ws.owner, list.id)).keys()]).toEqual(['New']);
  });

  it('refuses a list of another workspace, a listId that is no id, agents, and entry columns without a list', async () => {
    const ws = await createWorkspace(ctx.app);
    const other = await createWorkspace(ctx.app);
    const foreign = await makeList(other.owner);
    const csv = 'Name,Phone,Priority\nAda Lovelace,+44 20 7946 0001,1\n';
    const preview = await upload(ws.owner, csv);

    expectProblem(
      await start(ws.owner, preview, { listId: foreign.id }),
      400,
      'listId',
      'No contact list with this id in the workspace',
    );
    expectProblem(
      await start(ws.owner, preview, { listId: 'list-1' }),
      400,
      'listId',
      'listId must be a contact list id',
    );

    const withEntry = mapping(preview, { Priority: field('entry.priority') });
    expectProblem(
      await ws.owner.post(`/api/v1/imports/${preview.id}/start`, { mapping: withEntry }),
      400,
      'mapping.2',
      /choose the list \(listId\)/,
    );
    const own = await makeList(ws.owner);
    expectProblem(
      await ws.owner.post(`/api/v1/imports/${preview.id}/start`, {
        mapping: withEntry,
        listId: own.id,
        matchBy: 'phone',
        onMatch: 'skip',
      }),
      400,
      'onMatch',
      /choose update or create/,
    );

    const agent = await ws.addUser('agent');
    const mine = await upload(agent.client, csv);
    const refused = await start(agent.client, mine, { listId: own.id });
    expect(refused.statusCode, refused.body).toBe(403);
    expect(refused.json().detail).toMatch(/Only owners and admins/);
    // Nothing was started by the refused attempts.
    expect((await ws.owner.get(`/api/v1/imports/${preview.id}`)).json().state).toBe('uploaded');
    expect((await ws.owner.get(`/api/v1/lists/${own.id}`)).json().counters.total).toBe(0);
  });
});
