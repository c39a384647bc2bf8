import { z } from 'zod';
import type { App } from '../../server/types.js';
import { OPS, VALUE_TYPES } from './enums.js';
import { listFilterFields } from './service.js';

const FieldInfo = z.object({
  field: z.string(),
  label: z.string(),
  type: z.enum(VALUE_TYPES),
  ops: z.array(z.enum(OPS)),
  options: z.array(z.object({ value: z.string(), label: z.string() })).optional(),
});

export async function filterRoutes(app: App) {
  app.get(
    '/filters/fields',
    {
      schema: {
        tags: ['filters'],
        summary: 'Every field a filter can name, with its value type and operators',
        response: { 200: z.object({ items: z.array(FieldInfo) }) },
      },
    },
    async (req) => ({ items: await listFilterFields(app.db, req.actor) }),
  );
}
