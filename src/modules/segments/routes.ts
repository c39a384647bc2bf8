import { z } from 'zod';
import type { App } from '../../server/types.js';
import { Segment, SegmentCreate, SegmentPatch } from './schema.js';
import * as segments from './service.js';

const Params = z.object({ id: z.uuid('id must be a segment id (UUID)') });
const tags = ['segments'];

export async function segmentRoutes(app: App) {
  app.get(
    '/segments',
    {
      schema: {
        tags,
        summary: 'Saved filters, each with the count of contacts the caller sees that match',
        response: { 200: z.object({ items: z.array(Segment) }) },
      },
    },
    async (req) => ({ items: await segments.listSegments(app.db, req.actor) }),
  );
  app.post(
    '/segments',
    {
      schema: {
        tags,
        summary: 'Save a filter as a named segment',
        body: SegmentCreate,
        response: { 201: Segment },
      },
    },
    async (req, reply) => reply.code(201).send(await segments.createSegment(app.db, req.actor, req.body)),
  );
  app.get(
    '/segments/:id',
    { schema: { tags, summary: 'A segment with its count', params: Params, response: { 200: Segment } } },
    async (req) => segments.getSegment(app.db, req.actor, req.params.id),
  );
  app.patch(
    '/segments/:id',
    {
      schema: {
        tags,
        summary: 'Rename a segment or change its filter (admins and its creator)',
        params: Params,
        body: SegmentPatch,
        response: { 200: Segment },
      },
    },
    async (req) =>
      app.db.transaction().execute((trx) => segments.updateSegment(trx, req.actor, req.params.id, req.body)),
  );
  app.delete(
    '/segments/:id',
    {
      schema: {
        tags,
        summary: 'Delete a segment (refused while a group or segment filter uses it)',
        params: Params,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await app.db.transaction().execute((trx) => segments.deleteSegment(trx, req.actor, req.params.id));
      return reply.code(204).send(null);
    },
  );
}
