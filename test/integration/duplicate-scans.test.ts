import { describe, expect, it } from 'vitest';
import {
  createContact,
  createWorkspace,
  expectProblem,
  importCsv,
  useTestApp,
  type Client,
  type TestWorkspace,
} from '../helpers.js';

const ctx = useTestApp({}, { jobs: true });

const phone = (value: string) => ({ channel: 'phone', label: 'mobile', value });
const email = (value: string) => ({ channel: 'email', label: 'work', value });

async function scanToEnd(client: Client, body: Record<string, unknown> = {}) {
  const res = await client.post('/api/v1/duplicates/scans', body);
  expect([200, 202], res.body).toContain(res.statusCode);
  const id = res.json().id;
  for (let i = 0; i < 300; i++) {
    const scan = (await client.get(`/api/v1/duplicates/scans/${id}`)).json();
    if (!['waiting', 'running'].includes(scan.state)) return scan;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('scan did not finish');
}

async function clusters(client: Client, query = '') {
  const res = await client.get(`/api/v1/duplicates/clusters?limit=100${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

const names = (cluster: any) => cluster.contacts.map((c: any) => `${c.firstName} ${c.lastName}`).sort();
const codes = (reasons: any[]) => reasons.map((r) => r.code);

/** Two people entered twice each, and two who only look alike. */
async function seed(ws: TestWorkspace) {
  const robert = await createContact(ws.owner, {
    firstName: 'Robert',
    lastName: 'Whitfield',
    company: 'Acme Inc',
    points: [phone('+1 415 555 0142')],
  });
  const bob = await createContact(ws.owner, {
    firstName: 'Bob',
    lastName: 'Whitfield',
    company: 'ACME Incorporated',
    points: [phone('(415) 555-0142')],
  });
  const maria = await createContact(ws.owner, {
    firstName: 'María',
    lastName: 'Okonkwo',
    address: { city: 'Lagos' },
    points: [email('maria.ok@example.com')],
  });
  const mariaTypo = await createContact(ws.owner, {
    firstName: 'Maria',
    lastName: 'Okonkow',
    address: { city: 'Lagos' },
    points: [email('MARIA.OK@example.com')],
  });
  // Same family name and phone, clearly different first names: a household, not one person.
  const ann = await createContact(ws.owner, {
    firstName: 'Ann',
    lastName: 'Varga',
    points: [phone('+1 212 555 0199')],
  });
  const peter = await createContact(ws.owner, {
    firstName: 'Peter',
    lastName: 'Varga',
    points: [phone('+1 212 555 0199')],
  });
  return { robert, bob, maria, mariaTypo, ann, peter };
}

describe('whole-workspace duplicate scan', () => {
  it('finds groups with scores and reasons, and leaves households apart', async () => {
    const ws = await createWorkspace(ctx.app);
    const people = await seed(ws);
    const scan = await scanToEnd(ws.owner);
    expect(scan).toMatchObject({ state: 'done', contacts: 6, clusters: 2, duplicates: 4, error: null });
    expect(scan.comparisons).toBeGreaterThanOrEqual(2);

    const list = await clusters(ws.owner);
    expect(list.scan.id).toBe(scan.id);
    expect(list.items.map(names).sort()).toEqual([
      ['Bob Whitfield', 'Robert Whitfield'],
      ['Maria Okonkow', 'María Okonkwo'],
    ]);
    const whitfield = list.items.find((c: any) => names(c)[0] === 'Bob Whitfield');
    expect(whitfield.score).toBeGreaterThanOrEqual(0.8);
    expect(whitfield.pairs).toHaveLength(1);
    expect(codes(whitfield.pairs[0].reasons)).toEqual(expect.arrayContaining(['same_phone', 'nickname']));
    expect(whitfield.pairs[0].reasons.find((r: any) => r.code === 'same_phone').text).toBe(
      'Same phone: +14155550142',
    );
    // Contacts come whole, with their points, for the page to show.
    expect(whitfield.contacts.map((c: any) => c.id).sort()).toEqual([people.robert.id, people.bob.id].sort());
    expect(whitfield.contacts[0].points).toHaveLength(1);
  });

  it('runs one scan at a time per workspace', async () => {
    const ws = await createWorkspace(ctx.app);
    await seed(ws);
    const [first, second] = await Promise.all([
      ws.owner.post('/api/v1/duplicates/scans', {}),
      ws.owner.post('/api/v1/duplicates/scans', {}),
    ]);
    expect([first.statusCode, second.statusCode].sort()).toEqual([200, 202]);
    expect(first.json().id).toBe(second.json().id);
    const done = await scanToEnd(ws.owner);
    expect(done.id).toBe(first.json().id);
    const again = await ws.owner.post('/api/v1/duplicates/scans', { threshold: 0.9 });
    expect(again.statusCode).toBe(202);
    expect(again.json()).toMatchObject({ threshold: 0.9, state: 'waiting' });
    expect(again.headers.location).toBe(`/api/v1/duplicates/scans/${again.json().id}`);
  });

  it('leaves out contacts merged or deleted since, and pairs people dismissed', async () => {
    const ws = await createWorkspace(ctx.app);
    const p = await seed(ws);
    await scanToEnd(ws.owner);

    const merge = await ws.owner.post('/api/v1/contacts/merge', {
      primaryId: p.robert.id,
      mergeIds: [p.bob.id],
    });
    expect(merge.statusCode, merge.body).toBe(200);
    const dismiss = await ws.owner.post('/api/v1/duplicates/dismissals', {
      contactIds: [p.maria.id, p.mariaTypo.id],
    });
    expect(dismiss.statusCode, dismiss.body).toBe(200);
    expect(dismiss.json()).toEqual({ dismissed: 1 });
    // Dismissing again is harmless.
    expect(
      (
        await ws.owner.post('/api/v1/duplicates/dismissals', { contactIds: [p.mariaTypo.id, p.maria.id] })
      ).json(),
    ).toEqual({
      dismissed: 0,
    });
    expect((await clusters(ws.owner)).items).toEqual([]);

    // A new scan does not offer the dismissed pair again.
    const rescan = await scanToEnd(ws.owner);
    expect(rescan).toMatchObject({ state: 'done', contacts: 5, clusters: 0 });
  });

  it('pages through groups surest first', async () => {
    const ws = await createWorkspace(ctx.app);
    for (let i = 0; i < 5; i++) {
      const points = [phone(`+1 303 555 01${10 + i}`)];
      await createContact(ws.owner, { firstName: `Quinn${'abcde'[i]}`, lastName: `Zeller${i}`, points });
      await createContact(ws.owner, { firstName: `Quinn${'abcde'[i]}`, lastName: `Zeller${i}`, points });
    }
    await scanToEnd(ws.owner);
    const seen: string[] = [];
    let cursor = '';
    let last = 1;
    for (let page = 0; page < 5 && cursor !== null; page++) {
      const res = await ws.owner.get(
        `/api/v1/duplicates/clusters?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(res.statusCode, res.body).toBe(200);
      for (const item of res.json().items) {
        expect(item.score).toBeLessThanOrEqual(last);
        last = item.score;
        seen.push(item.id);
      }
      cursor = res.json().nextCursor;
    }
    expect(new Set(seen).size).toBe(5);
  });

  it('is for owners and admins, within their own workspace', async () => {
    const ws = await createWorkspace(ctx.app);
    await seed(ws);
    const scan = await scanToEnd(ws.owner);
    const { client: agent } = await ws.addUser('agent');
    expectProblem(await agent.post('/api/v1/duplicates/scans', {}), 403);
    expectProblem(await agent.get('/api/v1/duplicates/clusters'), 403);
    expectProblem(await agent.get(`/api/v1/duplicates/scans/${scan.id}`), 403);
    const { client: admin } = await ws.addUser('admin');
    expect((await clusters(admin)).items).toHaveLength(2);

    const other = await createWorkspace(ctx.app);
    expectProblem(await other.owner.get(`/api/v1/duplicates/scans/${scan.id}`), 404);
    expectProblem(await other.owner.get(`/api/v1/duplicates/clusters?scanId=${scan.id}`), 404);
    const mine = await clusters(other.owner);
    expect(mine).toEqual({ scan: null, items: [], nextCursor: null });
  });

  it('answers bad input with the field and the reason', async () => {
    const ws = await createWorkspace(ctx.app);
    const a = await createContact(ws.owner, { firstName: 'Ida' });
    const post = (body: unknown) => ws.owner.post('/api/v1/duplicates/scans', body as any);
    expectProblem(await post({ threshold: 'high' }), 400, 'threshold', 'must be a number');
    expectProblem(await post({ threshold: 2 }), 400, 'threshold', 'at most 0.99');
    expectProblem(await post({ threshold: 0.1 }), 400, 'threshold', 'at least 0.5');
    expectProblem(await post({ everything: true }), 400);
    expectProblem(await ws.owner.get('/api/v1/duplicates/clusters?cursor=nonsense'), 400, 'cursor');
    expectProblem(await ws.owner.get('/api/v1/duplicates/clusters?limit=1000'), 400, 'limit');
    expectProblem(await ws.owner.get('/api/v1/duplicates/scans/not-an-id'), 400, 'id');
    const dismiss = (body: unknown) => ws.owner.post('/api/v1/duplicates/dismissals', body as any);
    expectProblem(await dismiss({ contactIds: [a.id] }), 400, 'contactIds', 'at least two');
    expectProblem(await dismiss({ contactIds: [a.id, a.id] }), 400, 'contactIds', 'two different');
    expectProblem(await dismiss({ contactIds: [a.id, 'x'] }), 400, 'contactIds.1', 'contact id');
    expectProblem(await dismiss({ contactIds: Array(26).fill(a.id) }), 400, 'contactIds', 'At most 25');
    // Someone else's contact is not found, and nothing is dismissed.
    const other = await createWorkspace(ctx.app);
    const theirs = await createContact(other.owner, { firstName: 'Ida' });
    expectProblem(await dismiss({ contactIds: [a.id, theirs.id] }), 404);
  });
});

