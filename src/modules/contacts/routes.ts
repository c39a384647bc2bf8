import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { App } from '../../server/types.js';
import { AppError } from '../../server/errors.js';
import {
  BlockBody,
  BulkDelete,
  ChangeList,
  Contact,
  ContactCreate,
  ContactCount,
  ContactList,
  ContactListQuery,
  ContactQuery,
  ContactPatch,
} from './schema.js';
import * as contacts from './service.js';
import { countContacts } from './selection.js';
import { getContactOrMerged } from '../merges/service.js';

const Params = z.object({ id: z.uuid('id must be a contact id (UUID)') });
const ShareParams = Params.extend({ userId: z.uuid('userId must be a user id (UUID)') });
const ChangesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.uuid('cursor must be the nextCursor of the previous page').optional(),
});
const IfMatch = z.object({
  'if-match': z.string().max(40).optional().describe('The version you read (ETag), e.g. "3"'),
});
const tags = ['contacts'];

/** Reads the version from If-Match: `3`, `"3"` or `W/"3"`. */
function versionFrom(req: FastifyRequest, required: boolean): number | undefined {
  const raw = req.headers['if-match'];
  if (raw === undefined || raw === '') {
    if (!required) return undefined;
    throw new AppError(
      'precondition_required',
      'Send the version you read as If-Match (the ETag of GET /contacts/:id), so no update is lost',
      [{ path: 'If-Match', message: 'is required' }],
    );
  }
  const m = /^(?:W\/)?"?(\d{1,9})"?$/.exec(String(raw).trim());
  if (!m)
    throw new AppError('validation', 'If-Match: must be a contact version such as "3"', [
      { path: 'If-Match', message: 'must be a contact version such as "3"' },
    ]);
  return Number(m[1]);
}

const etag = (c: { version: number }) => `"${c.version}"`;

export async function contactRoutes(app: App) {
  app.get(
    '/contacts',
    {
      schema: {
        tags,
        summary: 'List contacts the caller may see, sorted and paged by cursor',
        querystring: ContactListQuery,
        response: { 200: ContactList },
      },
    },
    async (req) =>
      contacts.listContacts(app.db, req.actor, {
        ...req.query,
        filter: contacts.filterFromQuery(req.query.filter),
      }),
  );

  app.post(
    '/contacts/query',
    {
      schema: {
        tags,
        summary: 'List contacts matching a filter tree and/or search text (the body form of GET /contacts)',
        body: ContactQuery,
        response: { 200: ContactList },
      },
    },
    async (req) => contacts.listContacts(app.db, req.actor, req.body),
  );

  app.post(
    '/contacts/count',
    {
      schema: {
        tags,
        summary: 'Count the contacts the caller sees that match a filter tree and/or search text',
        body: ContactCount,
        response: { 200: z.object({ count: z.number().int() }) },
      },
    },
    async (req) => ({ count: await countContacts(app.db, req.actor, req.body) }),
  );

  app.post(
    '/contacts',
    {
      schema: {
        tags,
        summary: 'Create a contact with its contact points',
        body: ContactCreate,
        response: { 201: Contact },
      },
    },
    async (req, reply) => {
      const contact = await contacts.createContact(app.db, req.actor, req.body);
      return reply
        .code(201)
        .header('etag', etag(contact))
        .header('location', `/api/v1/contacts/${contact.id}`)
        .send(contact);
    },
  );

  app.post(
    '/contacts/bulk-delete',
    {
      schema: {
        tags,
        summary: 'Delete several contacts; nothing is deleted unless expectedCount matches',
        body: BulkDelete,
        response: { 200: z.object({ deleted: z.number().int() }) },
      },
    },
    async (req) => ({
      deleted: await app.db
        .transaction()
        .execute((trx) => contacts.bulkDelete(trx, req.actor, req.body.ids, req.body.expectedCount)),
    }),
  );

  app.get(
    '/contacts/:id',
    {
      schema: {
        tags,
        summary: 'Read a contact; its ETag is the version to send as If-Match',
        params: Params,
        response: { 200: Contact },
      },
    },
    async (req, reply) => {
      const contact = await getContactOrMerged(app.db, req.actor, req.params.id);
      // A merged-away id answers its primary; Content-Location names it (docs/decisions.md).
      if (contact.id !== req.params.id) reply.header('content-location', `/api/v1/contacts/${contact.id}`);
      return reply.header('etag', etag(contact)).send(contact);
    },
  );

  app.patch(
    '/contacts/:id',
    {
      schema: {
        tags,
        summary: 'Update a contact. If-Match is required; a stale version gets 409',
        params: Params,
        headers: IfMatch,
        body: ContactPatch,
        response: { 200: Contact },
      },
    },
    async (req, reply) => {
      const version = versionFrom(req, true)!;
      const contact = await app.db
        .transaction()
        .execute((trx) => contacts.updateContact(trx, req.actor, req.params.id, version, req.body));
      return reply.header('etag', etag(contact)).send(contact);
    },
  );

  app.delete(
    '/contacts/:id',
    {
      schema: {
        tags,
        summary: 'Delete a contact (If-Match optional)',
        params: Params,
        headers: IfMatch,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const version = versionFrom(req, false);
      await app.db
        .transaction()
        .execute((trx) => contacts.deleteContact(trx, req.actor, req.params.id, version));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/contacts/:id/changes',
    {
      schema: {
        tags,
        summary: 'Change log of a contact, newest first',
        params: Params,
        querystring: ChangesQuery,
        response: { 200: ChangeList },
      },
    },
    async (req) => contacts.listChanges(app.db, req.actor, req.params.id, req.query.cursor, req.query.limit),
  );

  app.post(
    '/contacts/:id/shares',
    {
      schema: {
        tags,
        summary: 'Share a contact with a user',
        params: Params,
        body: z.object({ userId: z.uuid('userId must be a user id') }).strict(),
        response: { 200: Contact },
      },
    },
    async (req) =>
      app.db
        .transaction()
        .execute((trx) => contacts.shareContact(trx, req.actor, req.params.id, req.body.userId)),
  );

  app.delete(
    '/contacts/:id/shares/:userId',
    {
      schema: {
        tags,
        summary: 'Stop sharing a contact with a user',
        params: ShareParams,
        response: { 200: Contact },
      },
    },
    async (req) =>
      app.db
        .transaction()
        .execute((trx) => contacts.unshareContact(trx, req.actor, req.params.id, req.params.userId)),
  );

  app.post(
    '/contacts/:id/transfer',
    {
      schema: {
        tags,
        summary: 'Transfer ownership to another user',
        params: Params,
        body: z.object({ ownerId: z.uuid('ownerId must be a user id') }).strict(),
        response: { 200: Contact },
      },
    },
    async (req) =>
      app.db
        .transaction()
        .execute((trx) => contacts.transferContact(trx, req.actor, req.params.id, req.body.ownerId)),
  );

  app.post(
    '/contacts/:id/block',
    {
      schema: {
        tags,
        summary: 'Block a contact: no outbound, inbound conversations marked blocked',
        params: Params,
        body: BlockBody,
        response: { 200: Contact },
      },
    },
    async (req) =>
      app.db
        .transaction()
        .execute((trx) => contacts.setBlocked(trx, req.actor, req.params.id, true, req.body.reason ?? null)),
  );

  app.post(
    '/contacts/:id/unblock',
    {
      schema: { tags, summary: 'Unblock a contact', params: Params, response: { 200: Contact } },
    },
    async (req) =>
      app.db.transaction().execute((trx) => contacts.setBlocked(trx, req.actor, req.params.id, false, null)),
  );
}
