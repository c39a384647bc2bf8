import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../src/modules/auth/actor.js';
import { visibleContacts } from '../../src/modules/contacts/repo.js';
import { relevancePage } from '../../src/modules/search/page.js';
import { searchPlan } from '../../src/modules/search/search.js';
import { createContact, createWorkspace, useTestApp, type Client, type TestWorkspace } from '../helpers.js';

const ctx = useTestApp();

/** Display names the list finds for `q` (relevance order), as the client sees them. */
async function find(client: Client, q: string): Promise<string[]> {
  const res = await client.get(`/api/v1/contacts?q=${encodeURIComponent(q)}&limit=100`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items.map((c: { displayName: string }) => c.displayName);
}

const ownerActor = (ws: TestWorkspace): Actor => ({
  workspaceId: ws.id,
  role: 'owner',
  userId: ws.ownerId,
  apiKeyId: null,
  name: 'Olga Owner',
});

/** Names in the plan's own order: `where`, then `rank desc, c.id`, straight on the database. */
async function ranked(ws: TestWorkspace, q: string): Promise<string[]> {
  const plan = searchPlan(q, ws.id)!;
  const rows = await visibleContacts(ctx.app.db, ownerActor(ws))
    .select(['c.first_name', 'c.last_name'])
    .where(plan.where)
    .orderBy(plan.rank, 'desc')
    .orderBy('c.id')
    .execute();
  return rows.map((r) => [r.first_name, r.last_name].filter(Boolean).join(' '));
}

describe('search', () => {
  it('finds names with typos, phones in any format, email fragments, whatever the accents and case', async () => {
    const ws = await createWorkspace(ctx.app);
    await createContact(ws.owner, {
      firstName: 'John',
      lastName: 'Smith',
      points: [
        { channel: 'phone', label: 'mobile', value: '(212) 555-0100' },
        { channel: 'email', label: 'work', value: 'JSmith@Gmail.com' },
      ],
    });
    await createContact(ws.owner, { firstName: 'José', lastName: 'Núñez' });
    await createContact(ws.owner, {
      firstName: 'Anna',
      lastName: 'Berg',
      points: [
        { channel: 'phone', label: 'mobile', value: '+44 20 7946 0018' },
        { channel: 'email', label: 'work', value: 'anna@yahoo.example' },
      ],
    });

    for (const q of ['jon smth', 'john smith', 'SMITH', 'jhon', 'smiht', 'jo smi'])
      expect(await find(ws.owner, q), q).toEqual(['John Smith']);
    for (const q of [
      '212-555-0100',
      '2125550100',
      '+1 212 555 0100',
      '(212) 555-0100',
      '+12125550100',
      '555-0100',
    ])
      expect(await find(ws.owner, q), q).toEqual(['John Smith']);
    for (const q of ['+44 20 7946 0018', '020 7946 0018', '00442079460018', '7946 0018'])
      expect(await find(ws.owner, q), q).toEqual(['Anna Berg']);
    for (const q of ['gmail', 'jsmith@', 'jsmith@gmail.com', 'JSMITH@GMAIL', '@gmail.com', 'gmail.com'])
      expect(await find(ws.owner, q), q).toEqual(['John Smith']);
    for (const q of ['jose nunez', 'JOSÉ', 'núñez', 'Nunez', 'josé núñes'])
      expect(await find(ws.owner, q), q).toEqual(['José Núñez']);
    expect(await find(ws.owner, 'zebra')).toEqual([]);
  });

  it('matches text and select custom fields on whole words, never checkbox, date or number fields', async () => {
    const ws = await createWorkspace(ctx.app);
    for (const field of [
      { key: 'notes', label: 'Notes', type: 'text' },
      { key: 'tier', label: 'Tier', type: 'select', options: ['Gold', 'Silver'] },
      { key: 'vip', label: 'VIP', type: 'checkbox' },
      { key: 'since', label: 'Since', type: 'date' },
      { key: 'score', label: 'Score', type: 'number' },
    ]) {
      const res = await ws.owner.post('/api/v1/fields', field);
      expect(res.statusCode, res.body).toBe(201);
    }
    await createContact(ws.owner, {
      firstName: 'Carla',
      lastName: 'Custom',
      custom: {
        notes: 'Prefers Platinum service',
        tier: 'Gold',
        vip: true,
        since: '2024-03-01',
        score: 8675309,
      },
    });

    for (const q of ['platinum', 'PLATINUM service', 'gold', 'carla gold'])
      expect(await find(ws.owner, q), q).toEqual(['Carla Custom']);
    // Not a whole word, a typo, or a field that is not searched.
    for (const q of ['platin', 'platinun', 'true', 'vip', '2024-03-01', '2024', '8675309'])
      expect(await find(ws.owner, q), q).toEqual([]);
  });

  it('ranks whole words above prefixes above typos', async () => {
    const ws = await createWorkspace(ctx.app);
    // Created first, so an order by id alone would put them ahead.
    await createContact(ws.owner, { firstName: 'Jonathan', lastName: 'Smithers' });
    await createContact(ws.owner, { firstName: 'Jon', lastName: 'Smyth' });
    await createContact(ws.owner, { firstName: 'Johnny', lastName: 'Smith' });
    await createContact(ws.owner, { firstName: 'John', lastName: 'Smithers' });
    await createContact(ws.owner, { firstName: 'John', lastName: 'Smith' });

    // Ranks add up per word: whole 3, prefix 2, typo 1; ties in creation order. "john" is four
    // letters from "jonathan" (neither its beginning nor one typo away): Jonathan is not found.
    const johnSmith = ['John Smith', 'Johnny Smith', 'John Smithers', 'Jon Smyth'];
    expect(await ranked(ws, 'john smith')).toEqual(johnSmith);
    expect(await find(ws.owner, 'john smith')).toEqual(johnSmith);
    expect(await ranked(ws, 'jon smith')).toEqual([
      'Jonathan Smithers', // prefix + prefix: 4
      'Jon Smyth', // whole + typo: 4
      'John Smith', // typo + whole: 4
      'John Smithers', // typo + prefix: 3
    ]);
    expect(await ranked(ws, 'smith')).toEqual([
      'Johnny Smith',
      'John Smith',
      'Jonathan Smithers',
      'John Smithers',
      'Jon Smyth',
    ]);
  });

  it('shows an agent only the contacts it may see', async () => {
    const ws = await createWorkspace(ctx.app);
    const agent = await ws.addUser('agent');
    await createContact(ws.owner, { firstName: 'Zelda', lastName: 'Hidden' });
    const shared = await createContact(ws.owner, { firstName: 'Zelda', lastName: 'Shared' });
    await createContact(agent.client, { firstName: 'Zelda', lastName: 'Mine' });
    expect(
      (await ws.owner.post(`/api/v1/contacts/${shared.id}/shares`, { userId: agent.id })).statusCode,
    ).toBe(200);

    expect((await find(agent.client, 'zelda')).sort()).toEqual(['Zelda Mine', 'Zelda Shared']);
    expect(await find(agent.client, 'hidden')).toEqual([]);
    expect(await find(agent.client, 'zeldda hiden')).toEqual([]);
    expect((await find(ws.owner, 'zelda')).sort()).toEqual(['Zelda Hidden', 'Zelda Mine', 'Zelda Shared']);
  });

  it('follows an agent’s book through transfers, bulk owner changes, shares and unshares', async () => {
    const ws = await createWorkspace(ctx.app);
    const agent = await ws.addUser('agent');
    const other = await ws.addUser('agent');
    const made: { id: string }[] = [];
    for (const lastName of ['Amberg', 'Birkholz', 'Conradi', 'Dornbusch'])
      made.push(await createContact(ws.owner, { firstName: 'Yarrow', lastName }));
    const agentActor: Actor = {
      workspaceId: ws.id,
      role: 'agent',
      userId: agent.id,
      apiKeyId: null,
      name: 'A',
    };
    const agentSees = async () => (await find(agent.client, 'yarrow')).sort();
    // What the agent's plan finds is what it may see, in the order of the managers' plan.
    const sameOrder = async (q: string) => {
      const visible = new Set(
        (await visibleContacts(ctx.app.db, agentActor).select('c.id').execute()).map((r) => r.id),
      );
      const managers = await relevancePage(ctx.app.db, ownerActor(ws), [], q, 0, 100);
      expect(await relevancePage(ctx.app.db, agentActor, [], q, 0, 100), q).toEqual(
        managers.filter((id) => visible.has(id)),
      );
    };
    expect(await agentSees()).toEqual([]);

    const transfer = (id: string, ownerId: string) =>
      ws.owner.post(`/api/v1/contacts/${id}/transfer`, { ownerId });
    expect((await transfer(made[0].id, agent.id)).statusCode).toBe(200);
    expect(await agentSees()).toEqual(['Yarrow Amberg']);
    const bulk = await ws.owner.post('/api/v1/bulk-actions', {
      selection: { ids: [made[1].id, made[2].id] },
      action: { type: 'assign_owner', ownerId: agent.id },
    });
    expect(bulk.json().changed, bulk.body).toBe(2);
    expect(await agentSees()).toEqual(['Yarrow Amberg', 'Yarrow Birkholz', 'Yarrow Conradi']);
    const share = await ws.owner.post(`/api/v1/contacts/${made[3].id}/shares`, { userId: agent.id });
    expect(share.statusCode).toBe(200);
    expect(await agentSees()).toHaveLength(4);
    for (const q of ['yarrow', 'yar', 'yarow', 'yarrow conradi', 'dornbusch']) await sameOrder(q);

    expect((await transfer(made[0].id, other.id)).statusCode).toBe(200);
    expect((await ws.owner.delete(`/api/v1/contacts/${made[3].id}/shares/${agent.id}`)).statusCode).toBe(200);
    expect(await agentSees()).toEqual(['Yarrow Birkholz', 'Yarrow Conradi']);
    expect(await find(other.client, 'amberg')).toEqual(['Yarrow Amberg']);
    // The index's copy of each owner is the contact's own.
    const differ = await sql<{ n: number }>`select count(*)::int as n from contacts c
      join contact_search s on s.workspace_id = c.workspace_id and s.contact_id = c.id
      where c.workspace_id = ${ws.id} and s.owner_id is distinct from c.owner_id`.execute(ctx.app.db);
    expect(differ.rows[0].n).toBe(0);
  });

  it('finds numbers in names, and keeps them out of the dictionary of names', async () => {
    const ws = await createWorkspace(ctx.app);
    await createContact(ws.owner, { firstName: 'Store', lastName: '48213', company: 'Unit 907' });
    await createContact(ws.owner, { firstName: 'Storm', lastName: 'Quayle' });
    for (const q of ['48213', 'store 48213', 'unit 907', 'stor 48213', 'stoer 48213'])
      expect(await find(ws.owner, q), q).toEqual(['Store 48213']);
    const words = await sql<{ word: string }>`select word from search_words
      where workspace_id = ${ws.id} order by word`.execute(ctx.app.db);
    expect(words.rows.map((r) => r.word)).toEqual(['quayle', 'store', 'storm', 'unit']);
  });

  it('finds a renamed contact under its new name at once, and no longer under the old one', async () => {
    const ws = await createWorkspace(ctx.app);
    const c = await createContact(ws.owner, { firstName: 'Petra', lastName: 'Oldenburg' });
    expect(await find(ws.owner, 'oldenburg')).toEqual(['Petra Oldenburg']);
    const res = await ws.owner.patch(
      `/api/v1/contacts/${c.id}`,
      { lastName: 'Kowalczyk' },
      { 'if-match': '"1"' },
    );
    expect(res.statusCode, res.body).toBe(200);

    for (const q of ['kowalczyk', 'kowal', 'kowalcyzk', 'petra kowalczik'])
      expect(await find(ws.owner, q), q).toEqual(['Petra Kowalczyk']);
    for (const q of ['oldenburg', 'oldenbrug', 'olden']) expect(await find(ws.owner, q), q).toEqual([]);
  });

  it('keeps the indexed copy of the search text equal to each contact’s through every kind of write', async () => {
    const ws = await createWorkspace(ctx.app);
    const a = await createContact(ws.owner, { firstName: 'Quirin', lastName: 'Abendroth' });
    const b = await createContact(ws.owner, {
      lastName: 'Brightwater',
      points: [{ channel: 'email', value: 'bw@example.com' }],
    });
    const selection = { ids: [a.id, b.id] };
    const bulk = (action: unknown) => ws.owner.post('/api/v1/bulk-actions', { selection, action });
    // Set-based writes: a tag (search text untouched), then a field that is searched.
    expect((await bulk({ type: 'add_tags', tags: ['x'] })).json().changed).toBe(2);
    expect((await bulk({ type: 'set_field', field: 'company', value: 'Zanderfield' })).json().changed).toBe(
      2,
    );
    expect((await find(ws.owner, 'zanderfeld')).sort()).toEqual(['Brightwater', 'Quirin Abendroth']);
    expect(await find(ws.owner, 'abendroth')).toEqual(['Quirin Abendroth']);

    const mismatched = async () =>
      (
        await sql<{ contacts: number; copies: number; differ: number }>`
          select (select count(*)::int from contacts where workspace_id = ${ws.id}) as contacts,
                 (select count(*)::int from contact_search where workspace_id = ${ws.id}) as copies,
                 (select count(*)::int from contacts c join contact_search s
                    on s.workspace_id = c.workspace_id and s.contact_id = c.id
                  where c.workspace_id = ${ws.id} and s.search_text <> c.search_text) as differ`.execute(
          ctx.app.db,
        )
      ).rows[0];
    expect(await mismatched()).toEqual({ contacts: 2, copies: 2, differ: 0 });
    expect((await ws.owner.delete(`/api/v1/contacts/${a.id}`, { 'if-match': '"3"' })).statusCode).toBe(204);
    expect(await mismatched()).toEqual({ contacts: 1, copies: 1, differ: 0 });
    expect(await find(ws.owner, 'abendroth')).toEqual([]);
  });

  it('answers hostile input without an error and without matching everything', async () => {
    const ws = await createWorkspace(ctx.app);
    await createContact(ws.owner, { firstName: 'Ada', lastName: 'Lovelace' });
    await createContact(ws.owner, {
      firstName: 'Bob',
      lastName: "O'Hara",
      points: [{ channel: 'email', value: 'bob_o@x.example' }],
    });
    const hostile = [
      '%',
      '_',
      '\\',
      "'",
      '"',
      '%_%',
      '\\%',
      '*',
      ':*',
      '!',
      '&|',
      "'; drop table contacts; --",
      '😀',
      '👩‍👩‍👧 🎉',
      'x'.repeat(200),
      '%'.repeat(200),
      'a\u0000b',
    ];
    for (const q of hostile) expect(await find(ws.owner, q), JSON.stringify(q)).toEqual([]);
    // Wildcards in a fragment match themselves only.
    expect(await find(ws.owner, 'bob_o@')).toEqual(["Bob O'Hara"]);
    expect(await find(ws.owner, 'bob%o@')).toEqual([]);
    expect(await find(ws.owner, "o'hara")).toEqual(["Bob O'Hara"]);
    expect(await find(ws.owner, 'ohara')).toEqual(["Bob O'Hara"]);
  });

  it('reads pages by band in exactly the order of the plan', async () => {
    const ws = await createWorkspace(ctx.app);
    const names = [
      ['Mark', 'Smith'],
      ['Mary', 'Smith'],
      ['Marta', 'Smithers'],
      ['Omar', 'Smyth'],
      ['Marc', 'Mars'],
      ['Mara', 'Mark'],
      ['Ma', 'Rk'],
      ['Smith', 'Marks'],
      ['Smit', 'Mary'],
      ['Marina', 'Amar'],
    ];
    for (let i = 0; i < 3; i++)
      for (const [firstName, lastName] of names)
        await createContact(ws.owner, {
          firstName,
          lastName,
          points: [{ channel: 'email', value: `${firstName}.${i}@mark.example` }],
        });
    const db = ctx.app.db;
    // Statistics, so typo bands have an estimated share and are looked for in id order too.
    await sql`analyze contacts, contact_search`.execute(db);
    const notMarta = sql<SqlBool>`c.first_name <> 'Marta'`;
    const base = () => visibleContacts(db, ownerActor(ws)).where(notMarta);
    const direct = async (q: string, offset: number, limit: number, conditions: RawBuilder<SqlBool>[]) => {
      const plan = searchPlan(q, ws.id)!;
      const rows = await conditions
        .reduce((b, c) => b.where(c), visibleContacts(db, ownerActor(ws)))
        .select('c.id')
        .where(plan.where)
        .orderBy(plan.rank, 'desc')
        .orderBy('c.id')
        .offset(offset)
        .limit(limit)
        .execute();
      return rows.map((r) => r.id);
    };
    for (const q of [
      'mar',
      'mark',
      'smith',
      'smyth',
      'marx',
      'ma',
      'mark smith',
      'smith mark',
      'marx smyth',
      'mary smit',
      'ma smi',
      'mark.example mary',
      'mark.example',
      '@mark',
    ])
      for (const tuning of [
        { broadRows: 0, firstWindow: 5, maxWindow: 9 },
        { broadRows: 0, firstWindow: 2, maxWindow: 1000 },
        { broadRows: 0, firstWindow: 1000 },
        {},
      ])
        for (const [offset, limit] of [
          [0, 5],
          [3, 10],
          [0, 100],
        ])
          // With a condition, and without one (whole bands then come from contact_search alone).
          for (const conditions of [[notMarta], []]) {
            expect(
              await relevancePage(db, ownerActor(ws), conditions, q, offset, limit, tuning),
              `${q} ${JSON.stringify(tuning)} ${conditions.length}`,
            ).toEqual(await direct(q, offset, limit, conditions));
          }
    // Every contact of the page is one the plan finds.
    const ids = await relevancePage(db, ownerActor(ws), [notMarta], 'mar', 0, 100, {
      broadRows: 0,
      firstWindow: 5,
      maxWindow: 9,
    });
    const plan = searchPlan('mar', ws.id)!;
    const found = await base()
      .select('c.id')
      .where(plan.where)
      .where(sql<SqlBool>`c.id = any(${ids}::uuid[])`)
      .execute();
    expect(found).toHaveLength(ids.length);
  });
});
