import { z } from 'zod';
import type { App } from '../../server/types.js';
import { Group, GroupCreate, GroupMerge, GroupPatch, MemberIds } from './schema.js';
import * as groups from './service.js';

const Params = z.object({ id: z.uuid('id must be a group id (UUID)') });
const tags = ['groups'];

export async function groupRoutes(app: App) {
  app.get(
    '/groups',
    {
      schema: {
        tags,
        summary: 'Groups with their type, category and counts of members the caller sees',
        response: { 200: z.object({ items: z.array(Group) }) },
      },
    },
    async (req) => ({ items: await groups.listGroups(app.db, req.actor) }),
  );
  app.post(
    '/groups',
    {
      schema: {
        tags,
        summary: 'Create a static group (members added by hand) or a dynamic one (a filter); admins',
        body: GroupCreate,
        response: { 201: Group },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await app.db.transaction().execute((trx) => groups.createGroup(trx, req.actor, req.body))),
  );
  app.get(
    '/groups/:id',
    { schema: { tags, summary: 'A group with its counts', params: Params, response: { 200: Group } } },
    async (req) => groups.getGroup(app.db, req.actor, req.params.id),
  );
  app.patch(
    '/groups/:id',
    {
      schema: {
        tags,
        summary: 'Rename, recategorise, or change a dynamic group’s filter; admins',
        params: Params,
        body: GroupPatch,
        response: { 200: Group },
      },
    },
    async (req) =>
      app.db.transaction().execute((trx) => groups.updateGroup(trx, req.actor, req.params.id, req.body)),
  );
  app.delete(
    '/groups/:id',
    {
      schema: {
        tags,
        summary: 'Delete a group; its members stay as contacts. Admins',
        params: Params,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await app.db.transaction().execute((trx) => groups.deleteGroup(trx, req.actor, req.params.id));
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/groups/:id/members',
    {
      schema: {
        tags,
        summary: 'Add contacts to a static group (up to 1000 ids; bulk actions take a filter)',
        params: Params,
        body: MemberIds,
        response: { 200: z.object({ added: z.number().int(), skipped: z.number().int() }) },
      },
    },
    async (req) =>
      app.db.transaction().execute((trx) => groups.addToGroup(trx, req.actor, req.params.id, req.body.ids)),
  );
  app.post(
    '/groups/:id/members/remove',
    {
      schema: {
        tags,
        summary: 'Remove contacts from a static group',
        params: Params,
        body: MemberIds,
        response: { 200: z.object({ removed: z.number().int(), skipped: z.number().int() }) },
      },
    },
    async (req) =>
      app.db
        .transaction()
        .execute((trx) => groups.removeFromGroup(trx, req.actor, req.params.id, req.body.ids)),
  );
  app.post(
    '/groups/:id/merge',
    {
      schema: {
        tags,
        summary: 'Merge another group into this one and delete the other; admins',
        params: Params,
        body: GroupMerge,
        response: { 200: Group },
      },
    },
    async (req) =>
      app.db.transaction().execute((trx) => groups.mergeGroups(trx, req.actor, req.params.id, req.body.from)),
  );
}