describe('possible duplicates of one contact', () => {
  it('lists the existing contacts a new one looks like, whatever the phone format', async () => {
    const ws = await createWorkspace(ctx.app);
    const p = await seed(ws);
    const res = await ws.owner.get(`/api/v1/contacts/${p.bob.id}/duplicates`);
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items;
    expect(items.map((i: any) => i.contact.id)).toEqual([p.robert.id]);
    expect(items[0].score).toBeGreaterThanOrEqual(0.8);
    expect(codes(items[0].reasons)).toEqual(
      expect.arrayContaining(['same_phone', 'nickname', 'same_company']),
    );
    // The household shares a phone but is not offered.
    expect((await ws.owner.get(`/api/v1/contacts/${p.ann.id}/duplicates`)).json().items).toEqual([]);
    // A name typo with the same email.
    const maria = (await ws.owner.get(`/api/v1/contacts/${p.mariaTypo.id}/duplicates`)).json().items;
    expect(maria.map((i: any) => i.contact.id)).toEqual([p.maria.id]);
  });

  it('finds them for imported contacts too, by name alone when company and city agree', async () => {
    const ws = await createWorkspace(ctx.app);
    const existing = await createContact(ws.owner, {
      firstName: 'Theodora',
      lastName: 'Quennell',
      company: 'Birchwood Logistics',
      address: { city: 'Leeds' },
    });
    const summary = await importCsv(
      ws.owner,
      'First name,Last name,Company,City\nTheodora,Quenell,Birchwood Logistics Ltd,Leeds\n',
    );
    expect(summary.state).toBe('processed');
    const list = (await ws.owner.get('/api/v1/contacts?q=Quenell&limit=10')).json().items;
    const imported = list.find((c: any) => c.id !== existing.id);
    const items = (await ws.owner.get(`/api/v1/contacts/${imported.id}/duplicates`)).json().items;
    expect(items.map((i: any) => i.contact.id)).toEqual([existing.id]);
    expect(codes(items[0].reasons)).toEqual(
      expect.arrayContaining(['similar_name', 'same_company', 'same_city']),
    );
  });

  it('shows agents only contacts they may see, and stops after a dismissal', async () => {
    const ws = await createWorkspace(ctx.app);
    const p = await seed(ws);
    const { client: agent, id: agentId } = await ws.addUser('agent');
    const mine = await createContact(agent, {
      firstName: 'Bobby',
      lastName: 'Whitfield',
      points: [phone('415-555-0142')],
    });
    expect(mine.ownerId).toBe(agentId);
    // The owner's Robert and Bob are not the agent's: not revealed, not even through the phone.
    expect((await agent.get(`/api/v1/contacts/${mine.id}/duplicates`)).json().items).toEqual([]);
    const forOwner = (await ws.owner.get(`/api/v1/contacts/${mine.id}/duplicates`)).json().items;
    expect(forOwner.map((i: any) => i.contact.id).sort()).toEqual([p.robert.id, p.bob.id].sort());
    // Agents can't ask about contacts they don't see.
    expectProblem(await agent.get(`/api/v1/contacts/${p.bob.id}/duplicates`), 404);

    await ws.owner.post(`/api/v1/contacts/${p.robert.id}/shares`, { userId: agentId });
    expect(
      (await agent.get(`/api/v1/contacts/${mine.id}/duplicates`)).json().items.map((i: any) => i.contact.id),
    ).toEqual([p.robert.id]);
    const dismissed = await agent.post('/api/v1/duplicates/dismissals', {
      contactIds: [mine.id, p.robert.id],
    });
    expect(dismissed.statusCode, dismissed.body).toBe(200);
    expect((await agent.get(`/api/v1/contacts/${mine.id}/duplicates`)).json().items).toEqual([]);
    // The agent can't dismiss pairs involving contacts it does not see.
    expectProblem(
      await agent.post('/api/v1/duplicates/dismissals', { contactIds: [mine.id, p.bob.id] }),
      404,
    );
  });

  it('never reaches into another workspace', async () => {
    const ws = await createWorkspace(ctx.app);
    const p = await seed(ws);
    const other = await createWorkspace(ctx.app);
    const twin = await createContact(other.owner, {
      firstName: 'Robert',
      lastName: 'Whitfield',
      company: 'Acme Inc',
      points: [phone('+1 415 555 0142')],
    });
    expect((await other.owner.get(`/api/v1/contacts/${twin.id}/duplicates`)).json().items).toEqual([]);
    expectProblem(await other.owner.get(`/api/v1/contacts/${p.bob.id}/duplicates`), 404);
  });
});
