import type { Kysely } from 'kysely';
import type { DB, Role } from '../../db/types.js';
import { AppError } from '../../server/errors.js';
import { listKeys } from '../api-keys/service.js';
import { getMember } from '../users/service.js';
import type { Actor } from './actor.js';

/** Who asked for background work, as recorded on its row (exports, bulk actions). */
export interface StoredAsker {
  workspace_id: string;
  actor_role: Role;
  created_by: string | null;
  api_key_id: string | null;
  actor_name: string;
}

/**
 * The actor background work runs as: the user or API key that asked. A user runs with its role
 * of now (a demoted admin no longer reaches everything); a deactivated user or a revoked key runs
 * nothing. `what` names the work in the error.
 */
export async function actorWhoAsked(db: Kysely<DB>, row: StoredAsker, what: string): Promise<Actor> {
  const asked: Actor = {
    workspaceId: row.workspace_id,
    role: row.actor_role,
    userId: row.created_by,
    apiKeyId: row.api_key_id,
    name: row.actor_name,
  };
  if (row.created_by) {
    const member = await getMember(db, asked, row.created_by).catch(() => null);
    if (!member?.active)
      throw new AppError(
        'forbidden',
        `The user who asked for this ${what} is no longer active in the workspace`,
      );
    return { ...asked, role: member.role, name: member.name };
  }
  const key = (await listKeys(db, asked)).find((k) => k.id === row.api_key_id);
  if (!key || key.revokedAt)
    throw new AppError('forbidden', `The API key that asked for this ${what} was revoked`);
  return asked;
}
