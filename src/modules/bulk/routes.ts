import { z } from 'zod';
import type { App } from '../../server/types.js';
import { BULK_ACTION_JOB } from './job.js';
import { BulkAction, BulkActionCreate } from './schema.js';
import * as bulk from './service.js';

const Params = z.object({ id: z.uuid('id must be a bulk action id (UUID)') });
const tags = ['bulk actions'];

export async function bulkRoutes(app: App) {
  const send: bulk.SendBulkJob = (trx, payload) => app.queue.send(BULK_ACTION_JOB, payload, { trx });

  app.post(
    '/bulk-actions',
    {
      schema: {
        tags,
        summary: 'Act on selected contacts or on all matching a filter: owner, tags, groups, a field, delete',
        description: `Up to ${bulk.INLINE_LIMIT} contacts are done within the request (200, state done); more run in the background (202): follow GET /bulk-actions/:id. Only contacts the caller sees are touched; agents delete and hand over only contacts they own. Each changed contact's change log records the action.`,
        body: BulkActionCreate,
        response: { 200: BulkAction, 202: BulkAction },
      },
    },
    async (req, reply) => {
      const result = await bulk.startBulkAction(app.db, req.actor, req.body, send);
      return reply.code(result.state === 'done' || result.state === 'failed' ? 200 : 202).send(result);
    },
  );
  app.get(
    '/bulk-actions',
    {
      schema: {
        tags,
        summary: 'Recent bulk actions (agents see their own)',
        response: { 200: z.object({ items: z.array(BulkAction) }) },
      },
    },
    async (req) => ({ items: await bulk.listBulkActions(app.db, req.actor) }),
  );
  app.get(
    '/bulk-actions/:id',
    {
      schema: {
        tags,
        summary: 'A bulk action and its progress',
        params: Params,
        response: { 200: BulkAction },
      },
    },
    async (req) => bulk.getBulkAction(app.db, req.actor, req.params.id),
  );
  app.post(
    '/bulk-actions/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Stop a bulk action after the chunk in hand; what was done stays done',
        params: Params,
        response: { 200: BulkAction },
      },
    },
    async (req) => bulk.cancelBulkAction(app.db, req.actor, req.params.id),
  );
}
