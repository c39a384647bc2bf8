import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import {
  createContact,
  createWorkspace,
  expectProblem,
  useTestApp,
  type Client,
  type TestWorkspace,
} from '../helpers.js';

const ctx = useTestApp();

const phone = (value: string, status = 'active') => ({ channel: 'phone', label: 'mobile', value, status });
const email = (value: string, status = 'active') => ({ channel: 'email', label: 'work', value, status });

async function get(client: Client, id: string) {
  const res = await client.get(`/api/v1/contacts/${id}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function merge(client: Client, body: Record<string, unknown>) {
  const res = await client.post('/api/v1/contacts/merge', body);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { mergeId: string; contact: any };
}

async function changes(client: Client, id: string) {
  return (await client.get(`/api/v1/contacts/${id}/changes`)).json().items as any[];
}

async function groupWith(ws: TestWorkspace, name: string, ids: string[]) {
  const g = (await ws.owner.post('/api/v1/groups', { name, type: 'static' })).json();
  expect((await ws.owner.post(`/api/v1/groups/${g.id}/members`, { ids })).statusCode).toBe(200);
  return g.id as string;
}

/** Ids of a group's members, straight from the table. */
async function members(ws: TestWorkspace, groupId: string) {
  const rows = await ctx.app.db
    .selectFrom('group_members')
    .select('contact_id')
    .where('workspace_id', '=', ws.id)
    .where('group_id', '=', groupId)
    .orderBy('contact_id')
    .execute();
  return rows.map((r) => r.contact_id);
}

/** Three contacts with overlapping data, custom fields, tags, groups and shares. */
async function trio(ws: TestWorkspace) {
  for (const key of ['plan', 'seats'])
    await ws.owner.post('/api/v1/fields', { key, label: key, type: key === 'plan' ? 'text' : 'number' });
  const agent = await ws.addUser('agent');
  const a = await createContact(ws.owner, {
    firstName: 'Ann',
    custom: { plan: 'gold' },
    tags: ['a'],
    points: [phone('+1 212 555 0100'), email('ann@example.com')],
  });
  const b = await createContact(ws.owner, {
    firstName: 'Anne',
    lastName: 'Lee',
    company: 'Acme',
    custom: { plan: 'silver', seats: 4 },
    tags: ['b', 'a'],
    externalId: 'B-1',
    points: [phone('(212) 555-0100', 'opted_out'), email('anne@acme.example')],
  });
  const c = await createContact(ws.owner, {
    lastName: 'Leigh',
    company: 'Other',
    jobTitle: 'CTO',
    address: { city: 'Paris', country: 'FR' },
    tags: ['c'],
    points: [email('ANN@example.com')],
  });
  expect((await ws.owner.post(`/api/v1/contacts/${b.id}/shares`, { userId: agent.id })).statusCode).toBe(200);
  const g1 = await groupWith(ws, 'G1', [b.id]);
  const g2 = await groupWith(ws, 'G2', [a.id, c.id]);
  return { a, b, c, agent, g1, g2 };
}

describe('merging contacts', () => {
  it('keeps the primary’s values, fills blanks in order, takes chosen values and joins the rest', async () => {
    const ws = await createWorkspace(ctx.app);
    const { a, b, c, agent, g1, g2 } = await trio(ws);
    const { mergeId, contact } = await merge(ws.owner, {
      primaryId: a.id,
      mergeIds: [b.id, c.id],
      fields: { company: c.id, 'custom.plan': b.id },
    });
    expect(mergeId).toMatch(/^[0-9a-f-]{36}$/);
    expect(contact).toMatchObject({
      id: a.id,
      firstName: 'Ann', // the primary's
      lastName: 'Lee', // blank on the primary: the first other with one
      company: 'Other', // chosen
      jobTitle: 'CTO',
      address: { city: 'Paris', country: 'FR', street: null },
      externalId: 'B-1',
      custom: { plan: 'silver', seats: 4 },
      tags: ['a', 'b', 'c'],
      ownerId: ws.ownerId,
      sharedWith: [agent.id],
      active: true,
      version: a.version + 1,
    });
    // One point per value, the primary's copy kept and opted out because B's was.
    expect(contact.points.map((p: any) => [p.channel, p.normalized, p.status, p.id])).toEqual([
      ['phone', '+12125550100', 'opted_out', a.points[0].id],
      ['email', 'ann@example.com', 'active', a.points[1].id],
      ['email', 'anne@acme.example', 'active', b.points[1].id],
    ]);
    expect(await members(ws, g1)).toEqual([a.id]);
    expect(await members(ws, g2)).toEqual([a.id]);

    // The merged-away contacts leave lists and search; their ids answer the primary.
    const list = (await ws.owner.get('/api/v1/contacts?limit=200')).json().items;
    expect(list.map((x: any) => x.id)).toEqual([a.id]);
    expect((await ws.owner.get('/api/v1/contacts?q=leigh')).json().items.map((x: any) => x.id)).toEqual([]);
    expect((await ws.owner.get('/api/v1/contacts?q=acme')).json().items.map((x: any) => x.id)).toEqual([
      a.id,
    ]);
    const viaAlias = await ws.owner.get(`/api/v1/contacts/${b.id}`);
    expect(viaAlias.statusCode).toBe(200);
    expect(viaAlias.headers['content-location']).toBe(`/api/v1/contacts/${a.id}`);
    expect(viaAlias.json()).toEqual(contact);
    expect((await ws.owner.get(`/api/v1/contacts/${a.id}`)).headers['content-location']).toBeUndefined();
    // Other routes do not follow the alias.
    expect(
      (await ws.owner.patch(`/api/v1/contacts/${b.id}`, { company: 'x' }, { 'if-match': '9' })).statusCode,
    ).toBe(404);

    // The change log, on both sides.
    const [onPrimary] = await changes(ws.owner, a.id);
    expect(onPrimary.action).toBe('merge');
    expect(onPrimary.changes[0]).toEqual({
      field: 'merge',
      before: null,
      after: { mergeId, mergedIds: [b.id, c.id] },
    });
    expect(onPrimary.changes).toEqual(
      expect.arrayContaining([
        { field: 'company', before: null, after: 'Other' },
        { field: 'custom.plan', before: 'gold', after: 'silver' },
        { field: 'sharedWith', before: [], after: [agent.id] },
        { field: 'groups', before: null, after: 'G1' },
      ]),
    );
    const [onB] = await changes(ws.owner, b.id);
    expect(onB).toMatchObject({
      action: 'merge',
      changes: [{ field: 'mergedInto', before: null, after: { mergeId, primaryId: a.id } }],
    });

    // One opt-out event, for the value whose copies disagreed.
    const history = (await ws.owner.get('/api/v1/optouts/history?channel=phone&value=%2B12125550100')).json()
      .items;
    expect(history[0]).toMatchObject({ status: 'opted_out', source: 'system', contactId: a.id });
    expect(history[0].reason).toMatch(/^Merged/);
    expect(history.filter((e: any) => e.source === 'system')).toHaveLength(1);
    const emailHistory = await ws.owner.get('/api/v1/optouts/history?channel=email&value=ann%40example.com');
    expect(emailHistory.json().items).toEqual([]);
  });

  it('records no opt-out when the kept copy of a value was already opted out, and no reinstatement on unmerge', async () => {
    const ws = await createWorkspace(ctx.app);
    const a = await createContact(ws.owner, { firstName: 'Kept', points: [phone('+1 212 555 0177')] });
    const b = await createContact(ws.owner, { firstName: 'Other', points: [phone('+1 212 555 0177')] });
    const optOut = await ws.owner.patch(
      `/api/v1/contacts/${a.id}`,
      { points: [{ ...phone('+1 212 555 0177', 'opted_out'), id: a.points[0].id }] },
      { 'if-match': '"1"' },
    );
    expect(optOut.statusCode, optOut.body).toBe(200);
    const bPoint = (await get(ws.owner, b.id)).points[0];
    expect(bPoint.status).toBe('active'); // opting out one contact's copy leaves the other's
    const historyOf = async () =>
      (await ws.owner.get('/api/v1/optouts/history?channel=phone&value=%2B12125550177')).json()
        .items as any[];
    const eventsBefore = (await historyOf()).length;

    const { mergeId } = await merge(ws.owner, { primaryId: a.id, mergeIds: [b.id] });
    expect((await get(ws.owner, a.id)).points).toMatchObject([
      { normalized: '+12125550177', status: 'opted_out' },
    ]);
    expect(await historyOf()).toHaveLength(eventsBefore);

    expect((await ws.owner.post(`/api/v1/merges/${mergeId}/unmerge`)).statusCode).toBe(200);
    expect((await get(ws.owner, a.id)).points[0].status).toBe('opted_out');
    expect((await get(ws.owner, b.id)).points[0].status).toBe('active');
    expect(await historyOf()).toHaveLength(eventsBefore);
  });

  it('unmerges within 30 days to exactly what there was, once', async () => {
    const ws = await createWorkspace(ctx.app);
    const { a, b, c, g1, g2 } = await trio(ws);
    const ids = [a.id, b.id, c.id];
    const before = await Promise.all(ids.map((id) => get(ws.owner, id)));
    const { mergeId } = await merge(ws.owner, {
      primaryId: a.id,
      mergeIds: [c.id, b.id],
      fields: { externalId: b.id },
    });

    const listed = (await ws.owner.get(`/api/v1/merges?contactId=${c.id}`)).json().items;
    expect(listed).toMatchObject([
      { id: mergeId, primaryId: a.id, mergedIds: [c.id, b.id], canUnmerge: true, reason: null },
    ]);

    const res = await ws.owner.post(`/api/v1/merges/${mergeId}/unmerge`);
    expect(res.statusCode, res.body).toBe(200);
    const after = await Promise.all(ids.map((id) => get(ws.owner, id)));
    const strip = ({ version: _v, updatedAt: _u, ...rest }: any) => rest;
    expect(after.map(strip)).toEqual(before.map(strip));
    expect(after.map((x) => x.version)).toEqual([
      before[0].version + 2,
      before[1].version + 1,
      before[2].version + 1,
    ]);
    expect(res.json().primary).toEqual(after[0]);
    expect(res.json().restored).toEqual([after[2], after[1]]);
    expect(await members(ws, g1)).toEqual([b.id]);
    expect(await members(ws, g2)).toEqual([a.id, c.id].sort());
    expect((await get(ws.owner, b.id)).id).toBe(b.id);
    expect((await ws.owner.get('/api/v1/contacts?q=leigh')).json().items.map((x: any) => x.id)).toEqual([
      c.id,
    ]);
    expect((await changes(ws.owner, a.id))[0]).toMatchObject({ action: 'unmerge' });
    expect((await changes(ws.owner, b.id))[0]).toMatchObject({
      action: 'unmerge',
      changes: [{ field: 'mergedInto', before: { mergeId, primaryId: a.id }, after: null }],
    });
    const history = (await ws.owner.get('/api/v1/optouts/history?channel=phone&value=%2B12125550100')).json()
      .items;
    expect(history[0]).toMatchObject({ status: 'active', source: 'system', contactId: a.id });

    expectProblem(await ws.owner.post(`/api/v1/merges/${mergeId}/unmerge`), 409);
    expect((await ws.owner.get(`/api/v1/merges?contactId=${a.id}`)).json().items[0]).toMatchObject({
      canUnmerge: false,
      reason: expect.stringMatching(/already undone/),
    });
  });

  it('refuses to unmerge after 30 days, or when the primary changed since, changing nothing', async () => {
    const ws = await createWorkspace(ctx.app);
    const a = await createContact(ws.owner, { firstName: 'Al', points: [phone('+1 212 555 0101')] });
    const b = await createContact(ws.owner, { firstName: 'Bo', points: [phone('+1 212 555 0102')] });
    const { mergeId, contact } = await merge(ws.owner, { primaryId: a.id, mergeIds: [b.id] });

    const edited = await ws.owner.patch(
      `/api/v1/contacts/${a.id}`,
      { company: 'Later' },
      { 'if-match': String(contact.version) },
    );
    expect(edited.statusCode).toBe(200);
    const p = expectProblem(await ws.owner.post(`/api/v1/merges/${mergeId}/unmerge`), 409);
    expect(p.detail).toMatch(/changed after the merge.*Nothing was changed/);
    expect(await get(ws.owner, a.id)).toEqual(edited.json());

    const c = await createContact(ws.owner, { firstName: 'Cy' });
    const d = await createContact(ws.owner, { firstName: 'Di' });
    const old = await merge(ws.owner, { primaryId: c.id, mergeIds: [d.id] });
    await sql`update contact_merges set created_at = now() - interval '31 days'
              where workspace_id = ${ws.id} and id = ${old.mergeId}`.execute(ctx.app.db);
    const late = expectProblem(await ws.owner.post(`/api/v1/merges/${old.mergeId}/unmerge`), 409);
    expect(late.detail).toMatch(/30 days/);
    expect((await get(ws.owner, d.id)).id).toBe(c.id);
    expectProblem(await ws.owner.post(`/api/v1/merges/00000000-0000-7000-8000-000000000000/unmerge`), 404);
  });

  it('follows chains of merges, and unmerges the later one first', async () => {
    const ws = await createWorkspace(ctx.app);
    const [a, b, c] = await Promise.all(
      ['A', 'B', 'C'].map((n) => createContact(ws.owner, { firstName: n })),
    );
    const first = await merge(ws.owner, { primaryId: b.id, mergeIds: [a.id] });
    const second = await merge(ws.owner, { primaryId: c.id, mergeIds: [b.id] });
    expect((await get(ws.owner, a.id)).id).toBe(c.id);
    expectProblem(await ws.owner.post(`/api/v1/merges/${first.mergeId}/unmerge`), 409);
    expect((await ws.owner.post(`/api/v1/merges/${second.mergeId}/unmerge`)).statusCode).toBe(200);
    expect((await get(ws.owner, a.id)).id).toBe(b.id);
    expect((await ws.owner.post(`/api/v1/merges/${first.mergeId}/unmerge`)).statusCode).toBe(200);
    expect((await get(ws.owner, a.id)).firstName).toBe('A');
  });
});

describe('merge preview', () => {
  it('lists each field’s values and whose wins by default', async () => {
    const ws = await createWorkspace(ctx.app);
    const { a, b, c } = await trio(ws);
    const res = await ws.owner.get(`/api/v1/contacts/merge-preview?ids=${a.id},${b.id},${c.id}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    const field = (f: string) => body.fields.find((x: any) => x.field === f);
    expect(field('firstName')).toEqual({
      field: 'firstName',
      candidates: [
        { contactId: a.id, value: 'Ann' },
        { contactId: b.id, value: 'Anne' },
        { contactId: c.id, value: null },
      ],
      defaultFrom: a.id,
      differs: true,
    });
    expect(field('company').defaultFrom).toBe(b.id);
    expect(field('custom.seats')).toMatchObject({ defaultFrom: b.id, differs: true });
    expect(field('department')).toBeUndefined();
    expect(body.result).toMatchObject({ id: a.id, company: 'Acme', lastName: 'Lee' });
    expect(body.contacts.map((x: any) => x.id)).toEqual([a.id, b.id, c.id]);
    // A preview changes nothing.
    expect((await get(ws.owner, b.id)).id).toBe(b.id);
  });
});

