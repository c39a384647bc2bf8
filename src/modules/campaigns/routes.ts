import { z } from 'zod';
import type { App } from '../../server/types.js';
import { Campaign, CampaignCreate, CampaignParams, CampaignPatch } from './schema.js';
import * as campaigns from './service.js';

const tags = ['campaigns'];

export async function campaignRoutes(app: App) {
  app.get(
    '/campaigns',
    {
      schema: {
        tags,
        summary: 'Campaigns, newest first',
        response: { 200: z.object({ items: z.array(Campaign) }) },
      },
    },
    async (req) => ({ items: await campaigns.listCampaigns(app.db, req.actor) }),
  );

  app.post(
    '/campaigns',
    {
      schema: {
        tags,
        summary: 'Create a campaign with its rules (admins)',
        description:
          'Defaults: active, 3 attempts, calling window 09:00-20:00 Monday to Friday in the contact’s local time, address rules by channel (voice: phone numbers; sms and whatsapp: their own points, then mobile numbers; email: emails).',
        body: CampaignCreate,
        response: { 201: Campaign },
      },
    },
    async (req, reply) => {
      const created = await campaigns.createCampaign(app.db, req.actor, req.body);
      return reply.code(201).header('location', `/api/v1/campaigns/${created.id}`).send(created);
    },
  );

  app.get(
    '/campaigns/:id',
    {
      schema: {
        tags,
        summary: 'A campaign and its rules',
        params: CampaignParams,
        response: { 200: Campaign },
      },
    },
    async (req) => campaigns.getCampaign(app.db, req.actor, req.params.id),
  );

  app.patch(
    '/campaigns/:id',
    {
      schema: {
        tags,
        summary: 'Change a campaign: status (active, paused, completed), rules, window (admins)',
        params: CampaignParams,
        body: CampaignPatch,
        response: { 200: Campaign },
      },
    },
    async (req) => campaigns.updateCampaign(app.db, req.actor, req.params.id, req.body),
  );

  app.delete(
    '/campaigns/:id',
    {
      schema: {
        tags,
        summary: 'Delete a campaign with its lists and their entries (admins)',
        params: CampaignParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await campaigns.deleteCampaign(app.db, req.actor, req.params.id);
      return reply.code(204).send(null);
    },
  );
}
