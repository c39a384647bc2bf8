import { describe, expect, it } from 'vitest';
import { newId } from '../../src/lib/ids.js';
import { estimatedRows } from '../filter-plans.js';
import { createWorkspace, useTestApp } from '../helpers.js';

// A negated condition (`not`, not-equals, a checkbox's "no") was compiled as `not coalesce(x,
// false)`, which PostgreSQL estimated at half the rows whatever x was; it is now `(x) is not true`,
// estimated as the rest of x (docs/decisions.md, "Filters: a negation is written `is not true`").
// This file's only contacts are the ones below: the statistics are the table's, not a workspace's.

const ctx = useTestApp();

describe('row estimates of negated conditions', () => {
  it('are the rest of what they negate, not half the rows', async () => {
    const ws = await createWorkspace(ctx.app);
    for (const field of [
      { key: 'plan', label: 'Plan', type: 'select', options: ['Gold', 'Silver'] },
      { key: 'paid', label: 'Paid', type: 'checkbox' },
    ])
      expect((await ws.owner.post('/api/v1/fields', field)).statusCode).toBe(201);
    // One contact in ten is an unpaid customer on Silver; the rest are paid leads on Gold.
    const rows = Array.from({ length: 2000 }, (_, i) => {
      const rare = i % 10 === 0;
      return {
        workspace_id: ws.id,
        id: newId(),
        first_name: `N${i}`,
        type: rare ? 'customer' : 'lead',
        custom: JSON.stringify(rare ? { plan: 'Silver', paid: false } : { plan: 'Gold', paid: true }),
      };
    });
    await ctx.app.db.insertInto('contacts').values(rows).execute();

    const lead = { field: 'type', op: 'equals', value: 'lead' };
    const gold = { field: 'custom.plan', op: 'equals', value: 'Gold' };
    const cases = [
      { not: lead },
      { field: 'custom.plan', op: 'not_equals', value: 'Gold' },
      { field: 'custom.paid', op: 'equals', value: false },
      { not: { and: [lead, gold] } },
    ];
    for (const filter of cases) {
      const name = JSON.stringify(filter);
      const res = await ws.owner.post('/api/v1/contacts/count', { filter });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().count, name).toBe(200);
      const estimated = await estimatedRows(ctx.app.db, ws.id, filter);
      expect(estimated, name).toBeGreaterThan(50);
      expect(estimated, name).toBeLessThan(500); // the fixed guess of a half: 1,000
    }
  });
});
