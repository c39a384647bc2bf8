import { sql, type SqlBool } from 'kysely';
import { PLAN_EACH_CALL } from '../../db/plans.js';
import type { FieldDefinitionRow } from '../../db/types.js';
import { assertNoFieldErrors, type FieldError } from '../../server/errors.js';
import type { FieldInfo } from './enums.js';
import { CORE_FIELDS, customFieldSpec } from './fields.js';
import { isNotTrue, type CompileContext, type ConditionSpec, type Sql } from './kinds.js';
import { parseFilter, type ParsedCondition, type ParsedNode } from './parse.js';

export interface CompileOptions {
  /** Custom field definitions of the workspace. */
  definitions: FieldDefinitionRow[];
  /** Conditions other modules add (groups, segments, search, lists), by field name. */
  extensions: Record<string, ConditionSpec>;
  defaultCountry: string;
  userId: string | null;
  now: Date;
  /** The stored filter being checked, e.g. "segment:<id>", so a filter naming itself is refused. */
  self?: string;
}

const MAX_REFERENCE_DEPTH = 5;

function specFor(field: string, o: CompileOptions): ConditionSpec | undefined {
  if (field.startsWith('custom.')) {
    const def = o.definitions.find((d) => d.key === field.slice('custom.'.length));
    return def && customFieldSpec(def);
  }
  return Object.hasOwn(CORE_FIELDS, field)
    ? CORE_FIELDS[field]
    : Object.hasOwn(o.extensions, field)
      ? o.extensions[field]
      : undefined;
}

/** Every field a filter can name, for the filter builder and the API docs. */
export async function filterFields(
  o: Pick<CompileOptions, 'definitions' | 'extensions'>,
): Promise<FieldInfo[]> {
  const info = async (field: string, s: ConditionSpec): Promise<FieldInfo> => {
    const options = s.loadOptions ? await s.loadOptions() : s.options;
    return { field, label: s.label, type: s.type, ops: s.ops, ...(options ? { options } : {}) };
  };
  const out: FieldInfo[] = [];
  for (const [f, s] of [
    ...Object.entries(CORE_FIELDS),
    ...o.definitions.map((d) => [`custom.${d.key}`, customFieldSpec(d)] as const),
    ...Object.entries(o.extensions),
  ])
    out.push(await info(f, s));
  return out;
}

/**
 * Compiles a filter tree to one parameterised SQL condition over the contacts row `c`. Throws a
 * validation error listing every bad node by path (`root.and.1.value`). The only place filters
 * become SQL: lists, counts, segments, groups, exports and bulk actions all come through here.
 */
export async function compileFilter(raw: unknown, root: string, o: CompileOptions): Promise<Sql> {
  const errors: FieldError[] = [];
  const self = o.self ? [{ ref: o.self, name: `this ${o.self.split(':')[0]}` }] : [];
  const sqlFor = await compileInto(raw, root, o, errors, self);
  assertNoFieldErrors(errors);
  return sql<SqlBool>`${sqlFor!} ${sql.raw(PLAN_EACH_CALL)}`;
}

async function compileInto(
  raw: unknown,
  root: string,
  o: CompileOptions,
  errors: FieldError[],
  refs: { ref: string; name: string }[],
): Promise<Sql | null> {
  const tree = parseFilter(raw, root, errors);
  if (!tree) return null;
  const ctx: CompileContext = {
    now: o.now,
    defaultCountry: o.defaultCountry,
    userId: o.userId,
    error: (path, message) => errors.push({ path, message }),
    nested: async (filter: unknown, ref: string, at: ParsedCondition, name: string) => {
      const chain = [...refs, { ref, name }];
      if (refs.some((r) => r.ref === ref)) {
        ctx.error(`${at.path}.value`, `refers back to itself: ${chain.map((r) => r.name).join(' → ')}`);
        return null;
      }
      if (refs.length >= MAX_REFERENCE_DEPTH) {
        ctx.error(
          `${at.path}.value`,
          `nests saved filters more than ${MAX_REFERENCE_DEPTH} deep: ${chain.map((r) => r.name).join(' → ')}`,
        );
        return null;
      }
      const inner: FieldError[] = [];
      const out = await compileInto(filter, 'filter', o, inner, chain);
      for (const e of inner) ctx.error(`${at.path}.value`, `in ${name} at ${e.path}: ${e.message}`);
      return out;
    },
  };
  return compileNode(tree, o, ctx);
}

async function compileNode(node: ParsedNode, o: CompileOptions, ctx: CompileContext): Promise<Sql | null> {
  switch (node.kind) {
    case 'and':
    case 'or': {
      const parts = [];
      for (const child of node.children) parts.push(await compileNode(child, o, ctx));
      if (parts.some((p) => p === null)) return null;
      return sql<SqlBool>`(${sql.join(parts as Sql[], sql.raw(` ${node.kind} `))})`;
    }
    case 'not': {
      const inner = await compileNode(node.child, o, ctx);
      // A condition on a missing value may be NULL; under "not" it must count as false first.
      return inner && isNotTrue(inner);
    }
    default: {
      const spec = specFor(node.field, o);
      if (!spec) {
        ctx.error(
          `${node.path}.field`,
          `unknown field "${node.field}" (GET /api/v1/filters/fields lists them)`,
        );
        return null;
      }
      return spec.compile(node, ctx);
    }
  }
}
