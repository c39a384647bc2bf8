import { describe, expect, it } from 'vitest';
import { createContact, createWorkspace, expectProblem, useTestApp, type TestWorkspace } from '../helpers.js';

const ctx = useTestApp();

const count = async (ws: TestWorkspace, filter: unknown) => {
  const res = await ws.owner.post('/api/v1/contacts/count', { filter });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().count as number;
};

async function people(ws: TestWorkspace) {
  const ada = await createContact(ws.owner, {
    firstName: 'Ada',
    type: 'customer',
    tags: ['vip'],
    address: { country: 'GB' },
    points: [{ channel: 'email', value: 'ada@example.com' }],
  });
  const bob = await createContact(ws.owner, {
    firstName: 'Bob',
    type: 'lead',
    address: { country: 'US' },
    points: [{ channel: 'phone', value: '+12125550100', status: 'opted_out' }],
  });
  const cy = await createContact(ws.owner, { firstName: 'Cy', type: 'customer', address: { country: 'US' } });
  return { ada, bob, cy };
}

describe('filters over the API', () => {
  it('lists, counts and pages contacts matching a filter, through GET and POST', async () => {
    const ws = await createWorkspace(ctx.app);
    const { ada, cy } = await people(ws);
    const filter = { and: [{ field: 'type', op: 'equals', value: 'customer' }] };
    expect(await count(ws, filter)).toBe(2);
    const get = await ws.owner.get(
      `/api/v1/contacts?sort=firstName&order=asc&filter=${encodeURIComponent(JSON.stringify(filter))}`,
    );
    expect(get.json().items.map((c: any) => c.id)).toEqual([ada.id, cy.id]);
    const page1 = await ws.owner.post('/api/v1/contacts/query', {
      filter,
      sort: 'firstName',
      order: 'asc',
      limit: 1,
    });
    expect(page1.json().items.map((c: any) => c.id)).toEqual([ada.id]);
    const page2 = await ws.owner.post('/api/v1/contacts/query', {
      filter,
      sort: 'firstName',
      order: 'asc',
      limit: 1,
      cursor: page1.json().nextCursor,
    });
    expect(page2.json().items.map((c: any) => c.id)).toEqual([cy.id]);
    expect(
      await count(ws, {
        or: [
          { field: 'points.phone', op: 'is_opted_out' },
          { field: 'tags', op: 'contains', value: 'vip' },
        ],
      }),
    ).toBe(2);
    expect(await count(ws, { not: { field: 'country', op: 'equals', value: 'United States' } })).toBe(1);
    expect(await count(ws, { field: 'createdAt', op: 'in_last', value: { amount: 1, unit: 'hours' } })).toBe(
      3,
    );
  });

  it('answers 400 naming the path of each bad node', async () => {
    const ws = await createWorkspace(ctx.app);
    const post = (filter: unknown) => ws.owner.post('/api/v1/contacts/count', { filter });
    expectProblem(
      await post({ and: [{ field: 'type', op: 'equals', value: 'vip' }] }),
      400,
      'filter.and.0.value',
      /one of/,
    );
    expectProblem(await post({ and: [{}, { or: [] }] }), 400, 'filter.and.1.or', /non-empty list/);
    expectProblem(
      await post({ field: 'nope', op: 'equals', value: 1 }),
      400,
      'filter.field',
      /unknown field "nope"/,
    );
    expectProblem(
      await post({ field: 'firstName', op: 'before', value: 'x' }),
      400,
      'filter.op',
      /does not apply/,
    );
    expectProblem(await post({ field: 'firstName', op: 'shout', value: 'x' }), 400, 'filter.op', /one of/);
    expectProblem(
      await post({ field: 'createdAt', op: 'between', value: ['2026-02-01', '2026-01-01'] }),
      400,
      'filter.value',
    );
    expectProblem(await post({ field: 'custom.missing', op: 'is_empty' }), 400, 'filter.field');
    expectProblem(await post({ field: 'owner', op: 'equals', value: "x' or 1=1 --" }), 400, 'filter.value');
    expectProblem(await post('not a tree'), 400, 'filter');
    let deep: unknown = { field: 'firstName', op: 'is_empty' };
    for (let i = 0; i < 20; i++) deep = { not: deep };
    expectProblem(await post(deep), 400, undefined);
    const wide = { or: Array.from({ length: 300 }, () => ({ field: 'firstName', op: 'is_empty' })) };
    expect((await post(wide)).statusCode).toBe(400);
    expectProblem(await ws.owner.get('/api/v1/contacts?filter=%7Bnope'), 400, 'filter', /JSON/);
    expectProblem(await ws.owner.post('/api/v1/contacts/query', { sort: 'relevance' }), 400, 'sort');
  });

  it('hostile text is matched literally', async () => {
    const ws = await createWorkspace(ctx.app);
    await createContact(ws.owner, { firstName: '100% real_name' });
    await createContact(ws.owner, { firstName: 'another' });
    expect(await count(ws, { field: 'firstName', op: 'contains', value: '%' })).toBe(1);
    expect(await count(ws, { field: 'firstName', op: 'contains', value: '_' })).toBe(1);
    expect(await count(ws, { field: 'firstName', op: 'equals', value: "' or '1'='1" })).toBe(0);
  });

  it('lists the fields a filter can use, with custom fields and groups', async () => {
    const ws = await createWorkspace(ctx.app);
    await ws.owner.post('/api/v1/fields', { key: 'tier', label: 'Tier', type: 'select', options: ['gold'] });
    await ws.owner.post('/api/v1/groups', { name: 'Gold', type: 'static' });
    const res = await ws.owner.get('/api/v1/filters/fields');
    const fields = res.json().items as any[];
    expect(fields.find((f) => f.field === 'custom.tier')).toMatchObject({
      type: 'enum',
      options: [{ value: 'gold' }],
    });
    expect(fields.find((f) => f.field === 'group').options.map((o: any) => o.label)).toEqual(['Gold']);
    expect(fields.find((f) => f.field === 'createdAt').ops).toContain('in_last');
  });
});

