import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/modules/auth/actor.js';
import { upsertContacts, type BulkOptions, type BulkRecord } from '../../src/modules/contacts/bulk.js';
import { editTags, setOwner } from '../../src/modules/contacts/bulk-edit.js';
import { createContact as createContactService } from '../../src/modules/contacts/service.js';
import { ContactCreate } from '../../src/modules/contacts/schema.js';
import { deliverDue } from '../../src/modules/webhooks/deliver.js';
import { publish } from '../../src/modules/webhooks/publish.js';
import {
  createContact,
  createWorkspace,
  expectProblem,
  useTestApp,
  type Client,
  type TestWorkspace,
} from '../helpers.js';
import { WebhookReceiver, type Received } from '../webhook-receiver.js';

// The API app runs no job worker here: each test sends what is due with deliverDue, with a `now`
// of its choosing to make retries due. The last describe has an app whose worker does it alone.
// The receivers listen on 127.0.0.1, a private address: allowed here (webhooks-address.test.ts
// holds the default).
const ctx = useTestApp({ webhookAllowPrivate: true });

const receiver = new WebhookReceiver();
beforeAll(() => receiver.start());
afterAll(() => receiver.stop());

// deliverDue sends what is due in every workspace: each test deletes its hooks when done, so what
// it leaves failing does not come due in the next one.
const hooksMade: { client: Client; id: string }[] = [];
afterEach(async () => {
  for (const h of hooksMade.splice(0)) await h.client.delete(`/api/v1/webhooks/${h.id}`);
});

const SHORT = { timeoutMs: 500, allowPrivate: true };
const deliver = (now = new Date()) => deliverDue(ctx.app.db, now, SHORT);
const later = (seconds: number) => new Date(Date.now() + seconds * 1000);

async function addHook(client: Client, path: string, events: string[] = ['*'], extra = {}) {
  const res = await client.post('/api/v1/webhooks', { url: receiver.base + path, events, ...extra });
  expect(res.statusCode, res.body).toBe(201);
  hooksMade.push({ client, id: res.json().id });
  return res.json() as { id: string; secret: string; secretPrefix: string; [k: string]: unknown };
}

