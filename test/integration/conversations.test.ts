import { describe, expect, it } from 'vitest';
import { createContact, createWorkspace, expectProblem, useTestApp, type Client } from '../helpers.js';

const ctx = useTestApp();

let seq = 0;
const nextId = () => `conv-${Date.now()}-${seq++}`;

async function inbound(client: Client, body: Record<string, unknown>, status = 201) {
  const res = await client.post('/api/v1/conversations/inbound', { conversationId: nextId(), ...body });
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
}

async function timeline(client: Client, contactId: string, query = '') {
  const res = await client.get(`/api/v1/contacts/${contactId}/activities?limit=200${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

describe('inbound conversations', () => {
  it('finds the sender by any channel, or creates the contact, and records the inquiry', async () => {
    const ws = await createWorkspace(ctx.app);
    const key = await ws.apiKey();
    const known = await createContact(ws.owner, {
      firstName: 'Lena',
      points: [{ channel: 'phone', label: 'mobile', value: '+1 415 555 0142' }],
    });
    // The same number written another way, arriving on WhatsApp: Lena.
    const a = await inbound(key, {
      channel: 'whatsapp',
      from: '(415) 555-0142',
      message: 'Hi, is my order shipped?',
    });
    expect(a).toMatchObject({
      contactId: known.id,
      contactCreated: false,
      blocked: false,
      consent: null,
      replayed: false,
    });
    // New senders: named by the name given, else by their id on a messenger.
    const b = await inbound(key, {
      channel: 'email',
      from: 'Sam.Roe@Example.com',
      name: 'Sam Roe',
      message: 'Invoice?',
    });
    expect(b.contactCreated).toBe(true);
    const sam = (await ws.owner.get(`/api/v1/contacts/${b.contactId}`)).json();
    expect(sam).toMatchObject({ firstName: 'Sam', lastName: 'Roe', source: 'conversation' });
    expect(sam.points).toMatchObject([{ channel: 'email', normalized: 'sam.roe@example.com' }]);
    const c = await inbound(key, { channel: 'telegram', from: '@night_owl', message: 'hello' });
    const owl = (await ws.owner.get(`/api/v1/contacts/${c.contactId}`)).json();
    expect(owl.displayName).toBe('@night_owl');
    // A second message from Sam in other case: the same contact.
    expect((await inbound(key, { channel: 'email', from: 'sam.roe@example.com' })).contactId).toBe(
      b.contactId,
    );

    const items = (await timeline(ws.owner, known.id, '&kind=inquiry')).items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      kind: 'inquiry',
      channel: 'whatsapp',
      direction: 'inbound',
      summary: 'Hi, is my order shipped?',
      actor: { type: 'api_key' },
    });
    expect(items[0].payload).toMatchObject({ from: '(415) 555-0142', blocked: false });
  });

  it('matches the sender on every channel, by the normalised value', async () => {
    const ws = await createWorkspace(ctx.app);
    // Each channel: the value stored on the contact, and the same sender as a platform reports it.
    const cases: [string, string, string][] = [
      ['phone', '+1 415 555 0101', '(415) 555-0101'],
      ['sms', '+1 415 555 0102', '4155550102'],
      ['whatsapp', '+44 7911 123456', '+447911123456'],
      ['email', 'Ana@Example.com', 'ana@example.COM'],
      ['telegram', '@AnaTg', 'anatg'],
      ['twitter', '@AnaTweets', 'anatweets'],
      ['facebook', 'ana.fb.1234', 'ana.fb.1234'],
      ['wechat', 'ana_wx', 'ana_wx'],
      ['linkedin', 'in/ana-li', 'in/ana-li'],
      ['web', 'visitor-77', 'visitor-77'],
      ['other', 'pager 42', 'pager 42'],
    ];
    for (const [channel, stored, reported] of cases) {
      const c = await createContact(ws.owner, {
        firstName: `Ana ${channel}`,
        points: [{ channel, label: 'other', value: stored }],
      });
      const a = await inbound(ws.owner, { channel, from: reported, message: 'hi' });
      expect({ channel, contactId: a.contactId, created: a.contactCreated }).toEqual({
        channel,
        contactId: c.id,
        created: false,
      });
    }
  });

  it('answers a retried conversation with its first answer and creates nothing twice', async () => {
    const ws = await createWorkspace(ctx.app);
    const conversationId = nextId();
    const body = { conversationId, channel: 'sms', from: '+1 646 555 0177', message: 'Call me back' };
    const [first, ...rest] = await Promise.all(
      [0, 1, 2, 3].map(() => ws.owner.post('/api/v1/conversations/inbound', body)),
    );
    const all = [first, ...rest];
    expect(all.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 201]);
    const answers = all.map((r) => r.json());
    expect(new Set(answers.map((a) => a.contactId)).size).toBe(1);
    expect(new Set(answers.map((a) => a.activityId)).size).toBe(1);
    expect(answers.filter((a) => a.replayed)).toHaveLength(3);
    const contacts = (await ws.owner.get('/api/v1/contacts?limit=10')).json().items;
    expect(contacts).toHaveLength(1);
    expect((await timeline(ws.owner, answers[0].contactId, '&kind=inquiry')).items).toHaveLength(1);

    // The sender is known now (its messages take the one-statement path): the same guarantees.
    const again = { ...body, conversationId: nextId(), message: 'Still waiting' };
    const known = await Promise.all(
      [0, 1, 2, 3].map(() => ws.owner.post('/api/v1/conversations/inbound', again)),
    );
    expect(known.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 201]);
    const first201 = known.find((r) => r.statusCode === 201)!.json();
    expect(first201).toMatchObject({
      contactId: answers[0].contactId,
      contactCreated: false,
      replayed: false,
    });
    for (const r of known.filter((x) => x.statusCode === 200))
      expect(r.json()).toEqual({ ...first201, replayed: true });
    const inquiries = (await timeline(ws.owner, answers[0].contactId, '&kind=inquiry')).items;
    expect(inquiries).toHaveLength(2);
    expect(inquiries[0]).toMatchObject({ id: first201.activityId, summary: 'Still waiting' });
    expect(inquiries[0].payload).toEqual({
      conversationId: again.conversationId,
      from: again.from,
      to: null,
      url: null,
      blocked: false,
      consent: null,
      message: 'Still waiting',
    });
  });

  it('creates one contact when a new sender’s first messages arrive together', async () => {
    const ws = await createWorkspace(ctx.app);
    const answers = await Promise.all(
      ['+1 212 555 0190', '212-555-0190', '(212) 555 0190', '+12125550190', '2125550190'].map((from) =>
        inbound(ws.owner, { channel: 'sms', from, message: 'hello' }),
      ),
    );
    expect(new Set(answers.map((a) => a.contactId)).size).toBe(1);
    expect(answers.filter((a) => a.contactCreated)).toHaveLength(1);
    expect((await ws.owner.get('/api/v1/contacts?limit=10')).json().items).toHaveLength(1);
  });

  it('marks a blocked contact’s conversation blocked', async () => {
    const ws = await createWorkspace(ctx.app);
    const troll = await createContact(ws.owner, {
      firstName: 'Troll',
      points: [{ channel: 'phone', label: 'mobile', value: '+1 305 555 0111' }],
    });
    await ws.owner.post(`/api/v1/contacts/${troll.id}/block`, { reason: 'abusive' });
    const a = await inbound(ws.owner, { channel: 'sms', from: '+13055550111', message: 'again' });
    expect(a).toMatchObject({ contactId: troll.id, blocked: true });
    expect((await timeline(ws.owner, troll.id, '&kind=inquiry')).items[0].payload.blocked).toBe(true);
  });

  it('opts the point out on STOP and back in on START, with the workspace’s own words', async () => {
    const ws = await createWorkspace(ctx.app);
    const a = await inbound(ws.owner, { channel: 'sms', from: '+1 718 555 0123', message: ' Stop! ' });
    expect(a).toMatchObject({ consent: 'opted_out', contactCreated: true });
    const point = async () => (await ws.owner.get(`/api/v1/contacts/${a.contactId}`)).json().points[0].status;
    expect(await point()).toBe('opted_out');
    const history = (await ws.owner.get('/api/v1/optouts/history?channel=sms&value=%2B17185550123')).json()
      .items;
    expect(history[0]).toMatchObject({ status: 'opted_out', source: 'inbound' });
    expect(history[0].reason).toContain('Stop!');
    // A sentence with the word in it is a message for a person, not a keyword.
    expect(
      (await inbound(ws.owner, { channel: 'sms', from: '+17185550123', message: 'please do not stop' }))
        .consent,
    ).toBe(null);
    expect(
      (await inbound(ws.owner, { channel: 'sms', from: '+17185550123', message: 'start' })).consent,
    ).toBe('opted_in');
    expect(await point()).toBe('active');

    const patched = await ws.owner.patch('/api/v1/workspace', { optOutKeywords: ['basta', 'STOP'] });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json().optOutKeywords).toEqual(['BASTA', 'STOP']);
    expect(
      (await inbound(ws.owner, { channel: 'sms', from: '+17185550123', message: 'Basta.' })).consent,
    ).toBe('opted_out');
    expect(
      (await inbound(ws.owner, { channel: 'sms', from: '+17185550123', message: 'unsubscribe' })).consent,
    ).toBe(null);
    expectProblem(
      await ws.owner.patch('/api/v1/workspace', { optOutKeywords: [''] }),
      400,
      'optOutKeywords.0',
    );
    // A word opts out or in, not both: checked against the list the patch leaves as it is.
    const both = await ws.owner.patch('/api/v1/workspace', { optInKeywords: ['start', 'Basta'] });
    expectProblem(both, 400, 'optInKeywords');
    expect(both.json().detail).toContain('"BASTA" is also an opt-out keyword: a word can only do one');
    expectProblem(
      await ws.owner.patch('/api/v1/workspace', {
        optOutKeywords: ['stop', 'start'],
        optInKeywords: ['START'],
      }),
      400,
      'optInKeywords',
    );
    expect((await ws.owner.get('/api/v1/workspace')).json()).toMatchObject({
      optOutKeywords: ['BASTA', 'STOP'],
      optInKeywords: expect.arrayContaining(['START']),
    });
    // Keywords are kept as messages are read: without trailing punctuation, spaces collapsed.
    const tidied = await ws.owner.patch('/api/v1/workspace', {
      optOutKeywords: ['Stop!', ' opt   out ', 'basta.'],
    });
    expect(tidied.json().optOutKeywords).toEqual(['STOP', 'OPT OUT', 'BASTA']);
    expect(
      (await inbound(ws.owner, { channel: 'sms', from: '+17185550123', message: 'Opt out!' })).consent,
    ).toBe('opted_out');
    const onlyPunctuation = await ws.owner.patch('/api/v1/workspace', { optOutKeywords: ['STOP', '!!!'] });
    expectProblem(onlyPunctuation, 400, 'optOutKeywords.1');
    expect(onlyPunctuation.json().detail).toContain('"!!!" is only punctuation');
  });

  it('keeps a suppressed sender opted out when it becomes a contact', async () => {
    const ws = await createWorkspace(ctx.app);
    await ws.owner.post('/api/v1/optouts', {
      channel: 'phone',
      value: '+1 503 555 0144',
      reason: 'DNC list',
    });
    const a = await inbound(ws.owner, { channel: 'phone', from: '503-555-0144', name: 'Ann Lee' });
    const contact = (await ws.owner.get(`/api/v1/contacts/${a.contactId}`)).json();
    expect(contact.points[0].status).toBe('opted_out');
  });

  it('answers bad input with the field, and never reaches into another workspace', async () => {
    const ws = await createWorkspace(ctx.app);
    const post = (body: Record<string, unknown>) => ws.owner.post('/api/v1/conversations/inbound', body);
    expectProblem(await post({ channel: 'sms', from: '+14155550100' }), 400, 'conversationId');
    expectProblem(await post({ conversationId: 'x', channel: 'fax', from: '1' }), 400, 'channel');
    expectProblem(
      await post({ conversationId: 'x', channel: 'sms', from: '12' }),
      400,
      'from',
      'not a valid phone',
    );
    expectProblem(await post({ conversationId: 'x', channel: 'email', from: 'nope' }), 400, 'from');
    expectProblem(
      await post({ conversationId: 'x', channel: 'sms', from: '+14155550100', message: 'x'.repeat(10_001) }),
      400,
      'message',
    );
    expectProblem(
      await post({ conversationId: 'x'.repeat(201), channel: 'sms', from: '+14155550100' }),
      400,
      'conversationId',
    );
    const other = await createWorkspace(ctx.app);
    const theirs = await createContact(other.owner, {
      firstName: 'Theirs',
      points: [{ channel: 'phone', label: 'mobile', value: '+1 415 555 0199' }],
    });
    const mine = await inbound(ws.owner, { channel: 'sms', from: '+14155550199' });
    expect(mine.contactId).not.toBe(theirs.id);
    expect(mine.contactCreated).toBe(true);
    // The same conversation id in another workspace is another conversation.
    const id = nextId();
    expect(
      (
        await other.owner.post('/api/v1/conversations/inbound', {
          conversationId: id,
          channel: 'sms',
          from: '+14155550199',
        })
      ).statusCode,
    ).toBe(201);
    expect(
      (
        await ws.owner.post('/api/v1/conversations/inbound', {
          conversationId: id,
          channel: 'sms',
          from: '+14155550199',
        })
      ).statusCode,
    ).toBe(201);
  });
});

describe('activities and the timeline', () => {
  it('records activities by contact id or contact point, once per externalId', async () => {
    const ws = await createWorkspace(ctx.app);
    const key = await ws.apiKey();
    const c = await createContact(ws.owner, {
      firstName: 'Ida',
      points: [{ channel: 'email', label: 'work', value: 'ida@example.com' }],
    });
    const first = await key.post('/api/v1/activities', {
      contact: { channel: 'email', value: 'IDA@example.com' },
      kind: 'page_visit',
      channel: 'web',
      summary: 'Visited /pricing',
      payload: { url: 'https://example.com/pricing' },
      externalId: 'visit-1',
    });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({
      created: true,
      activity: { contactId: c.id, kind: 'page_visit', externalId: 'visit-1' },
    });
    const again = await key.post('/api/v1/activities', {
      contactId: c.id,
      kind: 'page_visit',
      externalId: 'visit-1',
    });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({
      created: false,
      activity: { id: first.json().activity.id, summary: 'Visited /pricing' },
    });

    const batch = await key.post('/api/v1/activities/batch', {
      items: [
        {
          contactId: c.id,
          kind: 'call',
          direction: 'outbound',
          channel: 'voice',
          summary: 'Left a voicemail',
        },
        { contactId: c.id, kind: 'email', direction: 'outbound', externalId: 'visit-1' },
      ],
    });
    expect(batch.statusCode, batch.body).toBe(200);
    expect(batch.json()).toMatchObject({ created: 1, existing: 1 });
    expect(batch.json().ids[1]).toBe(first.json().activity.id);
  });

  it('refuses a batch with a bad item, storing none of it', async () => {
    const ws = await createWorkspace(ctx.app);
    const c = await createContact(ws.owner, { firstName: 'Ida' });
    const other = await createWorkspace(ctx.app);
    const theirs = await createContact(other.owner, { firstName: 'Eve' });
    const post = (items: object[]) => ws.owner.post('/api/v1/activities/batch', { items });
    expectProblem(
      await post([
        { contactId: c.id, kind: 'call' },
        { contact: { channel: 'email', value: 'nobody@example.com' }, kind: 'email' },
      ]),
      400,
      'items.1.contact.value',
      'No contact has this value',
    );
    expectProblem(
      await post([{ contactId: theirs.id, kind: 'call' }]),
      400,
      'items.0.contactId',
      'No contact',
    );
    expectProblem(await post([{ contactId: c.id, kind: 'fax' }]), 400, 'items.0.kind');
    expectProblem(
      await post([{ contactId: c.id, kind: 'call', occurredAt: '2999-01-01T00:00:00Z' }]),
      400,
      'items.0.occurredAt',
      'future',
    );
    expectProblem(
      await post([{ contactId: c.id, kind: 'call', payload: { blob: 'x'.repeat(20_000) } }]),
      400,
      'items.0.payload',
    );
    expectProblem(await post(Array(1001).fill({ contactId: c.id, kind: 'call' })), 400, 'items');
    expectProblem(await ws.owner.post('/api/v1/activities', { kind: 'call' }), 400, 'contactId');
    expect((await timeline(ws.owner, c.id, '&kind=call')).items).toEqual([]);
  });

  it('reads the timeline newest first with the contact’s changes, filtered and paged', async () => {
    const ws = await createWorkspace(ctx.app);
    const c = await createContact(ws.owner, { firstName: 'Tim' });
    await ws.owner.patch(`/api/v1/contacts/${c.id}`, { company: 'Initech' }, { 'if-match': '"1"' });
    const times = ['2026-01-05T10:00:00Z', '2026-02-05T10:00:00Z', '2026-03-05T10:00:00Z'];
    for (const [i, occurredAt] of times.entries())
      await ws.owner.post('/api/v1/activities', {
        contactId: c.id,
        kind: i === 1 ? 'sms' : 'call',
        occurredAt,
        summary: `#${i}`,
      });
    const note = await ws.owner.post(`/api/v1/contacts/${c.id}/notes`, { text: 'Prefers mornings' });
    expect(note.statusCode, note.body).toBe(201);

    const all = (await timeline(ws.owner, c.id)).items;
    expect(all.map((a: any) => a.kind)).toEqual(['note', 'change', 'change', 'call', 'sms', 'call']);
    expect(all[1].summary).toBe('Updated');
    expect(all[2].summary).toBe('Created');
    expect((await timeline(ws.owner, c.id, '&kind=call,sms')).items.map((a: any) => a.summary)).toEqual([
      '#2',
      '#1',
      '#0',
    ]);
    const window = await timeline(ws.owner, c.id, `&from=2026-02-01T00:00:00Z&to=2026-03-01T00:00:00Z`);
    expect(window.items.map((a: any) => a.summary)).toEqual(['#1']);

    const seen: string[] = [];
    let cursor = '';
    for (let i = 0; i < 10; i++) {
      const res = await ws.owner.get(
        `/api/v1/contacts/${c.id}/activities?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      const page = res.json();
      seen.push(...page.items.map((a: any) => a.id));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(all.map((a: any) => a.id));
    expectProblem(await ws.owner.get(`/api/v1/contacts/${c.id}/activities?kind=gossip`), 400, 'kind');
    expectProblem(await ws.owner.get(`/api/v1/contacts/${c.id}/activities?cursor=abc`), 400, 'cursor');
  });

  it('shows agents only their contacts’ timelines', async () => {
    const ws = await createWorkspace(ctx.app);
    const { client: agent } = await ws.addUser('agent');
    const mine = await createContact(agent, { firstName: 'Mine' });
    const notMine = await createContact(ws.owner, { firstName: 'Owner’s' });
    expect((await agent.post(`/api/v1/contacts/${mine.id}/notes`, { text: 'called' })).statusCode).toBe(201);
    expectProblem(await agent.post(`/api/v1/contacts/${notMine.id}/notes`, { text: 'x' }), 404);
    expectProblem(await agent.get(`/api/v1/contacts/${notMine.id}/activities`), 404);
    expectProblem(
      await agent.post('/api/v1/activities', { contactId: notMine.id, kind: 'call' }),
      400,
      'contactId',
    );
  });
});
