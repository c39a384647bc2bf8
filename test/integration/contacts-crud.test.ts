import { describe, expect, it } from 'vitest';
import { createContact, createWorkspace, useTestApp } from '../helpers.js';

const ctx = useTestApp();

describe('contacts CRUD', () => {
  it('creates a contact with normalized phone and email, and reads it back with its ETag', async () => {
    const ws = await createWorkspace(ctx.app);
    const created = await createContact(ws.owner, {
      firstName: 'Ada',
      lastName: 'Lovelace',
      points: [
        { channel: 'phone', label: 'mobile', value: '(212) 555-0100' },
        { channel: 'phone', label: 'work', value: '+85251234567' },
        { channel: 'email', label: 'work', value: 'Ada@Example.COM' },
      ],
      address: { country: 'United Kingdom' },
    });
    expect(created.points.map((p: any) => p.normalized)).toEqual([
      '+12125550100',
      '+85251234567',
      'ada@example.com',
    ]);
    expect(created.address.country).toBe('GB');
    expect(created).toMatchObject({
      type: 'lead',
      level: 'primary',
      active: true,
      version: 1,
      source: 'manual',
      ownerId: ws.ownerId,
    });

    const res = await ws.owner.get(`/api/v1/contacts/${created.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe('"1"');
    expect(res.json().displayName).toBe('Ada Lovelace');
  });

  it('updates with If-Match, rejects a stale version with 409 and records field-level changes', async () => {
    const ws = await createWorkspace(ctx.app);
    const c = await createContact(ws.owner, {
      firstName: 'Grace',
      points: [{ channel: 'email', value: 'grace@navy.example' }],
    });
    const ok = await ws.owner.patch(
      `/api/v1/contacts/${c.id}`,
      {
        lastName: 'Hopper',
        points: [{ channel: 'email', value: 'grace@navy.example', status: 'opted_out' }],
      },
      { 'if-match': '"1"' },
    );
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ lastName: 'Hopper', version: 2, active: false });
    expect(ok.json().points[0].id).toBe(c.points[0].id);

    const stale = await ws.owner.patch(
      `/api/v1/contacts/${c.id}`,
      { lastName: 'Lost' },
      { 'if-match': '"1"' },
    );
    expect(stale.statusCode).toBe(409);
    expect(stale.headers['content-type']).toContain('application/problem+json');
    expect((await ws.owner.get(`/api/v1/contacts/${c.id}`)).json().lastName).toBe('Hopper');

    const missing = await ws.owner.patch(`/api/v1/contacts/${c.id}`, { lastName: 'X' });
    expect(missing.statusCode).toBe(428);

    const log = (await ws.owner.get(`/api/v1/contacts/${c.id}/changes`)).json();
    expect(log.items.map((i: any) => i.action)).toEqual(['update', 'create']);
    expect(log.items[0].changes).toEqual(
      expect.arrayContaining([
        { field: 'lastName', before: null, after: 'Hopper' },
        {
          field: 'points.email:grace@navy.example',
          before: { value: 'grace@navy.example', label: 'other', status: 'active' },
          after: { value: 'grace@navy.example', label: 'other', status: 'opted_out' },
        },
      ]),
    );
    expect(log.items[0].actor).toMatchObject({ type: 'user', id: ws.ownerId, name: 'Olga Owner' });
  });

  it('writes nothing for a patch that changes nothing: same version, no log entry', async () => {
    const ws = await createWorkspace(ctx.app);
    const c = await createContact(ws.owner, {
      lastName: 'Still',
      points: [{ channel: 'phone', label: 'mobile', value: '(212) 555-0100' }],
    });
    const url = `/api/v1/contacts/${c.id}`;
    for (const body of [
      {},
      { lastName: 'Still' },
      { points: [{ id: c.points[0].id, channel: 'phone', label: 'mobile', value: '(212) 555-0100' }] },
    ]) {
      const res = await ws.owner.patch(url, body, { 'if-match': '"1"' });
      expect(res.statusCode, JSON.stringify(body)).toBe(200);
      expect(res.json().version).toBe(1);
      expect(res.headers.etag).toBe('"1"');
    }
    const log = (await ws.owner.get(`${url}/changes`)).json();
    expect(log.items.map((i: any) => i.action)).toEqual(['create']);
    // A real change after them still applies with the version read first.
    const changed = await ws.owner.patch(url, { lastName: 'Moved' }, { 'if-match': '"1"' });
    expect(changed.json()).toMatchObject({ lastName: 'Moved', version: 2 });
  });

  it('deletes a contact, keeps its change log for admins, and answers 404 afterwards', async () => {
    const ws = await createWorkspace(ctx.app);
    const c = await createContact(ws.owner, { lastName: 'Temp' });
    expect((await ws.owner.delete(`/api/v1/contacts/${c.id}`)).statusCode).toBe(204);
    expect((await ws.owner.get(`/api/v1/contacts/${c.id}`)).statusCode).toBe(404);
    const log = (await ws.owner.get(`/api/v1/contacts/${c.id}/changes`)).json();
    expect(log.items[0].action).toBe('delete');
    expect(log.items[0].changes).toContainEqual({ field: 'lastName', before: 'Temp', after: null });
  });

  it('pages through contacts sorted by last name with nulls last, without gaps or repeats', async () => {
    const ws = await createWorkspace(ctx.app);
    const names = ['Zed', 'Adams', null, 'Miller', 'adams', null, 'Brown', 'Miller'];
    for (const lastName of names) await createContact(ws.owner, { firstName: 'P', lastName });
    for (const order of ['asc', 'desc'] as const) {
      const seen: (string | null)[] = [];
      const ids = new Set<string>();
      let cursor: string | null = null;
      do {
        const url: string = `/api/v1/contacts?sort=lastName&order=${order}&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
        const page = (await ws.owner.get(url)).json();
        for (const c of page.items) {
          seen.push(c.lastName);
          ids.add(c.id);
        }
        cursor = page.nextCursor;
      } while (cursor);
      expect(ids.size).toBe(names.length);
      const nonNull = seen.filter((s) => s !== null);
      const sorted = [...nonNull].sort((a, b) => (a! < b! ? -1 : a! > b! ? 1 : 0));
      if (order === 'asc') {
        expect(nonNull).toEqual(sorted);
        expect(seen.slice(-2)).toEqual([null, null]);
      } else {
        expect(nonNull).toEqual(sorted.reverse());
        expect(seen.slice(0, 2)).toEqual([null, null]);
      }
    }
  });

  it('finds contacts by name, email or phone fragments in any format', async () => {
    const ws = await createWorkspace(ctx.app);
    const c = await createContact(ws.owner, {
      firstName: 'José',
      lastName: 'Núñez',
      points: [
        { channel: 'phone', value: '+1 212 555 0100' },
        { channel: 'email', value: 'jose.nunez@corp.example' },
      ],
    });
    await createContact(ws.owner, { firstName: 'Other', lastName: 'Person' });
    for (const q of [
      'jose',
      'NÚÑEZ',
      'jose nun',
      'corp.example',
      '212-555-0100',
      '2125550100',
      '(212) 555',
    ]) {
      const res = (await ws.owner.get(`/api/v1/contacts?q=${encodeURIComponent(q)}`)).json();
      expect(
        res.items.map((i: any) => i.id),
        q,
      ).toEqual([c.id]);
    }
    expect((await ws.owner.get('/api/v1/contacts?q=%25')).json().items).toEqual([]);
  });
});
