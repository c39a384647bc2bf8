import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/lib/ids.js';
import { compileFilter } from '../../src/modules/filters/compile.js';
import { PLAN_EACH_CALL } from '../../src/db/plans.js';
import { definitionsFor } from '../../src/modules/fields/service.js';
import { contactArb, filterArb, NOW, WORDS } from '../filters/arbitraries.js';
import { evaluate, type MemoryContact } from '../filters/evaluate.js';
import { createWorkspace, useTestApp, type TestWorkspace } from '../helpers.js';
import { searchText } from '../../src/modules/contacts/search-text.js';

const ctx = useTestApp();

const FIELDS = [
  { key: 'note', label: 'Note', type: 'text' },
  { key: 'tier', label: 'Tier', type: 'select', options: ['gold', 'silver'] },
  { key: 'score', label: 'Score', type: 'number' },
  { key: 'renewal', label: 'Renewal', type: 'date' },
  { key: 'seen', label: 'Last seen', type: 'datetime' },
  { key: 'vip', label: 'VIP', type: 'checkbox' },
  { key: 'langs', label: 'Languages', type: 'multiselect', options: ['en', 'fr', 'de'] },
];

describe('filter compiler against an in-memory reading', () => {
  let ws: TestWorkspace;
  let contacts: MemoryContact[];
  let ownerIds: string[];

  beforeAll(async () => {
    ws = await createWorkspace(ctx.app);
    for (const f of FIELDS) expect((await ws.owner.post('/api/v1/fields', f)).statusCode).toBe(201);
    const agent = await ws.addUser('agent');
    ownerIds = [ws.ownerId, agent.id];
    // A fixed sample: the property varies the filters, not the data.
    contacts = fc
      .sample(contactArb(ownerIds), { seed: 20261123, numRuns: 80 })
      .map((c) => ({ ...c, id: newId() }));
    await ctx.app.db
      .insertInto('contacts')
      .values(
        contacts.map((c) => ({
          workspace_id: ws.id,
          id: c.id,
          first_name: c.first_name,
          last_name: c.last_name,
          company: c.company,
          city: c.city,
          type: c.type as any,
          level: c.level as any,
          country: c.country,
          birth_date: c.birth_date,
          created_at: c.created_at,
          active: c.active,
          tags: c.tags,
          owner_id: c.owner_id,
          custom: JSON.stringify(c.custom),
          // As the app writes it: filters on emails read it (section 5).
          search_text: searchText(c, c.points),
        })),
      )
      .execute();
    const points = contacts.flatMap((c) =>
      c.points.map((p, i) => ({
        workspace_id: ws.id,
        id: newId(),
        contact_id: c.id,
        channel: p.channel as any,
        label: 'other' as const,
        value: p.normalized,
        normalized: p.normalized,
        status: p.status,
        position: i,
      })),
    );
    if (points.length) await ctx.app.db.insertInto('contact_points').values(points).execute();
  });

  it('selects exactly the contacts the tree describes, for random trees', async () => {
    const definitions = await definitionsFor(ctx.app.db, ws.id);
    const options = { definitions, extensions: {}, defaultCountry: 'US', userId: ws.ownerId, now: NOW };
    let nonTrivial = 0;
    await fc.assert(
      fc.asyncProperty(filterArb(ownerIds), async (filter) => {
        const where = await compileFilter(filter, 'filter', options);
        const rows = await ctx.app.db
          .selectFrom('contacts as c')
          .select('c.id')
          .where('c.workspace_id', '=', ws.id)
          .where(where)
          .execute();
        const expected = contacts.filter((c) => evaluate(filter, c, NOW)).map((c) => c.id);
        if (expected.length > 0 && expected.length < contacts.length) nonTrivial++;
        expect(rows.map((r) => r.id).sort(), JSON.stringify(filter)).toEqual(expected.sort());
      }),
      { numRuns: 300, seed: Number(process.env.FC_SEED ?? Date.now() % 2 ** 31) },
    );
    // The data and filters are built so most answers are neither everything nor nothing.
    expect(nonTrivial).toBeGreaterThan(100);
  }, 120_000);

  it('matches every word of the data as a prefix and a substring, accents and emoji included', async () => {
    const definitions = await definitionsFor(ctx.app.db, ws.id);
    const options = { definitions, extensions: {}, defaultCountry: 'US', userId: ws.ownerId, now: NOW };
    for (const op of ['starts_with', 'contains', 'equals'])
      for (const value of WORDS.filter(Boolean)) {
        const filter = { field: 'lastName', op, value };
        const rows = await ctx.app.db
          .selectFrom('contacts as c')
          .select('c.id')
          .where('c.workspace_id', '=', ws.id)
          .where(await compileFilter(filter, 'filter', options))
          .execute();
        const expected = contacts.filter((c) => evaluate(filter as any, c, NOW)).map((c) => c.id);
        expect(rows.map((r) => r.id).sort(), JSON.stringify(filter)).toEqual(expected.sort());
      }
  });

  it('marks every compiled filter to be planned with its values (src/db/plans.ts)', async () => {
    const definitions = await definitionsFor(ctx.app.db, ws.id);
    const options = { definitions, extensions: {}, defaultCountry: 'US', userId: ws.ownerId, now: NOW };
    const where = await compileFilter({ field: 'type', op: 'equals', value: 'lead' }, 'filter', options);
    expect(where.compile(ctx.app.db).sql).toContain(PLAN_EACH_CALL);
  });

  it('the same trees give the same answers through the API', async () => {
    const samples = fc.sample(filterArb(ownerIds), { seed: 7, numRuns: 25 });
    for (const filter of samples) {
      const res = await ws.owner.post('/api/v1/contacts/count', { filter });
      expect(res.statusCode, res.body).toBe(200);
      // The API compiles with the real clock; relative conditions use data far from day edges.
      const expected = contacts.filter((c) => evaluate(filter, c, new Date())).length;
      expect(res.json().count, JSON.stringify(filter)).toBe(expected);
    }
  });
});
