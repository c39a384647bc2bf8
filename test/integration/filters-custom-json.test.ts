import { describe, expect, it } from 'vitest';
import { newId } from '../../src/lib/ids.js';
import { estimatedRows } from '../filter-plans.js';
import { createContact, createWorkspace, useTestApp, type TestWorkspace } from '../helpers.js';

// Custom fields of type number, date, date-time, checkbox and select are tested with SQL/JSON
// path predicates built from the filter's values (src/modules/filters/kinds.ts, jsonOperand).

const ctx = useTestApp();

const ODD_OPTIONS = ['say "hi"', 'back\\slash', "it's", '🎉 party', 'tab\there', 'plain'];

const count = async (ws: TestWorkspace, filter: unknown) => {
  const res = await ws.owner.post('/api/v1/contacts/count', { filter });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().count as number;
};

describe('custom-field conditions as JSON path predicates', () => {
  it('match select options holding quotes, backslashes, tabs and emoji exactly', async () => {
    const ws = await createWorkspace(ctx.app);
    const field = { key: 'mood', label: 'Mood', type: 'select', options: ODD_OPTIONS };
    expect((await ws.owner.post('/api/v1/fields', field)).statusCode).toBe(201);
    for (const [i, mood] of ODD_OPTIONS.entries())
      await createContact(ws.owner, { firstName: `P${i}`, custom: { mood } });
    await createContact(ws.owner, { firstName: 'None' });

    for (const mood of ODD_OPTIONS)
      expect(await count(ws, { field: 'custom.mood', op: 'equals', value: mood }), mood).toBe(1);
    expect(await count(ws, { field: 'custom.mood', op: 'in', value: ODD_OPTIONS.slice(0, 3) })).toBe(3);
    expect(await count(ws, { field: 'custom.mood', op: 'not_equals', value: 'say "hi"' })).toBe(
      ODD_OPTIONS.length, // the other options and the contact without one
    );
    expect(await count(ws, { field: 'custom.mood', op: 'is_empty' })).toBe(1);
    expect(await count(ws, { field: 'custom.mood', op: 'is_not_empty' })).toBe(ODD_OPTIONS.length);
  });

  it('compare numbers written with exponents, fractions and signs', async () => {
    const ws = await createWorkspace(ctx.app);
    const field = { key: 'amount', label: 'Amount', type: 'number' };
    expect((await ws.owner.post('/api/v1/fields', field)).statusCode).toBe(201);
    for (const amount of [-1e21, -0.5, 0, 5e-7, 2.5, 1e21])
      await createContact(ws.owner, { firstName: `A${amount}`, custom: { amount } });

    const f = (op: string, value: unknown) => ({ field: 'custom.amount', op, value });
    expect(await count(ws, f('between', [-1, 1e-6]))).toBe(3); // -0.5, 0, 5e-7
    expect(await count(ws, f('greater_than', 1e20))).toBe(1);
    expect(await count(ws, f('less_than', -1e20))).toBe(1);
    expect(await count(ws, f('equals', 5e-7))).toBe(1);
    expect(await count(ws, f('in', [-0.5, 2.5, 99]))).toBe(2);
    expect(await count(ws, f('not_equals', 0))).toBe(5);
  });

  it('give the planner an estimate from the data, not a fixed guess', async () => {
    // Without statistics a range over an expression is guessed at 0.5% of the rows, which made
    // PostgreSQL probe a group's members once per contact (docs/benchmarks.md, 2026-12-07).
    const ws = await createWorkspace(ctx.app);
    const field = { key: 'score', label: 'Score', type: 'number' };
    expect((await ws.owner.post('/api/v1/fields', field)).statusCode).toBe(201);
    const rows = Array.from({ length: 2000 }, (_, i) => ({
      workspace_id: ws.id,
      id: newId(),
      first_name: `S${i}`,
      custom: JSON.stringify({ score: i % 100 }),
    }));
    await ctx.app.db.insertInto('contacts').values(rows).execute();
    const filter = { field: 'custom.score', op: 'between', value: [20, 79] };
    const estimated = await estimatedRows(ctx.app.db, ws.id, filter);
    expect(estimated).toBeGreaterThan(600); // 1,200 of the 2,000 match (60%); a guess would be 10
    expect(estimated).toBeLessThan(1800);
    expect(await count(ws, filter)).toBe(1200);
  });
});
