import { z } from 'zod';

/** The load takes no parameters: everything is on the campaign. An empty object, or no body. */
export const WebServiceLoad = z.preprocess((v) => v ?? {}, z.object({}).strict());

export const WebServiceLoadResult = z.object({
  listId: z.string().describe('The campaign’s "Web service" list (made at the first load)'),
  fetched: z.number().describe('Items the service answered'),
  added: z.number().describe('New entries'),
  skipped: z.number().describe('Items already on the list (same id, or same address when there is no id)'),
  dropped: z
    .number()
    .describe('Entries done (closed, attempted) or flagged since the last load, removed from the list'),
  rejectedCount: z.number().describe('Items not loaded: fetched = added + skipped + rejectedCount'),
  rejected: z
    .array(z.object({ index: z.number().describe('Position in the answer, from 0'), reason: z.string() }))
    .describe('Why items were not loaded; the first 100'),
});
