import { z } from 'zod';
import type { App } from '../../server/types.js';
import { CampaignParams } from '../campaigns/schema.js';
import * as entries from './entries.js';
import {
  AddResult,
  ContactList,
  EntriesCreate,
  Entry,
  EntryList,
  EntryParams,
  EntryPatch,
  EntryQuery,
  FromSelection,
  ListCreate,
  ListParams,
  ListPatch,
} from './schema.js';
import * as lists from './service.js';

const tags = ['contact lists'];

export async function listRoutes(app: App) {
  app.get(
    '/campaigns/:id/lists',
    {
      schema: {
        tags,
        summary: 'A campaign’s contact lists with their counters (admins)',
        params: CampaignParams,
        response: { 200: z.object({ items: z.array(ContactList) }) },
      },
    },
    async (req) => ({ items: await lists.listLists(app.db, req.actor, req.params.id) }),
  );

  app.post(
    '/campaigns/:id/lists',
    {
      schema: {
        tags,
        summary: 'Create a contact list in a campaign (admins); stopped unless state is started',
        params: CampaignParams,
        body: ListCreate,
        response: { 201: ContactList },
      },
    },
    async (req, reply) => {
      const created = await lists.createList(app.db, req.actor, req.params.id, req.body);
      return reply.code(201).header('location', `/api/v1/lists/${created.id}`).send(created);
    },
  );

  app.get(
    '/lists/:id',
    {
      schema: {
        tags,
        summary: 'A contact list with live counters: total and entries by state (admins)',
        params: ListParams,
        response: { 200: ContactList },
      },
    },
    async (req) => lists.getList(app.db, req.actor, req.params.id),
  );

  app.patch(
    '/lists/:id',
    {
      schema: {
        tags,
        summary: 'Rename a list (admins)',
        params: ListParams,
        body: ListPatch,
        response: { 200: ContactList },
      },
    },
    async (req) => lists.renameList(app.db, req.actor, req.params.id, req.body.name),
  );

  app.delete(
    '/lists/:id',
    {
      schema: {
        tags,
        summary: 'Delete a list and its entries (admins)',
        params: ListParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await lists.deleteList(app.db, req.actor, req.params.id);
      return reply.code(204).send(null);
    },
  );

  for (const [verb, state] of [
    ['start', 'started'],
    ['stop', 'stopped'],
  ] as const)
    app.post(
      `/lists/:id/${verb}`,
      {
        schema: {
          tags,
          summary:
            verb === 'start'
              ? 'Start a list: its entries are handed out while the campaign is active (admins)'
              : 'Stop a list: its entries stay, and are not handed out (admins)',
          params: ListParams,
          response: { 200: ContactList },
        },
      },
      async (req) => lists.setListState(app.db, req.actor, req.params.id, state),
    );

  app.get(
    '/lists/:id/entries',
    {
      schema: {
        tags,
        summary: 'A list’s entries in the order they were added, optionally in one state (admins)',
        params: ListParams,
        querystring: EntryQuery,
        response: { 200: EntryList },
      },
    },
    async (req) => entries.listEntries(app.db, req.actor, req.params.id, req.query),
  );

  app.post(
    '/lists/:id/entries',
    {
      schema: {
        tags,
        summary: 'Add entries by hand: contacts by id, or addresses (admins)',
        description:
          'An address is matched to the contact that has it (a phone number on any phone channel), or becomes a new contact. A contact already on the list keeps its entry. Time zone: the entry’s, else the contact’s, else the phone number’s country’s (both ends of a country with several zones).',
        params: ListParams,
        body: EntriesCreate,
        response: { 200: AddResult },
      },
    },
    async (req) => entries.addEntries(app.db, req.actor, req.params.id, req.body.entries),
  );

  app.post(
    '/lists/:id/entries/from-selection',
    {
      schema: {
        tags,
        summary: 'Add every contact matching a filter, a segment or a search (admins)',
        params: ListParams,
        body: FromSelection,
        response: { 200: AddResult },
      },
    },
    async (req) => entries.addFromSelection(app.db, req.actor, req.params.id, req.body),
  );

  app.get(
    '/list-entries/:id',
    { schema: { tags, summary: 'A list entry (admins)', params: EntryParams, response: { 200: Entry } } },
    async (req) => entries.getEntry(app.db, req.actor, req.params.id),
  );

  app.patch(
    '/list-entries/:id',
    {
      schema: {
        tags,
        summary: 'Change an entry: requeue or close it, priority, next try, agent, skill, time zone (admins)',
        params: EntryParams,
        body: EntryPatch,
        response: { 200: Entry },
      },
    },
    async (req) => entries.patchEntry(app.db, req.actor, req.params.id, req.body),
  );

  app.delete(
    '/list-entries/:id',
    {
      schema: {
        tags,
        summary: 'Remove an entry from its list (admins)',
        params: EntryParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await entries.removeEntry(app.db, req.actor, req.params.id);
      return reply.code(204).send(null);
    },
  );
}
