import { describe, expect, it } from 'vitest';
import { newId } from '../../src/lib/ids.js';
import { runBulkAction } from '../../src/modules/bulk/service.js';
import { createContact, createWorkspace, expectProblem, useTestApp, type TestWorkspace } from '../helpers.js';

const ctx = useTestApp({}, { jobs: true });

const bulk = (ws: TestWorkspace, body: unknown, client = ws.owner) =>
  client.post('/api/v1/bulk-actions', body as any);

async function waitDone(ws: TestWorkspace, id: string) {
  for (let i = 0; i < 300; i++) {
    const r = (await ws.owner.get(`/api/v1/bulk-actions/${id}`)).json();
    if (!['waiting', 'running'].includes(r.state)) return r;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error('bulk action did not finish');
}

const tagsOf = async (ws: TestWorkspace, id: string) =>
  (await ws.owner.get(`/api/v1/contacts/${id}`)).json().tags;

describe('bulk actions', () => {
  it('adds and removes tags on a selection, logging each contact and skipping those already done', async () => {
    const ws = await createWorkspace(ctx.app);
    const a = await createContact(ws.owner, { firstName: 'A', tags: ['old'] });
    const b = await createContact(ws.owner, { firstName: 'B', tags: ['vip'] });
    const res = await bulk(ws, {
      selection: { ids: [a.id, b.id] },
      action: { type: 'add_tags', tags: ['vip', 'new'] },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ state: 'done', total: 2, processed: 2, changed: 2, skipped: 0 });
    expect(await tagsOf(ws, a.id)).toEqual(['old', 'vip', 'new']);
    expect(await tagsOf(ws, b.id)).toEqual(['vip', 'new']);
    const again = await bulk(ws, {
      selection: { ids: [a.id, b.id] },
      action: { type: 'add_tags', tags: ['vip'] },
    });
    expect(again.json()).toMatchObject({ changed: 0, skipped: 2 });
    const log = (await ws.owner.get(`/api/v1/contacts/${a.id}/changes`)).json().items;
    expect(log[0]).toMatchObject({
      action: 'update',
      changes: [{ field: 'tags', before: ['old'], after: ['old', 'vip', 'new'] }],
    });
    const contact = (await ws.owner.get(`/api/v1/contacts/${a.id}`)).json();
    expect(contact.version).toBe(2);

    const removed = await bulk(ws, {
      selection: { filter: { field: 'tags', op: 'contains', value: 'new' } },
      action: { type: 'remove_tags', tags: ['new', 'old'] },
      expectedCount: 2,
    });
    expect(removed.json()).toMatchObject({ changed: 2 });
    expect(await tagsOf(ws, a.id)).toEqual(['vip']);
  });

  it('runs big selections in the background with progress', async () => {
    const ws = await createWorkspace(ctx.app);
    for (let i = 0; i < 520; i++)
      await createContact(ws.owner, { firstName: `P${i}`, type: i % 2 ? 'lead' : 'customer' });
    const res = await bulk(ws, {
      selection: {},
      action: { type: 'add_tags', tags: ['all'] },
      expectedCount: 520,
    });
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json()).toMatchObject({ total: 520 });
    const done = await waitDone(ws, res.json().id);
    expect(done).toMatchObject({ state: 'done', processed: 520, changed: 520 });
    const count = await ws.owner.post('/api/v1/contacts/count', {
      filter: { field: 'tags', op: 'contains', value: 'all' },
    });
    expect(count.json().count).toBe(520);
    const list = (await ws.owner.get('/api/v1/bulk-actions')).json().items;
    expect(list[0].id).toBe(res.json().id);
  }, 60_000);

  it('writes chunks two at a time, committing in order, and resumes after the last chunk done', async () => {
    const ws = await createWorkspace(ctx.app);
    for (let i = 0; i < 230; i++) await createContact(ws.owner, { firstName: `C${i}`, tags: ['first'] });
    const ids = await ctx.app.db
      .selectFrom('contacts')
      .select('id')
      .where('workspace_id', '=', ws.id)
      .orderBy('id')
      .execute();
    // An action whose first run committed the chunks up to the 100th contact, then died.
    const row = await ctx.app.db
      .insertInto('bulk_actions')
      .values({
        workspace_id: ws.id,
        id: newId(),
        created_by: ws.ownerId,
        api_key_id: null,
        actor_role: 'owner',
        actor_name: 'Olga Owner',
        action: JSON.stringify({ type: 'edit_tags', remove: ['first'], add: ['second'] }),
        selection: JSON.stringify({}),
        total: 230,
        processed: 100,
        last_id: ids[99].id,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await runBulkAction(
      ctx.app.db,
      { workspaceId: ws.id, bulkActionId: row.id },
      { chunkSize: 20, concurrency: 2 },
    );
    const done = (await ws.owner.get(`/api/v1/bulk-actions/${row.id}`)).json();
    expect(done).toMatchObject({ state: 'done', processed: 230, changed: 130 });
    const count = async (tag: string) =>
      (
        await ws.owner.post('/api/v1/contacts/count', {
          filter: { field: 'tags', op: 'contains', value: tag },
        })
      ).json().count;
    expect(await count('second')).toBe(130);
    expect(await count('first')).toBe(100);
    expect(await tagsOf(ws, ids[100].id)).toEqual(['second']);
    expect(await tagsOf(ws, ids[99].id)).toEqual(['first']);
  }, 60_000);

  it('deletes only with the count the caller was shown', async () => {
    const ws = await createWorkspace(ctx.app);
    await createContact(ws.owner, { firstName: 'X', type: 'other' });
    await createContact(ws.owner, { firstName: 'Y', type: 'other' });
    const selection = { filter: { field: 'type', op: 'equals', value: 'other' } };
    expectProblem(
      await bulk(ws, { selection, action: { type: 'delete' } }),
      400,
      'expectedCount',
      /required/,
    );
    expectProblem(
      await bulk(ws, { selection, action: { type: 'delete' }, expectedCount: 3 }),
      409,
      'expectedCount',
      'must be 2',
    );
    expect((await ws.owner.post('/api/v1/contacts/count', { filter: selection.filter })).json().count).toBe(
      2,
    );
    const ok = await bulk(ws, { selection, action: { type: 'delete' }, expectedCount: 2 });
    expect(ok.json()).toMatchObject({ state: 'done', changed: 2 });
    expect((await ws.owner.post('/api/v1/contacts/count', { filter: selection.filter })).json().count).toBe(
      0,
    );
  });

  it('agents act only on what they see, and delete or hand over only what they own', async () => {
    const ws = await createWorkspace(ctx.app);
    const agent = await ws.addUser('agent');
    const hidden = await createContact(ws.owner, { firstName: 'Hidden' });
    const mine = await createContact(agent.client, { firstName: 'Mine' });
    const shared = await createContact(ws.owner, { firstName: 'Shared' });
    await ws.owner.post(`/api/v1/contacts/${shared.id}/shares`, { userId: agent.id });

    const tag = await bulk(ws, { selection: {}, action: { type: 'add_tags', tags: ['seen'] } }, agent.client);
    expect(tag.json()).toMatchObject({ total: 2, changed: 2 });
    expect(await tagsOf(ws, hidden.id)).toEqual([]);
    const byIds = await bulk(
      ws,
      { selection: { ids: [hidden.id] }, action: { type: 'add_tags', tags: ['x'] } },
      agent.client,
    );
    expect(byIds.json()).toMatchObject({ total: 0, changed: 0 });

    const del = await bulk(ws, { selection: {}, action: { type: 'delete' }, expectedCount: 1 }, agent.client);
    expect(del.json()).toMatchObject({ changed: 1 });
    expect((await ws.owner.get(`/api/v1/contacts/${mine.id}`)).statusCode).toBe(404);
    expect((await ws.owner.get(`/api/v1/contacts/${shared.id}`)).statusCode).toBe(200);

    const other = await createWorkspace(ctx.app);
    const foreign = await bulk(other, {
      selection: { ids: [shared.id] },
      action: { type: 'add_tags', tags: ['evil'] },
    });
    expect(foreign.json()).toMatchObject({ total: 0 });
    expect(await tagsOf(ws, shared.id)).toEqual(['seen']);
    expect((await other.owner.get(`/api/v1/bulk-actions/${tag.json().id}`)).statusCode).toBe(404);
  });

  it('assigns an owner, adds to a group and sets fields', async () => {
    const ws = await createWorkspace(ctx.app);
    await ws.owner.post('/api/v1/fields', { key: 'score', label: 'Score', type: 'number' });
    const agent = await ws.addUser('agent');
    const a = await createContact(ws.owner, { firstName: 'A', company: 'Old' });
    const b = await createContact(ws.owner, { firstName: 'B' });
    const selection = { ids: [a.id, b.id] };
    expect(
      (await bulk(ws, { selection, action: { type: 'assign_owner', ownerId: agent.id } })).json().changed,
    ).toBe(2);
    expect((await agent.client.get(`/api/v1/contacts/${a.id}`)).statusCode).toBe(200);

    const g = (await ws.owner.post('/api/v1/groups', { name: 'G', type: 'static' })).json();
    expect(
      (await bulk(ws, { selection, action: { type: 'add_to_group', groupId: g.id } })).json().changed,
    ).toBe(2);
    expect((await ws.owner.get(`/api/v1/groups/${g.id}`)).json().memberCount).toBe(2);
    expect(
      (
        await bulk(ws, { selection: { ids: [a.id] }, action: { type: 'remove_from_group', groupId: g.id } })
      ).json().changed,
    ).toBe(1);

    const set = await bulk(ws, { selection, action: { type: 'set_field', field: 'company', value: 'Acme' } });
    expect(set.json()).toMatchObject({ changed: 2 });
    expect((await ws.owner.get(`/api/v1/contacts/${a.id}`)).json().company).toBe('Acme');
    expect(
      (await bulk(ws, { selection, action: { type: 'set_field', field: 'custom.score', value: 7 } })).json()
        .changed,
    ).toBe(2);
    expect((await ws.owner.get(`/api/v1/contacts/${b.id}`)).json().custom).toEqual({ score: 7 });
    expect(
      (await bulk(ws, { selection, action: { type: 'set_field', field: 'country', value: 'France' } })).json()
        .changed,
    ).toBe(2);
  });

  it('sets a field set-wise: logs each change, finds the new value by search, and counts contacts it must not empty', async () => {
    const ws = await createWorkspace(ctx.app);
    await ws.owner.post('/api/v1/fields', { key: 'tier', label: 'Tier', type: 'text' });
    const named = await createContact(ws.owner, { firstName: 'Ann', lastName: 'Lee', company: 'Old' });
    const onlyLast = await createContact(ws.owner, { lastName: 'Solo' });
    const reachable = await createContact(ws.owner, {
      lastName: 'Reach',
      points: [{ channel: 'email', value: 'reach@example.com' }],
    });
    const selection = { ids: [named.id, onlyLast.id, reachable.id] };

    const company = await bulk(ws, {
      selection,
      action: { type: 'set_field', field: 'company', value: 'Zephyrcorp' },
    });
    expect(company.json()).toMatchObject({ state: 'done', changed: 3, skipped: 0, failed: 0 });
    const log = (await ws.owner.get(`/api/v1/contacts/${named.id}/changes`)).json().items;
    expect(log[0]).toMatchObject({
      action: 'update',
      changes: [{ field: 'company', before: 'Old', after: 'Zephyrcorp' }],
    });
    expect((await ws.owner.get(`/api/v1/contacts/${named.id}`)).json().version).toBe(2);
    const found = (await ws.owner.get('/api/v1/contacts?q=zephyrcorp')).json().items.map((c: any) => c.id);
    expect(found.sort()).toEqual(selection.ids.slice().sort());

    // Clearing the last name leaves "Solo" with nothing to call it by: it keeps its name.
    const cleared = await bulk(ws, {
      selection,
      action: { type: 'set_field', field: 'lastName', value: null },
    });
    expect(cleared.json()).toMatchObject({ changed: 2, failed: 1, skipped: 0 });
    expect((await ws.owner.get(`/api/v1/contacts/${onlyLast.id}`)).json().lastName).toBe('Solo');
    expect((await ws.owner.get(`/api/v1/contacts/${reachable.id}`)).json().lastName).toBeNull();

    const tier = await bulk(ws, {
      selection,
      action: { type: 'set_field', field: 'custom.tier', value: 'gold' },
    });
    expect(tier.json()).toMatchObject({ changed: 3 });
    expect((await ws.owner.get(`/api/v1/contacts/${onlyLast.id}`)).json().custom).toEqual({ tier: 'gold' });
    const again = await bulk(ws, {
      selection,
      action: { type: 'set_field', field: 'custom.tier', value: 'gold' },
    });
    expect(again.json()).toMatchObject({ changed: 0, skipped: 3 });
  });

  it('refuses bad actions before touching anything', async () => {
    const ws = await createWorkspace(ctx.app);
    const a = await createContact(ws.owner, { firstName: 'A' });
    const selection = { ids: [a.id] };
    expectProblem(await bulk(ws, { selection, action: { type: 'explode' } }), 400);
    expectProblem(
      await bulk(ws, { selection, action: { type: 'set_field', field: 'externalId', value: 'x' } }),
      400,
      'action.field',
    );
    expectProblem(
      await bulk(ws, { selection, action: { type: 'set_field', field: 'type', value: 'boss' } }),
      400,
      'action.value',
    );
    await ws.owner.post('/api/v1/fields', { key: 'score', label: 'Score', type: 'number' });
    expectProblem(
      await bulk(ws, { selection, action: { type: 'set_field', field: 'custom.nope', value: 1 } }),
      400,
      'action.field',
      /Unknown custom field/,
    );
    expectProblem(
      await bulk(ws, { selection, action: { type: 'set_field', field: 'custom.score', value: 'lots' } }),
      400,
      'action.value',
      /Score/,
    );
    expectProblem(
      await bulk(ws, {
        selection,
        action: { type: 'assign_owner', ownerId: '01900000-0000-7000-8000-000000000000' },
      }),
      400,
      'action.ownerId',
    );
    const dyn = (
      await ws.owner.post('/api/v1/groups', {
        name: 'D',
        type: 'dynamic',
        filter: { field: 'type', op: 'equals', value: 'lead' },
      })
    ).json();
    expectProblem(
      await bulk(ws, { selection, action: { type: 'add_to_group', groupId: dyn.id } }),
      400,
      'action.groupId',
      /dynamic/,
    );
    expectProblem(
      await bulk(ws, {
        selection: { filter: { field: 'nope', op: 'is_empty' } },
        action: { type: 'delete' },
        expectedCount: 0,
      }),
      400,
      'selection.filter.field',
    );
    expectProblem(await bulk(ws, { selection: { ids: ['x'] }, action: { type: 'delete' } }), 400);
    expectProblem(await bulk(ws, { selection, action: { type: 'add_tags', tags: ['x'.repeat(51)] } }), 400);
    expect((await ws.owner.get(`/api/v1/contacts/${a.id}`)).json().version).toBe(1);
  });
});

describe('tags', () => {
  it('lists with counts, renames, merges and deletes, for admins only', async () => {
    const ws = await createWorkspace(ctx.app);
    const a = await createContact(ws.owner, { firstName: 'A', tags: ['vip', 'b2b'] });
    const b = await createContact(ws.owner, { firstName: 'B', tags: ['VIP', 'lead'] });
    await createContact(ws.owner, { firstName: 'C', tags: ['vip'] });
    const listed = (await ws.owner.get('/api/v1/tags')).json().items;
    // Most used first; ties in the database's collation order, which differs between engines.
    expect(listed[0]).toEqual({ tag: 'vip', count: 2 });
    expect(listed.slice(1).sort((x: any, y: any) => (x.tag < y.tag ? -1 : 1))).toEqual([
      { tag: 'VIP', count: 1 },
      { tag: 'b2b', count: 1 },
      { tag: 'lead', count: 1 },
    ]);
    const agent = await ws.addUser('agent');
    expect((await agent.client.post('/api/v1/tags/rename', { from: 'vip', to: 'gold' })).statusCode).toBe(
      403,
    );
    expect((await agent.client.get('/api/v1/tags')).json().items).toEqual([]);

    const merged = await ws.owner.post('/api/v1/tags/merge', { tags: ['vip', 'VIP'], into: 'gold' });
    expect(merged.json()).toMatchObject({ state: 'done', changed: 3 });
    expect(await tagsOf(ws, a.id)).toEqual(['b2b', 'gold']);
    expect(await tagsOf(ws, b.id)).toEqual(['lead', 'gold']);
    expect((await ws.owner.post('/api/v1/tags/rename', { from: 'b2b', to: 'partner' })).json().changed).toBe(
      1,
    );
    expect(await tagsOf(ws, a.id)).toEqual(['gold', 'partner']);
    expect((await ws.owner.delete('/api/v1/tags/gold')).json().changed).toBe(3);
    expect(await tagsOf(ws, a.id)).toEqual(['partner']);
    expectProblem(await ws.owner.post('/api/v1/tags/rename', { from: 'x', to: 'x' }), 400, 'to');
  });

  it('deletes a tag whose name holds a slash, a percent sign or spaces, given encoded in the path', async () => {
    const ws = await createWorkspace(ctx.app);
    const odd = ['q4/2026', '50% off', 'a b'];
    const c = await createContact(ws.owner, { firstName: 'Odd', tags: [...odd, 'keep'] });
    for (const tag of odd) {
      const res = await ws.owner.delete(`/api/v1/tags/${encodeURIComponent(tag)}`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().changed, tag).toBe(1);
    }
    expect(await tagsOf(ws, c.id)).toEqual(['keep']);
  });
});
