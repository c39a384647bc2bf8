import { z } from 'zod';
import type { App } from '../../server/types.js';
import { CHANNELS } from '../contacts/enums.js';
import {
  CheckRequest,
  CheckResult,
  HistoryList,
  HistoryQuery,
  ImportResult,
  OptOutList,
  OptOutListQuery,
  OptOutRequest,
  ReinstateRequest,
  StatusOutcome,
} from './schema.js';
import * as optouts from './service.js';

const tags = ['opt-outs'];
/** Pasted lists and files read in the browser: larger than the API's usual JSON body. */
const IMPORT_BODY_LIMIT = 6 * 1024 * 1024;

export async function optOutRoutes(app: App) {
  app.get(
    '/optouts',
    {
      schema: {
        tags,
        summary: 'Opted-out contact points and suppressed values, in value order (admins)',
        querystring: OptOutListQuery,
        response: { 200: OptOutList },
      },
    },
    async (req) => optouts.listOptOuts(app.db, req.actor, req.query),
  );

  app.post(
    '/optouts',
    {
      schema: {
        tags,
        summary: 'Opt a value out on every contact that carries it, or suppress it (admins)',
        description:
          'A value no contact carries yet is kept in the suppression list and applies the moment a contact with it appears (import, API or conversation).',
        body: OptOutRequest,
        response: { 200: StatusOutcome },
      },
    },
    async (req) => optouts.optOut(app.db, req.actor, req.body),
  );

  app.post(
    '/optouts/reinstate',
    {
      schema: {
        tags,
        summary: 'Make a value contactable again everywhere, with the reason (admins)',
        body: ReinstateRequest,
        response: { 200: StatusOutcome },
      },
    },
    async (req) => optouts.reinstate(app.db, req.actor, req.body),
  );

  app.post(
    '/optouts/import',
    {
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags,
        summary: 'Opt out a pasted list or a file’s text (admins)',
        description: `One value per line with \`channel\`, else \`channel,value[,reason]\` lines. At most ${optouts.MAX_IMPORT_LINES.toLocaleString('en-US')} lines.`,
        body: z
          .object({
            text: z
              .string()
              .min(1, 'Paste or upload at least one value')
              .max(5_000_000, 'At most 5,000,000 characters'),
            channel: z.enum(CHANNELS).optional(),
            reason: z.string().trim().max(500, 'Reason must be at most 500 characters').nullable().optional(),
          })
          .strict(),
        response: { 200: ImportResult },
      },
    },
    async (req) =>
      optouts.importOptOuts(app.db, req.actor, req.body.text, {
        channel: req.body.channel,
        reason: req.body.reason || null,
      }),
  );

  app.get(
    '/optouts/history',
    {
      schema: {
        tags,
        summary: 'Every opt-out status change of a value, newest first (admins)',
        querystring: HistoryQuery,
        response: { 200: HistoryList },
      },
    },
    async (req) => optouts.history(app.db, req.actor, req.query),
  );

  app.post(
    '/suppression/check',
    {
      schema: {
        tags,
        summary: 'Which values, or which contacts on a channel, may be contacted',
        description:
          'Dialers and senders ask before every call or message. A value may not be contacted when it is suppressed, opted out on any contact, or carried by a blocked contact; a contact when it is blocked or has no allowed point on the channel.',
        body: CheckRequest,
        response: { 200: CheckResult },
      },
    },
    async (req) => optouts.checkContactable(app.db, req.actor, req.body),
  );
}
