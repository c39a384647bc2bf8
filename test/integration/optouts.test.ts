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

const phone = (value: string, status = 'active') => ({ channel: 'phone', label: 'mobile', value, status });
const email = (value: string, status = 'active') => ({ channel: 'email', label: 'work', value, status });

async function getContact(ws: TestWorkspace, id: string) {
  const res = await ws.owner.get(`/api/v1/contacts/${id}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function history(client: Client, channel: string, value: string) {
  const res = await client.get(
    `/api/v1/optouts/history?channel=${channel}&value=${encodeURIComponent(value)}`,
  );
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items as any[];
}

async function listAll(client: Client, query = '') {
  const res = await client.get(`/api/v1/optouts?limit=200${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items as any[];
}

async function check(client: Client, body: unknown) {
  const res = await client.post('/api/v1/suppression/check', body as any);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

describe('opting out a value', () => {
  it('opts it out on every contact that carries it, with log entries, new versions and history', async () => {
    const ws = await createWorkspace(ctx.app);
    const a = await createContact(ws.owner, { firstName: 'Ann', points: [phone('(212) 555-0100')] });
    const b = await createContact(ws.owner, {
      firstName: 'Ben',
      points: [phone('+1 212 555 0100'), email('ben@example.com')],
    });
    const res = await ws.owner.post('/api/v1/optouts', {
      channel: 'phone',
      value: '212-555-0100',
      reason: 'Asked on the phone',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ normalized: '+12125550100', pointsChanged: 2, suppressed: false });

    const ann = await getContact(ws, a.id);
    expect(ann.points[0].status).toBe('opted_out');
    expect(ann.active).toBe(false); // no active point left
    expect(ann.version).toBe(a.version + 1);
    const ben = await getContact(ws, b.id);
    expect(ben.active).toBe(true); // the email is still active
    const log = (await ws.owner.get(`/api/v1/contacts/${b.id}/changes`)).json().items;
    expect(log[0].changes).toEqual([
      {
        field: 'points.phone:+12125550100',
        before: { value: '+1 212 555 0100', label: 'mobile', status: 'active' },
        after: { value: '+1 212 555 0100', label: 'mobile', status: 'opted_out' },
      },
    ]);
    const events = await history(ws.owner, 'phone', '+12125550100');
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ status: 'opted_out', source: 'user', reason: 'Asked on the phone' });
    expect(events[0].actor.name).toBe('Olga Owner');

    const listed = await listAll(ws.owner);
    expect(listed.map((i) => [i.normalized, i.contact?.displayName])).toEqual([
      ['+12125550100', expect.any(String)],
      ['+12125550100', expect.any(String)],
    ]);
    expect(listed[0]).toMatchObject({ source: 'user', reason: 'Asked on the phone' });

    // Opting out again changes nothing and records nothing.
    const again = await ws.owner.post('/api/v1/optouts', { channel: 'phone', value: '+12125550100' });
    expect(again.json()).toMatchObject({ pointsChanged: 0, suppressed: false });
    expect(await history(ws.owner, 'phone', '+12125550100')).toHaveLength(2);
  });

  it('records status changes made on the contact form, by people and by API keys', async () => {
    const ws = await createWorkspace(ctx.app);
    const c = await createContact(ws.owner, {
      firstName: 'Cy',
      points: [email('cy@example.com', 'opted_out')],
    });
    expect(await history(ws.owner, 'email', 'cy@example.com')).toMatchObject([
      { status: 'opted_out', source: 'user', contactId: c.id },
    ]);
    const key = await ws.apiKey();
    const res = await key.patch(
      `/api/v1/contacts/${c.id}`,
      { points: [{ ...email('CY@example.com', 'active'), id: c.points[0].id }] },
      { 'if-match': String(c.version) },
    );
    expect(res.statusCode, res.body).toBe(200);
    const events = await history(ws.owner, 'email', 'cy@example.com');
    expect(events.map((e) => [e.status, e.source])).toEqual([
      ['active', 'api'],
      ['opted_out', 'user'],
    ]);
  });
});

describe('suppression', () => {
  it('keeps a value no contact carries and applies it to a contact created later, by the API or by import', async () => {
    const ws = await createWorkspace(ctx.app);
    const res = await ws.owner.post('/api/v1/optouts', {
      channel: 'email',
      value: 'Late@Example.com',
      reason: 'Complaint',
    });
    expect(res.json()).toMatchObject({ normalized: 'late@example.com', pointsChanged: 0, suppressed: true });
    expect(await listAll(ws.owner)).toMatchObject([
      { normalized: 'late@example.com', contact: null, reason: 'Complaint' },
    ]);

    const c = await createContact(ws.owner, { firstName: 'Lee', points: [email('late@example.com')] });
    expect(c.points[0].status).toBe('opted_out');
    expect(c.active).toBe(false);
    const events = await history(ws.owner, 'email', 'late@example.com');
    expect(events[0]).toMatchObject({
      source: 'suppression',
      contactId: c.id,
      reason: 'Opted out before: Complaint',
    });
    // The point carries the opt-out now: one row, on the contact.
    expect(await listAll(ws.owner)).toMatchObject([
      { normalized: 'late@example.com', contact: { id: c.id } },
    ]);

    // A value suppressed before an import arrives opted out on the contact the import creates.
    await ws.owner.post('/api/v1/optouts', { channel: 'email', value: 'imp@example.com' });
    const summary = await importCsv(ws.owner, 'First name,Email\nLou,imp@example.com\nMay,may@example.com\n');
    expect(summary.counts).toMatchObject({ created: 2, failed: 0 });
    const items = (await ws.owner.get('/api/v1/contacts?limit=50&sort=firstName&order=asc')).json().items;
    const lou = items.find((i: any) => i.firstName === 'Lou');
    const may = items.find((i: any) => i.firstName === 'May');
    expect(lou.points[0].status).toBe('opted_out');
    expect(lou.active).toBe(false);
    expect(may.points[0].status).toBe('active');
    expect((await history(ws.owner, 'email', 'imp@example.com'))[0]).toMatchObject({
      source: 'suppression',
      contactId: lou.id,
    });
    expect((await listAll(ws.owner)).every((i) => i.contact !== null)).toBe(true);
  });

  it('applies to a point added to an existing contact, and keeps the opt-out when the contact goes', async () => {
    const ws = await createWorkspace(ctx.app);
    await ws.owner.post('/api/v1/optouts', { channel: 'sms', value: '+447400123456' });
    const c = await createContact(ws.owner, { firstName: 'Pat', points: [email('pat@example.com')] });
    const res = await ws.owner.patch(
      `/api/v1/contacts/${c.id}`,
      {
        points: [
          { ...email('pat@example.com'), id: c.points[0].id },
          { channel: 'sms', value: '+44 7400 123456' },
        ],
      },
      { 'if-match': String(c.version) },
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().points.map((p: any) => p.status)).toEqual(['active', 'opted_out']);

    // Deleting the contact hands the opt-out back to the suppression list.
    const gone = await ws.owner.delete(`/api/v1/contacts/${c.id}`);
    expect(gone.statusCode, gone.body).toBe(204);
    expect(await listAll(ws.owner)).toMatchObject([
      { channel: 'sms', normalized: '+447400123456', contact: null },
    ]);
    const intl = await createContact(ws.owner, {
      firstName: 'Pia',
      points: [{ channel: 'sms', value: '+447400123456' }],
    });
    expect(intl.points[0].status).toBe('opted_out');

    // Removing an opted-out point from a contact also keeps it.
    const removed = await ws.owner.patch(
      `/api/v1/contacts/${intl.id}`,
      { points: [], firstName: 'Pia' },
      { 'if-match': String(intl.version) },
    );
    expect(removed.statusCode, removed.body).toBe(200);
    expect((await listAll(ws.owner, '&channel=sms'))[0]).toMatchObject({
      normalized: '+447400123456',
      contact: null,
    });
  });

  it('reinstates a value everywhere with a reason, and takes it off the suppression list', async () => {
    const ws = await createWorkspace(ctx.app);
    const c = await createContact(ws.owner, {
      firstName: 'Ria',
      points: [phone('+12125550111', 'opted_out')],
    });
    await ws.owner.post('/api/v1/optouts', { channel: 'email', value: 'gone@example.com' });
    expectProblem(
      await ws.owner.post('/api/v1/optouts/reinstate', { channel: 'phone', value: '+12125550111' }),
      400,
      'reason',
    );
    const back = await ws.owner.post('/api/v1/optouts/reinstate', {
      channel: 'phone',
      value: '+12125550111',
      reason: 'Consent given on the web form',
    });
    expect(back.json()).toMatchObject({ pointsChanged: 1, unsuppressed: false });
    expect((await getContact(ws, c.id)).active).toBe(true);
    const gone = await ws.owner.post('/api/v1/optouts/reinstate', {
      channel: 'email',
      value: 'gone@example.com',
      reason: 'Typed by mistake',
    });
    expect(gone.json()).toMatchObject({ pointsChanged: 0, unsuppressed: true });
    expect(await listAll(ws.owner)).toEqual([]);
    expect((await history(ws.owner, 'phone', '+12125550111'))[0]).toMatchObject({
      status: 'active',
      reason: 'Consent given on the web form',
    });
  });
});

describe('importing opt-outs', () => {
  it('reads a pasted list of one channel and a channel,value,reason file, accounting for every line', async () => {
    const ws = await createWorkspace(ctx.app);
    const c = await createContact(ws.owner, { firstName: 'Ola', points: [phone('+12125550123')] });
    const pasted = await ws.owner.post('/api/v1/optouts/import', {
      channel: 'phone',
      reason: 'Do-not-call list',
      text: 'phone\n(212) 555-0123\n+1 212 555 0124\nnot a number\n212-555-0123\n\n',
    });
    expect(pasted.statusCode, pasted.body).toBe(200);
    expect(pasted.json()).toEqual({
      read: 4,
      optedOut: 1,
      pointsChanged: 1,
      suppressed: 1,
      already: 1,
      failed: [{ line: 4, value: 'not a number', error: expect.stringMatching(/not a valid phone number/) }],
    });
    expect((await getContact(ws, c.id)).points[0].status).toBe('opted_out');
    expect((await history(ws.owner, 'phone', '+12125550123'))[0]).toMatchObject({
      source: 'import',
      reason: 'Do-not-call list',
    });

    const file = await ws.owner.post('/api/v1/optouts/import', {
      text: 'channel,value,reason\nemail,A@Example.com,Bounced\nfax,123,\nwhatsapp,+12125550124,\n',
    });
    expect(file.json()).toMatchObject({ read: 3, suppressed: 2, failed: [{ line: 3 }] });
    expect(file.json().failed[0].error).toMatch(/"fax" is not a channel/);
    // Without a header, a first line starting with a channel name is data.
    const bare = await ws.owner.post('/api/v1/optouts/import', { text: 'email,first@example.com' });
    expect(bare.json()).toMatchObject({ read: 1, suppressed: 1 });
    const listed = await listAll(ws.owner);
    expect(listed.find((i) => i.channel === 'email')).toMatchObject({
      normalized: 'a@example.com',
      reason: 'Bounced',
    });
  });

  it('refuses bad input with the field and reason, changing nothing', async () => {
    const ws = await createWorkspace(ctx.app);
    expectProblem(await ws.owner.post('/api/v1/optouts/import', { text: '' }), 400, 'text');
    expectProblem(
      await ws.owner.post('/api/v1/optouts/import', { text: 'x', channel: 'pigeon' }),
      400,
      'channel',
    );
    expectProblem(await ws.owner.post('/api/v1/optouts/import', { text: 42 }), 400, 'text');
    const many = Array.from({ length: 100_001 }, (_, i) => `a${i}@x.io`).join('\n');
    expectProblem(
      await ws.owner.post('/api/v1/optouts/import', { text: many, channel: 'email' }),
      400,
      'text',
      /100,000 lines/,
    );
    expect(await listAll(ws.owner)).toEqual([]);
    expectProblem(
      await ws.owner.post('/api/v1/optouts', { channel: 'phone', value: 'call me' }),
      400,
      'value',
    );
    expectProblem(
      await ws.owner.post('/api/v1/optouts', { channel: 'email', value: 'x'.repeat(400) }),
      400,
      'value',
    );
    expectProblem(
      await ws.owner.post('/api/v1/optouts', { channel: 'email', value: 'a@b.io', extra: 1 }),
      400,
    );
    expectProblem(await ws.owner.get('/api/v1/optouts?cursor=garbage'), 400, 'cursor');
    expectProblem(await ws.owner.get('/api/v1/optouts?channel=pigeon'), 400, 'channel');
  });
});

describe('who may manage opt-outs', () => {
  it('keeps agents out of the list and its changes; keeps workspaces apart', async () => {
    const ws = await createWorkspace(ctx.app);
    const agent = (await ws.addUser('agent')).client;
    await ws.owner.post('/api/v1/optouts', { channel: 'email', value: 'private@example.com' });
    expectProblem(await agent.get('/api/v1/optouts'), 403);
    expectProblem(await agent.post('/api/v1/optouts', { channel: 'email', value: 'x@example.com' }), 403);
    expectProblem(
      await agent.post('/api/v1/optouts/import', { text: 'x@example.com', channel: 'email' }),
      403,
    );
    expectProblem(await agent.get('/api/v1/optouts/history?channel=email&value=private@example.com'), 403);
    // Agents may still ask whether a value may be contacted.
    expect(
      (await check(agent, { values: [{ channel: 'email', value: 'private@example.com' }] })).values[0],
    ).toMatchObject({
      allowed: false,
      reason: 'suppressed',
    });

    const other = await createWorkspace(ctx.app);
    expect(await listAll(other.owner)).toEqual([]);
    expect(
      (await check(other.owner, { values: [{ channel: 'email', value: 'private@example.com' }] })).values[0],
    ).toMatchObject({
      allowed: true,
      reason: null,
    });
  });
});

describe('the suppression check', () => {
  it('says which values and which contacts may be contacted, and why not', async () => {
    const ws = await createWorkspace(ctx.app);
    const ok = await createContact(ws.owner, {
      firstName: 'Ok',
      points: [phone('+12125550131'), phone('+12125550132')],
    });
    const out = await createContact(ws.owner, {
      firstName: 'Out',
      points: [phone('+12125550133', 'opted_out')],
    });
    const twin = await createContact(ws.owner, { firstName: 'Twin', points: [phone('+12125550134')] });
    await createContact(ws.owner, { firstName: 'Other', points: [phone('+12125550134', 'opted_out')] });
    const blocked = await createContact(ws.owner, { firstName: 'Bo', points: [phone('+12125550135')] });
    const res = await ws.owner.post(`/api/v1/contacts/${blocked.id}/block`, { reason: 'Abusive' });
    expect(res.statusCode, res.body).toBe(200);
    const other = await createWorkspace(ctx.app);
    const foreign = await createContact(other.owner, { firstName: 'Far', points: [phone('+12125550136')] });

    const r = await check(ws.owner, {
      values: [
        { channel: 'phone', value: '(212) 555-0131' },
        { channel: 'phone', value: '+12125550133' },
        { channel: 'phone', value: '+12125550135' },
        { channel: 'phone', value: '+12125550199' },
        { channel: 'sms', value: '+12125550133' },
        { channel: 'phone', value: 'nope' },
      ],
      contacts: [
        { contactId: ok.id, channel: 'phone' },
        { contactId: out.id, channel: 'phone' },
        { contactId: twin.id, channel: 'phone' },
        { contactId: blocked.id, channel: 'phone' },
        { contactId: ok.id, channel: 'email' },
        { contactId: foreign.id, channel: 'phone' },
      ],
    });
    expect(r.values.map((v: any) => [v.allowed, v.reason])).toEqual([
      [true, null],
      [false, 'opted_out'],
      [false, 'blocked'],
      [true, null], // unknown to the platform
      [true, null], // opted out of calls, not of texts
      [false, 'invalid'],
    ]);
    expect(r.values[5].message).toMatch(/not a valid phone number/);
    expect(r.contacts.map((c: any) => [c.allowed, c.reason])).toEqual([
      [true, null],
      [false, 'opted_out'],
      [false, 'opted_out'], // its own point is active, but the number opted out on another contact
      [false, 'blocked'],
      [false, 'no_contact_point'],
      [false, 'not_found'],
    ]);
    expect(r.contacts[0].points).toHaveLength(2);

    // An agent asking about a contact it cannot see learns nothing about it.
    const agent = (await ws.addUser('agent')).client;
    expect(
      (await check(agent, { contacts: [{ contactId: ok.id, channel: 'phone' }] })).contacts[0].reason,
    ).toBe('not_found');
  });

  it('refuses empty, oversized and malformed checks', async () => {
    const ws = await createWorkspace(ctx.app);
    expectProblem(
      await ws.owner.post('/api/v1/suppression/check', {}),
      400,
      'values',
      /Give values or contacts/,
    );
    const many = Array.from({ length: 1001 }, () => ({ channel: 'email', value: 'a@b.io' }));
    expectProblem(await ws.owner.post('/api/v1/suppression/check', { values: many }), 400, 'values', /1,000/);
    expectProblem(
      await ws.owner.post('/api/v1/suppression/check', { contacts: [{ contactId: 'x', channel: 'phone' }] }),
      400,
      'contacts.0.contactId',
    );
    expectProblem(await ws.owner.post('/api/v1/suppression/check', { values: 'a@b.io' }), 400, 'values');
  });
});

describe('blocking', () => {
  it('blocks and unblocks with a logged reason, and lists blocked contacts by filter', async () => {
    const ws = await createWorkspace(ctx.app);
    const c = await createContact(ws.owner, { firstName: 'Bea', points: [email('bea@example.com')] });
    await createContact(ws.owner, { firstName: 'Free' });
    const res = await ws.owner.post(`/api/v1/contacts/${c.id}/block`, { reason: 'Spam calls' });
    expect(res.json()).toMatchObject({ blocked: true, blockedReason: 'Spam calls', version: c.version + 1 });
    const filtered = await ws.owner.post('/api/v1/contacts/query', {
      filter: { field: 'blocked', op: 'equals', value: true },
    });
    expect(filtered.statusCode, filtered.body).toBe(200);
    expect(filtered.json().items.map((i: any) => i.firstName)).toEqual(['Bea']);

    const un = await ws.owner.post(`/api/v1/contacts/${c.id}/unblock`);
    expect(un.json()).toMatchObject({ blocked: false, blockedReason: null });
    const logRes = await ws.owner.get(`/api/v1/contacts/${c.id}/changes`);
    expect(logRes.statusCode, logRes.body).toBe(200);
    const log = logRes.json().items;
    expect(log.slice(0, 2).map((e: any) => [e.action, e.changes])).toEqual([
      [
        'unblock',
        [
          { field: 'blocked', before: true, after: false },
          { field: 'blockedReason', before: 'Spam calls', after: null },
        ],
      ],
      [
        'block',
        [
          { field: 'blocked', before: false, after: true },
          { field: 'blockedReason', before: null, after: 'Spam calls' },
        ],
      ],
    ]);

    const agent = (await ws.addUser('agent')).client;
    expectProblem(await agent.post(`/api/v1/contacts/${c.id}/block`), 404);
    const other = await createWorkspace(ctx.app);
    expectProblem(await other.owner.post(`/api/v1/contacts/${c.id}/block`), 404);
    expectProblem(
      await ws.owner.post(`/api/v1/contacts/${c.id}/block`, { reason: 'x'.repeat(501) }),
      400,
      'reason',
    );
  });
});
