import { describe, expect, it } from 'vitest';
import { applyResult, type CampaignRules, type EntryBefore } from './transitions.js';

const now = new Date('2026-12-07T15:00:00Z');
const fresh: EntryBefore = { attempts: 0, progress: {}, invalid: [] };
const rules: CampaignRules = {
  channels: ['voice'],
  maxAttempts: 3,
  retryMinutes: { no_answer: 120 },
  closeWhenAllReached: false,
};
const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000);

describe('attempt results', () => {
  it('closes on success, and keeps going for the channels not reached when every one must be', () => {
    expect(
      applyResult(fresh, rules, { result: 'success', channel: 'voice', address: '+1', now }),
    ).toMatchObject({
      state: 'closed',
      attempts: 1,
      progress: { voice: 'reached' },
    });
    const both = { ...rules, channels: ['voice', 'email'], closeWhenAllReached: true };
    const first = applyResult(fresh, both, { result: 'success', channel: 'voice', address: '+1', now });
    expect(first).toMatchObject({ state: 'callable', progress: { voice: 'reached' }, nextTryAt: now });
    const second = applyResult(first, both, { result: 'success', channel: 'email', address: 'a@b.c', now });
    expect(second).toMatchObject({
      state: 'closed',
      attempts: 2,
      progress: { voice: 'reached', email: 'reached' },
    });
  });

  it('waits for the customer, and closes when the customer closes', () => {
    expect(
      applyResult(fresh, rules, { result: 'waiting_customer', channel: 'voice', address: '+1', now }).state,
    ).toBe('open');
    expect(
      applyResult(fresh, rules, { result: 'customer_closed', channel: 'voice', address: '+1', now }).state,
    ).toBe('closed');
  });

  it('retries after the campaign’s delay for the result, or the default', () => {
    expect(
      applyResult(fresh, rules, { result: 'no_answer', channel: 'voice', address: '+1', now }),
    ).toMatchObject({
      state: 'callable',
      attempts: 1,
      nextTryAt: at(120),
    });
    expect(
      applyResult(fresh, rules, { result: 'busy', channel: 'voice', address: '+1', now }).nextTryAt,
    ).toEqual(at(15));
    const callback = at(60 * 24);
    expect(
      applyResult(fresh, rules, {
        result: 'callback',
        channel: 'voice',
        address: '+1',
        now,
        nextTryAt: callback,
      }).nextTryAt,
    ).toEqual(callback);
  });

  it('ends attempted when attempts run out', () => {
    const third = { ...fresh, attempts: 2 };
    expect(
      applyResult(third, rules, { result: 'failed', channel: 'voice', address: '+1', now }),
    ).toMatchObject({
      state: 'attempted',
      attempts: 3,
    });
  });

  it('marks an invalid address without spending an attempt', () => {
    const after = applyResult(fresh, rules, {
      result: 'invalid_address',
      channel: 'voice',
      address: '+1',
      now,
    });
    expect(after).toMatchObject({ state: 'callable', attempts: 0, invalid: ['+1'], nextTryAt: now });
    expect(
      applyResult(after, rules, { result: 'invalid_address', channel: 'voice', address: '+1', now }).invalid,
    ).toEqual(['+1']);
  });
});
