import { describe, expect, it } from 'vitest';
import { Client, createContact, createWorkspace, expectProblem, signIn, useTestApp } from '../helpers.js';

const ctx = useTestApp();

const signInRaw = (email: string, password: string) =>
  ctx.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email, password } });

describe('sign-in and sessions', () => {
  it('signs in with email in any case and sets an HttpOnly, SameSite session cookie', async () => {
    const ws = await createWorkspace(ctx.app);
    const agent = await ws.addUser('agent', 'Casey Case');
    const res = await signInRaw(agent.email.toUpperCase(), agent.password);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      user: { id: agent.id, name: 'Casey Case', email: agent.email },
      apiKey: null,
      role: 'agent',
      workspace: { id: ws.id },
    });
    const cookie = res.cookies.find((c) => c.name === 'sid')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie.value.length).toBeGreaterThanOrEqual(40);
    // The token itself is not what is stored.
    const stored = await ctx.app.db
      .selectFrom('sessions')
      .select('id')
      .where('user_id', '=', agent.id)
      .execute();
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.map((s) => s.id)).not.toContain(cookie.value);
  });

  it('answers a wrong password and an unknown email alike with 401', async () => {
    const ws = await createWorkspace(ctx.app);
    const agent = await ws.addUser('agent');
    const wrong = expectProblem(await signInRaw(agent.email, 'not the password'), 401);
    const unknown = expectProblem(await signInRaw(`nobody-${ws.id}@example.com`, agent.password), 401);
    expect(wrong.detail).toBe(unknown.detail);
    expect(wrong.detail).toMatch(/email or password/i);
    const empty = await signInRaw('', '');
    expect(empty.statusCode).toBe(401);
    expect(empty.cookies).toEqual([]);
  });

  it('stores passwords hashed with scrypt, salted', async () => {
    const ws = await createWorkspace(ctx.app);
    const a = await ws.addUser('agent');
    const b = await ws.addUser('agent');
    const rows = await ctx.app.db
      .selectFrom('users')
      .select(['id', 'password_hash'])
      .where('id', 'in', [a.id, b.id])
      .execute();
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      expect(r.password_hash.startsWith('scrypt$')).toBe(true);
      expect(r.password_hash).not.toContain(a.password);
    }
    // Same password, different salt.
    expect(rows[0].password_hash).not.toBe(rows[1].password_hash);
  });

  it('ends the session on sign-out: the cookie no longer works', async () => {
    const ws = await createWorkspace(ctx.app);
    const agent = await ws.addUser('agent');
    const other = await signIn(ctx.app, agent.email, agent.password);
    expect((await agent.client.get('/api/v1/auth/me')).statusCode).toBe(200);
    const out = await agent.client.post('/api/v1/auth/sign-out');
    expect(out.statusCode).toBe(204);
    const cleared = out.cookies.find((c) => c.name === 'sid');
    expect(cleared?.value).toBe('');
    expectProblem(await agent.client.get('/api/v1/auth/me'), 401);
    expectProblem(await agent.client.get('/api/v1/contacts'), 401);
    // Another session of the same user is unaffected.
    expect((await other.get('/api/v1/auth/me')).statusCode).toBe(200);
  });

  it('ends every session of a user whose password is reset', async () => {
    const ws = await createWorkspace(ctx.app);
    const agent = await ws.addUser('agent');
    expect(
      (await ws.owner.patch(`/api/v1/users/${agent.id}`, { password: 'brand new secret' })).statusCode,
    ).toBe(200);
    expectProblem(await agent.client.get('/api/v1/auth/me'), 401);
    expectProblem(await signInRaw(agent.email, agent.password), 401);
    expect(
      (await signIn(ctx.app, agent.email, 'brand new secret').then((c) => c.get('/api/v1/auth/me')))
        .statusCode,
    ).toBe(200);
  });

  it('answers 401 problem+json without credentials, or with a made-up cookie', async () => {
    const anon = new Client(ctx.app, {});
    for (const res of [
      await anon.get('/api/v1/contacts'),
      await anon.post('/api/v1/contacts', { lastName: 'Anonymous' }),
      await anon.get('/api/v1/users'),
      await new Client(ctx.app, { cookie: 'forged-session-token' }).get('/api/v1/contacts'),
    ]) {
      const p = expectProblem(res, 401);
      expect(p.detail).toMatch(/sign in|API key/i);
    }
    // Public routes stay public.
    expect((await anon.get('/api/v1/setup')).statusCode).toBe(200);
  });
});

