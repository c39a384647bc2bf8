// Merges and unmerges carry the rows that point at contacts: timeline activities and outbound
// list entries. There is no API for those yet, so the rows are written straight to the tables.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { newId } from '../../src/lib/ids.js';
import { createContact, createWorkspace, useTestApp, type TestWorkspace } from '../helpers.js';

const ctx = useTestApp();

async function campaign(ws: TestWorkspace) {
  const id = newId();
  await ctx.app.db
    .insertInto('campaigns')
    .values({
      workspace_id: ws.id,
      id,
      name: `Campaign ${id}`,
      channels: ['phone'],
      retry_minutes: JSON.stringify({ busy: 10 }),
      address_rules: JSON.stringify([{ use: 'first', channel: 'phone' }]),
    })
    .execute();
  return id;
}

async function list(ws: TestWorkspace, campaignId: string, name: string) {
  const id = newId();
  await ctx.app.db
    .insertInto('contact_lists')
    .values({ workspace_id: ws.id, id, campaign_id: campaignId, name })
    .execute();
  return id;
}

/**
 * An entry with a timestamp in microseconds (PGlite's now() has only milliseconds), so a copy
 * through a JS Date would show.
 */
async function entry(ws: TestWorkspace, campaignId: string, listId: string, contactId: string, extra = {}) {
  const id = newId();
  await ctx.app.db
    .insertInto('list_entries')
    .values({
      workspace_id: ws.id,
      id,
      list_id: listId,
      campaign_id: campaignId,
      contact_id: contactId,
      time_zones: ['America/New_York'],
      progress: JSON.stringify({}),
      last_attempt_at: sql<Date>`'2026-11-30 08:15:42.123456+00'::timestamptz`,
      ...extra,
    })
    .execute();
  return id;
}

async function activity(ws: TestWorkspace, contactId: string, summary: string) {
  const id = newId();
  await ctx.app.db
    .insertInto('activities')
    .values({
      workspace_id: ws.id,
      id,
      contact_id: contactId,
      kind: 'call',
      channel: 'phone',
      direction: 'outbound',
      actor_type: 'system',
      summary,
      payload: JSON.stringify({ durationSeconds: 42, notes: { text: summary } }),
    })
    .execute();
  return id;
}

/** Every row of the table in the workspace, as the database writes it to JSON, by id. */
async function rows(ws: TestWorkspace, table: 'activities' | 'list_entries') {
  const { rows: out } = await sql<{ id: string; row: string }>`
    select t.id, to_jsonb(t)::text as row from ${sql.table(table)} t
    where t.workspace_id = ${ws.id} order by t.id`.execute(ctx.app.db);
  return out.map((r) => r.row);
}

/** id → contact_id of the table's rows in the workspace. */
async function owners(ws: TestWorkspace, table: 'activities' | 'list_entries') {
  const out = await ctx.app.db
    .selectFrom(table)
    .select(['id', 'contact_id'])
    .where('workspace_id', '=', ws.id)
    .execute();
  return Object.fromEntries(out.map((r) => [r.id, r.contact_id]));
}

async function merge(ws: TestWorkspace, primaryId: string, mergeIds: string[]) {
  const res = await ws.owner.post('/api/v1/contacts/merge', { primaryId, mergeIds });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().mergeId as string;
}

