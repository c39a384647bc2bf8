import { describe, expect, it } from 'vitest';
import { isInsideWindow } from '../../src/modules/dialer/repo.js';
import {
  createContact,
  createWorkspace,
  expectProblem,
  useTestApp,
  type Client,
  type TestWorkspace,
} from '../helpers.js';

const ctx = useTestApp();

const phone = (value: string, label = 'mobile') => ({ channel: 'phone', label, value });
const email = (value: string) => ({ channel: 'email', label: 'work', value });

/**
 * A fixed-offset zone whose local time now is between 06:00 and 18:59, and a window of hours
 * around it, every day: entries in this zone are callable now, entries 8 hours away are not.
 */
function zoneAwake() {
  const utcHour = new Date().getUTCHours();
  for (let offset = -12; offset <= 14; offset++) {
    const local = (utcHour + offset + 24) % 24;
    if (local >= 6 && local <= 18) {
      // Etc/GMT-3 is UTC+3 (the sign is inverted in these names).
      const name = offset === 0 ? 'Etc/UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
      const asleepOffset = offset + 8 <= 14 ? offset + 8 : offset - 8;
      const asleep = `Etc/GMT${asleepOffset > 0 ? '-' : '+'}${Math.abs(asleepOffset)}`;
      const hh = (h: number) => `${String(h).padStart(2, '0')}:00`;
      return {
        awake: name,
        asleep,
        window: { start: hh(local - 2), end: hh(local + 3), days: [1, 2, 3, 4, 5, 6, 7] },
      };
    }
  }
  throw new Error('no zone awake');
}

