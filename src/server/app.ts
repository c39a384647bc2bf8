import Fastify from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Database } from '../db/engine.js';
import type { Config } from './config.js';
import { errorHandler, notFoundProblem, Problem } from './problem.js';
import { authenticate } from './auth-hook.js';
import { serveWeb } from './web.js';
import type { App } from './types.js';
import { authRoutes } from '../modules/auth/routes.js';
import { workspaceRoutes } from '../modules/workspaces/routes.js';
import { userRoutes } from '../modules/users/routes.js';
import { apiKeyRoutes } from '../modules/api-keys/routes.js';
import { fieldRoutes } from '../modules/fields/routes.js';
import { contactRoutes } from '../modules/contacts/routes.js';
import { preferenceRoutes } from '../modules/preferences/routes.js';
import { metaRoutes } from '../modules/meta/routes.js';
import { importRoutes } from '../modules/imports/routes.js';
import { exportRoutes } from '../modules/exports/routes.js';
import { filterRoutes } from '../modules/filters/routes.js';
import { groupRoutes } from '../modules/groups/routes.js';
import { segmentRoutes } from '../modules/segments/routes.js';
import { bulkRoutes } from '../modules/bulk/routes.js';
import { tagRoutes } from '../modules/tags/routes.js';
import { optOutRoutes } from '../modules/optouts/routes.js';
import { mergeRoutes } from '../modules/merges/routes.js';
import { duplicateScanRoutes } from '../modules/duplicate-scans/routes.js';
import { campaignRoutes } from '../modules/campaigns/routes.js';
import { listRoutes } from '../modules/lists/routes.js';
import { dialerRoutes } from '../modules/dialer/routes.js';
import { activityRoutes } from '../modules/activities/routes.js';
import { conversationRoutes } from '../modules/conversations/routes.js';
import { listSourceRoutes } from '../modules/lists/source-routes.js';
import { webhookRoutes } from '../modules/webhooks/routes.js';
import { startQueue, type Queue } from '../jobs/queue.js';
import { jobDefinitions } from '../jobs/registry.js';
import { watchImports } from '../modules/imports/recovery.js';
import { pruneImportFilesEvery } from '../modules/imports/retention.js';

export interface AppOptions {
  config: Config;
  database: Database;
  /** Serve the built web app from dist/web (off in API tests). */
  web?: boolean;
  logger?: boolean;
  /**
   * The background-job queue: `work` runs jobs in this process (as `config.runJobs` says by
   * default); `false` starts no queue at all (API tests that need none), and sending then fails.
   */
  jobs?: { work: boolean; pollingIntervalSeconds?: number } | false;
}

const jobsOff: Queue = {
  send: () => Promise.reject(new Error('Background jobs are off in this app (buildApp jobs: false)')),
  stop: async () => {},
};

export async function buildApp({
  config,
  database,
  web = true,
  logger = true,
  jobs = { work: config.runJobs, pollingIntervalSeconds: config.jobPollSeconds },
}: AppOptions): Promise<App> {
  const app = Fastify({
    logger: logger ? { level: config.logLevel } : false,
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  // Response schemas document the API and, in tests, check every answer. In production the answers
  // come from typed present functions, and re-parsing each one with Zod cost ~6% of a read.
  app.setSerializerCompiler(
    config.validateResponses ? serializerCompiler : () => (data) => JSON.stringify(data),
  );
  app.decorate('db', database.db);
  app.decorate('engine', database.engine);
  app.decorate('config', config);
  app.decorateRequest('actor', null as any);
  app.setErrorHandler(errorHandler);

  let queue = jobsOff;
  if (jobs) {
    const ctx = {
      db: database.db,
      config,
      log: app.log,
      engine: database.engine,
      databaseUrl: database.url,
      queue: () => queue,
    };
    queue = await startQueue(database, jobDefinitions(ctx), {
      work: jobs.work,
      pollingIntervalSeconds: jobs.pollingIntervalSeconds,
      onError: (err) => app.log.error({ err }, 'job queue'),
    });
    if (jobs.work) {
      const stopWatching = await watchImports(database.db, queue, {
        staleSeconds: config.importStaleSeconds,
        embedded: database.engine === 'pglite',
        onError: (err) => app.log.error({ err }, 'import recovery'),
      });
      app.addHook('onClose', async () => stopWatching());
      const stopPruning = pruneImportFilesEvery(database.db, config.importFileKeepDays, {
        done: (r) => app.log.info(r, 'import files deleted after retention'),
        failed: (err) => app.log.error({ err }, 'import file retention'),
      });
      app.addHook('onClose', async () => stopPruning());
    }
    app.addHook('onClose', () => queue.stop());
  }
  app.decorate('queue', queue);

  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, { global: false });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Contacts platform API',
        version: '1.0.0',
        description:
          'Contacts, contact points, custom fields, users and API keys. Authenticate with `Authorization: Bearer <API key>` or the session cookie of the web app. Errors are `application/problem+json` with a list of field errors.',
      },
      components: {
        securitySchemes: {
          apiKey: {
            type: 'http',
            scheme: 'bearer',
            description: 'An API key created under Settings → API keys',
          },
          session: { type: 'apiKey', in: 'cookie', name: 'sid' },
        },
      },
      security: [{ apiKey: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });

  await app.register(
    async (api) => {
      const limited = api as App;
      if (config.rateLimitPerMinute > 0) {
        // Per caller: an API key or session when there is one, else the client address.
        limited.addHook(
          'onRequest',
          app.rateLimit({
            max: config.rateLimitPerMinute,
            timeWindow: '1 minute',
            keyGenerator: (req) => req.headers.authorization?.slice(0, 48) ?? req.cookies.sid ?? req.ip,
          }),
        );
      }
      limited.addHook('onRequest', authenticate);
      // Error answers share one shape; document it on every route rather than on each by hand.
      limited.addHook('onRoute', (route) => {
        if (route.schema && !route.schema.hide)
          route.schema.response = { '4xx': Problem, '5xx': Problem, ...(route.schema.response as object) };
      });
      limited.get('/openapi.json', { config: { public: true }, schema: { hide: true } }, async () =>
        app.swagger(),
      );
      for (const routes of [
        authRoutes,
        workspaceRoutes,
        userRoutes,
        apiKeyRoutes,
        fieldRoutes,
        contactRoutes,
        preferenceRoutes,
        metaRoutes,
        importRoutes,
        exportRoutes,
        filterRoutes,
        segmentRoutes,
        groupRoutes,
        bulkRoutes,
        tagRoutes,
        optOutRoutes,
        mergeRoutes,
        duplicateScanRoutes,
        campaignRoutes,
        listRoutes,
        dialerRoutes,
        activityRoutes,
        conversationRoutes,
        listSourceRoutes,
        webhookRoutes,
      ]) {
        await limited.register(routes);
      }
      limited.setNotFoundHandler(notFoundProblem);
    },
    { prefix: '/api/v1' },
  );

  if (web) await serveWeb(app);
  else app.setNotFoundHandler(notFoundProblem);
  return app;
}
