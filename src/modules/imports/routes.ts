import { z } from 'zod';
import type { App } from '../../server/types.js';
import { Readable } from 'node:stream';
import { fileResponse, sendFile } from '../../server/file-reply.js';
import { errorFile } from './error-file.js';
import { ImportStart } from './options.js';
import { ImportPreview, ImportSummary, ReadOptions, UploadQuery } from './schema.js';
import * as imports from './service.js';
import { cancelImport, startImport } from './start.js';
import { tooLarge } from './upload.js';

const tags = ['imports'];
const Params = z.object({ id: z.uuid('id must be a UUID') });

/** The upload route, in a scope of its own: its body is the raw file, every other route takes JSON. */
async function uploadRoute(app: App) {
  // The upload body is the file itself, of any type, streamed by the handler: no parser reads it
  // into memory, and the import size limit (not the API's JSON body limit) applies.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_req, _payload, done) => done(null, undefined));

  app.post(
    '/imports',
    {
      schema: {
        tags,
        summary: 'Upload a file to import (CSV, TSV or text): the body is the file; answers its preview',
        description:
          'Send the file as the request body with any content type. The answer shows how the file was read (encoding, delimiter, header row), its first rows, and a suggested column mapping. Nothing is imported yet.',
        querystring: UploadQuery,
        response: { 201: ImportPreview },
      },
    },
    async (req, reply) => {
      const declared = Number(req.headers['content-length'] ?? 0);
      if (declared > app.config.importMaxBytes) throw tooLarge(app.config.importMaxBytes);
      const preview = await imports.uploadImport(app.db, req.actor, req.raw, {
        ...req.query,
        maxBytes: app.config.importMaxBytes,
      });
      return reply.code(201).header('location', `/api/v1/imports/${preview.id}`).send(preview);
    },
  );
}

export async function importRoutes(app: App) {
  await app.register(uploadRoute);

  app.get(
    '/imports',
    {
      schema: {
        tags,
        summary: 'Imports, newest first (agents see their own)',
        response: { 200: z.object({ items: z.array(ImportSummary) }) },
      },
    },
    async (req) => ({ items: await imports.listImports(app.db, req.actor) }),
  );

  app.get(
    '/imports/:id',
    {
      schema: {
        tags,
        summary: 'An import: state, counts and live progress (cheap to poll)',
        params: Params,
        response: { 200: ImportSummary },
      },
    },
    async (req) => imports.importSummary(app.db, req.actor, req.params.id),
  );

  app.get(
    '/imports/:id/preview',
    {
      schema: {
        tags,
        summary:
          'The file’s first rows and a suggested mapping; read options re-read it (e.g. hasHeader=false)',
        params: Params,
        querystring: ReadOptions,
        response: { 200: ImportPreview },
      },
    },
    async (req) => imports.getImport(app.db, req.actor, req.params.id, req.query),
  );

  app.post(
    '/imports/:id/start',
    {
      schema: {
        tags,
        summary: 'Start importing an uploaded file with a mapping and options; runs as a background job',
        params: Params,
        body: ImportStart,
        response: { 202: ImportSummary },
      },
    },
    async (req, reply) => {
      const started = await startImport(app.db, app.queue, req.actor, req.params.id, req.body);
      return reply.code(202).send(started);
    },
  );

  app.post(
    '/imports/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel a waiting or running import; rows already imported stay',
        params: Params,
        response: { 200: ImportSummary },
      },
    },
    async (req) => cancelImport(app.db, req.actor, req.params.id),
  );

  app.get(
    '/imports/:id/errors',
    {
      // A HEAD request would build the whole file only to throw it away.
      exposeHeadRoute: false,
      schema: {
        tags,
        summary:
          'The failed rows as CSV: original columns plus an Errors column, ready to fix and upload again',
        params: Params,
        response: { 200: fileResponse('The error file', ['text/csv']) },
      },
    },
    async (req, reply) => {
      const file = await errorFile(app.db, req.actor, req.params.id);
      return sendFile(
        reply,
        { contentType: 'text/csv; charset=utf-8', fileName: file.fileName },
        Readable.from(file.lines),
      );
    },
  );

  app.delete(
    '/imports/:id',
    {
      schema: {
        tags,
        summary: 'Delete an import that is not running, with its file',
        params: Params,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await imports.deleteImport(app.db, req.actor, req.params.id);
      return reply.code(204).send(null);
    },
  );
}
