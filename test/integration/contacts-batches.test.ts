import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { newId } from '../../src/lib/ids.js';
import type { Actor } from '../../src/modules/auth/actor.js';
import {
  contactInsertBatcher,
  contactReadBatcher,
  insertNewContact,
} from '../../src/modules/contacts/batches.js';
import type { NewContactWrite } from '../../src/modules/contacts/repo.js';
import { EMPTY_CONTACT } from '../../src/modules/contacts/service.js';
import { createContact, createWorkspace, expectProblem, useTestApp, type TestWorkspace } from '../helpers.js';

const ctx = useTestApp();

// Creates that arrive while others are being written share one statement (src/modules/contacts/
// batches.ts). Each request must still get its own answer and its own complete contact.
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
    const queue = contactInsertBatcher(ctx.app.db, { batch: 50, inFlight: 1 });
    await Promise.all(['A1', 'A2', 'A3', 'A4', 'A5'].map((n) => queue.submit(newWrite(ws, n))));
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
    const queue = contactInsertBatcher(ctx.app.db, { batch: 50, inFlight: 1 });
    const first = newWrite(ws, 'B1');
    const results = await Promise.allSettled([
      queue.submit(first),
      queue.submit(newWrite(ws, 'B2')),
      queue.submit(newWrite(ws, 'B3', first.row.id)), // the id of B1: a duplicate key
      queue.submit(newWrite(ws, 'B4')),
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

// Reads by id made at the same time share a statement per viewer (src/modules/contacts/batches.ts).
// Who sees what must not leak between the reads of one batch.
describe('concurrent reads', () => {
  const actor = (workspaceId: string, role: Actor['role'], userId: string): Actor => ({
    workspaceId,
    role,
    userId,
    apiKeyId: null,
    name: role,
  });

  async function sharedWorkspace() {
    const ws = await createWorkspace(ctx.app);
    const [a, b] = [await ws.addUser('agent'), await ws.addUser('agent')];
    const ownedByA = await createContact(ws.owner, { firstName: 'Owned', lastName: 'ByA', ownerId: a.id });
    const sharedWithB = await createContact(ws.owner, { firstName: 'Shared', lastName: 'WithB' });
    const ownersOnly = await createContact(ws.owner, { firstName: 'Owners', lastName: 'Only' });
    const shared = await ws.owner.post(`/api/v1/contacts/${sharedWithB.id}/shares`, { userId: b.id });
    expect(shared.statusCode).toBe(200);
    return {
      ws,
      a,
      b,
      ids: { ownedByA: ownedByA.id, sharedWithB: sharedWithB.id, ownersOnly: ownersOnly.id },
    };
  }

  it('answers each read of a batch as its own viewer sees it, in one workspace and across two', async () => {
    const { ws, a, b, ids } = await sharedWorkspace();
    const other = await createWorkspace(ctx.app);
    const owner = actor(ws.id, 'owner', ws.ownerId);
    const agentA = actor(ws.id, 'agent', a.id);
    const agentB = actor(ws.id, 'agent', b.id);
    const outsider = actor(other.id, 'owner', other.ownerId);
    const reads: [Actor, string][] = [
      [owner, ids.ownersOnly], // alone, at once; all below queue behind it as one batch
      [agentA, ids.ownedByA],
      [agentA, ids.sharedWithB],
      [agentA, ids.ownersOnly],
      [agentB, ids.sharedWithB],
      [agentB, ids.ownedByA],
      [owner, ids.ownedByA],
      [owner, ids.ownedByA],
      [owner, newId()],
      [outsider, ids.ownedByA],
      [outsider, ids.ownersOnly],
    ];
    const batcher = contactReadBatcher(ctx.app.db);
    const rows = await Promise.all(reads.map(([who, id]) => batcher.submit({ actor: who, id })));
    expect(rows.map((r) => r?.first_name ?? null)).toEqual([
      'Owners',
      'Owned',
      null,
      null,
      'Shared',
      null,
      'Owned',
      'Owned',
      null,
      null,
      null,
    ]);
    expect(rows[4]!.shared_with).toEqual([b.id]);
  });

  it('answers reads over HTTP at once by several viewers with their own contacts only', async () => {
    const { ws, a, b, ids } = await sharedWorkspace();
    const viewers = [ws.owner, a.client, b.client];
    const targets = [ids.ownedByA, ids.sharedWithB, ids.ownersOnly];
    const responses = await Promise.all(
      viewers.flatMap((v) =>
        targets.flatMap((id) => [v.get(`/api/v1/contacts/${id}`), v.get(`/api/v1/contacts/${id}`)]),
      ),
    );
    expect(responses.map((r) => r.statusCode)).toEqual([
      ...[200, 200, 200, 200, 200, 200], // the owner
      ...[200, 200, 404, 404, 404, 404], // agent A
      ...[404, 404, 200, 200, 404, 404], // agent B
    ]);
    expect(responses[0].json()).toMatchObject({ id: ids.ownedByA, firstName: 'Owned' });
    expect(responses[14].json()).toMatchObject({ id: ids.sharedWithB, sharedWith: [b.id] });
  });

  it('answers a read of an id that is not a uuid with its own error, and the others of its batch', async () => {
    const { ws, ids } = await sharedWorkspace();
    const owner = actor(ws.id, 'owner', ws.ownerId);
    const batcher = contactReadBatcher(ctx.app.db);
    const settled = await Promise.allSettled(
      [ids.ownedByA, ids.sharedWithB, 'not-a-uuid', ids.ownersOnly].map((id) =>
        batcher.submit({ actor: owner, id }),
      ),
    );
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect((settled[3] as PromiseFulfilledResult<{ first_name: string }>).value.first_name).toBe('Owners');
  });
});
