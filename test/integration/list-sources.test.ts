import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobDefinitions } from '../../src/jobs/registry.js';
import { runDueSchedules } from '../../src/modules/lists/schedule.js';
import { LIST_SCHEDULES_JOB } from '../../src/modules/lists/schedule-job.js';
import { fetchWebService } from '../../src/modules/lists/web-service-fetch.js';
import { AppError } from '../../src/server/errors.js';
import {
  createContact,
  createWorkspace,
  expectProblem,
  useTestApp,
  type Client,
  type TestWorkspace,
} from '../helpers.js';

const ctx = useTestApp();

/** A fixed-offset zone whose local time now is mid-day, and a calling window around it (as in outbound.test.ts). */
function zoneAwake() {
  const utcHour = new Date().getUTCHours();
  for (let offset = -12; offset <= 14; offset++) {
    const local = (utcHour + offset + 24) % 24;
    if (local >= 6 && local <= 18) {
      const name = offset === 0 ? 'Etc/UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
      const hh = (h: number) => `${String(h).padStart(2, '0')}:00`;
      return {
        awake: name,
        window: { start: hh(local - 2), end: hh(local + 3), days: [1, 2, 3, 4, 5, 6, 7] },
      };
    }
  }
  throw new Error('no zone awake');
}

const suffix = () => Math.random().toString(36).slice(2, 8);

