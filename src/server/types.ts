import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { DB, Role } from '../db/types.js';
import type { Actor } from '../modules/auth/actor.js';
import type { Config } from './config.js';
import type { Queue } from '../jobs/queue.js';

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

declare module 'fastify' {
  interface FastifyInstance {
    db: Kysely<DB>;
    config: Config;
    engine: 'pglite' | 'postgres';
    queue: Queue;
  }
  interface FastifyRequest {
    actor: Actor;
  }
  interface FastifyContextConfig {
    /** Reachable without signing in. */
    public?: boolean;
    /** Roles allowed; every role when absent. */
    roles?: Role[];
    /** Only people signed in to the web app, not API keys (e.g. preferences). */
    usersOnly?: boolean;
  }
}

export const MANAGERS: Role[] = ['owner', 'admin'];
