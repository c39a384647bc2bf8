// Where a list's entries come from, besides adding them by hand: its filter or segment run again
// on a schedule (schedule.ts), and a campaign's contact web service (web-service.ts).
import { z } from 'zod';
import { Problem, PROBLEM_TYPE } from '../../server/problem.js';
import type { App } from '../../server/types.js';
import { CampaignParams } from '../campaigns/schema.js';
import { everyMinute, LIST_SCHEDULES_JOB } from './schedule-job.js';
import { ScheduleSet } from './schedule-schema.js';
import { clearSchedule, setSchedule } from './schedule.js';
import { ContactList, ListParams } from './schema.js';
import { WebServiceError } from './web-service-fetch.js';
import { WebServiceLoad, WebServiceLoadResult } from './web-service-schema.js';
import { loadFromWebService } from './web-service.js';

const tags = ['contact lists'];

export async function listSourceRoutes(app: App) {
  app.put(
    '/lists/:id/schedule',
    {
      schema: {
        tags,
        summary: 'Run the list’s filter or segment again on a schedule, adding new matches (admins)',
        description:
          'The list must have been filled from a filter or a segment (POST /lists/:id/entries/from-selection); a segment is read as it is at each run. cron has five fields (minute hour day-of-month month day-of-week), default "0 0 * * *", read in timeZone (default UTC). Contacts already on the list are left as they are. GET /lists/:id shows the schedule with its next and last run.',
        params: ListParams,
        body: ScheduleSet,
        response: { 200: ContactList },
      },
    },
    async (req) => setSchedule(app.db, req.actor, req.params.id, req.body),
  );

  app.delete(
    '/lists/:id/schedule',
    {
      schema: {
        tags,
        summary: 'Stop running the list’s filter or segment on a schedule (admins)',
        params: ListParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await clearSchedule(app.db, req.actor, req.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/campaigns/:id/web-service/load',
    {
      schema: {
        tags,
        summary: 'Load contacts from the campaign’s web service into its "Web service" list (admins)',
        description:
          'GET on the campaign’s webService.url (the secret in webService.headerName, Accept: application/json, within timeoutMs, at most 5 MB, redirects not followed). The answer is a JSON array, or an object whose items is one, of objects with phone, email or address (+ channel), and optionally id, name, priority, topPriority, timeZone. New items become entries without a contact, the item as payload; items already on the list (same id, else same address) are skipped; entries done or flagged since the last load are dropped. 409 when the campaign does not load from a web service; 502 when the service fails (unreachable, too slow, not 2xx, too big, not a JSON list).',
        params: CampaignParams,
        body: WebServiceLoad,
        response: { 200: WebServiceLoadResult, 502: Problem },
      },
    },
    async (req, reply) => {
      try {
        return await loadFromWebService(app.db, req.actor, req.params.id);
      } catch (err) {
        if (!(err instanceof WebServiceError)) throw err;
        // Not an AppError: its closed set of codes has no 502, and the service's failure is not the caller's.
        return reply
          .code(502)
          .type(PROBLEM_TYPE)
          .send({
            type: 'about:blank',
            title: 'Bad gateway',
            status: 502,
            detail: err.message,
            errors: [{ path: 'webService', message: err.message }],
          });
      }
    },
  );

  // The list scheduler's tick (schedule-job.ts), in processes that run jobs.
  let stop: (() => void) | undefined;
  app.addHook('onReady', async () => {
    if (!app.config.runJobs) return;
    stop = everyMinute(() => {
      app.queue
        .send(LIST_SCHEDULES_JOB, {})
        .catch((err) => app.log.warn({ err }, 'list schedules: the minute’s tick was not sent'));
    });
  });
  app.addHook('onClose', async () => stop?.());
}
