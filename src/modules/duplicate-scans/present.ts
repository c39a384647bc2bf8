import type { DuplicateScanRow } from '../../db/types.js';
import { describeReason, REASONS_AGAINST, type Reason } from '../duplicates/score.js';
import type { Scan } from './schema.js';

export const presentReasons = (reasons: readonly Reason[]) =>
  reasons.map((r) => ({
    code: r.code,
    detail: r.detail,
    text: describeReason(r),
    against: REASONS_AGAINST.has(r.code),
  }));

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
