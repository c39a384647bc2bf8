import { z } from 'zod';
import type { App } from '../../server/types.js';
import { MANAGERS } from '../../server/types.js';
import { repeat } from '../../lib/repeat.js';
import { anyDue, LOOK_EVERY_MS, PRUNE_EVERY_MS, WEBHOOK_DELIVERY_JOB, WEBHOOK_RETENTION_JOB } from './job.js';
import {
  Delivery,
  DeliveryList,
  DeliveryQuery,
  NoBody,
  Webhook,
  WebhookCreate,
  WebhookPatch,
  WebhookWithSecret,
} from './schema.js';
import * as webhooks from './service.js';

const tags = ['webhooks'];
const Params = z.object({ id: z.uuid('id must be a webhook id (UUID)') });
const DeliveryParams = Params.extend({ deliveryId: z.uuid('deliveryId must be a delivery id (UUID)') });
// People only, like API keys: a hook outlives the key that would create it, so a leaked key could
// keep receiving the workspace's contacts after it is revoked.
const managers = { roles: MANAGERS, usersOnly: true };

export async function webhookRoutes(app: App) {
  const policy = { allowPrivate: app.config.webhookAllowPrivate };
  app.get(
    '/webhooks',
    {
      config: managers,
      schema: {
        tags,
        summary: 'List webhooks with their latest delivery (never their secrets)',
        response: { 200: z.object({ items: z.array(Webhook) }) },
      },
    },
    async (req) => webhooks.listWebhooks(app.db, req.actor),
  );

  app.post(
    '/webhooks',
    {
      config: managers,
      schema: {
        tags,
        summary: 'Register a URL for events; the signing secret is in this response only',
        description:
          'Each event is POSTed as JSON `{ id, type, createdAt, workspaceId, data }` with `X-Webhook-Signature: sha256=<hex HMAC-SHA256 of "<X-Webhook-Timestamp>.<body>" keyed with the secret>`. 2xx is success; anything else is retried after 30 s, 2 min, 10 min, 1 h and 6 h, then the delivery is dead.',
        body: WebhookCreate,
        response: { 201: WebhookWithSecret },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(
          await app.db
            .transaction()
            .execute((trx) => webhooks.createWebhook(trx, req.actor, req.body, policy)),
        ),
  );

  app.get(
    '/webhooks/:id',
    {
      config: managers,
      schema: { tags, summary: 'One webhook', params: Params, response: { 200: Webhook } },
    },
    async (req) => webhooks.getWebhook(app.db, req.actor, req.params.id),
  );

  app.patch(
    '/webhooks/:id',
    {
      config: managers,
      schema: {
        tags,
        summary: 'Change a webhook’s URL, events or description, or pause and resume it',
        description:
          'A paused hook gets no deliveries for events that happen while it is paused; deliveries already waiting are held and go out when it is resumed.',
        params: Params,
        body: WebhookPatch,
        response: { 200: Webhook },
      },
    },
    async (req) => webhooks.updateWebhook(app.db, req.actor, req.params.id, req.body, policy),
  );

  app.delete(
    '/webhooks/:id',
    {
      config: managers,
      schema: {
        tags,
        summary: 'Delete a webhook and its deliveries',
        params: Params,
        response: { 204: z.null().describe('Deleted') },
      },
    },
    async (req, reply) => {
      await webhooks.deleteWebhook(app.db, req.actor, req.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/webhooks/:id/rotate-secret',
    {
      config: managers,
      schema: {
        tags,
        summary: 'Replace the signing secret at once; the new one is in this response only',
        params: Params,
        body: NoBody,
        response: { 200: WebhookWithSecret },
      },
    },
    async (req) => webhooks.rotateSecret(app.db, req.actor, req.params.id),
  );

  app.get(
    '/webhooks/:id/deliveries',
    {
      config: managers,
      schema: {
        tags,
        summary: 'A webhook’s deliveries, newest first, with their state, attempts and last answer',
        params: Params,
        querystring: DeliveryQuery,
        response: { 200: DeliveryList },
      },
    },
    async (req) => webhooks.listDeliveries(app.db, req.actor, req.params.id, req.query),
  );

  app.post(
    '/webhooks/:id/deliveries/:deliveryId/retry',
    {
      config: managers,
      schema: {
        tags,
        summary: 'Send a delivery again now, and answer how it went',
        description: '409 while a worker is sending it.',
        params: DeliveryParams,
        body: NoBody,
        response: { 200: Delivery },
      },
    },
    async (req) => webhooks.retryDelivery(app.db, req.actor, req.params.id, req.params.deliveryId, policy),
  );

  app.post(
    '/webhooks/:id/test',
    {
      config: managers,
      schema: {
        tags,
        summary: 'Send a ping event to this webhook now (paused ones too), and answer how it went',
        params: Params,
        body: NoBody,
        response: { 201: Delivery },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await webhooks.sendTest(app.db, req.actor, req.params.id, policy)),
  );

  // The jobs' triggers (job.ts), in processes that run jobs. Deliveries: a look every few seconds,
  // the job sent when some are due. Retention: a minute after start, so a deployment restarted
  // more often than hourly still prunes, then every hour. Servers doing either at once is
  // harmless: each delivery is claimed once, and pruning takes rows the others have not locked.
  let looker: NodeJS.Timeout | undefined;
  let looking: Promise<unknown> | null = null;
  let stopPruning = () => {};
  app.addHook('onReady', async () => {
    if (!app.config.runJobs) return;
    looker = setInterval(() => {
      looking ??= anyDue(app.db)
        .then((due) => (due ? app.queue.send(WEBHOOK_DELIVERY_JOB, {}) : undefined))
        .catch((err) => app.log.debug({ err }, 'webhooks: no delivery job sent'))
        .finally(() => (looking = null));
    }, LOOK_EVERY_MS);
    looker.unref();
    stopPruning = repeat(
      () =>
        app.queue
          .send(WEBHOOK_RETENTION_JOB, {})
          .catch((err) => app.log.warn({ err }, 'webhooks: no retention job sent')),
      60_000,
      PRUNE_EVERY_MS,
    );
  });
  app.addHook('onClose', async () => {
    clearInterval(looker);
    stopPruning();
    await looking;
  });
}
