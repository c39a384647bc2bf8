import { describe, expect, it } from 'vitest';
import { discardAbandonedUploads } from '../../src/modules/imports/service.js';
import { createWorkspace, expectProblem, useTestApp } from '../helpers.js';

const ctx = useTestApp({ importMaxBytes: 3 * 1024 * 1024 });

const GOOGLE_CSV = [
  'Given Name,Family Name,E-mail 1 - Type,E-mail 1 - Value,Phone 1 - Type,Phone 1 - Value,Organization 1 - Name,Loyalty',
  'Ada,Lovelace,* Work,ada@engines.example,Mobile,+44 7400 123456,Analytical Engines,Gold',
  'Alan,Turing,Home,alan@bletchley.example,Work,+44 20 7946 0018,Bletchley Park,Silver',
].join('\r\n');

async function importRows(ws: Awaited<ReturnType<typeof createWorkspace>>) {
  const res = await ctx.app.db
    .selectFrom('imports')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('workspace_id', '=', ws.id)
    .executeTakeFirstOrThrow();
  const chunks = await ctx.app.db
    .selectFrom('import_chunks')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('workspace_id', '=', ws.id)
    .executeTakeFirstOrThrow();
  return { imports: Number(res.n), chunks: Number(chunks.n) };
}

describe('import upload and preview', () => {
  it('stores a Google Contacts CSV and answers how it was read, its rows and a suggested mapping', async () => {
    const ws = await createWorkspace(ctx.app);
    await ws.owner.post('/api/v1/fields', {
      key: 'loyalty',
      label: 'Loyalty',
      type: 'select',
      options: ['Gold', 'Silver'],
    });
    const res = await ws.owner.upload('/api/v1/imports?fileName=google.csv', GOOGLE_CSV);
    expect(res.statusCode, res.body).toBe(201);
    const preview = res.json();
    expect(preview).toMatchObject({
      fileName: 'google.csv',
      fileSize: Buffer.byteLength(GOOGLE_CSV),
      state: 'uploaded',
      encoding: 'utf-8',
      delimiter: 'comma',
      hasHeader: true,
      rowsEstimate: 2,
    });
    expect(preview.headers[0]).toBe('Given Name');
    expect(preview.rows.map((r: { cells: string[] }) => r.cells[0])).toEqual(['Ada', 'Alan']);
    expect(preview.suggestedMapping.mapping).toEqual([
      { kind: 'field', field: 'firstName' },
      { kind: 'field', field: 'lastName' },
      { kind: 'ignore' },
      { kind: 'point', channel: 'email', label: 'other' },
      { kind: 'ignore' },
      { kind: 'point', channel: 'phone', label: 'other' },
      { kind: 'field', field: 'company' },
      { kind: 'custom', key: 'loyalty' },
    ]);
    expect(res.headers.location).toBe(`/api/v1/imports/${preview.id}`);
    const listed = (await ws.owner.get('/api/v1/imports')).json().items;
    expect(listed.map((i: { id: string }) => i.id)).toEqual([preview.id]);
  });

  it('reads a semicolon file in Windows-1252, and re-reads it with the header switched off', async () => {
    const ws = await createWorkspace(ctx.app);
    const bytes = Buffer.from('Nom;Prénom;Société\nMüller;Jürgen;Café € GmbH\n', 'latin1');
    bytes[bytes.indexOf(0xac)] = 0x80; // latin1 has no €: put Windows-1252's byte for it in place
    const res = await ws.owner.upload('/api/v1/imports?fileName=kunden.csv', bytes);
    expect(res.statusCode, res.body).toBe(201);
    const preview = res.json();
    expect(preview).toMatchObject({ encoding: 'windows-1252', delimiter: 'semicolon', hasHeader: true });
    expect(preview.rows[0].cells).toEqual(['Müller', 'Jürgen', 'Café € GmbH']);
    const again = await ws.owner.get(`/api/v1/imports/${preview.id}/preview?hasHeader=false`);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({
      hasHeader: false,
      headers: ['Column 1', 'Column 2', 'Column 3'],
      rowsEstimate: 2,
    });
  });

  it('streams a file bigger than the preview window into chunks and estimates its rows', async () => {
    const ws = await createWorkspace(ctx.app);
    const line = (i: number) =>
      `Contact${i},Person${i},person${i}@example.com,+1 212 555 ${String(i % 10000).padStart(4, '0')}\n`;
    const lines = ['First Name,Last Name,Email,Phone\n'];
    for (let i = 0; i < 40_000; i++) lines.push(line(i));
    const file = lines.join('');
    expect(file.length).toBeGreaterThan(2.2 * 1024 * 1024);
    const res = await ws.owner.upload('/api/v1/imports?fileName=big.csv', file);
    expect(res.statusCode, res.body).toBe(201);
    const preview = res.json();
    expect(preview.fileSize).toBe(file.length);
    expect((await ws.owner.get(`/api/v1/imports/${preview.id}`)).json().fileSize).toBe(file.length);
    expect(preview.rowsEstimate).toBeGreaterThan(38_000);
    expect(preview.rowsEstimate).toBeLessThan(42_000);
    expect(preview.rows).toHaveLength(20);
    expect((await importRows(ws)).chunks).toBe(Math.ceil(file.length / (1024 * 1024)));
  });

  it('refuses files it cannot read, with 4xx naming the file, and keeps nothing', async () => {
    const ws = await createWorkspace(ctx.app);
    const cases: [string | Buffer, number, RegExp][] = [
      ['', 400, /empty/],
      ['First Name,Last Name\r\n', 400, /header row but no data/],
      [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), 400, /image/],
      [Buffer.from('PK\u0003\u0004rest-of-a-zip'), 400, /cannot be imported: it looks like a ZIP archive/],
      ['a,b\n' + 'x'.repeat(3 * 1024 * 1024), 413, /larger than the limit of 3 MB/],
    ];
    for (const [file, status, message] of cases) {
      const res = await ws.owner.upload('/api/v1/imports', file, 'application/octet-stream');
      const problem = expectProblem(res, status, 'file');
      expect(problem.detail, String(file).slice(0, 20)).toMatch(message);
    }
    expect(await importRows(ws)).toEqual({ imports: 0, chunks: 0 });
  });

  it('refuses bad options naming them, and JSON bodies are read as files too', async () => {
    const ws = await createWorkspace(ctx.app);
    expectProblem(await ws.owner.upload('/api/v1/imports?delimiter=colon', 'a,b\n1,2\n'), 400, 'delimiter');
    expectProblem(await ws.owner.upload('/api/v1/imports?encoding=ebcdic', 'a,b\n1,2\n'), 400, 'encoding');
    expectProblem(
      await ws.owner.upload(`/api/v1/imports?fileName=${'x'.repeat(300)}`, 'a,b\n1,2\n'),
      400,
      'fileName',
    );
    const json = await ws.owner.upload(
      '/api/v1/imports',
      '{"first":"Ada"}\n{"first":"Alan"}\n',
      'application/json',
    );
    expect(json.statusCode, json.body).toBe(201);
  });

  it('keeps imports to their workspace, and an agent to its own', async () => {
    const a = await createWorkspace(ctx.app);
    const b = await createWorkspace(ctx.app);
    const bImport = (await b.owner.upload('/api/v1/imports', 'Name,Email\nAda,ada@x.example\n')).json();
    expectProblem(await a.owner.get(`/api/v1/imports/${bImport.id}`), 404);
    expectProblem(await a.owner.get(`/api/v1/imports/${bImport.id}/preview`), 404);
    expectProblem(await a.owner.get(`/api/v1/imports/${bImport.id}/errors`), 404);
    expectProblem(await a.owner.post(`/api/v1/imports/${bImport.id}/cancel`), 404);
    expectProblem(await a.owner.delete(`/api/v1/imports/${bImport.id}`), 404);
    expect((await a.owner.get('/api/v1/imports')).json().items).toEqual([]);
    const key = await a.apiKey();
    expectProblem(await key.get(`/api/v1/imports/${bImport.id}`), 404);

    const agent = await b.addUser('agent');
    const mine = (await agent.client.upload('/api/v1/imports', 'Name,Email\nAlan,alan@x.example\n')).json();
    expect((await agent.client.get('/api/v1/imports')).json().items.map((i: { id: string }) => i.id)).toEqual(
      [mine.id],
    );
    expectProblem(await agent.client.get(`/api/v1/imports/${bImport.id}`), 404);
    const all = (await b.owner.get('/api/v1/imports')).json().items.map((i: { id: string }) => i.id);
    expect(all.sort()).toEqual([bImport.id, mine.id].sort());
    expect((await b.owner.delete(`/api/v1/imports/${mine.id}`)).statusCode).toBe(204);
    expectProblem(await agent.client.get(`/api/v1/imports/${mine.id}`), 404);
  });

  it('removes uploads cut off an hour ago, with their chunks, and keeps those still arriving', async () => {
    const ws = await createWorkspace(ctx.app);
    const db = ctx.app.db;
    const row = (id: string, minutesAgo: number) => ({
      workspace_id: ws.id,
      id,
      file_name: 'cut.csv',
      file_size: 0,
      updated_at: new Date(Date.now() - minutesAgo * 60_000),
    });
    const [stale, fresh] = ['01a20000-0000-7000-8000-000000000001', '01a20000-0000-7000-8000-000000000002'];
    await db
      .insertInto('imports')
      .values([row(stale, 61), row(fresh, 5)])
      .execute();
    await db
      .insertInto('import_chunks')
      .values(
        [stale, fresh].map((id) => ({
          workspace_id: ws.id,
          import_id: id,
          seq: 0,
          data: Buffer.from('a,b\n'),
        })),
      )
      .execute();
    expect(await discardAbandonedUploads(db)).toBe(1);
    const left = await db.selectFrom('imports').select('id').where('workspace_id', '=', ws.id).execute();
    expect(left.map((r) => r.id)).toEqual([fresh]);
    expect(await importRows(ws)).toEqual({ imports: 1, chunks: 1 });
  });

  it('needs a signed-in caller', async () => {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/imports', payload: 'a,b\n1,2\n' });
    expectProblem(res, 401);
  });
});
