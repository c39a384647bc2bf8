import type { App } from '../../server/types.js';
import { MANAGERS } from '../../server/types.js';
import { Me } from '../auth/schema.js';
import { actorFromSession, openSessionFor } from '../auth/service.js';
import { setSessionCookie } from '../auth/routes.js';
import { seedSampleContacts } from '../contacts/samples.js';
import { Setup, SetupStatus, WorkspacePatch, WorkspaceSettings } from './schema.js';
import * as workspaces from './service.js';

export async function workspaceRoutes(app: App) {
  app.get(
    '/setup',
    {
      config: { public: true },
      schema: {
        tags: ['workspace'],
        summary: 'Whether first-run setup is still needed',
        response: { 200: SetupStatus },
      },
    },
    async () => ({ needed: await workspaces.setupNeeded(app.db) }),
  );

  app.post(
    '/setup',
    {
      config: { public: true, rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags: ['workspace'],
        summary: 'First run: create the workspace and its owner, and sign in',
        body: Setup,
        response: { 201: Me },
      },
    },
    async (req, reply) => {
      const { workspace, userId } = await app.db
        .transaction()
        .execute((trx) => workspaces.runSetup(trx, req.body));
      const { token, expiresAt } = await openSessionFor(app.db, userId, workspace.id, app.config.sessionDays);
      const actor = (await actorFromSession(app.db, token))!;
      if (req.body.sampleContacts) await seedSampleContacts(app.db, actor, 200);
      setSessionCookie(app, reply, token, expiresAt);
      return reply.code(201).send(await workspaces.describeActor(app.db, actor));
    },
  );

  app.get(
    '/workspace',
    { schema: { tags: ['workspace'], summary: 'Workspace settings', response: { 200: WorkspaceSettings } } },
    async (req) => workspaces.getWorkspace(app.db, req.actor),
  );

  app.patch(
    '/workspace',
    {
      config: { roles: MANAGERS },
      schema: {
        tags: ['workspace'],
        summary: 'Change workspace settings (name, default country, date format)',
        body: WorkspacePatch,
        response: { 200: WorkspaceSettings },
      },
    },
    async (req) => workspaces.updateWorkspace(app.db, req.actor, req.body),
  );
}
