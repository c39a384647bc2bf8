import type { Role } from '../../db/types.js';
import { forbidden } from '../../server/errors.js';

/** Who is making a request, and in which workspace. Every service call takes one. */
export interface Actor {
  workspaceId: string;
  role: Role;
  /** Set for people signed in to the web app. */
  userId: string | null;
  /** Set for integrations calling with an API key. */
  apiKeyId: string | null;
  name: string;
  /** Session id, to end it on sign-out. */
  sessionId?: string;
}

/** A user id no user has: what an actor without one (an API key) owns and is shared. */
export const NO_USER = '00000000-0000-0000-0000-000000000000';

export const isManager = (actor: Actor): boolean => actor.role === 'owner' || actor.role === 'admin';

/** Refuses (403) actors other than owners and admins: "Only owners and admins can <what>". */
export function assertManager(actor: Actor, what: string): void {
  if (!isManager(actor)) throw forbidden(`Only owners and admins can ${what}`);
}

/**
 * For work an actor starts (imports, exports): agents see only their own, managers and API keys
 * all of the workspace's. The creator to filter by, or undefined for no filter.
 */
export const onlyCreatedBy = (actor: Actor): string | undefined =>
  isManager(actor) ? undefined : (actor.userId ?? undefined);
