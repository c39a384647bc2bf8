import { describe, expect, it } from 'vitest';
import { Client, expectProblem, useTestApp } from '../helpers.js';

// Its own file, so its database is empty: no factory has created a workspace or user yet.
const ctx = useTestApp();

const setup = (payload: Record<string, unknown>) =>
  ctx.app.inject({ method: 'POST', url: '/api/v1/setup', payload });
const owner = {
  workspaceName: 'Acme Support',
  name: 'Fiona First',
  email: 'Fiona@Acme.example',
  password: 'first owner pw',
};

describe('first-run setup', () => {
  it('is needed on an empty install and refuses bad input without creating anything', async () => {
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/setup' })).json()).toEqual({ needed: true });
    expectProblem(await setup({ ...owner, email: 'not-an-email' }), 400, 'email');
    expectProblem(await setup({ ...owner, password: 'short' }), 400, 'password', '8');
    expectProblem(await setup({ ...owner, defaultCountry: 'Atlantis' }), 400, 'defaultCountry');
    expectProblem(await setup({ ...owner, workspaceName: '' }), 400, 'workspaceName');
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/setup' })).json()).toEqual({ needed: true });
    expect(await ctx.app.db.selectFrom('users').select('id').execute()).toEqual([]);
  });

  it('serves the allowed values before anyone exists, for the setup form', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/meta' });
    expect(res.statusCode).toBe(200);
    const meta = res.json();
    expect(meta.countries).toContainEqual({ code: 'DE', name: 'Germany' });
    expect(meta.types).toEqual(['lead', 'prospect', 'customer', 'other']);
    expect(meta.timeZones).toContain('Europe/Berlin');
  });

  it('creates the workspace and its owner, signs in with an HttpOnly SameSite cookie, and fills sample contacts', async () => {
    const res = await setup({ ...owner, defaultCountry: 'Germany', sampleContacts: true });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      user: { name: 'Fiona First', email: 'fiona@acme.example' },
      apiKey: null,
      role: 'owner',
      workspace: { name: 'Acme Support', defaultCountry: 'DE' },
    });
    const cookie = res.cookies.find((c) => c.name === 'sid')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie.expires!.getTime()).toBeGreaterThan(Date.now() + 86_400_000);

    const client = new Client(ctx.app, { cookie: cookie.value });
    expect((await client.get('/api/v1/auth/me')).json().role).toBe('owner');
    const page = (await client.get('/api/v1/contacts?limit=200')).json();
    expect(page.items.length).toBeGreaterThanOrEqual(50);
    expect(page.items.every((c: any) => c.ownerId === res.json().user.id)).toBe(true);
    expect(
      page.items.some((c: any) =>
        c.points.some((p: any) => p.channel === 'phone' && /^\+\d{8,15}$/.test(p.normalized)),
      ),
    ).toBe(true);
  });

  it('is done after the first run: a second setup gets 409 and changes nothing', async () => {
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/setup' })).json()).toEqual({ needed: false });
    const again = await setup({ ...owner, email: 'intruder@evil.example', name: 'Intruder' });
    expectProblem(again, 409);
    expect(again.cookies).toEqual([]);
    const users = await ctx.app.db.selectFrom('users').select('email').execute();
    expect(users).toEqual([{ email: 'fiona@acme.example' }]);
    expect(await ctx.app.db.selectFrom('workspaces').select('name').execute()).toEqual([
      { name: 'Acme Support' },
    ]);
  });
});
