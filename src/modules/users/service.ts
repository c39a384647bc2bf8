import type { Kysely } from 'kysely';
import type { DB, Role } from '../../db/types.js';
import { newId } from '../../lib/ids.js';
import { hashPassword } from '../../lib/secrets.js';
import { AppError, fieldError, notFound } from '../../server/errors.js';
import type { Actor } from '../auth/actor.js';
import type { Member, MemberCreate, MemberPatch } from './schema.js';
import * as repo from './repo.js';

type MemberRow = NonNullable<Awaited<ReturnType<typeof repo.findMember>>>;

export function presentMember(r: MemberRow): Member {
  return {
    id: r.id,
    name: r.name,
    email: r.email,
    role: r.role,
    active: r.active,
    createdAt: r.created_at.toISOString(),
  };
}

export async function createUserWithMembership(
  db: Kysely<DB>,
  workspaceId: string,
  input: { name: string; email: string; password: string; role: Role },
) {
  const taken = () => fieldError('email', 'A user with this email already exists');
  if (await repo.emailTaken(db, input.email)) throw taken();
  const id = newId();
  await repo
    .insertUser(db, {
      id,
      name: input.name,
      email: input.email,
      password_hash: await hashPassword(input.password),
    })
    .catch((err) => {
      throw repo.isEmailTaken(err) ? taken() : err;
    });
  await repo.insertMembership(db, { workspace_id: workspaceId, user_id: id, role: input.role });
  return { id };
}

export async function listMembers(db: Kysely<DB>, actor: Actor) {
  return (await repo.listMembers(db, actor.workspaceId)).map(presentMember);
}

export async function getMember(db: Kysely<DB>, actor: Actor, userId: string) {
  const row = await repo.findMember(db, actor.workspaceId, userId);
  if (!row) throw notFound('User');
  return presentMember(row);
}

export async function createMember(db: Kysely<DB>, actor: Actor, input: MemberCreate) {
  if (input.role === 'owner' && actor.role !== 'owner')
    throw new AppError('forbidden', 'Only an owner can create another owner');
  const { id } = await createUserWithMembership(db, actor.workspaceId, input);
  return getMember(db, actor, id);
}

export async function updateMember(db: Kysely<DB>, actor: Actor, userId: string, patch: MemberPatch) {
  const current = await repo.findMember(db, actor.workspaceId, userId);
  if (!current) throw notFound('User');
  const touchesOwner = current.role === 'owner' || patch.role === 'owner';
  if (touchesOwner && actor.role !== 'owner')
    throw new AppError('forbidden', 'Only an owner can change an owner or make one');
  const losesOwner =
    current.role === 'owner' &&
    ((patch.role !== undefined && patch.role !== 'owner') || patch.active === false);
  if (losesOwner && (await repo.countActiveOwners(db, actor.workspaceId)) <= 1) {
    throw new AppError('conflict', 'A workspace needs at least one active owner');
  }
  if (patch.role !== undefined || patch.active !== undefined) {
    await repo.updateMembership(db, actor.workspaceId, userId, { role: patch.role, active: patch.active });
  }
  if (patch.name !== undefined || patch.password !== undefined) {
    await repo.updateUser(db, userId, {
      name: patch.name,
      password_hash: patch.password ? await hashPassword(patch.password) : undefined,
    });
  }
  if (patch.active === false || patch.password !== undefined)
    await repo.deleteSessionsOf(db, actor.workspaceId, userId);
  return getMember(db, actor, userId);
}

export const findUser = repo.findUser;
export const activeMemberIds = repo.activeMemberIds;

/** Active members by lower-cased email → user id (imports resolve owner columns with it). */
export async function activeMembersByEmail(
  db: Kysely<DB>,
  workspaceId: string,
): Promise<Map<string, string>> {
  const rows = await repo.listMembers(db, workspaceId);
  return new Map(rows.filter((r) => r.active).map((r) => [r.email.toLowerCase(), r.id]));
}