async function unmerge(ws: TestWorkspace, mergeId: string) {
  const res = await ws.owner.post(`/api/v1/merges/${mergeId}/unmerge`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/**
 * Contacts a, b, c with activities, and entries on four lists: L1 all three are on, L2 b and c,
 * L3 only b (leased to a dialer right now), L4 only a. The merge is a ← [c, b]: c comes first.
 */
async function setup(ws: TestWorkspace) {
  const contacts = [];
  for (const n of ['A', 'B', 'C']) contacts.push(await createContact(ws.owner, { firstName: n }));
  const [ca, cb, cc] = contacts.map((x) => x.id as string);
  const camp = await campaign(ws);
  const lists = { l1: '', l2: '', l3: '', l4: '' };
  for (const k of Object.keys(lists) as (keyof typeof lists)[]) lists[k] = await list(ws, camp, k);
  const leased = {
    state: 'planning' as const,
    attempts: 2,
    lease_id: newId(),
    leased_by: 'dialer-1',
    lease_expires_at: sql<Date>`now() + interval '5 minutes'`,
    leased_channel: 'phone',
    leased_address: '+12125550100',
    progress: JSON.stringify({ phone: 'reached' }),
    invalid: ['phone:+12125550199'],
    payload: JSON.stringify({ crm: { id: 7 } }),
  };
  const e = {
    l1a: await entry(ws, camp, lists.l1, ca, { state: 'open', priority: 3 }),
    l1b: await entry(ws, camp, lists.l1, cb, { state: 'closed', attempts: 5, last_result: 'sale' }),
    l1c: await entry(ws, camp, lists.l1, cc),
    l2b: await entry(ws, camp, lists.l2, cb, { priority: 9, top_priority: true }),
    l2c: await entry(ws, camp, lists.l2, cc, { skill: 'spanish' }),
    l3b: await entry(ws, camp, lists.l3, cb, leased),
    l4a: await entry(ws, camp, lists.l4, ca),
  };
  const acts = [
    await activity(ws, ca, 'a1'),
    await activity(ws, cb, 'b1'),
    await activity(ws, cb, 'b2'),
    await activity(ws, cc, 'c1'),
  ];
  return { a: ca, b: cb, c: cc, camp, lists, e, acts };
}

describe('merging contacts with activities and list entries', () => {
  it('moves activities and entries to the primary; on a shared list the primary’s entry stays', async () => {
    const ws = await createWorkspace(ctx.app);
    const { a, b, c, e, acts } = await setup(ws);
    const entriesBefore = await rows(ws, 'list_entries');

    const preview = await ws.owner.get(`/api/v1/contacts/merge-preview?ids=${a},${c},${b}`);
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json().links).toEqual([
      { contactId: a, activities: 1, listEntries: 2, listEntriesRemoved: 0 },
      { contactId: c, activities: 1, listEntries: 2, listEntriesRemoved: 1 },
      { contactId: b, activities: 2, listEntries: 3, listEntriesRemoved: 2 },
    ]);

    await merge(ws, a, [c, b]);
    expect(await owners(ws, 'activities')).toEqual(Object.fromEntries(acts.map((id) => [id, a])));
    // L1: the primary's; L2: c's (first in merge order), though b's had the higher priority;
    // L3: b's, still leased; L4: the primary's own.
    expect(await owners(ws, 'list_entries')).toEqual({ [e.l1a]: a, [e.l2c]: a, [e.l3b]: a, [e.l4a]: a });
    // The moved and kept rows are the same bytes but for contact_id (no timestamp moved).
    const contactless = (r: string) => {
      const { contact_id: _c, ...rest } = JSON.parse(r);
      return JSON.stringify(rest);
    };
    const kept = new Set([e.l1a, e.l2c, e.l3b, e.l4a]);
    expect((await rows(ws, 'list_entries')).map(contactless)).toEqual(
      entriesBefore.filter((r) => kept.has(JSON.parse(r).id)).map(contactless),
    );
    const leased = JSON.parse((await rows(ws, 'list_entries')).find((r) => r.includes(e.l3b))!);
    expect(leased).toMatchObject({ state: 'planning', leased_by: 'dialer-1', attempts: 2 });

    const [log] = (await ws.owner.get(`/api/v1/contacts/${a}/changes`)).json().items;
    expect(log.changes).toEqual(
      expect.arrayContaining([
        { field: 'activities', before: null, after: { moved: 3 } },
        { field: 'listEntries', before: null, after: { moved: 2, removed: 3 } },
      ]),
    );
  });

  it('unmerges to exactly the rows there were, with their contacts', async () => {
    const ws = await createWorkspace(ctx.app);
    const { a, b, c, e } = await setup(ws);
    const before = { activities: await rows(ws, 'activities'), entries: await rows(ws, 'list_entries') };
    const ownersBefore = await owners(ws, 'list_entries');

    const mergeId = await merge(ws, a, [c, b]);
    await unmerge(ws, mergeId);
    expect(await rows(ws, 'activities')).toEqual(before.activities);
    expect(await rows(ws, 'list_entries')).toEqual(before.entries);
    expect(await owners(ws, 'list_entries')).toEqual(ownersBefore);
    expect(ownersBefore[e.l1b]).toBe(b);

    const [log] = (await ws.owner.get(`/api/v1/contacts/${a}/changes`)).json().items;
    expect(log.action).toBe('unmerge');
    expect(log.changes).toEqual(
      expect.arrayContaining([
        { field: 'activities', before: { moved: 3 }, after: null },
        { field: 'listEntries', before: { moved: 2, removed: 3 }, after: null },
      ]),
    );
  });

  it('leaves an entry deleted since deleted, and keeps what happened to the rows meanwhile', async () => {
    const ws = await createWorkspace(ctx.app);
    const { a, b, c, e, acts } = await setup(ws);
    const before = await rows(ws, 'list_entries');
    const mergeId = await merge(ws, a, [c, b]);

    // Meanwhile: c's moved entry is deleted, the dialer reports an outcome on b's leased one,
    // and the primary gets a new activity.
    await ctx.app.db
      .deleteFrom('list_entries')
      .where('workspace_id', '=', ws.id)
      .where('id', '=', e.l2c)
      .execute();
    await ctx.app.db
      .updateTable('list_entries')
      .set({ state: 'callable', attempts: 3, last_result: 'busy', lease_id: null, leased_by: null })
      .where('workspace_id', '=', ws.id)
      .where('id', '=', e.l3b)
      .execute();
    const later = await activity(ws, a, 'after the merge');

    await unmerge(ws, mergeId);
    const after = await rows(ws, 'list_entries');
    expect(after.some((r) => r.includes(e.l2c))).toBe(false);
    const untouched = (r: string) => ![e.l2c, e.l3b].some((id) => r.includes(id));
    expect(after.filter(untouched)).toEqual(before.filter(untouched));
    expect(await owners(ws, 'list_entries')).toMatchObject({ [e.l3b]: b, [e.l2b]: b });
    expect(JSON.parse(after.find((r) => r.includes(e.l3b))!)).toMatchObject({
      state: 'callable',
      attempts: 3,
      last_result: 'busy',
      leased_by: null,
    });
    expect(await owners(ws, 'activities')).toEqual({
      [acts[0]]: a,
      [acts[1]]: b,
      [acts[2]]: b,
      [acts[3]]: c,
      [later]: a,
    });
  });

  it('skips entries of a list deleted since, without an error', async () => {
    const ws = await createWorkspace(ctx.app);
    const { a, b, c, lists } = await setup(ws);
    const before = await rows(ws, 'list_entries');
    const mergeId = await merge(ws, a, [c, b]);

    await ctx.app.db
      .deleteFrom('contact_lists')
      .where('workspace_id', '=', ws.id)
      .where('id', '=', lists.l1)
      .execute();
    await unmerge(ws, mergeId);
    const notOnL1 = (r: string) => JSON.parse(r).list_id !== lists.l1;
    expect(await rows(ws, 'list_entries')).toEqual(before.filter(notOnL1));
  });

  it('unmerges a merge recorded before activities and list entries were', async () => {
    const ws = await createWorkspace(ctx.app);
    const x = await createContact(ws.owner, { firstName: 'X' });
    const y = await createContact(ws.owner, { firstName: 'Y' });
    const mergeId = await merge(ws, x.id, [y.id]);
    await sql`update contact_merges set snapshot = snapshot - 'activities' - 'entriesMoved' - 'entriesRemoved'
              where workspace_id = ${ws.id} and id = ${mergeId}`.execute(ctx.app.db);
    const res = await unmerge(ws, mergeId);
    expect(res.restored.map((r: any) => r.id)).toEqual([y.id]);
  });
});
