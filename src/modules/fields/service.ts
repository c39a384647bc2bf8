import type { Kysely } from 'kysely';
import type { DB, FieldDefinitionRow } from '../../db/types.js';
import { newId } from '../../lib/ids.js';
import { remembered, shortCache } from '../../lib/short-cache.js';
import { AppError, fieldError, notFound } from '../../server/errors.js';
import type { Actor } from '../auth/actor.js';
import {
  MAX_FIELDS_PER_WORKSPACE,
  type FieldCreate,
  type FieldDefinition,
  type FieldPatch,
} from './schema.js';
import * as repo from './repo.js';

export function present(r: FieldDefinitionRow): FieldDefinition {
  return {
    id: r.id,
    key: r.key,
    label: r.label,
    type: r.type,
    options: r.options as string[],
    required: r.required,
    createdAt: r.created_at.toISOString(),
  };
}

// Every contact write validates against these: remembered briefly (src/lib/short-cache.ts), and
// every change to a field drops its workspace's entry.
const definitionsCache = shortCache<FieldDefinitionRow[]>();

export async function definitionsFor(db: Kysely<DB>, workspaceId: string): Promise<FieldDefinitionRow[]> {
  return (await remembered(definitionsCache, workspaceId, () => repo.list(db, workspaceId)))!;
}

export async function listFields(db: Kysely<DB>, actor: Actor) {
  return (await repo.list(db, actor.workspaceId)).map(present);
}

export async function createField(db: Kysely<DB>, actor: Actor, input: FieldCreate) {
  if ((await repo.count(db, actor.workspaceId)) >= MAX_FIELDS_PER_WORKSPACE) {
    throw new AppError('conflict', `A workspace can have at most ${MAX_FIELDS_PER_WORKSPACE} custom fields`);
  }
  definitionsCache.delete(actor.workspaceId);
  const row = await repo.insert(db, { workspace_id: actor.workspaceId, id: newId(), ...input });
  if (!row) throw fieldError('key', `A field with key "${input.key}" already exists`);
  return present(row);
}

export async function updateField(db: Kysely<DB>, actor: Actor, id: string, patch: FieldPatch) {
  const current = await repo.find(db, actor.workspaceId, id);
  if (!current) throw notFound('Field');
  if (patch.options !== undefined) {
    const takesOptions = current.type === 'select' || current.type === 'multiselect';
    if (!takesOptions) throw fieldError('options', 'Only select and multiselect fields take options');
    if (patch.options.length === 0)
      throw fieldError('options', `A ${current.type} field needs at least one option`);
  }
  definitionsCache.delete(actor.workspaceId);
  const row = await repo.update(db, actor.workspaceId, id, patch);
  return present(row!);
}

export async function deleteField(db: Kysely<DB>, actor: Actor, id: string) {
  definitionsCache.delete(actor.workspaceId);
  const row = await repo.remove(db, actor.workspaceId, id);
  if (!row) throw notFound('Field');
  await repo.stripValues(db, actor.workspaceId, row.key);
}
