import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { newId } from '../../src/lib/ids.js';
import { ContactInsertQueue, insertNewContact } from '../../src/modules/contacts/insert-queue.js';
import type { NewContactWrite } from '../../src/modules/contacts/repo.js';
import { EMPTY_CONTACT } from '../../src/modules/contacts/service.js';
import { createContact, createWorkspace, expectProblem, useTestApp, type TestWorkspace } from '../helpers.js';

const ctx = useTestApp();

// Creates that arrive while others are being written share one statement (src/modules/contacts/
// insert-queue.ts). Each request must still get its own answer and its own complete contact.
describe('concurrent creates', () => {
  const body = (i: number, extra: Record<string, unknown> = {}) => ({
    firstName: `Batch${i}`,
    lastName: 'Writer',
    tags: ['batch'],
    points: [
      { channel: 'phone', label: 'mobile', value: `(212) 555-${String(1000 + i)}` },
      { channel: 'email', label: 'work', value: `batch${i}@example.com` },
    ],
    ...extra,
  });

  it('writes each with its points, change log and search entry, several in one transaction', async () => {
    const ws = await createWorkspace(ctx.app);
    const responses = await Promise.all(
      Array.from({ length: 30 }, (_, i) => ws.owner.post('/api/v1/contacts', body(i))),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(Array(30).fill(201));
    const ids = responses.map((r) => r.json().id as string);
    for (const [i, r] of responses.entries())
      expect(r.json()).toMatchObject({
        firstName: `Batch${i}`,
        points: [{}, { normalized: `batch${i}@example.com` }],
      });

    const rows = await sql<{ id: string; points: number; changes: number; searchable: number; tx: string }>`
      select c.id,
             (select count(*) from contact_points p where p.workspace_id = c.workspace_id and p.contact_id = c.id)::int as points,
             (select count(*) from contact_changes h where h.workspace_id = c.workspace_id and h.contact_id = c.id)::int as changes,
             (select count(*) from contact_search s where s.workspace_id = c.workspace_id and s.contact_id = c.id)::int as searchable,
             c.xmin::text as tx
      from contacts c where c.workspace_id = ${ws.id}`.execute(ctx.app.db);
    expect(rows.rows.map((r) => r.id).sort()).toEqual([...ids].sort());
    for (const r of rows.rows) expect(r).toMatchObject({ points: 2, changes: 1, searchable: 1 });
    // Fewer transactions than contacts: creates were written together. (PGlite runs one statement
    // at a time in the server's own thread, so requests there reach the queue one by one.)
    if (process.env.DATABASE_URL) expect(new Set(rows.rows.map((r) => r.tx)).size).toBeLessThan(30);

    const found = await ws.owner.get('/api/v1/contacts?q=batch17');
    expect(found.json().items.map((c: any) => c.id)).toEqual([ids[17]]);
  });

  it('refuses only the create whose external id is taken; the others are written', async () => {
    const ws = await createWorkspace(ctx.app);
    await createContact(ws.owner, body(100, { externalId: 'CRM-1' }));
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        ws.owner.post(
          '/api/v1/contacts',
          body(i, i === 7 ? { externalId: 'CRM-1' } : { externalId: `NEW-${i}` }),
        ),
      ),
    );
    for (const [i, r] of responses.entries()) {
      if (i === 7) expectProblem(r, 409, 'externalId');
      else expect(r.statusCode, r.body).toBe(201);
    }
    const rows = await sql<{ external_id: string; changes: number }>`
      select c.external_id,
             (select count(*) from contact_changes h where h.workspace_id = c.workspace_id and h.contact_id = c.id)::int as changes
      from contacts c where c.workspace_id = ${ws.id} order by c.external_id`.execute(ctx.app.db);
    expect(rows.rows.map((r) => r.external_id).sort()).toEqual(
      ['CRM-1', ...Array.from({ length: 20 }, (_, i) => `NEW-${i}`).filter((x) => x !== 'NEW-7')].sort(),
    );
    for (const r of rows.rows) expect(r.changes).toBe(1);
    const orphans = await sql<{ n: number }>`
      select count(*)::int as n from contact_points p where p.workspace_id = ${ws.id}
        and not exists (select 1 from contacts c where c.workspace_id = p.workspace_id and c.id = p.contact_id)`.execute(
      ctx.app.db,
    );
    expect(orphans.rows[0].n).toBe(0);
  });

  /** A new contact as createContact hands it to the queue. */
  function newWrite(ws: TestWorkspace, name: string, id = newId()): NewContactWrite {
    const now = new Date();
    return {
      row: {
        ...EMPTY_CONTACT,
        workspace_id: ws.id,
        id,
        first_name: name,
        type: 'lead',
        level: 'primary',
        source: 'api',
        owner_id: ws.ownerId,
        created_by: ws.ownerId,
        custom: '{"note":"x"}',
        active: true,
        search_text: `${name.toLowerCase()}\t\t\t${name.toLowerCase()}@example.com`,
        created_at: now,
        updated_at: now,
      },
      points: [
        {
          workspace_id: ws.id,
          contact_id: id,
          id: newId(),
          channel: 'email',
          label: 'work',
          value: `${name}@example.com`,
          normalized: `${name.toLowerCase()}@example.com`,
          status: 'active',
          position: 0,
        },
      ],
      change: {
        workspace_id: ws.id,
        id: newId(),
        contact_id: id,
        action: 'create',
        actor_type: 'user',
        actor_id: ws.ownerId,
        actor_name: 'Owner',
        changes: JSON.stringify([{ field: 'firstName', before: null, after: name }]),
      },
    };
  }

  const transactionsOf = async (ws: TestWorkspace) =>
    (
      await sql<{ first_name: string; tx: string; custom: unknown; changes: unknown; point: string }>`
        select c.first_name, c.xmin::text as tx, c.custom,
               (select h.changes from contact_changes h where h.workspace_id = c.workspace_id and h.contact_id = c.id) as changes,
               (select p.normalized from contact_points p where p.workspace_id = c.workspace_id and p.contact_id = c.id) as point
        from contacts c where c.workspace_id = ${ws.id} order by c.first_name`.execute(ctx.app.db)
    ).rows;

  it('writes the creates queued behind one in flight as one statement, every column as given', async () => {
    const ws = await createWorkspace(ctx.app);
    const queue = new ContactInsertQueue(ctx.app.db, { batch: 50, inFlight: 1 });
    await Promise.all(['A1', 'A2', 'A3', 'A4', 'A5'].map((n) => queue.insert(newWrite(ws, n))));
    const rows = await transactionsOf(ws);
    expect(rows.map((r) => r.first_name)).toEqual(['A1', 'A2', 'A3', 'A4', 'A5']);
    // The first alone, at once; the four that queued meanwhile together.
    expect(new Set(rows.map((r) => r.tx)).size).toBe(2);
    expect(rows.filter((r) => r.tx === rows[1].tx)).toHaveLength(4);
    for (const r of rows) {
      expect(r.custom).toEqual({ note: 'x' });
      expect(r.changes).toEqual([{ field: 'firstName', before: null, after: r.first_name }]);
      expect(r.point).toBe(`${r.first_name.toLowerCase()}@example.com`);
    }
  });

  it('answers each create of a failed batch on its own: the failing one rejected, the rest written', async () => {
    const ws = await createWorkspace(ctx.app);
    const queue = new ContactInsertQueue(ctx.app.db, { batch: 50, inFlight: 1 });
    const first = newWrite(ws, 'B1');
    const results = await Promise.allSettled([
      queue.insert(first),
      queue.insert(newWrite(ws, 'B2')),
      queue.insert(newWrite(ws, 'B3', first.row.id)), // the id of B1: a duplicate key
      queue.insert(newWrite(ws, 'B4')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(String((results[2] as PromiseRejectedResult).reason)).toMatch(/duplicate key/);
    const rows = await transactionsOf(ws);
    expect(rows.map((r) => r.first_name)).toEqual(['B1', 'B2', 'B4']);
    const changes = await sql<{ n: number }>`
      select count(*)::int as n from contact_changes where workspace_id = ${ws.id}`.execute(ctx.app.db);
    expect(changes.rows[0].n).toBe(3);
  });

  it("writes at once inside a caller's transaction, which the insert joins", async () => {
    const ws = await createWorkspace(ctx.app);
    const write = newWrite(ws, 'T1');
    await ctx.app.db
      .transaction()
      .execute(async (trx) => {
        await insertNewContact(trx, write);
        throw new Error('roll back');
      })
      .catch(() => undefined);
    expect(await transactionsOf(ws)).toEqual([]);
  });
});