describe('API keys', () => {
  it('shows a key once and stores only its hash', async () => {
    const ws = await createWorkspace(ctx.app);
    const created = await ws.owner.post('/api/v1/api-keys', { name: 'Dialer' });
    expect(created.statusCode).toBe(201);
    const key = created.json();
    expect(key).toMatchObject({ name: 'Dialer', revokedAt: null, lastUsedAt: null });
    expect(key.token).toMatch(/^ck_/);
    expect(key.token.startsWith(key.prefix)).toBe(true);
    const list = await ws.owner.get('/api/v1/api-keys');
    expect(list.body).not.toContain(key.token);
    expect(list.json().items).toEqual([
      {
        id: key.id,
        name: 'Dialer',
        prefix: key.prefix,
        createdAt: key.createdAt,
        lastUsedAt: null,
        revokedAt: null,
      },
    ]);
    const row = await ctx.app.db
      .selectFrom('api_keys')
      .selectAll()
      .where('id', '=', key.id)
      .executeTakeFirstOrThrow();
    expect(row.secret_hash).not.toBe(key.token);
    expect(row.secret_hash).not.toContain(key.token.slice(key.prefix.length));
    expect(
      Object.values(row)
        .map(String)
        .some((v) => v.includes(key.token.slice(-20))),
    ).toBe(false);
  });

  it('authenticates with Bearer as the workspace, and creates contacts with source api', async () => {
    const ws = await createWorkspace(ctx.app);
    const key = (await ws.owner.post('/api/v1/api-keys', { name: 'CRM sync' })).json();
    const api = new Client(ctx.app, { bearer: key.token });
    const me = (await api.get('/api/v1/auth/me')).json();
    expect(me).toMatchObject({ user: null, apiKey: { id: key.id }, role: 'admin', workspace: { id: ws.id } });
    const c = await createContact(api, { firstName: 'Via', lastName: 'Api' });
    expect(c).toMatchObject({ source: 'api', ownerId: null });
    const log = (await ws.owner.get(`/api/v1/contacts/${c.id}/changes`)).json().items;
    expect(log[0].actor).toEqual({ type: 'api_key', id: key.id, name: 'API key CRM sync' });
    // A key acts for integrations, never as a person.
    expectProblem(await api.put('/api/v1/me/preferences/contacts.columns', { value: ['lastName'] }), 403);
    // The scheme is case-insensitive; the key is used.
    const lower = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { authorization: `bearer ${key.token}` },
    });
    expect(lower.statusCode).toBe(200);
    const listed = (await ws.owner.get('/api/v1/api-keys')).json().items[0];
    expect(listed.lastUsedAt).not.toBeNull();
  });

  it('does not let a key create users or keys, or change users: only people may', async () => {
    const ws = await createWorkspace(ctx.app);
    const api = await ws.apiKey();
    const agent = await ws.addUser('agent');
    const before = (await ws.owner.get('/api/v1/users')).json().items.length;
    expectProblem(
      await api.post('/api/v1/users', {
        name: 'Mallory',
        email: 'mallory@example.com',
        password: 'long-enough-pass',
        role: 'admin',
      }),
      403,
    );
    expectProblem(await api.patch(`/api/v1/users/${agent.id}`, { role: 'admin' }), 403);
    expectProblem(await api.post('/api/v1/api-keys', { name: 'Persist' }), 403);
    expectProblem(await api.get('/api/v1/api-keys'), 403);
    const users = (await ws.owner.get('/api/v1/users')).json().items;
    expect(users).toHaveLength(before);
    expect(users.find((u: { id: string }) => u.id === agent.id).role).toBe('agent');
    expect((await ws.owner.get('/api/v1/api-keys')).json().items).toHaveLength(1);
    // Reading the user list (to pick owners) and managing contacts stay open to keys.
    expect((await api.get('/api/v1/users')).statusCode).toBe(200);
  });

  it('refuses a revoked key at once', async () => {
    const ws = await createWorkspace(ctx.app);
    const key = (await ws.owner.post('/api/v1/api-keys', { name: 'Old' })).json();
    const api = new Client(ctx.app, { bearer: key.token });
    expect((await api.get('/api/v1/contacts')).statusCode).toBe(200);
    const revoked = await ws.owner.delete(`/api/v1/api-keys/${key.id}`);
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().revokedAt).not.toBeNull();
    const p = expectProblem(await api.get('/api/v1/contacts'), 401);
    expect(p.detail).toMatch(/revoked/);
    expectProblem(await api.post('/api/v1/contacts', { lastName: 'Late' }), 401);
    expectProblem(await ws.owner.delete(`/api/v1/api-keys/${key.id}`), 404);
    expect((await ws.owner.get('/api/v1/contacts')).json().items).toEqual([]);
  });

  it('answers 401 to malformed or forged Authorization headers, even with a valid cookie', async () => {
    const ws = await createWorkspace(ctx.app);
    const key = (await ws.owner.post('/api/v1/api-keys', { name: 'Real' })).json();
    const forged = key.token.slice(0, -4) + (key.token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    for (const authorization of [
      'Basic dXNlcjpwYXNz',
      'Bearer',
      'Bearer ',
      key.token,
      `Token ${key.token}`,
      'Bearer not-a-key',
      `Bearer ${forged}`,
      `Bearer ck_${'0'.repeat(32)}_${'A'.repeat(43)}`,
    ]) {
      const res = await ws.owner.get('/api/v1/contacts', { authorization });
      expect(res.statusCode, authorization).toBe(401);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });
});
