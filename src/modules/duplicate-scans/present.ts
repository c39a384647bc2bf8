import type { DuplicateScanRow } from '../../db/types.js';
import { describeReason, REASONS_AGAINST, type Reason } from '../duplicates/score.js';
import type { Scan } from './schema.js';

// The names are shown beside the reasons, so name reasons need no detail (the engine's is the
// folded form, "bob whitfield"); and "similar name" says nothing more once a nickname, a swap or an
// initial explains the difference.
const NAME_CODES: ReadonlySet<string> = new Set([
  'same_name',
  'swapped_names',
  'nickname',
  'initial',
  'different_name',
]);
const EXPLAINED_BY: ReadonlySet<string> = new Set(['swapped_names', 'nickname', 'initial']);

export function presentReasons(reasons: readonly Reason[]) {
  const explained = reasons.some((r) => EXPLAINED_BY.has(r.code));
  return reasons
    .filter((r) => !(explained && r.code === 'similar_name'))
    .map((r) => {
      const shown = NAME_CODES.has(r.code) ? { ...r, detail: '' } : r;
      return {
        code: r.code,
        detail: r.detail,
        text: describeReason(shown),
        against: REASONS_AGAINST.has(r.code),
      };
    });
}

export function presentScan(r: DuplicateScanRow): Scan {
  return {
    id: r.id,
    state: r.state,
    phase: r.phase,
    progress: r.progress,
    threshold: r.threshold,
    contacts: r.contacts,
    comparisons: Number(r.comparisons),
    clusters: r.clusters,
    duplicates: r.duplicates,
    error: r.error,
    createdBy: { id: r.created_by ?? r.api_key_id, name: r.actor_name },
    createdAt: r.created_at.toISOString(),
    startedAt: r.started_at?.toISOString() ?? null,
    finishedAt: r.finished_at?.toISOString() ?? null,
  };
}
