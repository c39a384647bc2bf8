import { z } from 'zod';
import type { App } from '../../server/types.js';
import { MANAGERS } from '../../server/types.js';
import { Member, MemberCreate, MemberPatch } from './schema.js';
import * as users from './service.js';

const Params = z.object({ id: z.uuid('id must be a UUID') });
// Managing users needs a person (usersOnly): a leaked integration key must not add or promote users.

export async function userRoutes(app: App) {
  app.get(
    '/users',
    {
      schema: {
        tags: ['users'],
        summary: 'List the workspace’s users (for everyone: owners, sharing)',
        response: { 200: z.object({ items: z.array(Member) }) },
      },
    },
    async (req) => ({ items: await users.listMembers(app.db, req.actor) }),
  );

  app.post(
    '/users',
    {
      config: { roles: MANAGERS, usersOnly: true },
      schema: { tags: ['users'], summary: 'Create a user', body: MemberCreate, response: { 201: Member } },
    },
    async (req, reply) => {
      const member = await app.db
        .transaction()
        .execute((trx) => users.createMember(trx, req.actor, req.body));
      return reply.code(201).send(member);
    },
  );

  app.patch(
    '/users/:id',
    {
      config: { roles: MANAGERS, usersOnly: true },
      schema: {
        tags: ['users'],
        summary: 'Rename, change role, reset password or deactivate a user',
        params: Params,
        body: MemberPatch,
        response: { 200: Member },
      },
    },
    async (req) =>
      app.db.transaction().execute((trx) => users.updateMember(trx, req.actor, req.params.id, req.body)),
  );
}