async function deliveries(client: Client, hookId: string, query = '') {
  const res = await client.get(`/api/v1/webhooks/${hookId}/deliveries?limit=100${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items as any[];
}

const expectedSignature = (secret: string, r: Received) =>
  `sha256=${createHmac('sha256', secret).update(`${r.headers['x-webhook-timestamp']}.${r.raw}`).digest('hex')}`;

const phone = (value: string) => ({ channel: 'phone', label: 'mobile', value });

describe('delivering an event', () => {
  it('POSTs the event as JSON, signed with the hook’s secret, and lists the delivery', async () => {
    const ws = await createWorkspace(ctx.app);
    const path = receiver.path();
    receiver.bodies.set(path, 'thanks');
    const hook = await addHook(ws.owner, path, ['contact.created'], { description: 'CRM sync' });
    expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(hook).toMatchObject({ state: 'active', events: ['contact.created'], description: 'CRM sync' });
    expect(hook.secretPrefix).toBe(hook.secret.slice(0, 10));

    const c = await createContact(ws.owner, {
      firstName: 'Ada',
      lastName: 'Lovelace',
      points: [phone('+12125550100')],
    });
    expect(await deliver()).toMatchObject({ claimed: 1, succeeded: 1 });

    const [r] = receiver.at(path);
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.headers['x-webhook-event']).toBe('contact.created');
    expect(r.headers['x-webhook-id']).toBe(r.body.id);
    expect(Math.abs(Number(r.headers['x-webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
    expect(r.headers['x-webhook-signature']).toBe(expectedSignature(hook.secret, r));
    expect(r.headers['x-webhook-signature']).not.toBe(expectedSignature(`${hook.secret}x`, r));
    expect(r.body).toMatchObject({
      type: 'contact.created',
      workspaceId: ws.id,
      data: { contact: { id: c.id, firstName: 'Ada', displayName: 'Ada Lovelace', version: 1 } },
    });
    expect(Date.parse(r.body.createdAt)).not.toBeNaN();
    expect(r.body.data.contact.points[0]).toMatchObject({ normalized: '+12125550100', status: 'active' });

    const [d] = await deliveries(ws.owner, hook.id);
    expect(d).toMatchObject({
      event: 'contact.created',
      eventId: r.body.id,
      state: 'succeeded',
      attempts: 1,
      lastStatus: 200,
      lastError: null,
      response: 'thanks',
      nextAttemptAt: null,
    });
    expect(d.deliveredAt).toBeTruthy();

    // The secret is never shown again.
    const listed = (await ws.owner.get('/api/v1/webhooks')).json().items;
    expect(listed).toHaveLength(1);
    expect(listed[0]).not.toHaveProperty('secret');
    expect(JSON.stringify(listed)).not.toContain(hook.secret);
    expect(listed[0].lastDelivery).toMatchObject({ id: d.id, state: 'succeeded', lastStatus: 200 });
    const one = (await ws.owner.get(`/api/v1/webhooks/${hook.id}`)).json();
    expect(one).not.toHaveProperty('secret');
    expect(one.secretPrefix).toBe(hook.secretPrefix);
  });

  it('sends contact updated, deleted, merged and opted-out events with their data', async () => {
    const ws = await createWorkspace(ctx.app);
    const path = receiver.path();
    const hook = await addHook(ws.owner, path, ['*']);
    const a = await createContact(ws.owner, { firstName: 'Ann', points: [phone('+12125550101')] });
    const b = await createContact(ws.owner, {
      firstName: 'Ann',
      lastName: 'B',
      points: [phone('+12125550102')],
    });

    const upd = await ws.owner.patch(`/api/v1/contacts/${a.id}`, { lastName: 'Able' }, { 'if-match': '1' });
    expect(upd.statusCode, upd.body).toBe(200);
    const merged = await ws.owner.post('/api/v1/contacts/merge', { primaryId: a.id, mergeIds: [b.id] });
    expect(merged.statusCode, merged.body).toBe(200);
    const opt = await ws.owner.post('/api/v1/optouts', {
      channel: 'phone',
      value: '+12125550101',
      reason: 'Asked',
    });
    expect(opt.json().pointsChanged).toBe(1);
    // A value suppressed before a contact has it: the new contact's point arrives opted out.
    await ws.owner.post('/api/v1/optouts', { channel: 'email', value: 'late@example.com' });
    const late = await createContact(ws.owner, {
      firstName: 'Lee',
      points: [{ channel: 'email', label: 'work', value: 'Late@Example.com' }],
    });
    const c = await createContact(ws.owner, { firstName: 'Cy' });
    const d = await createContact(ws.owner, { firstName: 'Di' });
    const bulk = await ws.owner.post('/api/v1/contacts/bulk-delete', { ids: [c.id, d.id], expectedCount: 2 });
    expect(bulk.json().deleted).toBe(2);
    expect((await ws.owner.delete(`/api/v1/contacts/${a.id}`)).statusCode).toBe(204);

    await deliver();
    const got = receiver.at(path).map((r) => r.body);
    const of = (type: string) => got.filter((e) => e.type === type).map((e) => e.data);
    expect(
      of('contact.created')
        .map((x) => x.contact.firstName)
        .sort(),
    ).toEqual(['Ann', 'Ann', 'Cy', 'Di', 'Lee']);
    expect(of('contact.updated')).toEqual([
      {
        contact: expect.objectContaining({ id: a.id, lastName: 'Able', version: 2 }),
        changes: [{ field: 'lastName', before: null, after: 'Able' }],
      },
    ]);
    expect(of('contact.merged')).toEqual([
      {
        mergeId: merged.json().mergeId,
        primaryId: a.id,
        mergedIds: [b.id],
        contact: expect.objectContaining({ id: a.id }),
      },
    ]);
    expect(of('contact_point.opted_out')).toEqual(
      expect.arrayContaining([
        { contactId: a.id, channel: 'phone', value: '+12125550101', source: 'user', reason: 'Asked' },
        {
          contactId: late.id,
          channel: 'email',
          value: 'late@example.com',
          source: 'suppression',
          reason: 'Opted out before',
        },
      ]),
    );
    expect(of('contact_point.opted_out')).toHaveLength(2);
    expect(
      of('contact.deleted')
        .map((x) => x.contact.id)
        .sort(),
    ).toEqual([a.id, c.id, d.id].sort());
    expect(of('contact.deleted').find((x) => x.contact.id === c.id)).toEqual({
      contact: { id: c.id, displayName: 'Cy', externalId: null },
    });
    // Every event once, with its own id.
    expect(new Set(got.map((e) => e.id)).size).toBe(got.length);
    expect((await deliveries(ws.owner, hook.id)).every((x) => x.state === 'succeeded')).toBe(true);
  });

  it('sends created and updated events for imported rows and bulk edits, one per contact', async () => {
    const ws = await createWorkspace(ctx.app);
    const path = receiver.path();
    await addHook(ws.owner, path, ['contact.created', 'contact.updated']);
    const actor: Actor = {
      workspaceId: ws.id,
      role: 'owner',
      userId: ws.ownerId,
      apiKeyId: null,
      name: 'Olga',
    };
    const db = ctx.app.db;
    const record = (ref: number, first: string, externalId: string): BulkRecord => ({
      ref,
      fields: { first_name: first, external_id: externalId },
      tags: [],
      custom: {},
      points: [],
      key: externalId,
    });
    const options: BulkOptions = {
      matchBy: 'externalId',
      onMatch: 'update',
      tags: [],
      ownerId: null,
      required: [],
    };
    // An import batch: two new contacts; then a batch that changes one and leaves the other as it is.
    const first = await db
      .transaction()
      .execute((trx) =>
        upsertContacts(trx, actor, [record(1, 'Ida', 'X-1'), record(2, 'Max', 'X-2')], options),
      );
    await db
      .transaction()
      .execute((trx) =>
        upsertContacts(trx, actor, [record(1, 'Idalina', 'X-1'), record(2, 'Max', 'X-2')], options),
      );
    // A bulk tag and a bulk owner change, twice: the second changes nothing and tells nothing.
    await db.transaction().execute((trx) => editTags(trx, actor, first.contactIds, [], ['vip']));
    await db.transaction().execute((trx) => setOwner(trx, actor, first.contactIds, ws.ownerId));
    await db.transaction().execute((trx) => setOwner(trx, actor, first.contactIds, ws.ownerId));

    await deliver();
    const got = receiver.at(path).map((r) => r.body);
    const of = (type: string) => got.filter((e) => e.type === type).map((e) => e.data);
    expect(of('contact.created').map((x) => [x.contact.firstName, x.contact.externalId])).toEqual(
      expect.arrayContaining([
        ['Ida', 'X-1'],
        ['Max', 'X-2'],
      ]),
    );
    expect(of('contact.created')).toHaveLength(2);
    const [ida, max] = first.contactIds;
    const updated = of('contact.updated');
    expect(updated).toHaveLength(5);
    expect(updated.find((x) => x.changes[0].field === 'firstName')).toEqual({
      contact: expect.objectContaining({ id: ida, firstName: 'Idalina' }),
      changes: [{ field: 'firstName', before: 'Ida', after: 'Idalina' }],
    });
    const tagged = updated.filter((x) => x.changes[0].field === 'tags');
    expect(tagged.map((x) => x.contact.id).sort()).toEqual([ida, max].sort());
    for (const x of tagged) {
      expect(x.contact.tags).toEqual(['vip']);
      expect(x.changes).toEqual([{ field: 'tags', before: [], after: ['vip'] }]);
    }
    const owned = updated.filter((x) => x.changes[0].field === 'ownerId');
    expect(owned.map((x) => x.contact.id).sort()).toEqual([ida, max].sort());
    expect(owned[0].changes).toEqual([{ field: 'ownerId', before: null, after: ws.ownerId }]);
  });

  it('sends a hook only the events it subscribes to', async () => {
    const ws = await createWorkspace(ctx.app);
    const path = receiver.path();
    await addHook(ws.owner, path, ['contact.deleted']);
    const c = await createContact(ws.owner, { firstName: 'Only' });
    await ws.owner.patch(`/api/v1/contacts/${c.id}`, { lastName: 'Deleted' }, { 'if-match': '1' });
    await ws.owner.delete(`/api/v1/contacts/${c.id}`);
    await deliver();
    expect(receiver.at(path).map((r) => r.body.type)).toEqual(['contact.deleted']);
  });
});

describe('failures and retries', () => {
  it('retries a 500 after the backoff and then succeeds', async () => {
    const ws = await createWorkspace(ctx.app);
    const path = receiver.path([500, 200]);
    const hook = await addHook(ws.owner, path, ['contact.created']);
    await createContact(ws.owner, { firstName: 'Flaky' });

    const t0 = new Date();
    expect(await deliver(t0)).toMatchObject({ claimed: 1, failed: 1 });
    let [d] = await deliveries(ws.owner, hook.id);
    expect(d).toMatchObject({ state: 'failed', attempts: 1, lastStatus: 500, response: 'answered 500' });
    expect(d.lastError).toMatch(/HTTP 500/);
    const wait = (Date.parse(d.nextAttemptAt) - t0.getTime()) / 1000;
    expect(wait).toBeGreaterThanOrEqual(30);
    expect(wait).toBeLessThanOrEqual(33);

    // Not due yet: nothing is sent.
    expect((await deliver(new Date(t0.getTime() + 20_000))).claimed).toBe(0);
    expect(await deliver(new Date(t0.getTime() + 40_000))).toMatchObject({ claimed: 1, succeeded: 1 });
    [d] = await deliveries(ws.owner, hook.id);
    expect(d).toMatchObject({ state: 'succeeded', attempts: 2, lastStatus: 200, lastError: null });
    const [first, second] = receiver.at(path);
    // The same event, the same body; a new timestamp and signature.
    expect(second.body.id).toBe(first.body.id);
    expect(second.raw).toBe(first.raw);
    expect(second.headers['x-webhook-signature']).toBe(expectedSignature(hook.secret, second));
  });

  it('counts an answer that does not come in time as a failure', async () => {
    const ws = await createWorkspace(ctx.app);
    const path = receiver.path(['hang']);
    const hook = await addHook(ws.owner, path, ['contact.created']);
    await createContact(ws.owner, { firstName: 'Slow' });
    const started = Date.now();
    expect(await deliver()).toMatchObject({ claimed: 1, failed: 1 });
    expect(Date.now() - started).toBeLessThan(5_000);
    const [d] = await deliveries(ws.owner, hook.id);
    expect(d).toMatchObject({ state: 'failed', attempts: 1, lastStatus: null, response: null });
    expect(d.lastError).toMatch(/no answer within 0.5 s/);
  });

  it('gives up after the last attempt, backing off longer each time; a retry by hand sends it again', async () => {
    const ws = await createWorkspace(ctx.app);
    const path = receiver.path([503]);
    const hook = await addHook(ws.owner, path, ['contact.created']);
    await createContact(ws.owner, { firstName: 'Down' });

    const waits: number[] = [];
    let now = new Date();
    for (let i = 1; i <= 6; i++) {
      expect((await deliver(now)).claimed).toBe(1);
      const [d] = await deliveries(ws.owner, hook.id);
      expect(d.attempts).toBe(i);
      if (i < 6) {
        expect(d.state).toBe('failed');
        waits.push(Math.round((Date.parse(d.nextAttemptAt) - now.getTime()) / 1000));
        now = new Date(Date.parse(d.nextAttemptAt) + 1000);
      } else {
        expect(d).toMatchObject({ state: 'dead', nextAttemptAt: null, lastStatus: 503 });
      }
    }
    [30, 120, 600, 3600, 21600].forEach((base, i) => {
      expect(waits[i]).toBeGreaterThanOrEqual(base);
      expect(waits[i]).toBeLessThanOrEqual(base * 1.1 + 1);
    });
    expect((await deliver(later(365 * 24 * 3600))).claimed).toBe(0);
    expect(receiver.at(path)).toHaveLength(6);

    const [dead] = await deliveries(ws.owner, hook.id);
    let res = await ws.owner.post(`/api/v1/webhooks/${hook.id}/deliveries/${dead.id}/retry`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ state: 'dead', attempts: 7, lastStatus: 503 });
    receiver.scripts.set(path, [200]);
    res = await ws.owner.post(`/api/v1/webhooks/${hook.id}/deliveries/${dead.id}/retry`);
    expect(res.json()).toMatchObject({ state: 'succeeded', attempts: 8, lastStatus: 200 });
    expect(receiver.at(path)).toHaveLength(8);
    expect(new Set(receiver.at(path).map((r) => r.body.id)).size).toBe(1);
  });

  it('does not follow redirects, and keeps at most 1 KB of an answer', async () => {
    const ws = await createWorkspace(ctx.app);
    const moved = receiver.path([302]);
    const big = receiver.path([400]);
    receiver.bodies.set(big, 'é'.repeat(3000));
    const h1 = await addHook(ws.owner, moved, ['contact.created']);
    const h2 = await addHook(ws.owner, big, ['contact.created']);
    await createContact(ws.owner, { firstName: 'Moved' });
    expect(await deliver()).toMatchObject({ claimed: 2, failed: 2 });
    const [d1] = await deliveries(ws.owner, h1.id);
    expect(d1).toMatchObject({ state: 'failed', lastStatus: 302 });
    expect(d1.lastError).toMatch(/redirects are not followed/);
    const [d2] = await deliveries(ws.owner, h2.id);
    expect(d2.lastStatus).toBe(400);
    expect(Buffer.byteLength(d2.response)).toBeLessThanOrEqual(1024 + 3);
    expect(d2.response.length).toBeGreaterThan(400);
  });

  it('records an unreachable URL as a failure', async () => {
    const ws = await createWorkspace(ctx.app);
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const hook = await addHook(ws.owner, '', ['contact.created'], { url: `http://127.0.0.1:${port}/nobody` });
    await createContact(ws.owner, { firstName: 'Nobody' });
    await deliver();
    const [d] = await deliveries(ws.owner, hook.id);
    expect(d).toMatchObject({ state: 'failed', lastStatus: null });
    expect(d.lastError).toMatch(/could not be reached .*ECONNREFUSED/);
  });

  it('delivers each event once when two workers run at the same time', async () => {
    const ws = await createWorkspace(ctx.app);
    const path = receiver.path();
    const hook = await addHook(ws.owner, path, ['contact.created']);
    for (let i = 0; i < 12; i++) await createContact(ws.owner, { firstName: `P${i}` });
    const [r1, r2] = await Promise.all([
      deliverDue(ctx.app.db, new Date(), { ...SHORT, batch: 5 }),
      deliverDue(ctx.app.db, new Date(), { ...SHORT, batch: 5 }),
    ]);
    // Each pass claims at most its batch: a worker that took every due delivery would send
    // more than it can finish before its claims run out.
    expect(r1.claimed).toBeLessThanOrEqual(5);
    expect(r2.claimed).toBeLessThanOrEqual(5);
    let total = r1.claimed + r2.claimed;
    while (total < 12) {
      const r = await deliver();
      if (r.claimed === 0) break;
      total += r.claimed;
    }
    expect(total).toBe(12);
    expect(receiver.at(path)).toHaveLength(12);
    expect(new Set(receiver.at(path).map((r) => r.body.id)).size).toBe(12);
    expect((await deliveries(ws.owner, hook.id)).map((d) => d.attempts)).toEqual(Array(12).fill(1));
  });
});

