// The contact web service source: a campaign whose entries come from an external service. A load
// asks the service for the contacts to call (web-service-fetch.ts), reads each item
// (web-service-items.ts) and adds the new ones to the campaign's "Web service" list as entries
// without a contact: the address is pinned, and the item is the entry's payload.
//
// Entries are shown until handed out and done. The entries that are done (closed, attempted) or
// flagged are dropped at the next load, in its transaction. Doing it there rather than in the
// dialer's outcome keeps the outcome's answer (the entry after the attempt) and the entry visible
// to admins until then, and an item the service still answers when its entry was just dropped is
// skipped at that load (the service had no time to hear about it), not called again at once.
import type { Insertable, Kysely } from 'kysely';
import type { CampaignRow, DB, ListEntriesTable } from '../../db/types.js';
import { newId } from '../../lib/ids.js';
import { AppError } from '../../server/errors.js';
import type { Actor } from '../auth/actor.js';
import { loadCampaign } from '../campaigns/service.js';
import { sameKind } from '../contacts/enums.js';
import { workspaceSettings } from '../workspaces/service.js';
import * as lists from './repo.js';
import { assertManager } from '../auth/actor.js';
import { fetchWebService } from './web-service-fetch.js';
import { addressKey, idKey, readItems, type Rejected } from './web-service-items.js';
import * as repo from './web-service-repo.js';

/** Items taken from one answer; the rest are rejected, to be loaded by a later load. */
export const MAX_ITEMS_PER_LOAD = 10_000;
/** Rejected items listed in the answer (all are counted). */
const MAX_REJECTED_LISTED = 100;
/** Entries inserted per statement. */
const INSERT_BATCH = 1000;
const LIST_NAME = 'Web service';

function assertWebService(c: CampaignRow) {
  if (c.loading !== 'web_service')
    throw new AppError(
      'conflict',
      'The campaign loads its entries from contact lists, not from a web service: set loading to "web_service" and its webService first',
    );
  if (!c.web_service) throw new AppError('conflict', 'The campaign has no web service URL');
}

async function webServiceList(trx: Kysely<DB>, actor: Actor, c: CampaignRow) {
  const found = await repo.webServiceList(trx, actor.workspaceId, c.id);
  if (found) return found;
  const taken = await repo.listNames(trx, actor.workspaceId, c.id);
  let name = LIST_NAME;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${LIST_NAME} ${n}`;
  return lists.insert(trx, {
    workspace_id: actor.workspaceId,
    id: newId(),
    campaign_id: c.id,
    name,
    state: 'started',
    source: 'web_service',
    created_by: actor.userId,
  });
}

export interface LoadResult {
  listId: string;
  fetched: number;
  added: number;
  skipped: number;
  dropped: number;
  rejectedCount: number;
  rejected: Rejected[];
}

/** Asks the campaign's web service for contacts and adds the new ones to its list. */
export async function loadFromWebService(
  db: Kysely<DB>,
  actor: Actor,
  campaignId: string,
): Promise<LoadResult> {
  assertManager(actor, 'load contacts from a web service');
  const c = await loadCampaign(db, actor, campaignId);
  assertWebService(c);
  const raw = await fetchWebService(c.web_service!, c.web_service_secret);
  const { defaultCountry } = await workspaceSettings(db, actor.workspaceId);
  const { items, rejected } = readItems(raw.slice(0, MAX_ITEMS_PER_LOAD), {
    defaultCountry,
    usable: (channel) => c.address_rules.some((r) => sameKind(r.channel, channel)),
    channels: c.channels,
  });
  const over = Math.max(0, raw.length - MAX_ITEMS_PER_LOAD);
  for (let i = 0; i < over && rejected.length < MAX_REJECTED_LISTED; i++)
    rejected.push({
      index: MAX_ITEMS_PER_LOAD + i,
      reason: `beyond the first ${MAX_ITEMS_PER_LOAD} items of one answer: a later load takes it`,
    });
  const rejectedCount = raw.length - items.length;

  // One load at a time per campaign: the campaign row stays locked until the entries are in.
  return db.transaction().execute(async (trx) => {
    const current = await loadCampaign(trx, actor, campaignId, true);
    assertWebService(current);
    const list = await webServiceList(trx, actor, current);
    const dropped = await repo.dropDone(trx, actor.workspaceId, list.id);
    const known = new Set<string>();
    for (const e of [...dropped, ...(await repo.entryKeys(trx, actor.workspaceId, list.id))]) {
      if (e.external_id !== null) known.add(idKey(e.external_id));
      if (e.address_channel && e.address) known.add(addressKey(e.address_channel, e.address));
    }
    const rows: Insertable<ListEntriesTable>[] = [];
    let skipped = 0;
    for (const it of items) {
      if (known.has(it.key)) {
        skipped++;
        continue;
      }
      known.add(it.key);
      known.add(addressKey(it.channel, it.address));
      rows.push({
        workspace_id: actor.workspaceId,
        id: newId(),
        list_id: list.id,
        campaign_id: current.id,
        contact_id: null,
        state: 'callable',
        priority: it.priority,
        top_priority: it.topPriority,
        time_zones: it.timeZones,
        address_channel: it.channel,
        address: it.address,
        payload: JSON.stringify(it.payload),
      });
    }
    let added = 0;
    for (let i = 0; i < rows.length; i += INSERT_BATCH)
      added += (await lists.insertEntries(trx, rows.slice(i, i + INSERT_BATCH))).length;
    await lists.update(trx, actor.workspaceId, list.id, { last_run_at: new Date() });
    return {
      listId: list.id,
      fetched: raw.length,
      added,
      skipped,
      dropped: dropped.length,
      rejectedCount,
      rejected: rejected.slice(0, MAX_REJECTED_LISTED),
    };
  });
}
