// Scheduled re-runs of a list's filter or segment: the list keeps the selection it was filled from
// (POST /lists/:id/entries/from-selection), and a schedule runs it again on a cron, adding the
// contacts that match now and are not on the list yet.
//
// Every minute the scheduler job (schedule-job.ts) calls runDueSchedules: lists whose next run is
// due are claimed one at a time with FOR UPDATE SKIP LOCKED and their next run moved on in the
// same short transaction, so with several servers each due run happens once. The run itself is
// outside that transaction, a page at a time like the by-hand one: a run cut short keeps what it
// added, and the next run adds the rest.
import type { Kysely } from 'kysely';
import type { ContactListRow, DB } from '../../db/types.js';
import { AppError, fieldError } from '../../server/errors.js';
import type { Actor } from '../auth/actor.js';
import { addFromSelection } from './entries.js';
import * as lists from './repo.js';
import { cronProblem, nextRunAt, tidyCron } from './schedule-cron.js';
import * as repo from './schedule-repo.js';
import type { ScheduleSet } from './schedule-schema.js';
import { getList, loadList } from './service.js';
import { assertManager } from '../auth/actor.js';

/** Lists read per query when looking for due ones. */
const DUE_PAGE = 100;

const hasSelection = (l: ContactListRow) => l.filter !== null || l.segment_id !== null;

/** Turns on (or changes) re-runs of the list's stored filter or segment. */
export async function setSchedule(db: Kysely<DB>, actor: Actor, listId: string, body: ScheduleSet) {
  assertManager(actor, 'schedule lists');
  const list = await loadList(db, actor, listId);
  const problem = cronProblem(body.cron);
  if (problem) throw fieldError('cron', problem);
  if (!hasSelection(list))
    throw new AppError(
      'bad_request',
      'The list has no filter or segment to run again: add contacts from a filter or segment first (POST /lists/:id/entries/from-selection)',
    );
  const cron = tidyCron(body.cron);
  await lists.update(db, actor.workspaceId, listId, {
    schedule: cron,
    schedule_time_zone: body.timeZone,
    next_run_at: nextRunAt(cron, body.timeZone, new Date()),
    schedule_error: null,
  });
  return getList(db, actor, listId);
}

/** Turns re-runs off; the list and its entries stay. */
export async function clearSchedule(db: Kysely<DB>, actor: Actor, listId: string) {
  assertManager(actor, 'schedule lists');
  await loadList(db, actor, listId);
  await lists.update(db, actor.workspaceId, listId, {
    schedule: null,
    schedule_time_zone: null,
    next_run_at: null,
    schedule_error: null,
  });
}

/**
 * Who a scheduled run acts as. Only owners and admins fill lists from a selection, and they see
 * every contact of the workspace, so an owner-role actor sees what the list's creator saw, and
 * keeps doing so if that person is later demoted or deactivated: the schedule belongs to the
 * list, and turning it off is a manager's decision. The creator's id stays, so a filter that says
 * "owned by me" still means that person.
 */
function scheduleActor(list: ContactListRow): Actor {
  return {
    workspaceId: list.workspace_id,
    role: 'owner',
    userId: list.created_by,
    apiKeyId: null,
    name: `Schedule of list "${list.name}"`,
  };
}

/** Claims a due list: locks it (skipping one another server holds) and moves its next run on. */
async function claim(db: Kysely<DB>, due: { workspace_id: string; id: string }, now: Date) {
  return db.transaction().execute(async (trx) => {
    const list = await repo.lockIfDue(trx, due.workspace_id, due.id, now);
    if (!list) return null;
    let next: Date | null = null;
    try {
      next = nextRunAt(list.schedule!, list.schedule_time_zone ?? 'UTC', now);
    } catch {
      // A cron that matches no time any more (checked when set): the schedule stops here.
    }
    await repo.updateSchedule(trx, list.workspace_id, list.id, { next_run_at: next });
    return list;
  });
}

export interface ScheduleRun {
  workspaceId: string;
  listId: string;
  /** New entries; null when the run failed. */
  added: number | null;
  error: string | null;
}

function runError(list: ContactListRow, err: unknown): string | null {
  if (!(err instanceof AppError)) return null;
  if (err.code === 'not_found' && list.segment_id && /segment/i.test(err.message))
    return 'The segment the list was filled from was deleted: fill the list from another filter or segment, or turn the schedule off';
  return err.message;
}

async function runOne(db: Kysely<DB>, list: ContactListRow, onError: (err: unknown) => void) {
  const at = new Date();
  const out = { workspaceId: list.workspace_id, listId: list.id };
  try {
    if (!hasSelection(list))
      throw new AppError('bad_request', 'The list has no filter or segment to run again any more');
    const r = await addFromSelection(db, scheduleActor(list), list.id, {
      filter: list.segment_id ? undefined : (list.filter ?? undefined),
      segmentId: list.segment_id ?? undefined,
      priority: 0,
    });
    await repo.recordRun(db, list.workspace_id, list.id, { at, error: null });
    return { ...out, added: r.added, error: null };
  } catch (err) {
    const known = runError(list, err);
    if (!known) onError(err);
    const error =
      known ?? 'The run failed unexpectedly (the server log has the details); it runs again at its next time';
    await repo.recordRun(db, list.workspace_id, list.id, { at, error });
    return { ...out, added: null, error };
  }
}

/**
 * Runs every list schedule due at `now` (default: now) and says what each run did. Safe to call
 * from several servers at once: each due run happens once. Tests call it directly.
 */
export async function runDueSchedules(
  db: Kysely<DB>,
  opts: { now?: Date; onError?: (err: unknown) => void } = {},
): Promise<ScheduleRun[]> {
  const now = opts.now ?? new Date();
  const onError = opts.onError ?? (() => {});
  const runs: ScheduleRun[] = [];
  const seen = new Set<string>();
  for (;;) {
    const due = (await repo.dueLists(db, now, DUE_PAGE)).filter((d) => !seen.has(d.id));
    if (due.length === 0) return runs;
    for (const d of due) {
      seen.add(d.id);
      const list = await claim(db, d, now);
      if (list) runs.push(await runOne(db, list, onError));
    }
  }
}
