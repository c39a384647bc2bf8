import { z } from 'zod';
import type { App } from '../../server/types.js';
import { ImportPreview, ImportSummary, ReadOptions, UploadQuery } from './schema.js';
import * as imports from './service.js';
import { tooLarge } from './upload.js';

const tags = ['imports'];
const Params = z.object({ id: z.uuid('id must be a UUID') });

export async function importRoutes(app: App) {
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
        summary: 'An import with its preview; read options re-read the file (e.g. hasHeader=false)',
        params: Params,
        querystring: ReadOptions,
        response: { 200: ImportPreview },
      },
    },
    async (req) => imports.getImport(app.db, req.actor, req.params.id, req.query),
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
