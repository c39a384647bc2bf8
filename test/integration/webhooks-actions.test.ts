// Webhook events of the actions that are not a PATCH: block, unblock, transfer, share, unshare,
// merge (its opt-outs) and unmerge. Delivery itself is webhooks.test.ts's business.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { deliverDue } from '../../src/modules/webhooks/deliver.js';
import {
  createContact,
  createWorkspace,
  expectProblem,
  useTestApp,
  type Client,
  type TestWorkspace,
} from '../helpers.js';
import { WebhookReceiver } from '../webhook-receiver.js';

const ctx = useTestApp({ webhookAllowPrivate: true }); // receivers on 127.0.0.1

const receiver = new WebhookReceiver();
beforeAll(() => receiver.start());
afterAll(() => receiver.stop());

const hooksMade: { client: Client; id: string }[] = [];
afterEach(async () => {
  for (const h of hooksMade.splice(0)) await h.client.delete(`/api/v1/webhooks/${h.id}`);
});

/** Subscribes a fresh path to every event; answers a function giving the events received since its last call. */
async function listen(ws: TestWorkspace) {
  const path = receiver.path();
  const res = await ws.owner.post('/api/v1/webhooks', { url: receiver.base + path, events: ['*'] });
  expect(res.statusCode, res.body).toBe(201);
  hooksMade.push({ client: ws.owner, id: res.json().id });
  let seen = 0;
  return async () => {
    await deliverDue(ctx.app.db, new Date(), { timeoutMs: 500, allowPrivate: true });
    const all = receiver.at(path).map((r) => r.body);
    const fresh = all.slice(seen);
    seen = all.length;
    return fresh.map((e) => ({ type: e.type as string, data: e.data }));
  };
}

async function ok(res: Promise<{ statusCode: number; body: string; json(): any }>) {
  const r = await res;
  expect(r.statusCode, r.body).toBe(200);
  return r.json();
}

const phone = (value: string, status = 'active') => ({ channel: 'phone', label: 'mobile', value, status });

describe('contact.updated for block, transfer and sharing', () => {
  it('sends one event per action, its answer and change-log entries, and nothing for a no-op', async () => {
    const ws = await createWorkspace(ctx.app);
    const agent = await ws.addUser('agent');
    const c = await createContact(ws.owner, { firstName: 'Bea' });
    const events = await listen(ws);
    const url = `/api/v1/contacts/${c.id}`;
    /** Runs an action and expects exactly one contact.updated: the contact it answered, these changes. */
    const expectUpdate = async (action: Promise<any>, changes: object[] | null) => {
      const contact = await ok(action);
      expect(await events()).toEqual(
        changes ? [{ type: 'contact.updated', data: { contact, changes } }] : [],
      );
      return contact;
    };

    const blocked = await expectUpdate(ws.owner.post(`${url}/block`, { reason: 'Abusive' }), [
      { field: 'blocked', before: false, after: true },
      { field: 'blockedReason', before: null, after: 'Abusive' },
    ]);
    expect(blocked).toMatchObject({ id: c.id, blocked: true, blockedReason: 'Abusive' });
    await expectUpdate(ws.owner.post(`${url}/block`, { reason: 'Again' }), null);
    await expectUpdate(ws.owner.post(`${url}/unblock`), [
      { field: 'blocked', before: true, after: false },
      { field: 'blockedReason', before: 'Abusive', after: null },
    ]);
    await expectUpdate(ws.owner.post(`${url}/unblock`), null);

    const shared = await expectUpdate(ws.owner.post(`${url}/shares`, { userId: agent.id }), [
      { field: 'sharedWith', before: [], after: [agent.id] },
    ]);
    expect(shared.sharedWith).toEqual([agent.id]);
    await expectUpdate(ws.owner.post(`${url}/shares`, { userId: agent.id }), null);
    await expectUpdate(ws.owner.post(`${url}/shares`, { userId: ws.ownerId }), null);
    await expectUpdate(ws.owner.delete(`${url}/shares/${agent.id}`), [
      { field: 'sharedWith', before: [agent.id], after: [] },
    ]);
    expectProblem(await ws.owner.delete(`${url}/shares/${agent.id}`), 404);
    expect(await events()).toEqual([]);

    const moved = await expectUpdate(ws.owner.post(`${url}/transfer`, { ownerId: agent.id }), [
      { field: 'ownerId', before: ws.ownerId, after: agent.id },
    ]);
    expect(moved.ownerId).toBe(agent.id);
    await expectUpdate(ws.owner.post(`${url}/transfer`, { ownerId: agent.id }), null);
    // An agent handing its contact back (and losing sight of it): the event has it in full all the same.
    const back = await expectUpdate(agent.client.post(`${url}/transfer`, { ownerId: ws.ownerId }), [
      { field: 'ownerId', before: agent.id, after: ws.ownerId },
    ]);
    expect(back).toMatchObject({ id: c.id, firstName: 'Bea', ownerId: ws.ownerId });

    // One change-log entry per event, with the same changes.
    const log = (await ok(ws.owner.get(`${url}/changes`))).items;
    expect(log.map((e: any) => e.action)).toEqual([
      'transfer',
      'transfer',
      'unshare',
      'share',
      'unblock',
      'block',
      'create',
    ]);
    expect(log[0].changes).toEqual([{ field: 'ownerId', before: agent.id, after: ws.ownerId }]);
  });
});

