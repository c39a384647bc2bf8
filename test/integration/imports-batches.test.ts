// Batches of an import commit in file order. On PostgreSQL two batches are written at once
// (src/modules/imports/batch-writer.ts); these tests hold that to the same outcome as one at a
// time: a row sees the contacts of the rows before it, and a failing batch takes the batch written
// alongside it down too, so the resume point never passes a row that is not written.
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createWorkspace, startImport, useTestApp, type Client } from '../helpers.js';

const ctx = useTestApp({}, { jobs: true });

async function status(client: Client, id: string) {
  const res = await client.get(`/api/v1/imports/${id}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function waitFor(client: Client, id: string, done: (s: any) => boolean, ms = 30_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const s = await status(client, id);
    if (done(s)) return s;
    if (Date.now() > deadline) throw new Error(`import still ${s.state}: ${JSON.stringify(s)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const start = (client: Client, csv: string) => startImport(client, csv, { matchBy: 'externalId' });

const cityOf = async (workspaceId: string) =>
  new Map(
    (
      await ctx.app.db
        .selectFrom('contacts')
        .select(['external_id', 'city'])
        .where('workspace_id', '=', workspaceId)
        .execute()
    ).map((r) => [r.external_id, r.city]),
  );

afterAll(async () => {
  await sql`drop trigger if exists imports_fail_third_batch on imports`.execute(ctx.app.db);
});

describe('batches written one after another or side by side', () => {
  it('lets each batch update the contacts the batch just before it created', async () => {
    const ws = await createWorkspace(ctx.app);
    // 1,000 new contacts, then the same 1,000 again with a new city, then 500 more new ones:
    // every batch of the second part shares its external ids with a batch still being written.
    const lines = ['External ID,First Name,Last Name,City'];
    for (let i = 1; i <= 1000; i++) lines.push(`E${i},Ada,Name${i},London`);
    for (let i = 1; i <= 1000; i++) lines.push(`E${i},Ada,Name${i},Paris`);
    for (let i = 1001; i <= 1500; i++) lines.push(`E${i},Ada,Name${i},Rome`);
    const id = await start(ws.owner, lines.join('\n') + '\n');
    const done = await waitFor(ws.owner, id, (s) => s.state !== 'waiting' && s.state !== 'processing');
    expect(done).toMatchObject({
      state: 'processed',
      counts: { rowsRead: 2500, created: 1500, updated: 1000, unchanged: 0, failed: 0 },
    });
    const cities = await cityOf(ws.id);
    expect(cities.size).toBe(1500);
    for (let i = 1; i <= 1000; i++) expect(cities.get(`E${i}`)).toBe('Paris');
    for (let i = 1001; i <= 1500; i++) expect(cities.get(`E${i}`)).toBe('Rome');
  });

  it('stops after the batch that sees a cancel: the batch beside it is rolled back, counts match the rows', async () => {
    const ws = await createWorkspace(ctx.app);
    const lines = ['External ID,First Name,Last Name'];
    for (let i = 1; i <= 20_000; i++) lines.push(`K${i},Kay,Name${i}`);
    const id = await start(ws.owner, lines.join('\n') + '\n');
    await waitFor(ws.owner, id, (s) => s.counts.rowsRead >= 1000);
    const cancel = await ws.owner.post(`/api/v1/imports/${id}/cancel`);
    expect(cancel.statusCode, cancel.body).toBe(200);
    const done = await waitFor(ws.owner, id, (s) => s.state !== 'waiting' && s.state !== 'processing');
    expect(done.state).toBe('cancelled');
    expect(done.counts.rowsRead).toBeLessThan(20_000);
    expect(done.counts.rowsRead).toBe(done.counts.created);
    // Every committed row is counted, and nothing past the counts was committed.
    expect((await cityOf(ws.id)).size).toBe(done.counts.created);
  });

  it('rolls back the batch written alongside a failing one, and the retry goes on after the last committed batch', async () => {
    const ws = await createWorkspace(ctx.app);
    // A batch past row 751 fails as it records its progress, its last step: the next batch has
    // written its rows by then when batches overlap. Row numbers count the header as row 1; with
    // batches of 250 (PGlite) or 150 (PostgreSQL) rows, rows through 751 are committed first.
    await sql`
      create or replace function imports_fail_third_batch() returns trigger language plpgsql as $$
      begin
        if new.done_through_row > 751 and new.done_through_row <= 1600 then
          raise exception 'disk full (test)';
        end if;
        return new;
      end $$`.execute(ctx.app.db);
    await sql`create trigger imports_fail_third_batch before update on imports
      for each row execute function imports_fail_third_batch()`.execute(ctx.app.db);
    const lines = ['External ID,First Name,Last Name'];
    for (let i = 1; i <= 2500; i++) lines.push(`F${i},Grace,Name${i}`);
    const id = await start(ws.owner, lines.join('\n') + '\n');

    const failed = await waitFor(
      ws.owner,
      id,
      (s) => s.state === 'waiting' && /disk full/.test(s.error ?? ''),
    );
    expect(failed.counts).toMatchObject({ rowsRead: 750, created: 750, failed: 0 });
    expect((await cityOf(ws.id)).size).toBe(750);

    await sql`drop trigger imports_fail_third_batch on imports`.execute(ctx.app.db);
    const done = await waitFor(ws.owner, id, (s) => s.state === 'processed', 60_000);
    expect(done.counts).toMatchObject({ rowsRead: 2500, created: 2500, updated: 0, failed: 0 });
    const names = await ctx.app.db
      .selectFrom('contacts')
      .select(({ fn }) => [
        fn.countAll<string>().as('n'),
        fn.count<string>('external_id').distinct().as('ids'),
      ])
      .where('workspace_id', '=', ws.id)
      .executeTakeFirstOrThrow();
    expect(Number(names.n)).toBe(2500);
    expect(Number(names.ids)).toBe(2500);
  });
});
