import { z } from 'zod';
import type { App } from '../../server/types.js';
import * as prefs from './service.js';

const Params = z.object({
  key: z
    .string()
    .regex(/^[a-z][a-z0-9_.-]{0,63}$/, 'key must be a short lower-case name such as contacts.columns'),
});
const Preference = z.object({ key: z.string(), value: z.unknown() });
const config = { usersOnly: true };

export async function preferenceRoutes(app: App) {
  app.get(
    '/me/preferences/:key',
    {
      config,
      schema: {
        tags: ['preferences'],
        summary: 'Read one of your preferences (null when unset)',
        params: Params,
        response: { 200: Preference },
      },
    },
    async (req) => ({
      key: req.params.key,
      value: await prefs.getPreference(app.db, req.actor, req.params.key),
    }),
  );

  app.put(
    '/me/preferences/:key',
    {
      config,
      schema: {
        tags: ['preferences'],
        summary: 'Save one of your preferences, e.g. the contact table columns',
        params: Params,
        body: z.object({ value: z.unknown() }).strict(),
        response: { 200: Preference },
      },
    },
    async (req) => ({
      key: req.params.key,
      value: await prefs.setPreference(app.db, req.actor, req.params.key, req.body.value ?? null),
    }),
  );
}
