import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, type FieldError } from './errors.js';

export const PROBLEM_TYPE = 'application/problem+json';

/** Every error answer, documented on every route (sent as application/problem+json). */
export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .describe('One entry per offending field'),
  })
  .describe('application/problem+json');

function sendProblem(
  reply: FastifyReply,
  status: number,
  title: string,
  detail: string,
  errors: FieldError[] = [],
) {
  return reply.code(status).type(PROBLEM_TYPE).send({ type: 'about:blank', title, status, detail, errors });
}

// fastify-type-provider-zod carries each Zod issue's path as a JSON-pointer `instancePath` ("/points/0/value").
function zodIssuesToFieldErrors(err: FastifyError): FieldError[] {
  const where = (err as any).validationContext as string | undefined;
  return (err.validation ?? []).flatMap((v: any) => {
    const segments = String(v.instancePath ?? '')
      .split('/')
      .filter(Boolean);
    const path = (extra: string[] = []) => [...segments, ...extra].join('.') || (where ?? 'body');
    // A strict object reports unknown properties together: name each one as its own field.
    if (v.keyword === 'unrecognized_keys' && Array.isArray(v.params?.keys)) {
      return v.params.keys.map((key: string) => ({
        path: path([key]),
        message: `"${key}" is not a known field`,
      }));
    }
    return [{ path: path(), message: v.message ?? 'is invalid' }];
  });
}

/** The one place errors become HTTP answers: problem+json with the field errors listed. */
export function errorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  if (err instanceof AppError) return sendProblem(reply, err.status, err.title, err.message, err.errors);
  if (hasZodFastifySchemaValidationErrors(err)) {
    const errors = zodIssuesToFieldErrors(err);
    const detail = errors.map((e) => `${e.path}: ${e.message}`).join('; ');
    return sendProblem(reply, 400, 'Invalid input', detail, errors);
  }
  const status = err.statusCode ?? 500;
  if (status === 413) {
    return sendProblem(
      reply,
      413,
      'Payload too large',
      `Request body is larger than the limit of ${req.server.config.bodyLimit} bytes`,
    );
  }
  if (status === 429) return sendProblem(reply, 429, 'Too many requests', err.message);
  if (status >= 400 && status < 500) {
    const path = err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'content-type' : 'body';
    return sendProblem(reply, status, 'Bad request', err.message, [{ path, message: err.message }]);
  }
  req.log.error({ err }, 'unhandled error');
  return sendProblem(reply, 500, 'Internal error', 'Something went wrong on our side; it has been logged.');
}

export function notFoundProblem(req: FastifyRequest, reply: FastifyReply) {
  return sendProblem(reply, 404, 'Not found', `No route ${req.method} ${req.url.split('?')[0]}`);
}