describe('bad merge requests', () => {
  it('names the field of each mistake', async () => {
    const ws = await createWorkspace(ctx.app);
    const a = await createContact(ws.owner, { firstName: 'A' });
    const b = await createContact(ws.owner, { firstName: 'B' });
    const post = (body: unknown) => ws.owner.post('/api/v1/contacts/merge', body as any);
    const ids = (n: number) =>
      Array.from({ length: n }, (_, i) => `0190a000-0000-7000-8000-${String(i).padStart(12, '0')}`);

    expectProblem(await post({ primaryId: a.id, mergeIds: [] }), 400, 'mergeIds', 'at least one');
    expectProblem(await post({ primaryId: a.id, mergeIds: ids(25) }), 400, 'mergeIds', 'At most 24');
    expectProblem(await post({ primaryId: a.id, mergeIds: [b.id, b.id] }), 400, 'mergeIds.1', 'twice');
    expectProblem(await post({ primaryId: a.id, mergeIds: [a.id] }), 400, 'mergeIds.0', 'is the primary');
    expectProblem(await post({ primaryId: 'nope', mergeIds: [b.id] }), 400, 'primaryId', 'UUID');
    expectProblem(await post({ primaryId: a.id, mergeIds: ['x'] }), 400, 'mergeIds.0', 'UUID');
    expectProblem(
      await post({ primaryId: a.id, mergeIds: [b.id], fields: { shoeSize: a.id } }),
      400,
      'fields.shoeSize',
      'No such field',
    );
    expectProblem(
      await post({ primaryId: a.id, mergeIds: [b.id], fields: { company: ids(1)[0] } }),
      400,
      'fields.company',
      'one of mergeIds',
    );
    expectProblem(
      await post({ primaryId: a.id, mergeIds: [b.id], fields: { company: 'x' } }),
      400,
      'fields.company',
    );
    expectProblem(await post({ primaryId: a.id, mergeIds: [ids(1)[0]] }), 404, 'mergeIds.0', 'No contact');
    expectProblem(await post({ primaryId: a.id, mergeIds: [b.id], extra: 1 }), 400);
    expectProblem(await ws.owner.get(`/api/v1/contacts/merge-preview?ids=${a.id}`), 400, 'ids');
    expectProblem(await ws.owner.get(`/api/v1/contacts/merge-preview?ids=${a.id},zz`), 400, 'ids.1');
    // Nothing was merged by any of these.
    expect((await get(ws.owner, b.id)).id).toBe(b.id);

    await merge(ws.owner, { primaryId: a.id, mergeIds: [b.id] });
    const again = expectProblem(
      await post({ primaryId: a.id, mergeIds: [b.id] }),
      409,
      'mergeIds.0',
      'was merged into',
    );
    expect(again.detail).toContain(a.id);
  });
});

