// Answers that are files (exports, templates, error files): documented with their media types,
// sent as a download whatever the body (a stream or a Buffer).
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { contentDisposition } from '../lib/content-disposition.js';

/** An OpenAPI response for a file in one of these media types. */
export const fileResponse = (description: string, types: string[]) => ({
  description,
  content: Object.fromEntries(types.map((t) => [t, { schema: z.string().meta({ format: 'binary' }) }])),
});

/** Sends a file. The type provider types these replies as the documented string; Fastify sends the body as it is. */
export function sendFile(reply: FastifyReply, f: { contentType: string; fileName: string }, body: unknown) {
  return reply
    .header('content-type', f.contentType)
    .header('content-disposition', contentDisposition(f.fileName))
    .header('cache-control', 'no-store')
    .send(body);
}
