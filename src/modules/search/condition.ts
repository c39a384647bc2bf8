import type { Op } from '../filters/enums.js';
import { bad, opNotAllowed, textValue, type ConditionSpec } from '../filters/kinds.js';
import { searchPlan } from './search.js';

/** The search box as a filter condition: {"field": "search", "op": "contains", "value": "jon smth"}. */
export function searchCondition(): ConditionSpec {
  const ops: Op[] = ['contains'];
  return {
    label: 'Search (name, email, phone)',
    type: 'text',
    ops,
    compile(c, ctx) {
      if (c.op !== 'contains') return opNotAllowed(c, ctx, ops);
      const q = textValue(c.value, `${c.path}.value`, ctx);
      if (q === null) return null;
      const plan = searchPlan(q);
      return plan ? plan.where : bad(c, ctx, 'has nothing to search for');
    },
  };
}
