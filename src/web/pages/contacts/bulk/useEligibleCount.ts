import { useContactCount } from '../../../api/filters';
import { useSession } from '../../../layout/session';
import { ACTIONS, type ActionKind } from './actions';
import { ownedBy, type BulkTarget } from './target';

/**
 * How many of the target's contacts the action may touch: all of them, except that agents delete
 * and hand over only the contacts they own. The server counts the same way and refuses (409) an
 * expectedCount that differs.
 */
export function useEligibleCount(kind: ActionKind, target: BulkTarget): { count: number | undefined } {
  const me = useSession();
  const owned = ACTIONS[kind].ownedOnly && !me.isManager;
  const all = target.kind === 'all' ? target.selection : {};
  const mine = useContactCount(
    { filter: ownedBy(all.filter), q: all.q },
    { enabled: owned && target.kind === 'all' },
  );
  if (!owned) return { count: target.count };
  if (target.kind === 'ids') return { count: target.ownedCount };
  return { count: mine.isFetching ? undefined : mine.data };
}
