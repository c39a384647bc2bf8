// The vocabulary of outbound: the channels a campaign works on, the outcomes a dialer reports, and
// the defaults a campaign starts with. Free of imports beyond the contact enums, so the web app can
// load it at run time.
import { CHANNELS, POINT_LABELS } from '../contacts/enums.js';

/** How a campaign reaches people: voice calls, or messages on a channel. */
export const CAMPAIGN_CHANNELS = [
  'voice',
  'sms',
  'email',
  'whatsapp',
  'telegram',
  'facebook',
  'wechat',
] as const;
export type CampaignChannel = (typeof CAMPAIGN_CHANNELS)[number];

/** Which contact points a campaign channel uses, in order, and with which label (any when absent). */
export interface AddressRule {
  use: CampaignChannel;
  channel: (typeof CHANNELS)[number];
  label?: (typeof POINT_LABELS)[number] | null;
}

/** A campaign channel's rules unless the campaign says otherwise: a mobile number texts and chats too. */
export const DEFAULT_RULES: Record<CampaignChannel, Omit<AddressRule, 'use'>[]> = {
  voice: [{ channel: 'phone' }],
  sms: [{ channel: 'sms' }, { channel: 'phone', label: 'mobile' }],
  email: [{ channel: 'email' }],
  whatsapp: [{ channel: 'whatsapp' }, { channel: 'phone', label: 'mobile' }],
  telegram: [{ channel: 'telegram' }],
  facebook: [{ channel: 'facebook' }],
  wechat: [{ channel: 'wechat' }],
};

export const defaultRules = (channels: readonly CampaignChannel[]): AddressRule[] =>
  channels.flatMap((use) => DEFAULT_RULES[use].map((r) => ({ use, ...r })));

/**
 * What a dialer or sender reports after an attempt:
 * - success: reached on that channel; the entry closes (or goes on to the channels not reached yet
 *   when the campaign closes only once every channel was reached);
 * - waiting_customer: reached, now waiting for the customer (a message sent, a callback promised
 *   by them): the entry is open until a later outcome;
 * - no_answer, busy, failed: an attempt that did not reach; tried again after the campaign's delay
 *   for that result, until attempts run out;
 * - callback: try again at `nextTryAt` (or after the callback delay);
 * - invalid_address: that address does not work; the entry goes on with its next address, flagged
 *   when none is left;
 * - customer_closed: the customer ended it (refused, asked not to be called on this campaign).
 */
export const RESULTS = [
  'success',
  'waiting_customer',
  'no_answer',
  'busy',
  'failed',
  'callback',
  'invalid_address',
  'customer_closed',
] as const;
export type Result = (typeof RESULTS)[number];

/** Results tried again after a delay; the campaign may set each delay in minutes. */
export const RETRY_RESULTS = ['no_answer', 'busy', 'failed', 'callback'] as const satisfies readonly Result[];
export type RetryResult = (typeof RETRY_RESULTS)[number];

export const DEFAULT_RETRY_MINUTES: Record<RetryResult, number> = {
  no_answer: 60,
  busy: 15,
  failed: 30,
  callback: 60,
};

export const DEFAULT_WINDOW = { start: '09:00', end: '20:00', days: [1, 2, 3, 4, 5] };
