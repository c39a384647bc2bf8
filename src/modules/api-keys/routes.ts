import { z } from 'zod';
import type { App } from '../../server/types.js';
import { MANAGERS } from '../../server/types.js';
import { ApiKey, ApiKeyCreate, ApiKeyCreated } from './schema.js';
import * as keys from './service.js';

const Params = z.object({ id: z.uuid('id must be a UUID') });
// People only: a leaked integration key must not mint more keys.
const managers = { roles: MANAGERS, usersOnly: true };

export async function apiKeyRoutes(app: App) {
  app.get(
    '/api-keys',
    {
      config: managers,
      schema: {
        tags: ['api keys'],
        summary: 'List API keys (never the keys themselves)',
        response: { 200: z.object({ items: z.array(ApiKey) }) },
      },
    },
    async (req) => ({ items: await keys.listKeys(app.db, req.actor) }),
  );

  app.post(
    '/api-keys',
    {
      config: managers,
      schema: {
        tags: ['api keys'],
        summary: 'Create an API key; the key is in this response only',
        body: ApiKeyCreate,
        response: { 201: ApiKeyCreated },
      },
    },
    async (req, reply) => reply.code(201).send(await keys.createKey(app.db, req.actor, req.body)),
  );

  app.delete(
    '/api-keys/:id',
    {
      config: managers,
      schema: {
        tags: ['api keys'],
        summary: 'Revoke an API key at once',
        params: Params,
        response: { 200: ApiKey },
      },
    },
    async (req) => keys.revokeKey(app.db, req.actor, req.params.id),
  );
}