describe('who may merge', () => {
  it('lets agents merge only contacts they own; others’ are 403, unseen ones 404', async () => {
    const ws = await createWorkspace(ctx.app);
    const agent = await ws.addUser('agent');
    const mine1 = await createContact(agent.client, { firstName: 'Mine' });
    const mine2 = await createContact(agent.client, { firstName: 'Also mine' });
    const shared = await createContact(ws.owner, { firstName: 'Shared' });
    await ws.owner.post(`/api/v1/contacts/${shared.id}/shares`, { userId: agent.id });
    const hidden = await createContact(ws.owner, { firstName: 'Hidden' });
    const post = (body: unknown) => agent.client.post('/api/v1/contacts/merge', body as any);

    expectProblem(await post({ primaryId: mine1.id, mergeIds: [shared.id] }), 403, 'mergeIds.0', 'own');
    expectProblem(await post({ primaryId: mine1.id, mergeIds: [hidden.id] }), 404, 'mergeIds.0');
    expectProblem(await post({ primaryId: hidden.id, mergeIds: [mine2.id] }), 404, 'primaryId');
    const { mergeId } = await merge(agent.client, { primaryId: mine1.id, mergeIds: [mine2.id] });
    expect((await get(agent.client, mine2.id)).id).toBe(mine1.id);
    expect((await agent.client.get(`/api/v1/merges?contactId=${mine1.id}`)).json().items).toHaveLength(1);

    // Managers merge anything; the agent who owned a merged-away contact keeps sight of it as a share.
    const other = await createContact(agent.client, { firstName: 'Agent’s' });
    const { contact } = await merge(ws.owner, { primaryId: hidden.id, mergeIds: [other.id] });
    expect(contact.sharedWith).toEqual([agent.id]);
    expect((await get(agent.client, other.id)).id).toBe(hidden.id);
    // The agent may not undo a merge into a contact it does not own.
    const byOwner = (await ws.owner.get(`/api/v1/merges?contactId=${hidden.id}`)).json().items[0];
    expectProblem(await agent.client.post(`/api/v1/merges/${byOwner.id}/unmerge`), 403);
    expect((await agent.client.post(`/api/v1/merges/${mergeId}/unmerge`)).statusCode).toBe(200);
  });

  it('answers 404 for another workspace’s contacts and merges', async () => {
    const [ws, other] = await Promise.all([createWorkspace(ctx.app), createWorkspace(ctx.app)]);
    const a = await createContact(ws.owner, { firstName: 'A' });
    const x = await createContact(other.owner, { firstName: 'X' });
    const y = await createContact(other.owner, { firstName: 'Y' });
    expectProblem(
      await ws.owner.post('/api/v1/contacts/merge', { primaryId: a.id, mergeIds: [x.id] }),
      404,
      'mergeIds.0',
    );
    const { mergeId } = await merge(other.owner, { primaryId: x.id, mergeIds: [y.id] });
    expectProblem(await ws.owner.get(`/api/v1/contacts/${y.id}`), 404);
    expectProblem(await ws.owner.post(`/api/v1/merges/${mergeId}/unmerge`), 404);
    expect((await ws.owner.get(`/api/v1/merges?contactId=${x.id}`)).json().items).toEqual([]);
    expect((await get(other.owner, y.id)).id).toBe(x.id);
  });
});

