import { describe, expect, it } from 'vitest';
import {
  createContact,
  createWorkspace,
  expectProblem,
  signIn,
  useTestApp,
  type Client,
} from '../helpers.js';

const ctx = useTestApp();

const ids = (res: { json(): any }) => res.json().items.map((c: any) => c.id);

/** A workspace with an agent, and contacts the agent owns, has shared with it, and cannot see. */
async function agentWorld() {
  const ws = await createWorkspace(ctx.app);
  const agent = await ws.addUser('agent', 'Agnes Agent');
  const other = await ws.addUser('agent', 'Otto Other');
  const owned = await createContact(agent.client, {
    firstName: 'Owned',
    lastName: 'Quill',
    points: [{ channel: 'email', value: 'owned@quill.example' }],
  });
  const shared = await createContact(ws.owner, {
    firstName: 'Shared',
    lastName: 'Quill',
    points: [{ channel: 'phone', value: '+1 212 555 0101' }],
  });
  const hidden = await createContact(ws.owner, {
    firstName: 'Hidden',
    lastName: 'Quill',
    points: [{ channel: 'phone', value: '+1 212 555 0102' }],
  });
  const othersOwn = await createContact(other.client, { firstName: 'Others', lastName: 'Quill' });
  expect((await ws.owner.post(`/api/v1/contacts/${shared.id}/shares`, { userId: agent.id })).statusCode).toBe(
    200,
  );
  return { ws, agent, other, owned, shared, hidden, othersOwn };
}

