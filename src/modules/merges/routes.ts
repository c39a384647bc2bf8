import type { App } from '../../server/types.js';
import {
  MergeList,
  MergeListQuery,
  MergeParams,
  MergePreview,
  MergeRequest,
  MergeResult,
  PreviewQuery,
  UnmergeResult,
} from './schema.js';
import * as merges from './service.js';
import { listMerges, unmergeContacts } from './unmerge.js';

const tags = ['merges'];

export async function mergeRoutes(app: App) {
  app.get(
    '/contacts/merge-preview',
    {
      schema: {
        tags,
        summary: 'Preview a merge: each field’s values, whose wins by default, and the result',
        querystring: PreviewQuery,
        response: { 200: MergePreview },
      },
    },
    async (req) => merges.previewMerge(app.db, req.actor, req.query.ids),
  );

  app.post(
    '/contacts/merge',
    {
      schema: {
        tags,
        summary: 'Merge up to 24 contacts into a primary; undoable for 30 days',
        description:
          'Field by field the primary’s value wins and its blanks are filled from the others in order, unless `fields` chooses a contact. Contact points (one per value; opted out if any copy was), tags, shares, static groups, activities and list entries are joined (on a list several contacts are on, the primary’s entry stays, else the first merged contact’s; the others are removed and come back on unmerge). The merged-away ids answer GET /contacts/:id with the primary.',
        body: MergeRequest,
        response: { 200: MergeResult },
      },
    },
    async (req) => app.db.transaction().execute((trx) => merges.mergeContacts(trx, req.actor, req.body)),
  );

  app.get(
    '/merges',
    {
      schema: {
        tags,
        summary: 'Merges a contact took part in, newest first, with whether each can be undone',
        querystring: MergeListQuery,
        response: { 200: MergeList },
      },
    },
    async (req) => listMerges(app.db, req.actor, req.query.contactId),
  );

  app.post(
    '/merges/:id/unmerge',
    {
      schema: {
        tags,
        summary: 'Undo a merge: the merged contacts come back with their ids, the primary as it was',
        description:
          '409 when the merge was already undone, is older than 30 days, or the primary changed after it (nothing is changed then).',
        params: MergeParams,
        response: { 200: UnmergeResult },
      },
    },
    async (req) => app.db.transaction().execute((trx) => unmergeContacts(trx, req.actor, req.params.id)),
  );
}
