import { z } from 'zod';
import type { App } from '../../server/types.js';
import { BULK_ACTION_JOB } from '../bulk/job.js';
import { BulkAction } from '../bulk/schema.js';
import type { SendBulkJob } from '../bulk/service.js';
import * as tags from './service.js';

const Tag = z.string().trim().min(1, 'Tags cannot be empty').max(50, 'Tags must be at most 50 characters');
const openapiTags = ['tags'];
const Started = { 200: BulkAction, 202: BulkAction };

export async function tagRoutes(app: App) {
  const send: SendBulkJob = (trx, payload) => app.queue.send(BULK_ACTION_JOB, payload, { trx });
  const answer = (reply: any, result: BulkAction) =>
    reply.code(result.state === 'done' || result.state === 'failed' ? 200 : 202).send(result);

  app.get(
    '/tags',
    {
      schema: {
        tags: openapiTags,
        summary: 'Tags on the contacts the caller sees, with counts, most used first',
        response: {
          200: z.object({ items: z.array(z.object({ tag: z.string(), count: z.number().int() })) }),
        },
      },
    },
    async (req) => ({ items: await tags.listTags(app.db, req.actor) }),
  );
  app.post(
    '/tags/rename',
    {
      schema: {
        tags: openapiTags,
        summary: 'Rename a tag on every contact (a bulk action; admins)',
        body: z.object({ from: Tag, to: Tag }).strict(),
        response: Started,
      },
    },
    async (req, reply) =>
      answer(reply, await tags.renameTag(app.db, req.actor, req.body.from, req.body.to, send)),
  );
  app.post(
    '/tags/merge',
    {
      schema: {
        tags: openapiTags,
        summary: 'Replace several tags by one on every contact (a bulk action; admins)',
        body: z
          .object({
            tags: z.array(Tag).min(1, 'Give the tags to merge').max(20, 'At most 20 tags at once'),
            into: Tag,
          })
          .strict(),
        response: Started,
      },
    },
    async (req, reply) =>
      answer(reply, await tags.mergeTags(app.db, req.actor, req.body.tags, req.body.into, send)),
  );
  app.delete(
    '/tags/:tag',
    {
      schema: {
        tags: openapiTags,
        summary: 'Remove a tag from every contact (a bulk action; admins)',
        params: z.object({ tag: Tag }),
        response: Started,
      },
    },
    async (req, reply) => answer(reply, await tags.deleteTag(app.db, req.actor, req.params.tag, send)),
  );
}
