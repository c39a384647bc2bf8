import { z } from 'zod';
import type { App } from '../../server/types.js';
import { MANAGERS } from '../../server/types.js';
import { FieldCreate, FieldDefinition, FieldPatch } from './schema.js';
import * as fields from './service.js';

const Params = z.object({ id: z.uuid('id must be a UUID') });
const managers = { roles: MANAGERS };

export async function fieldRoutes(app: App) {
  app.get(
    '/fields',
    {
      schema: {
        tags: ['fields'],
        summary: 'List custom field definitions',
        response: { 200: z.object({ items: z.array(FieldDefinition) }) },
      },
    },
    async (req) => ({ items: await fields.listFields(app.db, req.actor) }),
  );

  app.post(
    '/fields',
    {
      config: managers,
      schema: {
        tags: ['fields'],
        summary: 'Define a custom field',
        body: FieldCreate,
        response: { 201: FieldDefinition },
      },
    },
    async (req, reply) => reply.code(201).send(await fields.createField(app.db, req.actor, req.body)),
  );

  app.patch(
    '/fields/:id',
    {
      config: managers,
      schema: {
        tags: ['fields'],
        summary: 'Change a field’s label, options or required flag (its key and type are fixed)',
        params: Params,
        body: FieldPatch,
        response: { 200: FieldDefinition },
      },
    },
    async (req) => fields.updateField(app.db, req.actor, req.params.id, req.body),
  );

  app.delete(
    '/fields/:id',
    {
      config: managers,
      schema: {
        tags: ['fields'],
        summary: 'Delete a field and its values on every contact',
        params: Params,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await app.db.transaction().execute((trx) => fields.deleteField(trx, req.actor, req.params.id));
      return reply.code(204).send(null);
    },
  );
}