async function campaign(client: Client, body: Record<string, unknown> = {}) {
  const res = await client.post('/api/v1/campaigns', {
    name: `Campaign ${suffix()}`,
    channels: ['voice'],
    window: zoneAwake().window,
    ...body,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function list(client: Client, campaignId: string) {
  const res = await client.post(`/api/v1/campaigns/${campaignId}/lists`, {
    name: `List ${suffix()}`,
    state: 'started',
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function entries(client: Client, listId: string, query = '') {
  const res = await client.get(`/api/v1/lists/${listId}/entries?limit=200${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items as any[];
}

// ---- list schedules ----

/** Makes the list's schedule due, as if its time had come. */
async function makeDue(listId: string) {
  await ctx.app.db
    .updateTable('contact_lists')
    .set({ next_run_at: new Date(Date.now() - 60_000) })
    .where('id', '=', listId)
    .execute();
}

const runsOf = (runs: Awaited<ReturnType<typeof runDueSchedules>>, listId: string) =>
  runs.filter((r) => r.listId === listId);

async function filledFromFilter(ws: TestWorkspace, client: Client = ws.owner) {
  const c = await campaign(client);
  const l = await list(client, c.id);
  for (const name of ['Ann', 'Bob'])
    await createContact(ws.owner, { firstName: name, company: 'Acme', points: [phone()] });
  const res = await client.post(`/api/v1/lists/${l.id}/entries/from-selection`, {
    filter: { field: 'company', op: 'equals', value: 'Acme' },
  });
  expect(res.json()).toMatchObject({ added: 2 });
  return l;
}

let phoneNumber = 100;
const phone = () => ({ channel: 'phone', label: 'mobile', value: `+1 415 555 0${phoneNumber++}` });

describe('list schedules', () => {
  it('turns re-runs on with defaults, shows them on the list, changes and turns them off', async () => {
    const ws = await createWorkspace(ctx.app);
    const l = await filledFromFilter(ws);
    const before = Date.now();
    // No body at all: the defaults.
    const on = await ws.owner.request('PUT', `/api/v1/lists/${l.id}/schedule`);
    expect(on.statusCode, on.body).toBe(200);
    const schedule = on.json().schedule;
    expect(schedule).toMatchObject({ cron: '0 0 * * *', timeZone: 'UTC', lastError: null });
    // Daily at 00:00 UTC: the coming midnight.
    expect(schedule.nextRunAt).toMatch(/T00:00:00\.000Z$/);
    const next = Date.parse(schedule.nextRunAt);
    expect(next).toBeGreaterThan(before);
    expect(next - before).toBeLessThanOrEqual(24 * 3600_000);
    expect(schedule.lastRunAt).not.toBeNull();
    expect((await ws.owner.get(`/api/v1/lists/${l.id}`)).json().schedule).toEqual(schedule);

    const changed = await ws.owner.put(`/api/v1/lists/${l.id}/schedule`, {
      cron: '30  6 * * 1-5',
      timeZone: 'Europe/Paris',
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().schedule).toMatchObject({ cron: '30 6 * * 1-5', timeZone: 'Europe/Paris' });
    const local = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Paris',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
    }).format(new Date(changed.json().schedule.nextRunAt));
    expect(local).toMatch(/^(Mon|Tue|Wed|Thu|Fri) 06:30$/);

    const off = await ws.owner.delete(`/api/v1/lists/${l.id}/schedule`);
    expect(off.statusCode, off.body).toBe(204);
    expect((await ws.owner.get(`/api/v1/lists/${l.id}`)).json().schedule).toBeNull();
    expect((await ws.owner.delete(`/api/v1/lists/${l.id}/schedule`)).statusCode).toBe(204);
    expect(runsOf(await runDueSchedules(ctx.app.db), l.id)).toEqual([]);
  });

  it('runs due schedules once, adding only new matches, with everything the workspace has', async () => {
    const ws = await createWorkspace(ctx.app);
    const admin = await ws.addUser('admin');
    const l = await filledFromFilter(ws, admin.client);
    expect((await admin.client.put(`/api/v1/lists/${l.id}/schedule`, {})).statusCode).toBe(200);
    const { lastRunAt: filledAt } = (await ws.owner.get(`/api/v1/lists/${l.id}`)).json().schedule;

    // Not due yet: nothing runs.
    expect(runsOf(await runDueSchedules(ctx.app.db), l.id)).toEqual([]);

    // A new match owned by an agent and shared with no one; and the list's creator is demoted.
    const agent = await ws.addUser('agent');
    await createContact(agent.client, { firstName: 'Cy', company: 'Acme', points: [phone()] });
    await createContact(ws.owner, { firstName: 'Dee', company: 'Globex', points: [phone()] });
    expect((await ws.owner.patch(`/api/v1/users/${admin.id}`, { role: 'agent' })).statusCode).toBe(200);

    await makeDue(l.id);
    // Two schedulers at once (two servers): the list runs once.
    const [a, b] = await Promise.all([runDueSchedules(ctx.app.db), runDueSchedules(ctx.app.db)]);
    expect([...runsOf(a, l.id), ...runsOf(b, l.id)]).toEqual([
      { workspaceId: ws.id, listId: l.id, added: 1, error: null },
    ]);
    const after = (await ws.owner.get(`/api/v1/lists/${l.id}`)).json();
    expect(after.counters).toMatchObject({ total: 3, callable: 3 });
    expect(Date.parse(after.schedule.lastRunAt)).toBeGreaterThan(Date.parse(filledAt));
    expect(Date.parse(after.schedule.nextRunAt)).toBeGreaterThan(Date.now());
    expect(after.schedule.lastError).toBeNull();
    expect((await entries(ws.owner, l.id)).map((e) => e.contact.displayName).sort()).toEqual([
      'Ann',
      'Bob',
      'Cy',
    ]);
    // Run again with nothing new: nothing added, nothing doubled.
    await makeDue(l.id);
    expect(runsOf(await runDueSchedules(ctx.app.db), l.id)).toMatchObject([{ added: 0, error: null }]);
    expect(runsOf(await runDueSchedules(ctx.app.db), l.id)).toEqual([]);
  });

  it('is run by the scheduler job', async () => {
    const ws = await createWorkspace(ctx.app);
    const l = await filledFromFilter(ws);
    await ws.owner.put(`/api/v1/lists/${l.id}/schedule`, { cron: '0 * * * *' });
    await createContact(ws.owner, { firstName: 'Cy', company: 'Acme', points: [phone()] });
    await makeDue(l.id);
    const job = jobDefinitions({
      db: ctx.app.db,
      config: ctx.app.config,
      log: ctx.app.log,
      engine: ctx.app.engine,
      queue: () => ctx.app.queue,
    }).find((j) => j.name === LIST_SCHEDULES_JOB.name)!;
    await job.handler(job.payload.parse({}), { id: 'test', attempt: 1 });
    const after = (await ws.owner.get(`/api/v1/lists/${l.id}`)).json();
    expect(after.counters.total).toBe(3);
    expect(new Date(after.schedule.nextRunAt).getUTCMinutes()).toBe(0);
  });

  it('reads a segment as it is at each run, and says why a run failed', async () => {
    const ws = await createWorkspace(ctx.app);
    const c = await campaign(ws.owner);
    const l = await list(ws.owner, c.id);
    await createContact(ws.owner, { firstName: 'Ann', company: 'Acme', points: [phone()] });
    await createContact(ws.owner, { firstName: 'Gil', company: 'Globex', points: [phone()] });
    const segment = (
      await ws.owner.post('/api/v1/segments', {
        name: `Acme ${suffix()}`,
        filter: { field: 'company', op: 'equals', value: 'Acme' },
      })
    ).json();
    await ws.owner.post(`/api/v1/lists/${l.id}/entries/from-selection`, { segmentId: segment.id });
    expect((await ws.owner.put(`/api/v1/lists/${l.id}/schedule`, { cron: '*/5 * * * *' })).statusCode).toBe(
      200,
    );

    const patched = await ws.owner.patch(`/api/v1/segments/${segment.id}`, {
      filter: { field: 'company', op: 'equals', value: 'Globex' },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    await makeDue(l.id);
    expect(runsOf(await runDueSchedules(ctx.app.db), l.id)).toMatchObject([{ added: 1, error: null }]);

    expect((await ws.owner.delete(`/api/v1/segments/${segment.id}`)).statusCode).toBe(204);
    await makeDue(l.id);
    const [failed] = runsOf(await runDueSchedules(ctx.app.db), l.id);
    expect(failed).toMatchObject({ added: null, error: expect.stringMatching(/segment .*was deleted/) });
    const shown = (await ws.owner.get(`/api/v1/lists/${l.id}`)).json();
    expect(shown.schedule).toMatchObject({ cron: '*/5 * * * *', lastError: failed.error });
    expect(Date.parse(shown.schedule.nextRunAt)).toBeGreaterThan(Date.now());
    expect(shown.counters.total).toBe(2);
  });

  it('answers bad schedules with the field and the reason', async () => {
    const ws = await createWorkspace(ctx.app);
    const l = await filledFromFilter(ws);
    const put = (body: unknown) => ws.owner.put(`/api/v1/lists/${l.id}/schedule`, body as any);
    expectProblem(await put({ cron: 'every day' }), 400, 'cron', 'five fields');
    expectProblem(await put({ cron: '@daily' }), 400, 'cron', 'five fields');
    expectProblem(await put({ cron: '0 0 0 * * *' }), 400, 'cron', 'five fields');
    expectProblem(await put({ cron: '61 * * * *' }), 400, 'cron', /61.*0-59/);
    expectProblem(await put({ cron: '0 0 30 2 *' }), 400, 'cron');
    expectProblem(await put({ cron: 5 }), 400, 'cron');
    expectProblem(await put({ cron: '' }), 400, 'cron');
    expectProblem(await put({ timeZone: 'Mars/Olympus' }), 400, 'timeZone', 'IANA');
    expectProblem(await put({ every: 'day' }), 400, 'every');
    expect((await ws.owner.get(`/api/v1/lists/${l.id}`)).json().schedule).toBeNull();

    // A list filled by hand has nothing to run again.
    const c = await campaign(ws.owner);
    const byHand = await list(ws.owner, c.id);
    const none = expectProblem(await ws.owner.put(`/api/v1/lists/${byHand.id}/schedule`, {}), 400);
    expect(none.detail).toMatch(/add contacts from a filter or segment first/);

    // Other workspaces do not see the list; agents may not schedule; ids are list ids.
    const other = await createWorkspace(ctx.app);
    expectProblem(await other.owner.put(`/api/v1/lists/${l.id}/schedule`, {}), 404);
    expectProblem(await other.owner.delete(`/api/v1/lists/${l.id}/schedule`), 404);
    const { client: agent } = await ws.addUser('agent');
    expectProblem(await agent.put(`/api/v1/lists/${l.id}/schedule`, {}), 403);
    expectProblem(await agent.delete(`/api/v1/lists/${l.id}/schedule`), 403);
    expectProblem(await ws.owner.put('/api/v1/lists/not-a-uuid/schedule', {}), 400, 'id');
    expectProblem(await ws.owner.put('/api/v1/lists/0190a000-0000-7000-8000-000000000000/schedule', {}), 404);
  });
});

// ---- the contact web service ----

interface Served {
  status?: number;
  body?: unknown;
}

const service = {
  server: null as http.Server | null,
  base: '',
  /** What /contacts and /wrapped answer. */
  contacts: [] as unknown[],
  lastHeaders: {} as http.IncomingHttpHeaders,
};

const SIX_MB = 6 * 1024 * 1024;

beforeAll(async () => {
  service.server = http.createServer((req, res) => {
    const json = (x: Served) => {
      res.writeHead(x.status ?? 200, { 'content-type': 'application/json' });
      res.end(typeof x.body === 'string' ? x.body : JSON.stringify(x.body));
    };
    switch (req.url) {
      case '/contacts':
        service.lastHeaders = req.headers;
        return json({ body: service.contacts });
      case '/wrapped':
        return json({ body: { items: service.contacts, total: service.contacts.length } });
      case '/slow':
        return void setTimeout(() => json({ body: [] }), 1500).unref();
      case '/stalls':
        // Headers at once, then the body never ends.
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.write('[');
      case '/bad-json':
        return json({ body: '[{"phone": ' });
      case '/not-a-list':
        return json({ body: { hello: 'world' } });
      case '/huge': {
        const body = Buffer.alloc(SIX_MB, ' ');
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
        return void res.end(body);
      }
      case '/huge-chunked': {
        // No content-length: the size is found while reading.
        res.writeHead(200, { 'content-type': 'application/json' });
        const chunk = Buffer.alloc(64 * 1024, ' ');
        let sent = 0;
        const more = () => {
          while (sent < SIX_MB) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', more);
          }
          res.end('[]');
        };
        res.on('error', () => {});
        return more();
      }
      case '/fail':
        return json({ status: 500, body: { error: 'database down' } });
      case '/moved':
        res.writeHead(302, { location: '/contacts' });
        return void res.end();
      default:
        return json({ status: 404, body: { error: 'no such path' } });
    }
  });
  await new Promise<void>((resolve) => service.server!.listen(0, '127.0.0.1', resolve));
  service.base = `http://127.0.0.1:${(service.server!.address() as AddressInfo).port}`;
});

afterAll(async () => {
  service.server?.closeAllConnections();
  await new Promise((resolve) => service.server?.close(resolve));
});

async function webCampaign(ws: TestWorkspace, path = '/contacts', extra: Record<string, unknown> = {}) {
  return campaign(ws.owner, {
    loading: 'web_service',
    webService: { url: `${service.base}${path}`, headerName: 'X-Api-Key', secret: 's3cret', timeoutMs: 2000 },
    ...extra,
  });
}

const load = (client: Client, campaignId: string) =>
  client.request('POST', `/api/v1/campaigns/${campaignId}/web-service/load`);

async function loaded(client: Client, campaignId: string) {
  const res = await load(client, campaignId);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

describe('contact web service', () => {
  it('loads the answered contacts into the campaign’s Web service list, once each', async () => {
    const ws = await createWorkspace(ctx.app);
    const { awake } = zoneAwake();
    const c = await webCampaign(ws);
    service.contacts = [
      { id: 'A1', phone: '+1 415 555 0101', name: 'Ada', priority: 5, timeZone: awake, plan: 'gold' },
      { id: 'A2', phone: '(415) 555-0102', topPriority: true },
      { id: 'A1', phone: '+1 415 555 0199' },
      { phone: 'not a number' },
      { name: 'No address' },
      'just a string',
      { email: 'ada@example.com' },
      { address: '+1 415 555 0103', channel: 'sms' },
      { id: 7, phone: '+1 415 555 0104', priority: 5000 },
    ];
    const first = await loaded(ws.owner, c.id);
    expect(first).toMatchObject({ fetched: 9, added: 3, skipped: 1, dropped: 0, rejectedCount: 5 });
    expect(Object.fromEntries(first.rejected.map((r: any) => [r.index, r.reason]))).toEqual({
      3: expect.stringMatching(/^phone: .*not a valid phone number/),
      4: expect.stringMatching(/no address/),
      5: 'is not an object',
      6: expect.stringMatching(/no address the campaign can use.*voice.*email/),
      8: expect.stringMatching(/^priority: must be at most 1000/),
    });
    expect(service.lastHeaders).toMatchObject({ 'x-api-key': 's3cret', accept: 'application/json' });

    const lists = (await ws.owner.get(`/api/v1/campaigns/${c.id}/lists`)).json().items;
    expect(lists).toHaveLength(1);
    expect(lists[0]).toMatchObject({
      id: first.listId,
      name: 'Web service',
      source: 'web_service',
      state: 'started',
      schedule: null,
      counters: { total: 3, callable: 3 },
    });
    const shown = await entries(ws.owner, first.listId);
    expect(shown.map((e) => [e.contact, e.addressChannel, e.address, e.priority, e.topPriority])).toEqual([
      [null, 'phone', '+14155550101', 5, false],
      [null, 'phone', '+14155550102', 0, true],
      [null, 'sms', '+14155550103', 0, false],
    ]);
    expect(shown[0].timeZones).toEqual([awake]);
    const payloads = await ctx.app.db
      .selectFrom('list_entries')
      .select('payload')
      .where('workspace_id', '=', ws.id)
      .where('list_id', '=', first.listId)
      .orderBy('id')
      .execute();
    expect(payloads[0].payload).toEqual(service.contacts[0]);

    // Loaded again: the same items are skipped (by id, else by address); a new one is added,
    // also when the answer is wrapped in { items }.
    expect(await loaded(ws.owner, c.id)).toMatchObject({
      fetched: 9,
      added: 0,
      skipped: 4,
      rejectedCount: 5,
    });
    service.contacts = [
      { id: 'A1', phone: '+1 415 555 0101' },
      { id: 'A3', phone: '+1 415 555 0105' },
    ];
    await ws.owner.patch(`/api/v1/campaigns/${c.id}`, {
      webService: { url: `${service.base}/wrapped`, headerName: 'X-Api-Key', timeoutMs: 2000 },
    });
    expect(await loaded(ws.owner, c.id)).toMatchObject({
      listId: first.listId,
      fetched: 2,
      added: 1,
      skipped: 1,
      rejected: [],
    });
  });

  it('never hands out a suppressed number, and drops entries once they are done', async () => {
    const ws = await createWorkspace(ctx.app);
    const { awake } = zoneAwake();
    const c = await webCampaign(ws);
    service.contacts = ['0101', '0102', '0103'].map((n, i) => ({
      id: `S${i + 1}`,
      phone: `+1 212 555 ${n}`,
      timeZone: awake,
    }));
    const suppress = await ws.owner.post('/api/v1/optouts', {
      channel: 'phone',
      value: '+1 212 555 0102',
      reason: 'do not call',
    });
    expect(suppress.statusCode, suppress.body).toBe(200);
    const { listId, added } = await loaded(ws.owner, c.id);
    expect(added).toBe(3);

    const lease = async () => {
      const res = await ws.owner.post(`/api/v1/campaigns/${c.id}/lease`, { count: 10 });
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };
    const got = await lease();
    expect(got.items.map((i: any) => [i.contact, i.address])).toEqual([
      [null, '+12125550101'],
      [null, '+12125550103'],
    ]);
    expect(got.flagged).toBe(1);
    const [flagged] = await entries(ws.owner, listId, '&state=flagged');
    expect(flagged).toMatchObject({ address: '+12125550102', flagReason: 'The address is opted out' });
    // Put back in the queue by hand, it is still not handed out.
    await ws.owner.patch(`/api/v1/list-entries/${flagged.id}`, { state: 'callable' });
    expect(await lease()).toMatchObject({ items: [], flagged: 1 });

    const outcome = async (item: any, result: string) => {
      const res = await ws.owner.post(`/api/v1/list-entries/${item.entryId}/outcome`, {
        leaseId: item.leaseId,
        channel: item.channel,
        address: item.address,
        result,
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };
    expect((await outcome(got.items[0], 'success')).state).toBe('closed');
    expect((await outcome(got.items[1], 'no_answer')).state).toBe('callable');
    // Done entries stay visible until the next load, which drops them (closed and flagged)…
    expect((await ws.owner.get(`/api/v1/lists/${listId}`)).json().counters).toMatchObject({
      closed: 1,
      flagged: 1,
      callable: 1,
    });
    expect(await loaded(ws.owner, c.id)).toMatchObject({ fetched: 3, added: 0, skipped: 3, dropped: 2 });
    expect((await entries(ws.owner, listId)).map((e) => e.address)).toEqual(['+12125550103']);
    // …and an item the service keeps answering after that comes back at the following load.
    expect(await loaded(ws.owner, c.id)).toMatchObject({ added: 2, skipped: 1, dropped: 0 });
    expect(await lease()).toMatchObject({ items: [{ address: '+12125550101' }], flagged: 1 });
  });

  it('answers 502 when the service fails, and writes nothing', async () => {
    const ws = await createWorkspace(ctx.app);
    const c = await webCampaign(ws);
    const at = async (path: string, timeoutMs = 2000) => {
      const res = await ws.owner.patch(`/api/v1/campaigns/${c.id}`, {
        webService: { url: `${service.base}${path}`, headerName: 'X-Api-Key', timeoutMs },
      });
      expect(res.statusCode, res.body).toBe(200);
      return load(ws.owner, c.id);
    };
    expectProblem(await at('/slow', 200), 502, 'webService', 'the web service did not answer within 200 ms');
    expectProblem(
      await at('/stalls', 200),
      502,
      'webService',
      'the web service did not answer within 200 ms',
    );
    expectProblem(await at('/fail'), 502, 'webService', /answered HTTP 500/);
    expectProblem(await at('/moved'), 502, 'webService', /HTTP 302.*redirects are not followed/);
    const notAList = 'the web service answered something that is not a JSON list of contacts';
    expectProblem(await at('/bad-json'), 502, 'webService', notAList);
    expectProblem(await at('/not-a-list'), 502, 'webService', notAList);
    expectProblem(await at('/huge'), 502, 'webService', /more than 5 MB/);
    expectProblem(await at('/huge-chunked'), 502, 'webService', /more than 5 MB/);

    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await ws.owner.patch(`/api/v1/campaigns/${c.id}`, {
      webService: { url: `http://127.0.0.1:${port}/contacts`, timeoutMs: 2000 },
    });
    expectProblem(await load(ws.owner, c.id), 502, 'webService', /could not be reached/);

    expect((await ws.owner.get(`/api/v1/campaigns/${c.id}/lists`)).json().items).toEqual([]);
  });

  it('refuses campaigns that load from lists, other schemes, other workspaces and agents', async () => {
    const ws = await createWorkspace(ctx.app);
    const byLists = await campaign(ws.owner);
    const refused = expectProblem(await load(ws.owner, byLists.id), 409);
    expect(refused.detail).toMatch(/not from a web service/);

    const c = await webCampaign(ws);
    const other = await createWorkspace(ctx.app);
    expectProblem(await load(other.owner, c.id), 404);
    const { client: agent } = await ws.addUser('agent');
    expectProblem(await load(agent, c.id), 403);
    expectProblem(await load(ws.owner, 'not-a-uuid'), 400, 'id');
    expectProblem(
      await ws.owner.post(`/api/v1/campaigns/${c.id}/web-service/load`, { url: 'http://elsewhere' }),
      400,
      'url',
    );
    // The URL is checked when saved…
    expectProblem(
      await ws.owner.patch(`/api/v1/campaigns/${c.id}`, { webService: { url: 'file:///etc/passwd' } }),
      400,
      'webService.url',
    );
    // …and again when used.
    for (const url of ['file:///etc/passwd', 'ftp://127.0.0.1/contacts.json', 'gopher://127.0.0.1:70/'])
      await expect(fetchWebService({ url, headerName: null, timeoutMs: 1000 }, null)).rejects.toThrow(
        AppError,
      );
  });
});
