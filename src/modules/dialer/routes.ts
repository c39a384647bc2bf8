import type { App } from '../../server/types.js';
import { Entry } from '../lists/schema.js';
import {
  CampaignParams,
  EntryParams,
  LeaseRequest,
  LeaseResult,
  OutcomeRequest,
  ReleaseRequest,
} from './schema.js';
import * as dialer from './service.js';

const tags = ['dialer'];

export async function dialerRoutes(app: App) {
  app.post(
    '/campaigns/:id/lease',
    {
      schema: {
        tags,
        summary: 'Lease up to count entries callable now (dialers)',
        description:
          'Entries of started lists of an active campaign whose next try is due, inside the calling window in the contact’s local time, with attempts left, and with a contact point that is not opted out of a contact that is not blocked; top priority first, then priority, then next try. They move to planning until the lease expires (the campaign’s leaseSeconds); an expired lease makes the entry callable again. Concurrent dialers never receive the same entry. Entries found without a usable address are flagged on the way.',
        params: CampaignParams,
        body: LeaseRequest,
        response: { 200: LeaseResult },
      },
    },
    async (req) => dialer.lease(app.db, req.actor, req.params.id, req.body),
  );

  app.post(
    '/list-entries/:id/outcome',
    {
      schema: {
        tags,
        summary: 'Record an attempt’s result: the entry moves on and the contact’s timeline records it',
        description:
          'success closes (or goes on to the next channel when the campaign wants every channel reached); waiting_customer opens the entry; customer_closed closes; invalid_address marks that address and goes on to the next (no attempt spent); no_answer, busy, failed and callback are tried again after the campaign’s delay (a callback at nextTryAt), or end attempted when attempts run out. 409 when no attempt is under way or the lease was handed out again.',
        params: EntryParams,
        body: OutcomeRequest,
        response: { 200: Entry },
      },
    },
    async (req) => dialer.recordOutcome(app.db, req.actor, req.params.id, req.body),
  );

  app.post(
    '/list-entries/:id/release',
    {
      schema: {
        tags,
        summary: 'Give a leased entry back without an attempt: callable again at once',
        params: EntryParams,
        body: ReleaseRequest,
        response: { 200: Entry },
      },
    },
    async (req) => dialer.release(app.db, req.actor, req.params.id, req.body.leaseId),
  );
}
