import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { resumeStaleImports } from '../../src/modules/imports/recovery.js';
import { createWorkspace, expectProblem, useTestApp, type Client, type TestWorkspace } from '../helpers.js';

const ctx = useTestApp({}, { jobs: true });

async function upload(client: Client, csv: string, fileName = 'contacts.csv') {
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

/** Uploads and starts with the suggested mapping (plus overrides); answers the upload's preview. */
async function startUpload(client: Client, csv: string, options: Record<string, unknown> = {}) {
  const preview = await upload(client, csv);
  const res = await client.post(`/api/v1/imports/${preview.id}/start`, {
    mapping: preview.suggestedMapping.mapping,
    ...options,
  });
  expect(res.statusCode, res.body).toBe(202);
  expect(res.json().state).toBe('waiting');
  return preview;
}

/** Uploads, starts with the suggested mapping (plus overrides) and waits for the end. */
async function runImport(client: Client, csv: string, options: Record<string, unknown> = {}) {
  const preview = await startUpload(client, csv, options);
  return waitDone(client, preview.id);
}

async function contacts(ws: TestWorkspace, q = '') {
  const res = await ws.owner.get(
    `/api/v1/contacts?limit=200&sort=lastName&order=asc${q ? `&q=${encodeURIComponent(q)}` : ''}`,
  );
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items as any[];
}

const expectAccounted = (summary: any) => {
  const c = summary.counts;
  expect(c.rowsRead).toBe(c.created + c.updated + c.unchanged + c.failed);
};

describe('running an import', () => {
  it('imports a Google Contacts export: names, labelled points, custom values, counts and change log', async () => {
    const ws = await createWorkspace(ctx.app);
    await ws.owner.post('/api/v1/fields', {
      key: 'loyalty',
      label: 'Loyalty',
      type: 'select',
      options: ['Gold', 'Silver'],
    });
    const csv = [
      'Given Name,Family Name,E-mail 1 - Type,E-mail 1 - Value,Phone 1 - Type,Phone 1 - Value,Organization 1 - Name,Loyalty',
      'Ada,Lovelace,* Work,ada@engines.example,Mobile,+44 7400 123456 ::: +44 20 7946 0000,Analytical Engines,gold',
      'Alan,Turing,Home,alan@bletchley.example,Work,(202) 555-0143,Bletchley Park,Silver',
    ].join('\r\n');
    const done = await runImport(ws.owner, csv, { tags: ['imported'] });
    expect(done).toMatchObject({
      state: 'processed',
      counts: { rowsRead: 2, created: 2, updated: 0, unchanged: 0, failed: 0 },
      errorFileUrl: null,
      progress: { percent: 100 },
    });
    const [ada, alan] = await contacts(ws);
    expect(ada).toMatchObject({
      firstName: 'Ada',
      lastName: 'Lovelace',
      company: 'Analytical Engines',
      source: 'import',
      tags: ['imported'],
      custom: { loyalty: 'Gold' },
      ownerId: ws.ownerId,
    });
    expect(ada.points.map((p: any) => [p.channel, p.label, p.normalized])).toEqual([
      ['email', 'work', 'ada@engines.example'],
      ['phone', 'mobile', '+447400123456'],
      ['phone', 'mobile', '+442079460000'],
    ]);
    expect(alan.points.map((p: any) => [p.channel, p.label, p.normalized])).toEqual([
      ['email', 'home', 'alan@bletchley.example'],
      ['phone', 'work', '+12025550143'],
    ]);
    const log = await ws.owner.get(`/api/v1/contacts/${ada.id}/changes`);
    expect(log.json().items).toHaveLength(1);
    expect(log.json().items[0]).toMatchObject({ action: 'create', actor: { type: 'user', id: ws.ownerId } });
  });

  it('matches by email on a second run: identical rows are unchanged, changed ones updated, new ones created', async () => {
    const ws = await createWorkspace(ctx.app);
    const first =
      'First name,Last name,Email,Company\nAda,Lovelace,ada@x.example,Engines\nAlan,Turing,alan@x.example,Bletchley\n';
    expect((await runImport(ws.owner, first)).counts).toMatchObject({ created: 2 });
    const second =
      'First name,Last name,Email,Company\nAda,Lovelace,ADA@x.example,Engines\nAlan,Turing,alan@x.example,GCHQ\nGrace,Hopper,grace@x.example,Navy\n';
    const done = await runImport(ws.owner, second);
    expect(done.options.matchBy).toBe('email');
    expect(done.counts).toEqual({ rowsRead: 3, created: 1, updated: 1, unchanged: 1, failed: 0 });
    const all = await contacts(ws);
    expect(all.map((c) => c.company)).toEqual(['Navy', 'Engines', 'GCHQ']);
    const alan = all.find((c) => c.lastName === 'Turing');
    expect(alan.version).toBe(2);
    const log = (await ws.owner.get(`/api/v1/contacts/${alan.id}/changes`)).json().items;
    expect(log[0]).toMatchObject({
      action: 'update',
      changes: [{ field: 'company', before: 'Bletchley', after: 'GCHQ' }],
    });
  });

  it('lets a later row with the same key update the earlier one', async () => {
    const ws = await createWorkspace(ctx.app);
    const csv =
      'External id,Last name,City,Phone\n7,Lovelace,London,\n7,Lovelace,Paris,+33 1 23 45 67 89\n8,Byron,,\n';
    const done = await runImport(ws.owner, csv);
    expect(done.options.matchBy).toBe('externalId');
    expect(done.counts).toEqual({ rowsRead: 3, created: 2, updated: 1, unchanged: 0, failed: 0 });
    const all = await contacts(ws);
    expect(all).toHaveLength(2);
    const ada = all.find((c) => c.externalId === '7');
    expect(ada.address.city).toBe('Paris');
    expect(ada.points.map((p: any) => p.normalized)).toEqual(['+33123456789']);
  });

  it('fails bad rows alone, names column and reason, and serves them as an error file that imports again', async () => {
    const ws = await createWorkspace(ctx.app);
    const csv = [
      'First name,Last name,Email,Phone,Birthday,Country',
      'Ada,Lovelace,ada@x.example,+44 7400 123456,1990-12-10,GB',
      '=Bad,Email,not-an-email,+1 202 555 0143,,',
      'Bad,Phone,,12,,',
      'Bad,Date,,,31/02/1990,',
      'Bad,Country,,,,Atlantis',
      ',,,,,',
      'Short,Row',
      '=HYPERLINK("http://evil"),Formula,,,,',
    ].join('\n');
    const done = await runImport(ws.owner, csv, { dateFormat: 'DD/MM/YYYY' });
    expect(done.state).toBe('processed');
    expectAccounted(done);
    expect(done.counts).toMatchObject({ created: 2, failed: 5 });
    expect(done.errorFileUrl).toBe(`/api/v1/imports/${done.id}/errors`);

    const file = await ws.owner.get(done.errorFileUrl);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toMatch(/^text\/csv/);
    expect(file.headers['content-disposition']).toContain('contacts-errors.csv');
    const rows = Papa.parse<string[]>(file.body.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
    expect(rows[0]).toEqual(['First name', 'Last name', 'Email', 'Phone', 'Birthday', 'Country', 'Errors']);
    expect(rows).toHaveLength(6);
    const errorOf = (last: string) => rows.find((r) => r[1] === last)?.[6];
    expect(errorOf('Email')).toMatch(/Column "Email": "not-an-email" is not a valid email address/);
    // A formula is quoted so spreadsheets show it as text; a phone number in a phone column is not.
    expect(rows.find((r) => r[1] === 'Email')?.slice(0, 4)).toEqual([
      "'=Bad",
      'Email',
      'not-an-email',
      '+1 202 555 0143',
    ]);
    expect(errorOf('Phone')).toMatch(/Column "Phone": "12" is not a valid phone number/);
    expect(errorOf('Date')).toMatch(/Column "Birthday".*not a date written DD\/MM\/YYYY/);
    expect(errorOf('Country')).toMatch(/Column "Country": "Atlantis" is not a country/);
    expect(errorOf('Row')).toMatch(/expected 6 cells, found 2/);

    // The fixed file goes through again; the Errors column is left out of the mapping.
    const fixed = Papa.unparse([
      rows[0],
      ['Bad', 'Email', 'fixed@x.example', '', '', '', 'old error'],
      ['Bad', 'Phone', '', '+1 202 555 0143', '', '', 'old error'],
    ]);
    const reupload = await upload(ws.owner, fixed, 'contacts-errors.csv');
    expect(reupload.suggestedMapping.notes[0].message).toMatch(
      /Mapping reused from the import of contacts.csv/,
    );
    expect(reupload.suggestedMapping.mapping).toHaveLength(7);
    expect(reupload.suggestedMapping.mapping[6]).toEqual({ kind: 'ignore' });
    await ws.owner.post(`/api/v1/imports/${reupload.id}/start`, {
      mapping: reupload.suggestedMapping.mapping,
      dateFormat: 'DD/MM/YYYY',
    });
    const again = await waitDone(ws.owner, reupload.id);
    expect(again.counts).toMatchObject({ created: 2, failed: 0 });
    expect((await contacts(ws)).map((c) => c.lastName)).toContain('Phone');
  });

  it('gives sequential external ids to rows without one, after the largest numeric id', async () => {
    const ws = await createWorkspace(ctx.app);
    await ws.owner.post('/api/v1/contacts', { lastName: 'Existing', externalId: '41' });
    const done = await runImport(ws.owner, 'Last name\nA\nB\nC\n', { generateExternalIds: true });
    expect(done.counts.created).toBe(3);
    const ids = (await contacts(ws)).map((c) => c.externalId).sort();
    expect(ids).toEqual(['41', '42', '43', '44']);
  });
});

describe('other sources', () => {
  it('imports text pasted one contact per line', async () => {
    const ws = await createWorkspace(ctx.app);
    const res = await ws.owner.upload(
      '/api/v1/imports?source=pasted',
      'Ada Lovelace <ada@x.example>, +44 20 7946 0958\nAlan Turing; alan@x.example\n\n',
      'text/plain',
    );
    expect(res.statusCode, res.body).toBe(201);
    const preview = res.json();
    expect(preview).toMatchObject({
      kind: 'pasted',
      fileName: 'pasted.txt',
      headers: ['Name', 'Email', 'Phone'],
    });
    await ws.owner.post(`/api/v1/imports/${preview.id}/start`, { mapping: preview.suggestedMapping.mapping });
    const done = await waitDone(ws.owner, preview.id);
    expect(done.counts).toMatchObject({ rowsRead: 2, created: 2, failed: 0 });
    const all = await contacts(ws);
    expect(all.map((c) => [c.firstName, c.lastName, c.points.map((p: any) => p.normalized)])).toEqual([
      ['Ada', 'Lovelace', ['ada@x.example', '+442079460958']],
      ['Alan', 'Turing', ['alan@x.example']],
    ]);
    expectProblem(await ws.owner.upload('/api/v1/imports?source=pasted', '   \n', 'text/plain'), 400, 'file');
  });

  it('imports an Excel workbook with typed cells from a chosen sheet', async () => {
    const ws = await createWorkspace(ctx.app);
    await ws.owner.post('/api/v1/fields', { key: 'score', label: 'Score', type: 'number' });
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Notes').addRow(['nothing here']);
    const sheet = wb.addWorksheet('People');
    sheet.addRow(['First name', 'Last name', 'Birthday', 'Score', 'Mobile']);
    sheet.addRow(['Ada', 'Lovelace', new Date(Date.UTC(1990, 11, 10)), 97.5, 447400123456]);
    sheet.addRow(['Alan', 'Turing', new Date(Date.UTC(1992, 5, 23)), 12, '+1 202 555 0143']);
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await ws.owner.upload(
      '/api/v1/imports?fileName=people.xlsx&sheet=People',
      file,
      'application/octet-stream',
    );
    expect(res.statusCode, res.body).toBe(201);
    const preview = res.json();
    expect(preview).toMatchObject({
      kind: 'xlsx',
      sheets: ['Notes', 'People'],
      sheet: 'People',
      rowsEstimate: 2,
    });
    const mapping = preview.suggestedMapping.mapping;
    mapping[4] = { kind: 'point', channel: 'phone', label: 'mobile' };
    const start = await ws.owner.post(`/api/v1/imports/${preview.id}/start`, {
      mapping,
      defaultCountry: 'GB',
    });
    expect(start.statusCode, start.body).toBe(202);
    const done = await waitDone(ws.owner, preview.id);
    expect(done.counts, JSON.stringify(done)).toMatchObject({ created: 2, failed: 0 });
    const [ada, alan] = await contacts(ws);
    expect(ada).toMatchObject({ birthDate: '1990-12-10', custom: { score: 97.5 } });
    expect(ada.points[0]).toMatchObject({ label: 'mobile', normalized: '+447400123456' });
    expect(alan).toMatchObject({ birthDate: '1992-06-23', custom: { score: 12 } });
  });

  it('imports vCard 3.0 and 4.0 cards with their labelled points', async () => {
    const ws = await createWorkspace(ctx.app);
    const vcf = [
      'BEGIN:VCARD',
      'VERSION:3.0',
      'N:Lovelace;Ada;;;',
      'FN:Ada Lovelace',
      'ORG:Analytical Engines;Research',
      'TEL;TYPE=CELL:+44 7400 123456',
      'EMAIL;TYPE=INTERNET,WORK:ada@engines.example',
      'CATEGORIES:vip,london',
      'END:VCARD',
      'BEGIN:VCARD',
      'VERSION:4.0',
      'FN:Alan Turing',
      'N:Turing;Alan;;;',
      'UID:alan-1',
      'TEL;VALUE=uri;TYPE=work:tel:+1-202-555-0143',
      'END:VCARD',
      '',
    ].join('\r\n');
    const preview = await upload(ws.owner, vcf, 'people.vcf');
    expect(preview.kind).toBe('vcard');
    await ws.owner.post(`/api/v1/imports/${preview.id}/start`, { mapping: preview.suggestedMapping.mapping });
    const done = await waitDone(ws.owner, preview.id);
    expect(done.counts).toMatchObject({ created: 2, failed: 0 });
    const [ada, alan] = await contacts(ws);
    expect(ada).toMatchObject({
      company: 'Analytical Engines',
      department: 'Research',
      tags: ['vip', 'london'],
    });
    expect(ada.points.map((p: any) => [p.channel, p.label, p.normalized])).toEqual([
      ['phone', 'mobile', '+447400123456'],
      ['email', 'work', 'ada@engines.example'],
    ]);
    expect(alan).toMatchObject({
      externalId: 'alan-1',
      points: [{ label: 'work', normalized: '+12025550143' }],
    });
  });
});

describe('a file that turns bad past its preview', () => {
  it('ends in error with the reason, keeping what was imported before', async () => {
    const ws = await createWorkspace(ctx.app);
    const long = (name: string) => `${name},${'x'.repeat(900_000)}\n`;
    const head = Buffer.from(
      'Name,Notes\n' + long('Ada Lovelace') + long('Alan Turing') + long('Grace Hopper'),
    );
    const bad = Buffer.concat([
      Buffer.from('Bad '),
      Buffer.from([0xff, 0xfe, 0xc3]),
      Buffer.from(' bytes,x\n'),
    ]);
    const res = await ws.owner.upload(
      '/api/v1/imports?fileName=late.csv&encoding=utf-8',
      Buffer.concat([head, bad]),
    );
    expect(res.statusCode, res.body).toBe(201);
    const preview = res.json();
    const start = await ws.owner.post(`/api/v1/imports/${preview.id}/start`, {
      mapping: [{ kind: 'field', field: 'fullName' }, { kind: 'ignore' }],
      encoding: 'utf-8',
    });
    expect(start.statusCode, start.body).toBe(202);
    const done = await waitDone(ws.owner, preview.id);
    expect(done.state).toBe('error');
    expect(done.error).toMatch(/UTF-8/i);
    expectAccounted(done);
  });
});

describe('lost jobs', () => {
  it('sends a waiting import whose job was lost again, once', async () => {
    const ws = await createWorkspace(ctx.app);
    const csv = 'Name,Email\nAda Lovelace,ada@x.example\n';
    const first = await runImport(ws.owner, csv);
    expect(first.state).toBe('processed');
    // A second upload moved to "waiting" an hour ago with no job behind it.
    const lost = await upload(ws.owner, csv.replace('Ada Lovelace', 'Alan Turing').replace('ada@', 'alan@'));
    const options = await ctx.app.db
      .selectFrom('imports')
      .select('options')
      .where('id', '=', first.id)
      .executeTakeFirstOrThrow();
    await ctx.app.db
      .updateTable('imports')
      .set({
        state: 'waiting',
        options: JSON.stringify(options.options),
        updated_at: new Date(Date.now() - 3600_000),
      })
      .where('id', '=', lost.id)
      .execute();
    expect(await resumeStaleImports(ctx.app.db, ctx.app.queue, 60)).toBeGreaterThanOrEqual(1);
    expect(await resumeStaleImports(ctx.app.db, ctx.app.queue, 60)).toBe(0);
    const done = await waitDone(ws.owner, lost.id);
    expect(done.counts).toMatchObject({ created: 1, failed: 0 });
  });
});

describe('queues', () => {
  it('runs a small import while a large one of another workspace is still running', async () => {
    // Each queue runs one import at a time; small files have their own (importJobFor), so the
    // small one here is done long before the 12,000 rows are.
    const big = await createWorkspace(ctx.app);
    const small = await createWorkspace(ctx.app);
    const rows = Array.from({ length: 12_000 }, (_, i) => `Big${i},Row,big.${i}@queue.example`);
    const preview = await startUpload(big.owner, ['First Name,Last Name,Email', ...rows].join('\n') + '\n');
    expect(preview.rowsEstimate).toBeGreaterThanOrEqual(5000);
    for (let state = 'waiting'; state === 'waiting';) {
      await new Promise((r) => setTimeout(r, 50));
      state = (await big.owner.get(`/api/v1/imports/${preview.id}`)).json().state;
    }

    const quick = await runImport(small.owner, 'First Name,Email\nSmall,small@queue.example\n');
    expect(quick.counts).toMatchObject({ created: 1, failed: 0 });
    const large = await waitDone(big.owner, preview.id);
    expect(large.counts).toMatchObject({ rowsRead: 12_000, created: 12_000 });
    expect(Date.parse(quick.finishedAt)).toBeLessThan(Date.parse(large.finishedAt));
  });
});

describe('starting and cancelling', () => {
  it('adds the contacts it creates or matches to a static group, and refuses a dynamic or foreign group', async () => {
    const ws = await createWorkspace(ctx.app);
    const g = (await ws.owner.post('/api/v1/groups', { name: 'Imported', type: 'static' })).json();
    const existing = await ws.owner.post('/api/v1/contacts', {
      firstName: 'Old',
      points: [{ channel: 'email', value: 'old@x.example' }],
    });
    const done = await runImport(
      ws.owner,
      'First Name,Email\nOld,old@x.example\nNew,new@x.example\nBad,not-an-email\n',
      {
        groupId: g.id,
        matchBy: 'email',
      },
    );
    expect(done.counts).toMatchObject({ created: 1, unchanged: 1, failed: 1 });
    const members = await ws.owner.post('/api/v1/contacts/count', {
      filter: { field: 'group', op: 'equals', value: g.id },
    });
    expect(members.json().count).toBe(2);
    const log = (await ws.owner.get(`/api/v1/contacts/${existing.json().id}/changes`)).json().items;
    expect(
      log.some((e: any) => e.changes.some((c: any) => c.field === 'groups' && c.after === 'Imported')),
    ).toBe(true);

    const dyn = (
      await ws.owner.post('/api/v1/groups', {
        name: 'Dyn',
        type: 'dynamic',
        filter: { field: 'type', op: 'equals', value: 'lead' },
      })
    ).json();
    const other = await createWorkspace(ctx.app);
    const foreign = (await other.owner.post('/api/v1/groups', { name: 'Theirs', type: 'static' })).json();
    for (const groupId of [dyn.id, foreign.id]) {
      const preview = await upload(ws.owner, 'First Name\nX\n');
      const res = await ws.owner.post(`/api/v1/imports/${preview.id}/start`, {
        mapping: preview.suggestedMapping.mapping,
        groupId,
      });
      expectProblem(res, 400, 'groupId');
    }
  });

  it('refuses a mapping that does not fit, with paths naming each problem', async () => {
    const ws = await createWorkspace(ctx.app);
    const preview = await upload(ws.owner, 'Name,Email\nAda,ada@x.example\n');
    const start = (body: unknown) => ws.owner.post(`/api/v1/imports/${preview.id}/start`, body as any);
    expectProblem(await start({ mapping: [{ kind: 'ignore' }] }), 400, 'mapping');
    expectProblem(
      await start({ mapping: [{ kind: 'custom', key: 'nope' }, { kind: 'ignore' }] }),
      400,
      'mapping.0',
    );
    expectProblem(
      await start({ mapping: preview.suggestedMapping.mapping, matchBy: 'phone' }),
      400,
      'matchBy',
    );
    expectProblem(await start({ mapping: [{ kind: 'bogus' }, { kind: 'ignore' }] }), 400);
    expectProblem(
      await start({ mapping: preview.suggestedMapping.mapping, onMatch: 'sometimes' }),
      400,
      'onMatch',
    );
    expectProblem(await start({ mapping: preview.suggestedMapping.mapping, tags: ['x'.repeat(51)] }), 400);
    const other = await createWorkspace(ctx.app);
    expectProblem(
      await other.owner.post(`/api/v1/imports/${preview.id}/start`, {
        mapping: preview.suggestedMapping.mapping,
      }),
      404,
    );
    const ok = await start({ mapping: preview.suggestedMapping.mapping });
    expect(ok.statusCode, ok.body).toBe(202);
    expectProblem(await start({ mapping: preview.suggestedMapping.mapping }), 409);
    await waitDone(ws.owner, preview.id);
  });

  it('lets an agent import its own contacts but not give them to someone else', async () => {
    const ws = await createWorkspace(ctx.app);
    const agent = await ws.addUser('agent');
    const preview = await upload(agent.client, 'Name,Email\nAda Lovelace,ada@x.example\n');
    expectProblem(
      await agent.client.post(`/api/v1/imports/${preview.id}/start`, {
        mapping: preview.suggestedMapping.mapping,
        ownerId: ws.ownerId,
      }),
      403,
    );
    const res = await agent.client.post(`/api/v1/imports/${preview.id}/start`, {
      mapping: preview.suggestedMapping.mapping,
    });
    expect(res.statusCode, res.body).toBe(202);
    const done = await waitDone(agent.client, preview.id);
    expect(done.counts.created).toBe(1);
    const mine = (await agent.client.get('/api/v1/contacts')).json().items;
    expect(mine.map((c: any) => [c.lastName, c.ownerId])).toEqual([['Lovelace', agent.id]]);
  });

  it('cancels a waiting import at once', async () => {
    const ws = await createWorkspace(ctx.app);
    const preview = await upload(ws.owner, 'Name\nAda\n');
    expectProblem(await ws.owner.post(`/api/v1/imports/${preview.id}/cancel`), 409);
    // Start and cancel in one go: the job may not have claimed it yet, or may have finished.
    await ws.owner.post(`/api/v1/imports/${preview.id}/start`, { mapping: preview.suggestedMapping.mapping });
    const res = await ws.owner.post(`/api/v1/imports/${preview.id}/cancel`);
    const done = await waitDone(ws.owner, preview.id);
    if (res.statusCode === 200) expect(['cancelled', 'processed']).toContain(done.state);
    else expectProblem(res, 409);
    expectAccounted(done);
  });
});
