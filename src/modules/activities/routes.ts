import { z } from 'zod';
import type { App } from '../../server/types.js';
import {
  ActivityBatch,
  ActivityCreate,
  ActivityCreated,
  BatchCreated,
  NoteCreate,
  Timeline,
  TimelineQuery,
  Activity,
} from './schema.js';
import * as activities from './service.js';

const tags = ['activities'];
const ContactParams = z.object({ id: z.uuid('id must be a contact id (UUID)') });

export async function activityRoutes(app: App) {
  app.post(
    '/activities',
    {
      schema: {
        tags,
        summary: 'Record an activity on a contact (a call, a chat, an email, a page visit…)',
        description:
          'The contact by id, or by a contact point (`contact: {channel, value}`). With `externalId`, posting again answers the stored activity (200, created false) and creates nothing.',
        body: ActivityCreate,
        response: { 200: ActivityCreated, 201: ActivityCreated },
      },
    },
    async (req, reply) => {
      const out = await activities.createActivity(app.db, req.actor, req.body);
      return reply.code(out.created ? 201 : 200).send(out);
    },
  );

  app.post(
    '/activities/batch',
    {
      schema: {
        tags,
        summary: 'Record up to 1,000 activities at once; every item is checked before any is stored',
        body: ActivityBatch,
        response: { 200: BatchCreated },
      },
    },
    async (req) => activities.createActivities(app.db, req.actor, req.body.items, true),
  );

  app.get(
    '/contacts/:id/activities',
    {
      schema: {
        tags,
        summary: 'A contact’s timeline, newest first: activities and its own changes',
        params: ContactParams,
        querystring: TimelineQuery,
        response: { 200: Timeline },
      },
    },
    async (req) => activities.timeline(app.db, req.actor, req.params.id, req.query),
  );

  app.post(
    '/contacts/:id/notes',
    {
      schema: {
        tags,
        summary: 'Add a note to a contact’s timeline',
        params: ContactParams,
        body: NoteCreate,
        response: { 201: Activity },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await activities.addNote(app.db, req.actor, req.params.id, req.body.text)),
  );
}