describe('pausing, transactions and workspaces', () => {
  it('gives a paused hook no deliveries, holds those already waiting, and resumes', async () => {
    const ws = await createWorkspace(ctx.app);
    const path = receiver.path();
    const hook = await addHook(ws.owner, path, ['contact.created']);
    await createContact(ws.owner, { firstName: 'Before' }); // waiting when the hook is paused
    const paused = await ws.owner.patch(`/api/v1/webhooks/${hook.id}`, { state: 'paused' });
    expect(paused.json()).toMatchObject({ state: 'paused' });
    await createContact(ws.owner, { firstName: 'During' });
    expect((await deliver()).claimed).toBe(0);
    expect(receiver.at(path)).toHaveLength(0);
    expect((await deliveries(ws.owner, hook.id)).map((d) => [d.data.contact.firstName, d.state])).toEqual([
      ['Before', 'pending'],
    ]);

    await ws.owner.patch(`/api/v1/webhooks/${hook.id}`, { state: 'active' });
    await createContact(ws.owner, { firstName: 'After' });
    expect(await deliver()).toMatchObject({ claimed: 2, succeeded: 2 });
    expect(
      receiver
        .at(path)
        .map((r) => r.body.data.contact.firstName)
        .sort(),
    ).toEqual(['After', 'Before']);
  });

  it('publishes nothing for a change that is rolled back', async () => {
    const ws = await createWorkspace(ctx.app);
    const path = receiver.path();
    const hook = await addHook(ws.owner, path, ['*']);
    const actor: Actor = {
      workspaceId: ws.id,
      role: 'owner',
      userId: ws.ownerId,
      apiKeyId: null,
      name: 'Olga Owner',
    };
    let createdId = '';
    await expect(
      ctx.app.db.transaction().execute(async (trx) => {
        const c = await createContactService(trx, actor, ContactCreate.parse({ firstName: 'Ghost' }));
        createdId = c.id;
        await publish(trx, ws.id, 'list_entry.outcome', { result: 'reached' });
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect((await ws.owner.get(`/api/v1/contacts/${createdId}`)).statusCode).toBe(404);
    expect(await deliveries(ws.owner, hook.id)).toEqual([]);

    // A refused write (stale version) publishes nothing either.
    const c = await createContact(ws.owner, { firstName: 'Real' });
    expectProblem(
      await ws.owner.patch(`/api/v1/contacts/${c.id}`, { lastName: 'X' }, { 'if-match': '7' }),
      409,
    );
    await deliver();
    expect(receiver.at(path).map((r) => r.body.type)).toEqual(['contact.created']);
  });

  it('never sends one workspace’s events to another’s hooks, nor shows them', async () => {
    const ws1 = await createWorkspace(ctx.app);
    const ws2 = await createWorkspace(ctx.app);
    const p1 = receiver.path();
    const p2 = receiver.path();
    const h1 = await addHook(ws1.owner, p1, ['*']);
    const h2 = await addHook(ws2.owner, p2, ['*']);
    const c = await createContact(ws1.owner, { firstName: 'Mine' });
    await ws1.owner.delete(`/api/v1/contacts/${c.id}`);
    await deliver();
    expect(receiver.at(p1)).toHaveLength(2);
    expect(receiver.at(p1).every((r) => r.body.workspaceId === ws1.id)).toBe(true);
    expect(receiver.at(p2)).toHaveLength(0);

    expect((await ws2.owner.get('/api/v1/webhooks')).json().items.map((h: any) => h.id)).toEqual([h2.id]);
    for (const res of [
      await ws2.owner.get(`/api/v1/webhooks/${h1.id}`),
      await ws2.owner.get(`/api/v1/webhooks/${h1.id}/deliveries`),
      await ws2.owner.patch(`/api/v1/webhooks/${h1.id}`, { state: 'paused' }),
      await ws2.owner.post(`/api/v1/webhooks/${h1.id}/test`),
      await ws2.owner.post(`/api/v1/webhooks/${h1.id}/rotate-secret`),
      await ws2.owner.delete(`/api/v1/webhooks/${h1.id}`),
    ])
      expectProblem(res, 404);
    const d1 = (await deliveries(ws1.owner, h1.id))[0];
    expectProblem(await ws2.owner.post(`/api/v1/webhooks/${h2.id}/deliveries/${d1.id}/retry`), 404);
    expect((await ws1.owner.get(`/api/v1/webhooks/${h1.id}`)).json().state).toBe('active');
  });
});

describe('managing hooks', () => {
  it('sends a test ping at once (paused hooks too), and rotates the secret', async () => {
    const ws = await createWorkspace(ctx.app);
    const path = receiver.path();
    const hook = await addHook(ws.owner, path, ['contact.created']);
    let res = await ws.owner.post(`/api/v1/webhooks/${hook.id}/test`);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ event: 'ping', state: 'succeeded', attempts: 1, lastStatus: 200 });
    let [r] = receiver.at(path);
    expect(r.body).toMatchObject({ type: 'ping', workspaceId: ws.id });
    expect(r.headers['x-webhook-signature']).toBe(expectedSignature(hook.secret, r));

    res = await ws.owner.post(`/api/v1/webhooks/${hook.id}/rotate-secret`);
    expect(res.statusCode, res.body).toBe(200);
    const rotated = res.json();
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(hook.secret);
    expect(rotated.secretPrefix).toBe(rotated.secret.slice(0, 10));

    await ws.owner.patch(`/api/v1/webhooks/${hook.id}`, { state: 'paused' });
    // No body at all is fine too (curl -X POST).
    res = await ws.owner.request('POST', `/api/v1/webhooks/${hook.id}/test`);
    expect(res.json()).toMatchObject({ event: 'ping', state: 'succeeded' });
    r = receiver.at(path)[1];
    expect(r.headers['x-webhook-signature']).toBe(expectedSignature(rotated.secret, r));
    expect(r.headers['x-webhook-signature']).not.toBe(expectedSignature(hook.secret, r));
  });

  it('changes, pages deliveries newest first by state, and deletes a hook with its deliveries', async () => {
    const ws = await createWorkspace(ctx.app);
    const path = receiver.path([500]);
    const hook = await addHook(ws.owner, path, ['contact.created']);
    for (const name of ['One', 'Two', 'Three']) await createContact(ws.owner, { firstName: name });
    await deliver();
    const other = receiver.path();
    const patched = await ws.owner.patch(`/api/v1/webhooks/${hook.id}`, {
      url: receiver.base + other,
      events: ['contact.created', 'contact.created', 'contact.updated'],
      description: '  ',
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({
      url: receiver.base + other,
      events: ['contact.created', 'contact.updated'],
      description: null,
    });
    const star = await ws.owner.patch(`/api/v1/webhooks/${hook.id}`, { events: ['contact.updated', '*'] });
    expect(star.json().events).toEqual(['*']);
    await createContact(ws.owner, { firstName: 'Four' });
    await deliver();
    expect(receiver.at(other).map((r) => r.body.data.contact.firstName)).toEqual(['Four']);

    const page1 = (await ws.owner.get(`/api/v1/webhooks/${hook.id}/deliveries?limit=2`)).json();
    expect(page1.items.map((d: any) => d.data.contact.firstName)).toEqual(['Four', 'Three']);
    const page2 = (
      await ws.owner.get(`/api/v1/webhooks/${hook.id}/deliveries?limit=2&cursor=${page1.nextCursor}`)
    ).json();
    expect(page2.items.map((d: any) => d.data.contact.firstName)).toEqual(['Two', 'One']);
    expect(page2.nextCursor).toBeNull();
    const failed = await deliveries(ws.owner, hook.id, '&state=failed');
    expect(failed.map((d) => d.data.contact.firstName)).toEqual(['Three', 'Two', 'One']);
    expect((await ws.owner.get('/api/v1/webhooks')).json().items[0].lastDelivery).toMatchObject({
      state: 'succeeded',
      event: 'contact.created',
    });

    expect((await ws.owner.delete(`/api/v1/webhooks/${hook.id}`)).statusCode).toBe(204);
    expectProblem(await ws.owner.get(`/api/v1/webhooks/${hook.id}/deliveries`), 404);
    expect((await ws.owner.get('/api/v1/webhooks')).json().items).toEqual([]);
    // Due deliveries of a deleted hook went with it.
    expect((await deliver(later(3600))).claimed).toBe(0);
  });

  it('refuses bad input with the field named', async () => {
    const ws = await createWorkspace(ctx.app);
    const url = receiver.base + receiver.path();
    const post = (body: Record<string, unknown>) => ws.owner.post('/api/v1/webhooks', body);
    expectProblem(
      await post({ url: 'ftp://example.com/x', events: ['*'] }),
      400,
      'url',
      /http:\/\/ or https:\/\//,
    );
    expectProblem(await post({ url: 'not a url', events: ['*'] }), 400, 'url', /full URL/);
    expectProblem(await post({ url: '', events: ['*'] }), 400, 'url');
    expectProblem(await post({ url: `https://x.test/${'a'.repeat(2001)}`, events: ['*'] }), 400, 'url');
    expectProblem(await post({ events: ['*'] }), 400, 'url');
    expectProblem(await post({ url, events: [] }), 400, 'events', /at least one event/);
    expectProblem(await post({ url }), 400, 'events');
    expectProblem(
      await post({ url, events: ['contact.created', 'contact.exploded'] }),
      400,
      'events.1',
      /one of/,
    );
    expectProblem(
      await post({ url, events: ['*'], description: 'x'.repeat(501) }),
      400,
      'description',
      /500/,
    );
    expectProblem(await post({ url, events: ['*'], secret: 'mine' }), 400, 'secret');
    const hook = await addHook(ws.owner, receiver.path());
    expectProblem(await ws.owner.patch(`/api/v1/webhooks/${hook.id}`, { state: 'sleeping' }), 400, 'state');
    expectProblem(
      await ws.owner.patch(`/api/v1/webhooks/${hook.id}`, { url: 'javascript:alert(1)' }),
      400,
      'url',
    );
    expectProblem(await ws.owner.get(`/api/v1/webhooks/${hook.id}/deliveries?state=lost`), 400, 'state');
    expectProblem(await ws.owner.get(`/api/v1/webhooks/${hook.id}/deliveries?cursor=abc`), 400, 'cursor');
    expectProblem(await ws.owner.get('/api/v1/webhooks/not-an-id'), 400, 'id');
    expectProblem(await ws.owner.get('/api/v1/webhooks/00000000-0000-7000-8000-000000000000'), 404);
    expectProblem(
      await ws.owner.post(
        `/api/v1/webhooks/${hook.id}/deliveries/00000000-0000-7000-8000-000000000000/retry`,
      ),
      404,
    );
    expect((await ws.owner.get('/api/v1/webhooks')).json().items).toHaveLength(1);
  });

  it('stops at 20 hooks per workspace', async () => {
    const ws = await createWorkspace(ctx.app);
    for (let i = 0; i < 20; i++) await addHook(ws.owner, receiver.path(), ['contact.created']);
    expectProblem(await ws.owner.post('/api/v1/webhooks', { url: receiver.base + '/x', events: ['*'] }), 409);
  });

  it('is for owners and admins signed in: agents and API keys get 403', async () => {
    const ws: TestWorkspace = await createWorkspace(ctx.app);
    const hook = await addHook(ws.owner, receiver.path());
    const admin = await ws.addUser('admin');
    expect((await admin.client.get('/api/v1/webhooks')).json().items).toHaveLength(1);
    const agent = (await ws.addUser('agent')).client;
    const key = await ws.apiKey();
    for (const client of [agent, key]) {
      expectProblem(await client.get('/api/v1/webhooks'), 403);
      expectProblem(await client.post('/api/v1/webhooks', { url: receiver.base + '/x', events: ['*'] }), 403);
      expectProblem(await client.get(`/api/v1/webhooks/${hook.id}/deliveries`), 403);
      expectProblem(await client.patch(`/api/v1/webhooks/${hook.id}`, { state: 'paused' }), 403);
      expectProblem(await client.post(`/api/v1/webhooks/${hook.id}/test`), 403);
      expectProblem(await client.delete(`/api/v1/webhooks/${hook.id}`), 403);
    }
    expect((await ws.owner.get(`/api/v1/webhooks/${hook.id}`)).json().state).toBe('active');
  });
});

describe('the delivery worker', () => {
  const withJobs = useTestApp({ webhookAllowPrivate: true }, { jobs: true });

  it('sends what is due on its own, in the server that runs jobs', async () => {
    const ws = await createWorkspace(withJobs.app);
    const path = receiver.path();
    await addHook(ws.owner, path, ['contact.created']);
    await createContact(ws.owner, { firstName: 'Background' });
    const deadline = Date.now() + 20_000;
    while (receiver.at(path).length === 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    expect(receiver.at(path).map((r) => r.body.data.contact.firstName)).toEqual(['Background']);
  });
});
