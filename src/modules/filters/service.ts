import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import type { Actor } from '../auth/actor.js';
import { definitionsFor } from '../fields/service.js';
import { workspaceSettings } from '../workspaces/service.js';
import { compileFilter, filterFields, type CompileOptions } from './compile.js';
import { filterExtensions } from './extensions.js';
import type { Sql } from './kinds.js';

async function optionsFor(db: Kysely<DB>, actor: Actor, self?: string): Promise<CompileOptions> {
  const [definitions, settings] = await Promise.all([
    definitionsFor(db, actor.workspaceId),
    workspaceSettings(db, actor.workspaceId),
  ]);
  return {
    definitions,
    extensions: filterExtensions(db, actor),
    defaultCountry: settings.defaultCountry,
    userId: actor.userId,
    now: new Date(),
    self,
  };
}

/** The SQL condition for a filter given by `actor`; `root` names it in errors (e.g. "filter"). */
export async function contactCondition(
  db: Kysely<DB>,
  actor: Actor,
  filter: unknown,
  root = 'filter',
): Promise<Sql> {
  return compileFilter(filter, root, await optionsFor(db, actor));
}

/**
 * Checks a filter without running it: segments and groups check theirs before saving. `self`
 * names the stored filter ("segment:<id>") so one that would refer to itself is refused.
 */
export async function checkFilter(db: Kysely<DB>, actor: Actor, filter: unknown, self?: string) {
  await compileFilter(filter, 'filter', await optionsFor(db, actor, self));
}

export async function listFilterFields(db: Kysely<DB>, actor: Actor) {
  return filterFields(await optionsFor(db, actor));
}
