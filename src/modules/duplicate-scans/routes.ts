import type { App } from '../../server/types.js';
import { contactDuplicates } from './check.js';
import { duplicateScanJob } from './job.js';
import {
  ClusterList,
  ClusterQuery,
  ContactDuplicates,
  Dismissal,
  DismissalResult,
  Scan,
  ScanList,
  ScanParams,
  ScanStart,
} from './schema.js';
import * as scans from './service.js';
import { z } from 'zod';

const tags = ['duplicates'];
const ContactParams = z.object({ id: z.uuid('id must be a contact id (UUID)') });

export async function duplicateScanRoutes(app: App) {
  const job = () =>
    duplicateScanJob({
      db: app.db,
      config: app.config,
      log: app.log,
      engine: app.engine,
      queue: () => app.queue,
    });

  app.post(
    '/duplicates/scans',
    {
      schema: {
        tags,
        summary: 'Scan the whole workspace for duplicates in the background (admins)',
        description:
          'Answers 202 with the new scan, or 200 with the scan already under way (one at a time per workspace). Poll GET /duplicates/scans/{id}; when it is done, GET /duplicates/clusters lists the groups it found.',
        body: ScanStart,
        response: { 200: Scan, 202: Scan },
      },
    },
    async (req, reply) => {
      const { scan, started } = await scans.startScan(app.db, req.actor, req.body, (trx, payload) =>
        app.queue.send(job(), payload, { trx }),
      );
      return reply
        .code(started ? 202 : 200)
        .header('location', `/api/v1/duplicates/scans/${scan.id}`)
        .send(scan);
    },
  );

  app.get(
    '/duplicates/scans',
    {
      schema: {
        tags,
        summary: 'The latest duplicate scans, newest first (admins)',
        response: { 200: ScanList },
      },
    },
    async (req) => scans.listScans(app.db, req.actor),
  );

  app.get(
    '/duplicates/scans/:id',
    {
      schema: {
        tags,
        summary: 'A duplicate scan: its state, phase, progress and what it found (admins)',
        params: ScanParams,
        response: { 200: Scan },
      },
    },
    async (req) => scans.getScan(app.db, req.actor, req.params.id),
  );

  app.get(
    '/duplicates/clusters',
    {
      schema: {
        tags,
        summary: 'Groups of possible duplicates from the latest finished scan, surest first (admins)',
        description:
          'Each group has its contacts (most linked first: the likeliest primary) and the scored pairs that link them, with reasons. Contacts deleted or merged since the scan, and pairs dismissed since, are left out.',
        querystring: ClusterQuery,
        response: { 200: ClusterList },
      },
    },
    async (req) => scans.listClusters(app.db, req.actor, req.query),
  );

  app.post(
    '/duplicates/dismissals',
    {
      schema: {
        tags,
        summary: 'Say that contacts are not one person: no scan or prompt offers these pairs again',
        body: Dismissal,
        response: { 200: DismissalResult },
      },
    },
    async (req) => scans.dismiss(app.db, req.actor, req.body.contactIds),
  );

  app.get(
    '/contacts/:id/duplicates',
    {
      schema: {
        tags,
        summary:
          'Contacts this one may be a duplicate of, with scores and reasons (the contact page’s prompt)',
        params: ContactParams,
        response: { 200: ContactDuplicates },
      },
    },
    async (req) => contactDuplicates(app.db, req.actor, req.params.id),
  );
}
