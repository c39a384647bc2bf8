// With the default settings a hook cannot reach private addresses: registering one written as an
// address is refused, and a delivery to one is not sent (src/modules/webhooks/address.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverDue } from '../../src/modules/webhooks/deliver.js';
import { createWorkspace, expectProblem, useTestApp } from '../helpers.js';
import { WebhookReceiver } from '../webhook-receiver.js';

const ctx = useTestApp();

const receiver = new WebhookReceiver();
beforeAll(() => receiver.start());
afterAll(() => receiver.stop());

describe('webhooks and private addresses', () => {
  it('refuses to register or move a hook to a private address, naming the url', async () => {
    const ws = await createWorkspace(ctx.app);
    for (const url of [
      `${receiver.base}/hook`,
      'http://[::1]/hook',
      'http://localhost:5432/',
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.7/internal',
      'http://2130706433/',
    ]) {
      const res = await ws.owner.post('/api/v1/webhooks', { url, events: ['contact.created'] });
      const problem = expectProblem(res, 400);
      expect(problem.errors, url).toEqual([
        {
          path: 'url',
          message: expect.stringMatching(/is a private address; webhooks go to public addresses only/),
        },
      ]);
    }
    const hook = await ws.owner.post('/api/v1/webhooks', {
      url: 'https://hooks.example.com/contacts',
      events: ['contact.created'],
    });
    expect(hook.statusCode, hook.body).toBe(201);
    const moved = await ws.owner.patch(`/api/v1/webhooks/${hook.json().id}`, {
      url: 'http://192.168.0.10/x',
    });
    expect(expectProblem(moved, 400).errors[0].path).toBe('url');
    expect((await ws.owner.get(`/api/v1/webhooks/${hook.json().id}`)).json().url).toBe(
      'https://hooks.example.com/contacts',
    );
  });

  it('does not send a delivery to a private address, and says why', async () => {
    const ws = await createWorkspace(ctx.app);
    const hook = await ws.owner.post('/api/v1/webhooks', {
      url: 'https://hooks.example.com/contacts',
      events: ['contact.created'],
    });
    expect(hook.statusCode, hook.body).toBe(201);
    // A hook stored before the check, or while private addresses were allowed.
    await ctx.app.db
      .updateTable('webhooks')
      .set({ url: `${receiver.base}/hook` })
      .where('workspace_id', '=', ws.id)
      .execute();
    const test = await ws.owner.post(`/api/v1/webhooks/${hook.json().id}/test`);
    expect(test.statusCode, test.body).toBe(201);
    expect(test.json()).toMatchObject({
      state: 'failed',
      lastStatus: null,
      lastError: 'not called: 127.0.0.1 is a private address; webhooks go to public addresses only',
    });

    expect((await ws.owner.post('/api/v1/contacts', { firstName: 'Ada' })).statusCode).toBe(201);
    await deliverDue(ctx.app.db, new Date(), { timeoutMs: 500 });
    const deliveries = (await ws.owner.get(`/api/v1/webhooks/${hook.json().id}/deliveries`)).json().items;
    expect(deliveries.map((d: any) => [d.state, d.lastError])).toEqual([
      ['failed', expect.stringMatching(/^not called: 127.0.0.1 is a private address/)],
      ['failed', expect.stringMatching(/^not called: 127.0.0.1 is a private address/)],
    ]);
    expect(receiver.received).toHaveLength(0);
  });
});
