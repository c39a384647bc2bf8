import type { Kysely } from 'kysely';
import type { CampaignRow, DB } from '../../db/types.js';
import { newId } from '../../lib/ids.js';
import { AppError, assertNoFieldErrors, fieldError, notFound, type FieldError } from '../../server/errors.js';
import { assertManager, type Actor } from '../auth/actor.js';
import * as repo from './repo.js';
import { DEFAULT_RETRY_MINUTES, defaultRules, type AddressRule, type CampaignChannel } from './rules.js';
import type { Campaign, CampaignCreate, CampaignPatch } from './schema.js';

const hhmm = (t: string) => t.slice(0, 5);

export function present(r: CampaignRow): Campaign {
  return {
    id: r.id,
    name: r.name,
    channels: r.channels as CampaignChannel[],
    status: r.status,
    loading: r.loading,
    maxAttempts: r.max_attempts,
    retryMinutes: { ...DEFAULT_RETRY_MINUTES, ...r.retry_minutes },
    window: { start: hhmm(r.window_start), end: hhmm(r.window_end), days: r.window_days },
    addressRules: r.address_rules,
    closeWhenAllReached: r.close_when_all_reached,
    leaseSeconds: r.lease_seconds,
    webService: r.web_service
      ? { ...r.web_service, headerName: r.web_service.headerName ?? null, secretSet: !!r.web_service_secret }
      : null,
    version: r.version,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

/** Every rule serves one of the campaign's channels, and every channel has a rule. */
function checkRules(channels: readonly CampaignChannel[], rules: readonly AddressRule[]) {
  const errors: FieldError[] = [];
  rules.forEach((r, i) => {
    if (!channels.includes(r.use))
      errors.push({
        path: `addressRules.${i}.use`,
        message: `"${r.use}" is not one of the campaign's channels`,
      });
  });
  for (const c of channels)
    if (!rules.some((r) => r.use === c))
      errors.push({
        path: 'addressRules',
        message: `channel "${c}" has no rule: say which contact points it uses`,
      });
  assertNoFieldErrors(errors);
}

function checkLoading(loading: string, webService: CampaignRow['web_service']) {
  if (loading === 'web_service' && !webService)
    throw fieldError('webService', 'a campaign loading from a web service needs its URL');
}

export async function listCampaigns(db: Kysely<DB>, actor: Actor): Promise<Campaign[]> {
  return (await repo.list(db, actor.workspaceId)).map(present);
}

export async function loadCampaign(db: Kysely<DB>, actor: Actor, id: string, forUpdate = false) {
  const row = await repo.find(db, actor.workspaceId, id, forUpdate);
  if (!row) throw notFound('Campaign');
  return row;
}

export async function getCampaign(db: Kysely<DB>, actor: Actor, id: string) {
  return present(await loadCampaign(db, actor, id));
}

const nameTaken = () => fieldError('name', 'another campaign has this name');

export async function createCampaign(db: Kysely<DB>, actor: Actor, input: CampaignCreate) {
  assertManager(actor, 'create campaigns');
  const rules = input.addressRules ?? defaultRules(input.channels);
  checkRules(input.channels, rules);
  const webService = input.webService
    ? {
        url: input.webService.url,
        headerName: input.webService.headerName ?? null,
        timeoutMs: input.webService.timeoutMs,
      }
    : null;
  checkLoading(input.loading, webService);
  if ((await repo.count(db, actor.workspaceId)) >= repo.MAX_CAMPAIGNS)
    throw new AppError('conflict', `A workspace has at most ${repo.MAX_CAMPAIGNS} campaigns`);
  try {
    const row = await repo.insert(db, {
      workspace_id: actor.workspaceId,
      id: newId(),
      name: input.name,
      channels: input.channels,
      status: input.status,
      loading: input.loading,
      max_attempts: input.maxAttempts,
      retry_minutes: JSON.stringify(input.retryMinutes),
      window_start: input.window.start,
      window_end: input.window.end,
      window_days: input.window.days,
      address_rules: JSON.stringify(rules),
      close_when_all_reached: input.closeWhenAllReached,
      lease_seconds: input.leaseSeconds,
      web_service: webService ? JSON.stringify(webService) : null,
      web_service_secret: input.webService?.secret ?? null,
      created_by: actor.userId,
    });
    return present(row);
  } catch (err) {
    if (repo.isNameTaken(err)) throw nameTaken();
    throw err;
  }
}

export async function updateCampaign(db: Kysely<DB>, actor: Actor, id: string, patch: CampaignPatch) {
  assertManager(actor, 'change campaigns');
  return db.transaction().execute(async (trx) => {
    const current = await loadCampaign(trx, actor, id, true);
    const channels = patch.channels ?? (current.channels as CampaignChannel[]);
    // New channels without new rules get their default rules; rules of dropped channels go.
    const rules =
      patch.addressRules ??
      (patch.channels
        ? [
            ...current.address_rules.filter((r) => channels.includes(r.use as CampaignChannel)),
            ...defaultRules(channels.filter((c) => !current.address_rules.some((r) => r.use === c))),
          ]
        : (current.address_rules as AddressRule[]));
    checkRules(channels, rules as AddressRule[]);
    const webService =
      patch.webService === undefined
        ? current.web_service
        : patch.webService && {
            url: patch.webService.url,
            headerName: patch.webService.headerName ?? null,
            timeoutMs: patch.webService.timeoutMs,
          };
    checkLoading(patch.loading ?? current.loading, webService);
    const window = patch.window;
    try {
      const row = await repo.update(trx, actor.workspaceId, id, {
        name: patch.name,
        channels: patch.channels,
        status: patch.status,
        loading: patch.loading,
        max_attempts: patch.maxAttempts,
        retry_minutes: patch.retryMinutes && JSON.stringify(patch.retryMinutes),
        window_start: window?.start,
        window_end: window?.end,
        window_days: window?.days,
        address_rules: JSON.stringify(rules),
        close_when_all_reached: patch.closeWhenAllReached,
        lease_seconds: patch.leaseSeconds,
        web_service: webService ? JSON.stringify(webService) : null,
        // A new URL without a new secret keeps the old secret only when the URL's host is the same.
        web_service_secret:
          patch.webService === undefined
            ? undefined
            : patch.webService === null
              ? null
              : (patch.webService.secret ??
                (current.web_service && sameOrigin(current.web_service.url, patch.webService.url)
                  ? current.web_service_secret
                  : null)),
      });
      return present(row);
    } catch (err) {
      if (repo.isNameTaken(err)) throw nameTaken();
      throw err;
    }
  });
}

const sameOrigin = (a: string, b: string) => new URL(a).origin === new URL(b).origin;

export async function deleteCampaign(db: Kysely<DB>, actor: Actor, id: string) {
  assertManager(actor, 'delete campaigns');
  await loadCampaign(db, actor, id);
  await repo.remove(db, actor.workspaceId, id);
}
