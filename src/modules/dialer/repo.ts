// SQL of the dialer: leases handed out and taken back, entries picked in hand-out order.
import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { CampaignRow, DB, ListEntryRow } from '../../db/types.js';

/** Leases past their expiry go back to callable (without an attempt), skipping rows in use. */
export async function expireLeases(db: Kysely<DB>, workspaceId: string, campaignId: string) {
  await sql`
    update list_entries e set state = 'callable', lease_id = null, lease_expires_at = null, leased_by = null,
           leased_channel = null, leased_address = null, updated_at = now()
    where e.workspace_id = ${workspaceId} and e.id in (
      select id from list_entries
      where workspace_id = ${workspaceId} and campaign_id = ${campaignId} and state = 'planning'
        and lease_expires_at < now()
      for update skip locked)`.execute(db);
}

type Window = Pick<CampaignRow, 'window_start' | 'window_end' | 'window_days'>;

/**
 * True when the instant `at` is inside the calling window in every one of `zones` (local time of
 * day in [start, end), local ISO weekday among the days). PostgreSQL's time zone rules handle
 * daylight saving: 09:00 in New York is 14:00 UTC in winter and 13:00 UTC in summer.
 */
export function insideWindow(zones: RawBuilder<string[]>, w: Window, at: RawBuilder<Date> | Date) {
  return sql<SqlBool>`not exists (
    select 1 from unnest(${zones}) z
    where not ((${at} at time zone z)::time >= ${w.window_start}::time
           and (${at} at time zone z)::time < ${w.window_end}::time
           and extract(isodow from ${at} at time zone z)::int = any(${w.window_days}::int[])))`;
}

/** The same check for given zones and instant: what tests and the list page ask. */
export async function isInsideWindow(db: Kysely<DB>, zones: string[], w: Window, at: Date): Promise<boolean> {
  const { rows } = await sql<{ inside: boolean }>`
    select ${insideWindow(sql`${zones}::text[]`, w, sql`${at}::timestamptz`)} as inside`.execute(db);
  return rows[0].inside;
}

export interface PickOptions {
  count: number;
  agentId?: string;
  skills?: string[];
}

export interface PointFact {
  channel: string;
  label: string;
  normalized: string;
  value: string;
  status: string;
}

export interface ContactFacts {
  id: string;
  first_name: string | null;
  last_name: string | null;
  company: string | null;
  language: string | null;
  blocked: boolean;
  /** In position order. */
  points: PointFact[];
}

export type PickedEntry = ListEntryRow & { contact: ContactFacts | null };

/**
 * Up to `count` entries callable now, in hand-out order (top priority, priority, next try), locked
 * for this transaction; rows another dialer holds are skipped. "Now" is the contact's local time in
 * every zone the entry has: inside the window's hours and on one of its days. Each comes with what
 * choosing its address needs (the contact, blocked or not, and its points): one round trip.
 */
export async function pickCallable(db: Kysely<DB>, c: CampaignRow, o: PickOptions): Promise<PickedEntry[]> {
  const { rows } = await sql<PickedEntry>`
    with picked as (
      select e.* from list_entries e
      where e.workspace_id = ${c.workspace_id} and e.campaign_id = ${c.id} and e.state = 'callable'
        and e.next_try_at <= now() and e.attempts < ${c.max_attempts}
        and exists (select 1 from contact_lists l
                    where l.workspace_id = e.workspace_id and l.id = e.list_id and l.state = 'started')
        and ${o.agentId ? sql`(e.preferred_agent_id is null or e.preferred_agent_id = ${o.agentId})` : sql`true`}
        and ${o.skills ? sql`(e.skill is null or e.skill = any(${o.skills}::text[]))` : sql`true`}
        and ${insideWindow(sql`e.time_zones`, c, sql`now()`)}
      order by e.top_priority desc, e.priority desc, e.next_try_at, e.id
      limit ${o.count}
      for update of e skip locked
    )
    select p.*,
      case when c.id is null then null else json_build_object(
        'id', c.id, 'first_name', c.first_name, 'last_name', c.last_name, 'company', c.company,
        'language', c.language, 'blocked', c.blocked,
        'points', coalesce((
          select json_agg(json_build_object('channel', pt.channel, 'label', pt.label,
                          'normalized', pt.normalized, 'value', pt.value, 'status', pt.status) order by pt.position)
          from contact_points pt where pt.workspace_id = c.workspace_id and pt.contact_id = c.id), '[]'::json))
      end as contact
    from picked p
    left join contacts c on c.workspace_id = p.workspace_id and c.id = p.contact_id
    order by p.top_priority desc, p.priority desc, p.next_try_at, p.id`.execute(db);
  return rows;
}

export interface LeaseWrite {
  id: string;
  channel: string;
  address: string;
}

export async function markLeased(
  db: Kysely<DB>,
  workspaceId: string,
  leases: LeaseWrite[],
  lease: { id: string; by: string; seconds: number },
) {
  if (leases.length === 0) return [];
  const { rows } = await sql<{ id: string; lease_expires_at: Date }>`
    update list_entries e
    set state = 'planning', lease_id = ${lease.id}, leased_by = ${lease.by},
        lease_expires_at = now() + make_interval(secs => ${lease.seconds}),
        leased_channel = l.channel, leased_address = l.address, updated_at = now()
    from unnest(${leases.map((l) => l.id)}::uuid[], ${leases.map((l) => l.channel)}::text[],
                ${leases.map((l) => l.address)}::text[]) as l(id, channel, address)
    where e.workspace_id = ${workspaceId} and e.id = l.id
    returning e.id, e.lease_expires_at`.execute(db);
  return rows;
}

export async function markFlagged(
  db: Kysely<DB>,
  workspaceId: string,
  flags: { id: string; reason: string }[],
) {
  if (flags.length === 0) return;
  await sql`
    update list_entries e set state = 'flagged', flag_reason = f.reason, updated_at = now()
    from unnest(${flags.map((f) => f.id)}::uuid[], ${flags.map((f) => f.reason)}::text[]) as f(id, reason)
    where e.workspace_id = ${workspaceId} and e.id = f.id`.execute(db);
}
