// What an attempt's result does to an entry: the dialing state machine, as a pure function.
//
//   success           the channel is reached: closed, unless the campaign wants every channel
//                     reached and some are not yet (then callable again, for the next channel)
//   waiting_customer  reached, waiting for the customer: open, until a later outcome
//   customer_closed   closed
//   invalid_address   that address is marked invalid; callable again at once for the next one (not
//                     an attempt on the person: attempts stay)
//   no_answer, busy,  an attempt that did not reach: callable again after the campaign's delay for
//   failed, callback  the result (a callback at its own time), or attempted when attempts ran out
import type { EntryState } from '../../db/types.js';
import { DEFAULT_RETRY_MINUTES, type Result, type RetryResult } from '../campaigns/rules.js';

export interface EntryBefore {
  attempts: number;
  progress: Record<string, string>;
  invalid: string[];
}

export interface CampaignRules {
  channels: string[];
  maxAttempts: number;
  retryMinutes: Partial<Record<RetryResult, number>>;
  closeWhenAllReached: boolean;
}

export interface Attempt {
  result: Result;
  channel: string;
  /** The address used, normalised. */
  address: string;
  now: Date;
  /** For a callback: when to call back. */
  nextTryAt?: Date;
}

export interface EntryAfter {
  state: EntryState;
  attempts: number;
  progress: Record<string, string>;
  invalid: string[];
  nextTryAt: Date;
}

const minutesLater = (now: Date, minutes: number) => new Date(now.getTime() + minutes * 60_000);

export function applyResult(entry: EntryBefore, rules: CampaignRules, a: Attempt): EntryAfter {
  const progress = { ...entry.progress };
  const base = { progress, invalid: entry.invalid, nextTryAt: a.now };
  switch (a.result) {
    case 'success': {
      progress[a.channel] = 'reached';
      const done = !rules.closeWhenAllReached || rules.channels.every((c) => progress[c] === 'reached');
      return { ...base, state: done ? 'closed' : 'callable', attempts: entry.attempts + 1 };
    }
    case 'waiting_customer':
      progress[a.channel] = 'reached';
      return { ...base, state: 'open', attempts: entry.attempts + 1 };
    case 'customer_closed':
      return { ...base, state: 'closed', attempts: entry.attempts + 1 };
    case 'invalid_address':
      return {
        ...base,
        state: 'callable',
        attempts: entry.attempts,
        invalid: entry.invalid.includes(a.address) ? entry.invalid : [...entry.invalid, a.address],
      };
    default: {
      const attempts = entry.attempts + 1;
      if (attempts >= rules.maxAttempts) return { ...base, state: 'attempted', attempts };
      const delay = rules.retryMinutes[a.result] ?? DEFAULT_RETRY_MINUTES[a.result];
      const nextTryAt = a.result === 'callback' && a.nextTryAt ? a.nextTryAt : minutesLater(a.now, delay);
      return { ...base, state: 'callable', attempts, nextTryAt };
    }
  }
}
