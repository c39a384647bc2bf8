import { z } from 'zod';
import type { App } from '../../server/types.js';
import { CHANNELS, countryList, LANGUAGES, timeZoneList } from '../contacts/normalize.js';
import { CONTACT_LEVELS, CONTACT_TYPES, POINT_LABELS, SOURCES } from '../contacts/schema.js';

const Meta = z.object({
  countries: z.array(z.object({ code: z.string(), name: z.string() })),
  languages: z.array(z.object({ code: z.string(), name: z.string() })),
  timeZones: z.array(z.string()),
  channels: z.array(z.string()),
  labels: z.array(z.string()),
  types: z.array(z.string()),
  levels: z.array(z.string()),
  sources: z.array(z.string()),
});

// Built once: the lists never change while the server runs.
let cached: z.infer<typeof Meta> | undefined;
const meta = () =>
  (cached ??= {
    countries: countryList(),
    languages: Object.entries(LANGUAGES)
      .map(([code, name]) => ({ code, name }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    timeZones: timeZoneList(),
    channels: [...CHANNELS],
    labels: [...POINT_LABELS],
    types: [...CONTACT_TYPES],
    levels: [...CONTACT_LEVELS],
    sources: [...SOURCES],
  });

export async function metaRoutes(app: App) {
  app.get(
    '/meta',
    {
      // Public: static lists, and the setup page needs country names before anyone can sign in.
      config: { public: true },
      schema: {
        tags: ['meta'],
        summary: 'Allowed values: countries, languages, time zones, channels, labels, types, levels',
        response: { 200: Meta },
      },
    },
    async () => meta(),
  );
}