describe('merges and unmerges', () => {
  it('sends contact_point.opted_out for the value a merge opts out, and nothing more for others', async () => {
    const ws = await createWorkspace(ctx.app);
    const a = await createContact(ws.owner, {
      firstName: 'Ann',
      points: [phone('+12125550100'), phone('+12125550111')],
    });
    const b = await createContact(ws.owner, {
      firstName: 'Anne',
      points: [phone('+12125550100', 'opted_out'), phone('+12125550111')],
    });
    const events = await listen(ws);
    const { mergeId } = await ok(
      ws.owner.post('/api/v1/contacts/merge', { primaryId: a.id, mergeIds: [b.id] }),
    );
    const got = await events();
    expect(got.map((e) => e.type).sort()).toEqual(['contact.merged', 'contact_point.opted_out']);
    expect(got.find((e) => e.type === 'contact_point.opted_out')!.data).toEqual({
      contactId: a.id,
      channel: 'phone',
      value: '+12125550100',
      source: 'system',
      reason: `Merged: opted out on contact ${b.id}`,
    });
    expect(got.find((e) => e.type === 'contact.merged')!.data).toMatchObject({ mergeId, primaryId: a.id });
  });

  it('sends contact.updated for the primary and each restored contact on unmerge, and nothing else', async () => {
    const ws = await createWorkspace(ctx.app);
    const agent = await ws.addUser('agent');
    const a = await createContact(ws.owner, { firstName: 'Ann', points: [phone('+12125550100')] });
    const b = await createContact(ws.owner, {
      lastName: 'Lee',
      ownerId: agent.id,
      points: [phone('+12125550100', 'opted_out')],
    });
    const c = await createContact(ws.owner, { firstName: 'Cy', company: 'Acme' });
    const { mergeId } = await ok(
      ws.owner.post('/api/v1/contacts/merge', { primaryId: a.id, mergeIds: [b.id, c.id] }),
    );
    const events = await listen(ws);

    const res = await ok(ws.owner.post(`/api/v1/merges/${mergeId}/unmerge`));
    const got = await events();
    expect(got.map((e) => e.type)).toEqual(['contact.updated', 'contact.updated', 'contact.updated']);
    const of = (id: string) => got.find((e) => e.data.contact.id === id)!.data;
    const primary = of(a.id);
    expect(primary.contact).toEqual(res.primary);
    expect(primary.changes[0]).toEqual({
      field: 'unmerge',
      before: { mergeId, mergedIds: [b.id, c.id] },
      after: null,
    });
    expect(primary.changes).toEqual(
      expect.arrayContaining([
        { field: 'lastName', before: 'Lee', after: null },
        { field: 'company', before: 'Acme', after: null },
        { field: 'sharedWith', before: [agent.id], after: [] },
      ]),
    );
    expect(primary.contact.points[0].status).toBe('active');
    // The same entries as the change log's.
    const [logged] = (await ok(ws.owner.get(`/api/v1/contacts/${a.id}/changes`))).items;
    expect(logged).toMatchObject({ action: 'unmerge', changes: primary.changes });
    for (const [id, restored] of [
      [b.id, res.restored[0]],
      [c.id, res.restored[1]],
    ]) {
      expect(of(id)).toEqual({
        contact: restored,
        changes: [{ field: 'mergedInto', before: { mergeId, primaryId: a.id }, after: null }],
      });
    }
    // A refused unmerge sends nothing.
    expectProblem(await ws.owner.post(`/api/v1/merges/${mergeId}/unmerge`), 409);
    expect(await events()).toEqual([]);
  });
});
