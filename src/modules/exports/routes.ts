import { z } from 'zod';
import { fileResponse, sendFile } from '../../server/file-reply.js';
import type { App } from '../../server/types.js';
import { filterFromQuery } from '../contacts/service.js';
import { definitionsFor } from '../fields/service.js';
import { exportContactsJob } from './job.js';
import { ExportCreate, ExportJob, ExportQuery, ExportStarted, TemplateQuery } from './schema.js';
import * as exports from './service.js';
import { buildImportTemplate } from './templates.js';

const tags = ['exports'];
const Params = z.object({ id: z.uuid('id must be an export id (UUID)') });

const XLSX = exports.CONTENT_TYPES.xlsx;
const file = fileResponse;
const ANY_FORMAT = ['text/csv', XLSX, 'text/vcard'];

export async function exportRoutes(app: App) {
  const job = () =>
    exportContactsJob({
      db: app.db,
      config: app.config,
      log: app.log,
      engine: app.engine,
      queue: () => app.queue,
    });

  app.get(
    '/exports/contacts',
    {
      // A HEAD request would build the whole file only to throw it away.
      exposeHeadRoute: false,
      schema: {
        tags,
        summary: 'Download the contacts you may see as CSV, XLSX or vCard, streamed as it is written',
        description:
          'Columns (csv, xlsx) default to every core field, one column per channel and label in use, and every custom field; their headers map back automatically when the file is imported. Text cells starting with = + - @ tab or CR get a leading quote so spreadsheets do not run them; plain phone numbers keep their +.',
        querystring: ExportQuery,
        response: { 200: file('The file', ANY_FORMAT) },
      },
    },
    async (req, reply) => {
      const prepared = await exports.prepareExport(app.db, req.actor, {
        ...req.query,
        filter: filterFromQuery(req.query.filter),
      });
      return sendFile(reply, prepared, prepared.open());
    },
  );

  app.get(
    '/exports/import-template',
    {
      schema: {
        tags,
        summary: 'An import template: the export headers (with your custom fields) and one example row',
        querystring: TemplateQuery,
        response: { 200: file('The template', ['text/csv', XLSX]) },
      },
    },
    async (req, reply) => {
      const { format } = req.query;
      const bytes = await buildImportTemplate(format, await definitionsFor(app.db, req.actor.workspaceId));
      const name = {
        contentType: exports.CONTENT_TYPES[format],
        fileName: `contacts-import-template.${format}`,
      };
      return sendFile(reply, name, bytes);
    },
  );

  app.post(
    '/exports',
    {
      schema: {
        tags,
        summary: 'Start a background export (same options as GET /exports/contacts, up to 10,000 ids)',
        body: ExportCreate,
        response: { 202: ExportStarted },
      },
    },
    async (req, reply) => {
      const started = await exports.startExport(app.db, req.actor, req.body, (trx, payload) =>
        app.queue.send(job(), payload, { trx }),
      );
      return reply
        .code(202)
        .header('location', `/api/v1/exports/${started.id}`)
        .send({ id: started.id, state: started.state });
    },
  );

  app.get(
    '/exports',
    {
      schema: {
        tags,
        summary: 'Background exports of the last 7 days, newest first (agents see their own)',
        response: { 200: z.object({ items: z.array(ExportJob) }) },
      },
    },
    async (req) => ({ items: await exports.listExports(app.db, req.actor) }),
  );

  app.get(
    '/exports/:id',
    {
      schema: {
        tags,
        summary: 'A background export: its state, rows written, and downloadUrl once done',
        params: Params,
        response: { 200: ExportJob },
      },
    },
    async (req) => exports.getExport(app.db, req.actor, req.params.id),
  );

  app.get(
    '/exports/:id/download',
    {
      // A HEAD request would build the whole file only to throw it away.
      exposeHeadRoute: false,
      schema: {
        tags,
        summary: 'Download a finished background export (409 until it is done)',
        params: Params,
        response: { 200: file('The file', ANY_FORMAT) },
      },
    },
    async (req, reply) => {
      const download = await exports.openDownload(app.db, req.actor, req.params.id);
      return sendFile(reply.header('content-length', download.size), download, download.body);
    },
  );
}