describe('concurrent merges', () => {
  it('lets one of two merges of the same contacts win; the other changes nothing', async () => {
    const ws = await createWorkspace(ctx.app);
    const [a, b, c] = await Promise.all(
      ['A', 'B', 'C'].map((n, i) =>
        createContact(ws.owner, { firstName: n, points: [phone(`+1 212 555 01${i}0`)] }),
      ),
    );
    const results = await Promise.all([
      ws.owner.post('/api/v1/contacts/merge', { primaryId: a.id, mergeIds: [b.id, c.id] }),
      ws.owner.post('/api/v1/contacts/merge', { primaryId: c.id, mergeIds: [b.id, a.id] }),
    ]);
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes[0]).toBe(200);
    expect([404, 409]).toContain(codes[1]);
    const winner = results.find((r) => r.statusCode === 200)!.json();
    const list = (await ws.owner.get('/api/v1/contacts')).json().items;
    expect(list).toHaveLength(1);
    expect(list[0].points).toHaveLength(3);
    expect(list[0].id).toBe(winner.contact.id);
    expect((await ws.owner.get(`/api/v1/merges?contactId=${b.id}`)).json().items).toHaveLength(1);

    // Two unmerges at once: one restores, the other finds it undone.
    const undo = () => ws.owner.post(`/api/v1/merges/${winner.mergeId}/unmerge`);
    const undone = await Promise.all([undo(), undo()]);
    expect(undone.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect((await ws.owner.get('/api/v1/contacts')).json().items).toHaveLength(3);
  });
});