describe('agent visibility', () => {
  it('shows an agent only the contacts it owns or that are shared with it, in list, read, search and change log', async () => {
    const w = await agentWorld();
    const a = w.agent.client;
    expect(ids(await a.get('/api/v1/contacts?sort=firstName&order=asc')).sort()).toEqual(
      [w.owned.id, w.shared.id].sort(),
    );
    expect(ids(await a.get('/api/v1/contacts?q=quill')).sort()).toEqual([w.owned.id, w.shared.id].sort());
    expect(ids(await a.get('/api/v1/contacts?q=hidden'))).toEqual([]);
    expect(ids(await a.get('/api/v1/contacts?q=2125550102'))).toEqual([]);
    expect(ids(await a.get('/api/v1/contacts?q=2125550101'))).toEqual([w.shared.id]);
    expect((await a.get(`/api/v1/contacts/${w.owned.id}`)).statusCode).toBe(200);
    expect((await a.get(`/api/v1/contacts/${w.shared.id}`)).json().sharedWith).toEqual([w.agent.id]);
    expect(
      (await a.get(`/api/v1/contacts/${w.shared.id}/changes`)).json().items.map((i: any) => i.action),
    ).toEqual(['share', 'create']);
    // Owners and admins see everything.
    const admin = await w.ws.addUser('admin');
    for (const manager of [w.ws.owner, admin.client]) {
      expect(ids(await manager.get('/api/v1/contacts?q=quill')).sort()).toEqual(
        [w.owned.id, w.shared.id, w.hidden.id, w.othersOwn.id].sort(),
      );
    }
  });

  it('answers 404 to an agent on every route for a contact it cannot see, and changes nothing', async () => {
    const w = await agentWorld();
    const a = w.agent.client;
    for (const c of [w.hidden, w.othersOwn]) {
      const calls: [string, () => ReturnType<Client['get']>][] = [
        ['GET', () => a.get(`/api/v1/contacts/${c.id}`)],
        ['PATCH', () => a.patch(`/api/v1/contacts/${c.id}`, { lastName: 'Mine' }, { 'if-match': '"1"' })],
        ['DELETE', () => a.delete(`/api/v1/contacts/${c.id}`)],
        ['changes', () => a.get(`/api/v1/contacts/${c.id}/changes`)],
        ['share', () => a.post(`/api/v1/contacts/${c.id}/shares`, { userId: w.agent.id })],
        ['unshare', () => a.delete(`/api/v1/contacts/${c.id}/shares/${w.agent.id}`)],
        ['transfer', () => a.post(`/api/v1/contacts/${c.id}/transfer`, { ownerId: w.agent.id })],
      ];
      for (const [route, call] of calls) {
        const res = await call();
        expect(res.statusCode, `${route}: ${res.body}`).toBe(404);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
      expectProblem(
        await a.post('/api/v1/contacts/bulk-delete', { ids: [c.id], expectedCount: 1 }),
        409,
        'expectedCount',
        'must be 0',
      );
      const after = (await w.ws.owner.get(`/api/v1/contacts/${c.id}`)).json();
      expect(after).toMatchObject({ version: 1, lastName: 'Quill', sharedWith: [] });
      expect(after.ownerId).not.toBe(w.agent.id);
    }
  });

  it('lets an agent edit a contact shared with it, but not share, unshare, transfer or delete it', async () => {
    const w = await agentWorld();
    const a = w.agent.client;
    const url = `/api/v1/contacts/${w.shared.id}`;
    // Version 2: sharing it with the agent made one.
    const edit = await a.patch(url, { jobTitle: 'Buyer' }, { 'if-match': '"2"' });
    expect(edit.statusCode).toBe(200);
    expect(edit.json()).toMatchObject({ jobTitle: 'Buyer', version: 3, ownerId: w.ws.ownerId });
    expectProblem(await a.post(`${url}/shares`, { userId: w.other.id }), 403);
    expectProblem(await a.delete(`${url}/shares/${w.agent.id}`), 403);
    expectProblem(await a.post(`${url}/transfer`, { ownerId: w.agent.id }), 403);
    expectProblem(await a.patch(url, { ownerId: w.agent.id }, { 'if-match': '"3"' }), 403);
    expectProblem(await a.delete(url), 403);
    const after = (await w.ws.owner.get(url)).json();
    expect(after).toMatchObject({ ownerId: w.ws.ownerId, sharedWith: [w.agent.id], version: 3 });
  });

  it('makes an agent the owner of what it creates and refuses to let it assign another owner', async () => {
    const w = await agentWorld();
    expect(w.owned.ownerId).toBe(w.agent.id);
    expectProblem(
      await w.agent.client.post('/api/v1/contacts', { lastName: 'Gift', ownerId: w.other.id }),
      403,
    );
    expectProblem(await w.agent.client.post('/api/v1/contacts', { lastName: 'Orphan', ownerId: null }), 403);
    const self = await createContact(w.agent.client, { lastName: 'Self', ownerId: w.agent.id });
    expect(self.ownerId).toBe(w.agent.id);
    expect(ids(await w.ws.owner.get('/api/v1/contacts?q=gift'))).toEqual([]);
  });

  it('counts only the contacts an agent owns in a bulk delete', async () => {
    const w = await agentWorld();
    const all = [w.owned.id, w.shared.id, w.hidden.id, w.othersOwn.id];
    expectProblem(
      await w.agent.client.post('/api/v1/contacts/bulk-delete', { ids: all, expectedCount: 4 }),
      409,
      'expectedCount',
      'must be 1',
    );
    expect(ids(await w.ws.owner.get('/api/v1/contacts?q=quill'))).toHaveLength(4);
    const res = await w.agent.client.post('/api/v1/contacts/bulk-delete', { ids: all, expectedCount: 1 });
    expect(res.json()).toEqual({ deleted: 1 });
    expect(ids(await w.ws.owner.get('/api/v1/contacts?q=quill')).sort()).toEqual(
      [w.shared.id, w.hidden.id, w.othersOwn.id].sort(),
    );
  });
});

describe('sharing and transfer', () => {
  it('shows a contact to an agent while shared and hides it after unsharing, logging both', async () => {
    const ws = await createWorkspace(ctx.app);
    const agent = await ws.addUser('agent');
    const c = await createContact(ws.owner, { lastName: 'Visible-Sometimes' });
    const url = `/api/v1/contacts/${c.id}`;
    expect((await agent.client.get(url)).statusCode).toBe(404);
    const shared = await ws.owner.post(`${url}/shares`, { userId: agent.id });
    expect(shared.json()).toMatchObject({ sharedWith: [agent.id], version: c.version + 1 });
    // The contact as read changed, and so did its ETag: a client holding the old one is stale.
    expect((await ws.owner.get(url)).headers.etag).toBe(`"${c.version + 1}"`);
    expectProblem(await ws.owner.patch(url, { jobTitle: 'Buyer' }, { 'if-match': `"${c.version}"` }), 409);
    expect((await agent.client.get(url)).statusCode).toBe(200);
    expect(ids(await agent.client.get('/api/v1/contacts'))).toEqual([c.id]);
    // Sharing twice is harmless, and changes nothing.
    const again = await ws.owner.post(`${url}/shares`, { userId: agent.id });
    expect(again.json()).toMatchObject({ sharedWith: [agent.id], version: c.version + 1 });
    const unshared = await ws.owner.delete(`${url}/shares/${agent.id}`);
    expect(unshared.json()).toMatchObject({ sharedWith: [], version: c.version + 2 });
    expect((await agent.client.get(url)).statusCode).toBe(404);
    expect(ids(await agent.client.get('/api/v1/contacts'))).toEqual([]);
    expectProblem(await ws.owner.delete(`${url}/shares/${agent.id}`), 404);
    const log = (await ws.owner.get(`${url}/changes`)).json().items;
    expect(log.map((i: any) => i.action)).toEqual(['unshare', 'share', 'create']);
    expect(log[0].changes).toEqual([{ field: 'sharedWith', before: [agent.id], after: [] }]);
  });

  it('moves a contact to another agent when its owner transfers it', async () => {
    const ws = await createWorkspace(ctx.app);
    const first = await ws.addUser('agent');
    const second = await ws.addUser('agent');
    const c = await createContact(first.client, { lastName: 'Handover' });
    const url = `/api/v1/contacts/${c.id}`;
    expect((await second.client.get(url)).statusCode).toBe(404);
    const moved = await first.client.post(`${url}/transfer`, { ownerId: second.id });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().ownerId).toBe(second.id);
    expect((await second.client.get(url)).json().ownerId).toBe(second.id);
    expect(ids(await second.client.get('/api/v1/contacts'))).toEqual([c.id]);
    expect((await first.client.get(url)).statusCode).toBe(404);
    // An admin can move it on, to anyone active in the workspace.
    const admin = await ws.addUser('admin');
    expect((await admin.client.post(`${url}/transfer`, { ownerId: first.id })).json().ownerId).toBe(first.id);
    const log = (await ws.owner.get(`${url}/changes`)).json().items;
    expect(log.slice(0, 2).map((i: any) => [i.action, i.changes])).toEqual([
      ['transfer', [{ field: 'ownerId', before: second.id, after: first.id }]],
      ['transfer', [{ field: 'ownerId', before: first.id, after: second.id }]],
    ]);
  });
});

