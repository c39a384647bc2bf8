import type { App } from '../../server/types.js';
import { InboundRequest, InboundResult } from './schema.js';
import { receiveInbound } from './service.js';

export async function conversationRoutes(app: App) {
  app.post(
    '/conversations/inbound',
    {
      schema: {
        tags: ['conversations'],
        summary: 'An inbound conversation: find or create the sender’s contact and record the inquiry',
        description:
          'The sender is matched by its normalised contact point on the channel (a phone number on any phone channel). A new sender becomes a contact (source conversation) named by `name`, or by its id on social and messenger channels. The inquiry goes on the contact’s timeline. A blocked contact’s conversation is marked blocked. A message that is only an opt-out word (STOP, UNSUBSCRIBE… see the workspace’s optOutKeywords) opts that point out, an opt-in word (START…) back in. 201 the first time; 200 with the first answer for a conversationId seen before.',
        body: InboundRequest,
        response: { 200: InboundResult, 201: InboundResult },
      },
    },
    async (req, reply) => {
      const out = await receiveInbound(app.db, req.actor, req.body);
      return reply.code(out.status).send(out.body);
    },
  );
}