describe('segments', () => {
  it('saves a filter with its count, opens it as a view and refuses cycles', async () => {
    const ws = await createWorkspace(ctx.app);
    const { ada, cy } = await people(ws);
    const created = await ws.owner.post('/api/v1/segments', {
      name: 'Customers',
      filter: { field: 'type', op: 'equals', value: 'customer' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const seg = created.json();
    expect(seg.count).toBe(2);
    const view = await ws.owner.post('/api/v1/contacts/query', {
      filter: { field: 'segment', op: 'equals', value: seg.id },
      sort: 'firstName',
      order: 'asc',
    });
    expect(view.json().items.map((c: any) => c.id)).toEqual([ada.id, cy.id]);

    const dup = await ws.owner.post('/api/v1/segments', {
      name: 'customers',
      filter: { field: 'type', op: 'equals', value: 'lead' },
    });
    expectProblem(dup, 400, 'name', /already/);
    const other = (
      await ws.owner.post('/api/v1/segments', {
        name: 'UK customers',
        filter: {
          and: [
            { field: 'segment', op: 'equals', value: seg.id },
            { field: 'country', op: 'equals', value: 'GB' },
          ],
        },
      })
    ).json();
    expect(other.count).toBe(1);
    const cycle = await ws.owner.patch(`/api/v1/segments/${seg.id}`, {
      filter: { field: 'segment', op: 'equals', value: other.id },
    });
    expectProblem(
      cycle,
      400,
      'filter.value',
      /^in segment “UK customers” at filter\.and\.0\.value: refers back to itself: this segment → segment “UK customers” → segment “Customers”$/,
    );
    const inUse = await ws.owner.delete(`/api/v1/segments/${seg.id}`);
    expectProblem(inUse, 409, undefined);
    expect(inUse.json().detail).toMatch(/UK customers/);

    const agent = await ws.addUser('agent');
    expect((await agent.client.get(`/api/v1/segments/${seg.id}`)).json().count).toBe(0);
    expect((await agent.client.patch(`/api/v1/segments/${seg.id}`, { name: 'Mine' })).statusCode).toBe(403);
    const other2 = await createWorkspace(ctx.app);
    expect((await other2.owner.get(`/api/v1/segments/${seg.id}`)).statusCode).toBe(404);
    expectProblem(
      await other2.owner.post('/api/v1/contacts/count', {
        filter: { field: 'segment', op: 'equals', value: seg.id },
      }),
      400,
      'filter.value',
      /no segment/,
    );
  });
});

describe('groups', () => {
  it('static groups: add and remove members, counts of active members, filter by group, delete keeps contacts', async () => {
    const ws = await createWorkspace(ctx.app);
    const { ada, bob, cy } = await people(ws);
    const g = (
      await ws.owner.post('/api/v1/groups', { name: 'Callers', category: 'Sales', type: 'static' })
    ).json();
    expect(g).toMatchObject({ name: 'Callers', category: 'Sales', type: 'static', memberCount: 0 });
    const add = await ws.owner.post(`/api/v1/groups/${g.id}/members`, { ids: [ada.id, bob.id, ada.id] });
    expect(add.json()).toMatchObject({ added: 2 });
    const read = (await ws.owner.get(`/api/v1/groups/${g.id}`)).json();
    // Bob's only point is opted out: a member, but not an active one.
    expect(read).toMatchObject({ memberCount: 2, activeCount: 1 });
    expect(await count(ws, { field: 'group', op: 'equals', value: g.id })).toBe(2);
    expect(await count(ws, { field: 'group', op: 'not_equals', value: g.id })).toBe(1);
    const log = (await ws.owner.get(`/api/v1/contacts/${ada.id}/changes`)).json().items;
    expect(log[0].changes).toEqual([{ field: 'groups', before: null, after: 'Callers' }]);

    const removed = await ws.owner.post(`/api/v1/groups/${g.id}/members/remove`, { ids: [bob.id, cy.id] });
    expect(removed.json()).toMatchObject({ removed: 1 });
    expect((await ws.owner.delete(`/api/v1/groups/${g.id}`)).statusCode).toBe(204);
    expect((await ws.owner.get(`/api/v1/contacts/${ada.id}`)).statusCode).toBe(200);
  });

  it('a dynamic group counts what its filter matches now', async () => {
    const ws = await createWorkspace(ctx.app);
    const { bob } = await people(ws);
    const res = await ws.owner.post('/api/v1/groups', {
      name: 'US',
      type: 'dynamic',
      filter: { field: 'country', op: 'equals', value: 'US' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const g = res.json();
    expect(g.memberCount).toBe(2);
    const patched = await ws.owner.patch(
      `/api/v1/contacts/${bob.id}`,
      { address: { country: 'FR' } },
      { 'if-match': '"1"' },
    );
    expect(patched.statusCode, patched.body).toBe(200);
    expect((await ws.owner.get(`/api/v1/groups/${g.id}`)).json().memberCount).toBe(1);
    expectProblem(await ws.owner.post(`/api/v1/groups/${g.id}/members`, { ids: [bob.id] }), 409);
    expectProblem(await ws.owner.post('/api/v1/groups', { name: 'X', type: 'dynamic' }), 400, 'filter');
    expectProblem(
      await ws.owner.post('/api/v1/groups', {
        name: 'Y',
        type: 'static',
        filter: { field: 'type', op: 'equals', value: 'lead' },
      }),
      400,
      'filter',
    );
  });

  it('merges groups: static into static, dynamic into static, dynamic into dynamic', async () => {
    const ws = await createWorkspace(ctx.app);
    const { ada, bob, cy } = await people(ws);
    const a = (await ws.owner.post('/api/v1/groups', { name: 'A', type: 'static' })).json();
    const b = (await ws.owner.post('/api/v1/groups', { name: 'B', type: 'static' })).json();
    await ws.owner.post(`/api/v1/groups/${a.id}/members`, { ids: [ada.id] });
    await ws.owner.post(`/api/v1/groups/${b.id}/members`, { ids: [ada.id, bob.id] });
    const merged = await ws.owner.post(`/api/v1/groups/${a.id}/merge`, { from: b.id });
    expect(merged.statusCode, merged.body).toBe(200);
    expect(merged.json().memberCount).toBe(2);
    expect((await ws.owner.get(`/api/v1/groups/${b.id}`)).statusCode).toBe(404);

    const d1 = (
      await ws.owner.post('/api/v1/groups', {
        name: 'D1',
        type: 'dynamic',
        filter: { field: 'firstName', op: 'equals', value: 'cy' },
      })
    ).json();
    const d2 = (
      await ws.owner.post('/api/v1/groups', {
        name: 'D2',
        type: 'dynamic',
        filter: { field: 'firstName', op: 'equals', value: 'bob' },
      })
    ).json();
    const dd = await ws.owner.post(`/api/v1/groups/${d1.id}/merge`, { from: d2.id });
    expect(dd.json().memberCount).toBe(2);
    expectProblem(await ws.owner.post(`/api/v1/groups/${d1.id}/merge`, { from: a.id }), 400, 'from');
    const ds = await ws.owner.post(`/api/v1/groups/${a.id}/merge`, { from: d1.id });
    expect(ds.json().memberCount).toBe(3);
    expect(await count(ws, { field: 'group', op: 'equals', value: a.id })).toBe(3);
    void cy;
  });

  it('agents cannot manage groups and only add contacts they see', async () => {
    const ws = await createWorkspace(ctx.app);
    const { ada } = await people(ws);
    const agent = await ws.addUser('agent');
    expect((await agent.client.post('/api/v1/groups', { name: 'Mine', type: 'static' })).statusCode).toBe(
      403,
    );
    const g = (await ws.owner.post('/api/v1/groups', { name: 'G', type: 'static' })).json();
    const own = await createContact(agent.client, { firstName: 'Agent-owned' });
    const add = await agent.client.post(`/api/v1/groups/${g.id}/members`, { ids: [ada.id, own.id] });
    expect(add.json()).toEqual({ added: 1, skipped: 1 });
    expect((await agent.client.get(`/api/v1/groups/${g.id}`)).json().memberCount).toBe(1);
    expect((await ws.owner.get(`/api/v1/groups/${g.id}`)).json().memberCount).toBe(1);
    const other = await createWorkspace(ctx.app);
    expect((await other.owner.post(`/api/v1/groups/${g.id}/members`, { ids: [own.id] })).statusCode).toBe(
      404,
    );
  });
});