async function campaign(client: Client, body: Record<string, unknown> = {}) {
  const res = await client.post('/api/v1/campaigns', {
    name: `Campaign ${Math.random().toString(36).slice(2, 8)}`,
    channels: ['voice'],
    window: zoneAwake().window,
    ...body,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function list(client: Client, campaignId: string, state = 'started') {
  const res = await client.post(`/api/v1/campaigns/${campaignId}/lists`, {
    name: `List ${Math.random()}`,
    state,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function addEntries(client: Client, listId: string, entries: object[]) {
  const res = await client.post(`/api/v1/lists/${listId}/entries`, { entries });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function lease(client: Client, campaignId: string, body: Record<string, unknown> = { count: 10 }) {
  const res = await client.post(`/api/v1/campaigns/${campaignId}/lease`, body);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function outcome(client: Client, item: any, result: string, extra: Record<string, unknown> = {}) {
  const res = await client.post(`/api/v1/list-entries/${item.entryId}/outcome`, {
    leaseId: item.leaseId,
    channel: item.channel,
    address: item.address,
    result,
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function entries(client: Client, listId: string, query = '') {
  const res = await client.get(`/api/v1/lists/${listId}/entries?limit=200${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items as any[];
}

/** A started list on an active campaign, with contacts awake now. */
async function setUp(ws: TestWorkspace, campaignBody: Record<string, unknown> = {}) {
  const c = await campaign(ws.owner, campaignBody);
  const l = await list(ws.owner, c.id);
  return { c, l, zone: zoneAwake() };
}

describe('campaigns', () => {
  it('creates a campaign with defaults, and changes its rules', async () => {
    const ws = await createWorkspace(ctx.app);
    const res = await ws.owner.post('/api/v1/campaigns', { name: 'Renewals', channels: ['voice', 'sms'] });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json();
    expect(c).toMatchObject({
      status: 'active',
      loading: 'lists',
      maxAttempts: 3,
      window: { start: '09:00', end: '20:00', days: [1, 2, 3, 4, 5] },
      closeWhenAllReached: false,
      leaseSeconds: 300,
      retryMinutes: { no_answer: 60, busy: 15, failed: 30, callback: 60 },
      webService: null,
    });
    expect(c.addressRules).toEqual([
      { use: 'voice', channel: 'phone' },
      { use: 'sms', channel: 'sms' },
      { use: 'sms', channel: 'phone', label: 'mobile' },
    ]);
    const patched = await ws.owner.patch(`/api/v1/campaigns/${c.id}`, {
      channels: ['voice', 'email'],
      retryMinutes: { no_answer: 240 },
      status: 'paused',
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json().addressRules).toEqual([
      { use: 'voice', channel: 'phone' },
      { use: 'email', channel: 'email' },
    ]);
    expect(patched.json()).toMatchObject({
      status: 'paused',
      version: 2,
      retryMinutes: { no_answer: 240, busy: 15 },
    });
    const web = await ws.owner.patch(`/api/v1/campaigns/${c.id}`, {
      loading: 'web_service',
      webService: {
        url: 'https://crm.example/contacts',
        headerName: 'Authorization',
        secret: 'Bearer s3cret',
      },
    });
    expect(web.statusCode, web.body).toBe(200);
    expect(web.json().webService).toEqual({
      url: 'https://crm.example/contacts',
      headerName: 'Authorization',
      timeoutMs: 5000,
      secretSet: true,
    });
    expect(web.body).not.toContain('s3cret');
  });

  it('answers bad rules with the field and the reason', async () => {
    const ws = await createWorkspace(ctx.app);
    const post = (body: Record<string, unknown>) =>
      ws.owner.post('/api/v1/campaigns', { name: 'X', channels: ['voice'], ...body });
    expectProblem(await post({ channels: [] }), 400, 'channels', 'at least one');
    expectProblem(await post({ channels: ['fax'] }), 400, 'channels.0');
    expectProblem(
      await post({ window: { start: '20:00', end: '09:00', days: [1] } }),
      400,
      'window.end',
      'before end',
    );
    expectProblem(
      await post({ window: { start: '9am', end: '17:00', days: [1] } }),
      400,
      'window.start',
      'HH:MM',
    );
    expectProblem(await post({ window: { start: '09:00', end: '17:00', days: [8] } }), 400, 'window.days.0');
    expectProblem(await post({ maxAttempts: 0 }), 400, 'maxAttempts', 'at least 1');
    expectProblem(await post({ retryMinutes: { success: 5 } }), 400, 'retryMinutes.success');
    expectProblem(
      await post({ addressRules: [{ use: 'email', channel: 'email' }] }),
      400,
      'addressRules.0.use',
      'not one of',
    );
    expectProblem(await post({ loading: 'web_service' }), 400, 'webService', 'needs its URL');
    expectProblem(await post({ webService: { url: 'ftp://x.example' } }), 400, 'webService.url');
    await post({ name: 'Taken' });
    expectProblem(await post({ name: 'taken' }), 400, 'name', 'another campaign');
    const { client: agent } = await ws.addUser('agent');
    expectProblem(await agent.post('/api/v1/campaigns', { name: 'Mine', channels: ['voice'] }), 403);
    const other = await createWorkspace(ctx.app);
    const theirs = await campaign(other.owner);
    expectProblem(await ws.owner.get(`/api/v1/campaigns/${theirs.id}`), 404);
    expectProblem(await ws.owner.post(`/api/v1/campaigns/${theirs.id}/lists`, { name: 'L' }), 404);
  });
});

describe('contact lists', () => {
  it('adds contacts by id and by address, matching or creating contacts, once per list', async () => {
    const ws = await createWorkspace(ctx.app);
    const { l } = await setUp(ws);
    const ada = await createContact(ws.owner, {
      firstName: 'Ada',
      timeZone: 'Europe/London',
      points: [phone('+44 20 7946 0000')],
    });
    const added = await addEntries(ws.owner, l.id, [
      { contactId: ada.id, priority: 5 },
      // Ada's number written another way: the same contact, already on the list.
      { address: '+44 2079460000', addressChannel: 'phone', timeZone: 'Europe/Lisbon' },
      { address: '+1 415 555 0199', name: 'Grace Hopper', topPriority: true },
    ]);
    expect(added).toEqual({ added: 2, alreadyOnList: 1, created: 1 });
    const rows = await entries(ws.owner, l.id);
    expect(rows.map((e) => e.contact.displayName)).toEqual(['Ada', 'Grace Hopper']);
    expect(rows[0]).toMatchObject({
      state: 'callable',
      priority: 5,
      timeZones: ['Europe/London'],
      address: null,
    });
    // A US number without a known zone: both ends of the country.
    expect(rows[1]).toMatchObject({ topPriority: true, address: '+14155550199', addressChannel: 'phone' });
    expect(rows[1].timeZones).toHaveLength(2);
    expect(rows[1].timeZones).toContain('America/New_York');
    const counted = (await ws.owner.get(`/api/v1/lists/${l.id}`)).json();
    expect(counted.counters).toMatchObject({ total: 2, callable: 2, planning: 0, closed: 0 });
  });

  it('refuses bad entries without adding any', async () => {
    const ws = await createWorkspace(ctx.app);
    const { l } = await setUp(ws);
    const ada = await createContact(ws.owner, { firstName: 'Ada' });
    const post = (list: object[]) => ws.owner.post(`/api/v1/lists/${l.id}/entries`, { entries: list });
    expectProblem(
      await post([{ contactId: ada.id }, { address: '12' }]),
      400,
      'entries.1.address',
      'not a valid phone number',
    );
    expectProblem(await post([{}]), 400, 'entries.0.contactId', 'contactId or address');
    expectProblem(
      await post([{ contactId: ada.id, address: '+14155550100' }]),
      400,
      'entries.0.address',
      'not both',
    );
    expectProblem(await post([{ contactId: ada.id, timeZone: 'Mars/Olympus' }]), 400, 'entries.0.timeZone');
    expectProblem(await post([{ contactId: ada.id, priority: 'high' }]), 400, 'entries.0.priority');
    expectProblem(
      await post([{ contactId: ada.id, preferredAgentId: ada.id }]),
      400,
      'entries.0.preferredAgentId',
    );
    expectProblem(await post(Array(1001).fill({ contactId: ada.id })), 400, 'entries', 'at most 1000');
    const other = await createWorkspace(ctx.app);
    const theirs = await createContact(other.owner, { firstName: 'Eve' });
    expectProblem(await post([{ contactId: theirs.id }]), 400, 'entries.0.contactId', 'No contact');
    expect(await entries(ws.owner, l.id)).toEqual([]);
  });

  it('adds the contacts of a filter or a segment, and only the new ones when run again', async () => {
    const ws = await createWorkspace(ctx.app);
    const { l } = await setUp(ws);
    for (const [i, company] of ['Acme', 'Acme', 'Globex'].entries())
      await createContact(ws.owner, {
        firstName: `P${i}`,
        company,
        points: [phone(`+1 415 555 01${10 + i}`)],
      });
    const filter = { field: 'company', op: 'equals', value: 'Acme' };
    const first = await ws.owner.post(`/api/v1/lists/${l.id}/entries/from-selection`, { filter });
    expect(first.json()).toEqual({ added: 2, alreadyOnList: 0, created: 0 });
    await createContact(ws.owner, { firstName: 'P3', company: 'Acme' });
    const segment = (await ws.owner.post('/api/v1/segments', { name: 'Acme people', filter })).json();
    const again = await ws.owner.post(`/api/v1/lists/${l.id}/entries/from-selection`, {
      segmentId: segment.id,
    });
    expect(again.json()).toEqual({ added: 1, alreadyOnList: 2, created: 0 });
    expect((await ws.owner.get(`/api/v1/lists/${l.id}`)).json()).toMatchObject({
      source: 'filter',
      counters: { total: 3 },
    });
    expectProblem(await ws.owner.post(`/api/v1/lists/${l.id}/entries/from-selection`, {}), 400, 'filter');
    expectProblem(
      await ws.owner.post(`/api/v1/lists/${l.id}/entries/from-selection`, {
        filter: { field: 'nope', op: 'equals', value: 1 },
      }),
      400,
    );
  });
});

describe('leasing', () => {
  it('hands out callable entries in priority order, inside the calling window, from started lists only', async () => {
    const ws = await createWorkspace(ctx.app);
    const { c, l, zone } = await setUp(ws);
    const stopped = await list(ws.owner, c.id, 'stopped');
    const people = [];
    for (let i = 0; i < 6; i++)
      people.push(
        await createContact(ws.owner, { firstName: `N${i}`, points: [phone(`+1 212 555 01${10 + i}`)] }),
      );
    await addEntries(ws.owner, l.id, [
      { contactId: people[0].id, priority: 1, timeZone: zone.awake },
      { contactId: people[1].id, priority: 9, timeZone: zone.awake },
      { contactId: people[2].id, topPriority: true, timeZone: zone.awake },
      { contactId: people[3].id, priority: 99, timeZone: zone.asleep },
      {
        contactId: people[4].id,
        priority: 99,
        timeZone: zone.awake,
        nextTryAt: new Date(Date.now() + 3600_000).toISOString(),
      },
    ]);
    await addEntries(ws.owner, stopped.id, [{ contactId: people[5].id, priority: 99, timeZone: zone.awake }]);

    const got = await lease(ws.owner, c.id, { count: 10 });
    expect(got.items.map((i: any) => i.contact.displayName)).toEqual(['N2', 'N1', 'N0']);
    expect(got.items[0]).toMatchObject({
      channel: 'voice',
      pointChannel: 'phone',
      address: '+12125550112',
      attempts: 0,
    });
    expect(got.flagged).toBe(0);
    // Leased entries are planning; nothing more is callable now.
    expect((await lease(ws.owner, c.id, { count: 10 })).items).toEqual([]);
    expect((await ws.owner.get(`/api/v1/lists/${l.id}`)).json().counters).toMatchObject({
      callable: 2,
      planning: 3,
    });

    // The stopped list starts; a paused campaign hands out nothing.
    await ws.owner.post(`/api/v1/lists/${stopped.id}/start`, {});
    await ws.owner.patch(`/api/v1/campaigns/${c.id}`, { status: 'paused' });
    expectProblem(await ws.owner.post(`/api/v1/campaigns/${c.id}/lease`, { count: 1 }), 409);
    await ws.owner.patch(`/api/v1/campaigns/${c.id}`, { status: 'active' });
    expect((await lease(ws.owner, c.id, { count: 10 })).items.map((i: any) => i.contact.displayName)).toEqual(
      ['N5'],
    );
  });

  it('checks the window in local time, daylight saving included', async () => {
    const w = { window_start: '09:00', window_end: '20:00', window_days: [1, 2, 3, 4, 5] };
    const at = (iso: string) => new Date(iso);
    const db = ctx.app.db;
    // Friday 2026-03-06, before New York's clocks change: 09:00 EST is 14:00 UTC.
    expect(await isInsideWindow(db, ['America/New_York'], w, at('2026-03-06T13:59:00Z'))).toBe(false);
    expect(await isInsideWindow(db, ['America/New_York'], w, at('2026-03-06T14:00:00Z'))).toBe(true);
    // Monday 2026-03-09, after the change: 09:00 EDT is 13:00 UTC.
    expect(await isInsideWindow(db, ['America/New_York'], w, at('2026-03-09T13:00:00Z'))).toBe(true);
    expect(await isInsideWindow(db, ['America/New_York'], w, at('2026-03-09T23:59:00Z'))).toBe(true);
    expect(await isInsideWindow(db, ['America/New_York'], w, at('2026-03-10T00:00:00Z'))).toBe(false);
    // Saturday in New York is not a calling day, though it is still Friday in Los Angeles…
    expect(await isInsideWindow(db, ['America/Los_Angeles'], w, at('2026-03-07T03:30:00Z'))).toBe(true);
    // …and an entry that may be anywhere in the US needs both ends inside the window.
    expect(
      await isInsideWindow(db, ['America/New_York', 'America/Los_Angeles'], w, at('2026-03-06T15:00:00Z')),
    ).toBe(false);
    expect(
      await isInsideWindow(db, ['America/New_York', 'America/Los_Angeles'], w, at('2026-03-06T18:00:00Z')),
    ).toBe(true);
    // London's clocks go forward on 2026-03-29 (a Sunday): Monday 08:30 UTC is 09:30 BST.
    expect(await isInsideWindow(db, ['Europe/London'], w, at('2026-03-30T08:30:00Z'))).toBe(true);
    expect(await isInsideWindow(db, ['Europe/London'], w, at('2026-03-27T08:30:00Z'))).toBe(false);
  });

  it('never hands out an opted-out point or a blocked contact, and flags entries left without one', async () => {
    const ws = await createWorkspace(ctx.app);
    const { c, l, zone } = await setUp(ws);
    const twoPhones = await createContact(ws.owner, {
      firstName: 'Two',
      points: [phone('+1 646 555 0101', 'home'), phone('+1 646 555 0102')],
    });
    const optedOut = await createContact(ws.owner, { firstName: 'Out', points: [phone('+1 646 555 0103')] });
    const blocked = await createContact(ws.owner, {
      firstName: 'Blocked',
      points: [phone('+1 646 555 0104')],
    });
    const emailOnly = await createContact(ws.owner, {
      firstName: 'Mail',
      points: [email('mail@example.com')],
    });
    await addEntries(
      ws.owner,
      l.id,
      [twoPhones, optedOut, blocked, emailOnly].map((p) => ({ contactId: p.id, timeZone: zone.awake })),
    );
    for (const value of ['+1 646 555 0101', '+1 646 555 0103'])
      expect(
        (await ws.owner.post('/api/v1/optouts', { channel: 'phone', value, reason: 'asked' })).statusCode,
      ).toBe(200);
    expect(
      (await ws.owner.post(`/api/v1/contacts/${blocked.id}/block`, { reason: 'abusive' })).statusCode,
    ).toBe(200);

    const got = await lease(ws.owner, c.id, { count: 10 });
    expect(got.items.map((i: any) => [i.contact.displayName, i.address])).toEqual([['Two', '+16465550102']]);
    expect(got.flagged).toBe(3);
    const flagged = await entries(ws.owner, l.id, '&state=flagged');
    expect(Object.fromEntries(flagged.map((e) => [e.contact.displayName, e.flagReason]))).toEqual({
      Out: 'Every address is opted out',
      Blocked: 'The contact is blocked',
      Mail: 'No contact point for the campaign’s channels',
    });
    // Requeued by hand after the opt-out is lifted, it is handed out again.
    await ws.owner.post('/api/v1/optouts/reinstate', {
      channel: 'phone',
      value: '+1 646 555 0103',
      reason: 'consented again',
    });
    const out = flagged.find((e) => e.contact.displayName === 'Out');
    expect(
      (await ws.owner.patch(`/api/v1/list-entries/${out.id}`, { state: 'callable' })).json(),
    ).toMatchObject({
      state: 'callable',
      flagReason: null,
    });
    expect((await lease(ws.owner, c.id, { count: 10 })).items.map((i: any) => i.address)).toEqual([
      '+16465550103',
    ]);
  });

  it('gives two dialers leasing at once different entries', async () => {
    const ws = await createWorkspace(ctx.app);
    const { c, l, zone } = await setUp(ws);
    const key = await ws.apiKey();
    const batch = [];
    for (let i = 0; i < 30; i++)
      batch.push({ address: `+1 305 555 ${String(1000 + i)}`, timeZone: zone.awake });
    await addEntries(ws.owner, l.id, batch);
    const results = await Promise.all([0, 1, 2, 3].map(() => lease(key, c.id, { count: 10 })));
    const ids = results.flatMap((r) => r.items.map((i: any) => i.entryId));
    expect(ids).toHaveLength(30);
    expect(new Set(ids).size).toBe(30);
  });
});

describe('outcomes', () => {
  it('moves entries through their states and records each attempt on the contact', async () => {
    const ws = await createWorkspace(ctx.app);
    const { c, l, zone } = await setUp(ws, { maxAttempts: 2, retryMinutes: { no_answer: 0 } });
    const people = [];
    for (let i = 0; i < 4; i++)
      people.push(
        await createContact(ws.owner, {
          firstName: `O${i}`,
          points: [phone(`+1 718 555 01${10 + i}`), phone(`+1 718 555 02${10 + i}`, 'work')],
        }),
      );
    await addEntries(
      ws.owner,
      l.id,
      people.map((p, i) => ({ contactId: p.id, timeZone: zone.awake, priority: 10 - i })),
    );
    const hook = await ws.owner.post('/api/v1/webhooks', {
      url: 'https://hooks.example.com/outcomes', // never called here: the deliveries are read
      events: ['list_entry.outcome'],
    });
    expect(hook.statusCode, hook.body).toBe(201);
    const [a, b, d, e] = (await lease(ws.owner, c.id, { count: 4 })).items;

    expect(await outcome(ws.owner, a, 'success', { note: 'renewed' })).toMatchObject({
      state: 'closed',
      attempts: 1,
      lastResult: 'success',
      progress: { voice: 'reached' },
    });
    expect(await outcome(ws.owner, b, 'waiting_customer')).toMatchObject({ state: 'open' });
    // An open entry takes a later outcome.
    expect(await outcome(ws.owner, { ...b, leaseId: undefined }, 'customer_closed')).toMatchObject({
      state: 'closed',
    });
    // No answer with a zero delay: callable again now, then out of attempts.
    expect(await outcome(ws.owner, d, 'no_answer')).toMatchObject({ state: 'callable', attempts: 1 });
    // Invalid address: the next number, without spending an attempt.
    expect(await outcome(ws.owner, e, 'invalid_address')).toMatchObject({ state: 'callable', attempts: 0 });
    const again = (await lease(ws.owner, c.id, { count: 4 })).items;
    expect(again.map((i: any) => [i.contact.displayName, i.address])).toEqual([
      ['O2', '+17185550112'],
      ['O3', '+17185550213'],
    ]);
    expect(await outcome(ws.owner, again[0], 'busy')).toMatchObject({ state: 'attempted', attempts: 2 });
    expect(await outcome(ws.owner, again[1], 'invalid_address')).toMatchObject({ state: 'callable' });
    expect((await lease(ws.owner, c.id, { count: 4 })).flagged).toBe(1);
    expect((await ws.owner.get(`/api/v1/lists/${l.id}`)).json().counters).toMatchObject({
      total: 4,
      closed: 2,
      attempted: 1,
      flagged: 1,
    });

    // Each outcome is an event for the workspace's webhooks.
    const events = await ctx.app.db
      .selectFrom('webhook_deliveries')
      .select('payload')
      .where('workspace_id', '=', ws.id)
      .where('event', '=', 'list_entry.outcome')
      .execute();
    expect(events).toHaveLength(7);
    expect(events.map((x: any) => x.payload)).toContainEqual(
      expect.objectContaining({ entryId: a.entryId, result: 'success', state: 'closed', campaignId: c.id }),
    );

    const activities = await ctx.app.db
      .selectFrom('activities')
      .selectAll()
      .where('workspace_id', '=', ws.id)
      .where('contact_id', '=', people[0].id)
      .execute();
    expect(activities).toHaveLength(1);
    expect(activities[0]).toMatchObject({
      kind: 'campaign_attempt',
      channel: 'voice',
      direction: 'outbound',
    });
    expect(activities[0].summary).toBe(`Reached: ${c.name}, voice +17185550110`);
    expect(activities[0].payload).toMatchObject({
      result: 'success',
      note: 'renewed',
      attempt: 1,
      state: 'closed',
    });
  });

  it('takes expired leases back, and refuses outcomes that are not under way', async () => {
    const ws = await createWorkspace(ctx.app);
    const { c, l, zone } = await setUp(ws);
    await addEntries(ws.owner, l.id, [{ address: '+1 312 555 0100', timeZone: zone.awake }]);
    const [first] = (await lease(ws.owner, c.id, { count: 1 })).items;
    expect(Date.parse(first.leaseExpiresAt) - Date.now()).toBeGreaterThan(290_000);
    // The lease runs out (as if 5 minutes passed).
    await ctx.app.db
      .updateTable('list_entries')
      .set({ lease_expires_at: new Date(Date.now() - 1000) })
      .where('workspace_id', '=', ws.id)
      .where('id', '=', first.entryId)
      .execute();
    expect((await ws.owner.get(`/api/v1/lists/${l.id}`)).json().counters).toMatchObject({
      callable: 1,
      planning: 0,
    });
    const [second] = (await lease(ws.owner, c.id, { count: 1 })).items;
    expect(second.entryId).toBe(first.entryId);
    expect(second.leaseId).not.toBe(first.leaseId);
    // The first dialer's late outcome is refused; the second's is recorded.
    const late = await ws.owner.post(`/api/v1/list-entries/${first.entryId}/outcome`, {
      leaseId: first.leaseId,
      channel: 'voice',
      address: first.address,
      result: 'success',
    });
    expectProblem(late, 409);
    expect(late.json().detail).toContain('handed out again');
    expectProblem(
      await ws.owner.post(`/api/v1/list-entries/${first.entryId}/outcome`, {
        channel: 'sms',
        address: 'x',
        result: 'success',
      }),
      400,
      'channel',
    );
    expectProblem(
      await ws.owner.post(`/api/v1/list-entries/${first.entryId}/outcome`, {
        channel: 'voice',
        address: first.address,
        result: 'success',
        nextTryAt: new Date().toISOString(),
      }),
      400,
      'nextTryAt',
    );
    expectProblem(
      await ws.owner.post(`/api/v1/list-entries/${first.entryId}/outcome`, {
        channel: 'voice',
        address: 'x',
        result: 'maybe',
      }),
      400,
      'result',
    );
    const released = await ws.owner.post(`/api/v1/list-entries/${second.entryId}/release`, {
      leaseId: second.leaseId,
    });
    expect(released.json()).toMatchObject({ state: 'callable', attempts: 0 });
    expectProblem(
      await ws.owner.post(`/api/v1/list-entries/${second.entryId}/outcome`, {
        channel: 'voice',
        address: 'x',
        result: 'busy',
      }),
      409,
    );
  });

  it('is for dialers: agents and other workspaces are refused', async () => {
    const ws = await createWorkspace(ctx.app);
    const { c, l, zone } = await setUp(ws);
    await addEntries(ws.owner, l.id, [{ address: '+1 312 555 0100', timeZone: zone.awake }]);
    const { client: agent } = await ws.addUser('agent');
    expectProblem(await agent.post(`/api/v1/campaigns/${c.id}/lease`, { count: 1 }), 403);
    expectProblem(await agent.get(`/api/v1/lists/${l.id}/entries`), 403);
    const other = await createWorkspace(ctx.app);
    expectProblem(await other.owner.post(`/api/v1/campaigns/${c.id}/lease`, { count: 1 }), 404);
    expectProblem(await other.owner.get(`/api/v1/lists/${l.id}`), 404);
    const [item] = (await lease(ws.owner, c.id, { count: 1 })).items;
    expectProblem(
      await other.owner.post(`/api/v1/list-entries/${item.entryId}/outcome`, {
        channel: 'voice',
        address: 'x',
        result: 'busy',
      }),
      404,
    );
    expectProblem(await ws.owner.post(`/api/v1/campaigns/${c.id}/lease`, { count: 0 }), 400, 'count');
    expectProblem(await ws.owner.post(`/api/v1/campaigns/${c.id}/lease`, { count: 501 }), 400, 'count');
    expectProblem(await ws.owner.post(`/api/v1/campaigns/${c.id}/lease`, { count: '5' }), 400, 'count');
  });
});