describe('managing the workspace', () => {
  it('refuses agents every admin route with 403 and changes nothing', async () => {
    const ws = await createWorkspace(ctx.app);
    const agent = await ws.addUser('agent');
    const a = agent.client;
    const field = (
      await ws.owner.post('/api/v1/fields', { key: 'tier', label: 'Tier', type: 'text' })
    ).json();
    const key = (await ws.owner.post('/api/v1/api-keys', { name: 'dialer' })).json();
    const before = {
      users: (await ws.owner.get('/api/v1/users')).json(),
      fields: (await ws.owner.get('/api/v1/fields')).json(),
      keys: (await ws.owner.get('/api/v1/api-keys')).json(),
      workspace: (await ws.owner.get('/api/v1/workspace')).json(),
    };
    const calls = [
      a.post('/api/v1/users', {
        name: 'Sneaky',
        email: 'sneaky@example.com',
        password: 'password123',
        role: 'agent',
      }),
      a.patch(`/api/v1/users/${agent.id}`, { role: 'admin' }),
      a.patch(`/api/v1/users/${ws.ownerId}`, { active: false }),
      a.get('/api/v1/api-keys'),
      a.post('/api/v1/api-keys', { name: 'mine' }),
      a.delete(`/api/v1/api-keys/${key.id}`),
      a.post('/api/v1/fields', { key: 'hack', label: 'Hack', type: 'text' }),
      a.patch(`/api/v1/fields/${field.id}`, { label: 'Hacked' }),
      a.delete(`/api/v1/fields/${field.id}`),
      a.patch('/api/v1/workspace', { name: 'Agent’s now' }),
    ];
    for (const res of await Promise.all(calls)) expectProblem(res, 403);
    expect((await ws.owner.get('/api/v1/users')).json()).toEqual(before.users);
    expect((await ws.owner.get('/api/v1/fields')).json()).toEqual(before.fields);
    expect((await ws.owner.get('/api/v1/api-keys')).json()).toEqual(before.keys);
    expect((await ws.owner.get('/api/v1/workspace')).json()).toEqual(before.workspace);
    // Reading the user and field lists is for everyone (owners and sharing pickers, forms).
    expect((await a.get('/api/v1/users')).statusCode).toBe(200);
    expect((await a.get('/api/v1/fields')).statusCode).toBe(200);
  });

  it('lets admins manage agents but not create, promote to, demote or deactivate owners', async () => {
    const ws = await createWorkspace(ctx.app);
    const admin = await ws.addUser('admin');
    const agent = await ws.addUser('agent');
    const ad = admin.client;
    expectProblem(
      await ad.post('/api/v1/users', {
        name: 'New Owner',
        email: `o-${agent.id}@example.com`,
        password: 'password123',
        role: 'owner',
      }),
      403,
    );
    expectProblem(await ad.patch(`/api/v1/users/${agent.id}`, { role: 'owner' }), 403);
    expectProblem(await ad.patch(`/api/v1/users/${ws.ownerId}`, { role: 'agent' }), 403);
    expectProblem(await ad.patch(`/api/v1/users/${ws.ownerId}`, { active: false }), 403);
    expectProblem(await ad.patch(`/api/v1/users/${ws.ownerId}`, { password: 'owned by admin' }), 403);
    const users = (await ws.owner.get('/api/v1/users')).json().items;
    expect(users.filter((u: any) => u.role === 'owner').map((u: any) => u.id)).toEqual([ws.ownerId]);
    expect((await ws.owner.get('/api/v1/auth/me')).statusCode).toBe(200);
    // What admins may do.
    const promoted = await ad.patch(`/api/v1/users/${agent.id}`, { role: 'admin', name: 'Now Admin' });
    expect(promoted.json()).toMatchObject({ role: 'admin', name: 'Now Admin', active: true });
    const created = await ad.post('/api/v1/users', {
      name: 'Fresh Agent',
      email: `fresh-${agent.id}@example.com`,
      password: 'password123',
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().role).toBe('agent');
  });

  it('keeps at least one active owner', async () => {
    const ws = await createWorkspace(ctx.app);
    expectProblem(await ws.owner.patch(`/api/v1/users/${ws.ownerId}`, { role: 'admin' }), 409);
    expectProblem(await ws.owner.patch(`/api/v1/users/${ws.ownerId}`, { active: false }), 409);
    expect((await ws.owner.get('/api/v1/auth/me')).json().role).toBe('owner');
    // With a second owner, the first may step down.
    const second = await ws.owner.post('/api/v1/users', {
      name: 'Second Owner',
      email: `second-${ws.id}@example.com`,
      password: 'password123',
      role: 'owner',
    });
    expect(second.json().role).toBe('owner');
    expect((await ws.owner.patch(`/api/v1/users/${ws.ownerId}`, { role: 'admin' })).json().role).toBe(
      'admin',
    );
    const secondClient = await signIn(ctx.app, `second-${ws.id}@example.com`, 'password123');
    expectProblem(await secondClient.patch(`/api/v1/users/${second.json().id}`, { active: false }), 409);
  });

  it('keeps an owner when two owners demote each other at the same time', async () => {
    const ws = await createWorkspace(ctx.app);
    const email = `twin-${ws.id}@example.com`;
    const twin = (
      await ws.owner.post('/api/v1/users', {
        name: 'Twin Owner',
        email,
        password: 'password123',
        role: 'owner',
      })
    ).json();
    const twinClient = await signIn(ctx.app, email, 'password123');
    const results = await Promise.all([
      ws.owner.patch(`/api/v1/users/${twin.id}`, { role: 'admin' }),
      twinClient.patch(`/api/v1/users/${ws.ownerId}`, { active: false }),
    ]);
    // One wins. The other is refused: 409 when both ran at once (the last owner would go), or 403
    // when the twin's demotion committed before its own request was authorised (an admin may not
    // deactivate an owner). Either way one owner is left.
    const codes = results.map((r) => r.statusCode).sort();
    expect([
      [200, 403],
      [200, 409],
    ]).toContainEqual(codes);
    const owners = await ctx.app.db
      .selectFrom('memberships')
      .select('user_id')
      .where('workspace_id', '=', ws.id)
      .where('role', '=', 'owner')
      .where('active', '=', true)
      .execute();
    expect(owners).toHaveLength(1);
  });

  it('creates a user once when the same email is sent twice at the same time', async () => {
    const ws = await createWorkspace(ctx.app);
    const body = { name: 'Double', email: `double-${ws.id}@example.com`, password: 'password123' };
    const results = await Promise.all([
      ws.owner.post('/api/v1/users', body),
      ws.owner.post('/api/v1/users', { ...body, email: body.email.toUpperCase() }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 400]);
    expectProblem(
      results.find((r) => r.statusCode === 400)!,
      400,
      'email',
      'already exists',
    );
    expect(
      (await ws.owner.get('/api/v1/users')).json().items.filter((u: any) => u.name === 'Double'),
    ).toHaveLength(1);
  });

  it('signs a deactivated user out at once and refuses its sign-in; reactivation restores access', async () => {
    const ws = await createWorkspace(ctx.app);
    const agent = await ws.addUser('agent');
    const c = await createContact(agent.client, { lastName: 'Kept' });
    expect((await agent.client.get('/api/v1/contacts')).statusCode).toBe(200);
    expect((await ws.owner.patch(`/api/v1/users/${agent.id}`, { active: false })).json().active).toBe(false);
    expectProblem(await agent.client.get('/api/v1/contacts'), 401);
    expectProblem(await agent.client.get('/api/v1/auth/me'), 401);
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { email: agent.email, password: agent.password },
    });
    expectProblem(res, 401);
    expect(res.cookies.find((k) => k.name === 'sid')).toBeUndefined();
    // Its contacts stay, and it can no longer be given new ones.
    expect((await ws.owner.get(`/api/v1/contacts/${c.id}`)).json().ownerId).toBe(agent.id);
    expectProblem(
      await ws.owner.post('/api/v1/contacts', { lastName: 'New', ownerId: agent.id }),
      400,
      'ownerId',
    );
    expectProblem(
      await ws.owner.post(`/api/v1/contacts/${c.id}/shares`, { userId: agent.id }),
      400,
      'userId',
    );
    await ws.owner.patch(`/api/v1/users/${agent.id}`, { active: true });
    const back = await signIn(ctx.app, agent.email, agent.password);
    expect(ids(await back.get('/api/v1/contacts'))).toEqual([c.id]);
  });
});
