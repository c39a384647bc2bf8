import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import {
  createContacts,
  field,
  notified,
  pick,
  setUpWorkspace,
  shot,
  startHarness,
  type Harness,
} from './harness';

const PEOPLE = [
  {
    firstName: 'Nora',
    lastName: 'Quinn',
    company: 'Quinn & Co',
    points: [{ channel: 'phone', label: 'mobile', value: '+1 212 555 0101' }],
  },
  {
    firstName: 'Omar',
    lastName: 'Reyes',
    points: [{ channel: 'email', label: 'work', value: 'omar@example.com' }],
  },
];

const optOutRows = (page: Page) => page.getByTestId('optout-row');

describe('opt-outs and blocking', () => {
  let h: Harness;
  let owner: { context: BrowserContext; page: Page };
  let ids: string[] = [];

  beforeAll(async () => {
    h = await startHarness();
    owner = await h.newPage();
    await setUpWorkspace(owner.page);
    ids = await createContacts(owner.page, PEOPLE);
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== 'fail') return;
    await shot(owner.page, `FAILED-${ctx.task.name.replace(/\W+/g, '-')}`, { fullPage: true });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('opts a contact’s number out, and shows who did it, when and why', async () => {
    const { page } = owner;
    await page.goto('/optouts');
    await page.getByText('No opt-outs yet').waitFor();
    await page.getByRole('button', { name: 'Opt out a value' }).click();
    const dialog = page.getByRole('dialog', { name: 'Opt out a value' });
    await field(dialog, 'Value').fill('(212) 555-0101');
    await field(dialog, 'Reason').fill('Asked not to be called');
    await dialog.getByRole('button', { name: 'Opt out' }).click();
    await notified(page, '1 contact point changed');

    const row = optOutRows(page).filter({ hasText: 'Nora Quinn' });
    await row.waitFor();
    expect(await row.getAttribute('data-value')).toBe('+12125550101');
    expect(await row.textContent()).toContain('Asked not to be called');
    await shot(page, '90-optouts');

    await row.getByRole('button', { name: 'History' }).click();
    const history = page.getByTestId('optout-history');
    await history.getByText('Opted out').waitFor();
    expect(await history.textContent()).toContain('Olivia Owner');
    await page.keyboard.press('Escape');

    // The contact's page shows the point opted out and the contact no longer reachable.
    await page.goto(`/contacts/${ids[0]}`);
    await page.getByTestId('contact-active').filter({ hasText: 'Inactive' }).waitFor();
  });

  it('imports a pasted list: opted out, suppressed, already, and the lines it could not read', async () => {
    const { page } = owner;
    await page.goto('/optouts');
    await page.getByRole('button', { name: 'Import list' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import opt-outs' });
    await pick(page, 'Channel', 'Named on each line', dialog);
    await field(dialog, 'Values').fill(
      [
        'email,omar@example.com,Unsubscribed',
        'email,nobody@example.com,Bounced',
        'phone,+12125550101',
        'fax,12345',
      ].join('\n'),
    );
    await dialog.getByTestId('optout-import-lines').filter({ hasText: '4 lines' }).waitFor();
    await dialog.getByRole('button', { name: 'Opt out 4 values' }).click();
    const result = dialog.getByTestId('optout-import-result');
    await result.waitFor();
    const text = await result.textContent();
    expect(text).toContain('4 lines read');
    expect(text).toContain('1 opted out on contacts');
    expect(text).toContain('1 added to the suppression list');
    expect(text).toContain('1 already opted out');
    expect(text).toContain('Line 4: "fax" is not a channel');
    await shot(page, '91-optouts-import');
    await dialog.getByRole('button', { name: 'Done' }).click();

    await optOutRows(page).filter({ hasText: 'Omar Reyes' }).waitFor();
    const suppressed = optOutRows(page).filter({ hasText: 'nobody@example.com' });
    await suppressed.getByTestId('suppressed').waitFor();

    // Filter by channel.
    await page.getByPlaceholder('All channels').click();
    await page.getByRole('option', { name: 'Phone', exact: true }).click();
    await expect.poll(() => optOutRows(page).count()).toBe(1);
  });

  it('reinstates a value with a reason, and suppression applies to a contact created later', async () => {
    const { page } = owner;
    await page.goto('/optouts');
    const row = optOutRows(page).filter({ hasText: 'Nora Quinn' });
    await row.getByRole('button', { name: 'Reinstate' }).click();
    const dialog = page.getByRole('dialog', { name: 'Reinstate a value' });
    await dialog.getByRole('button', { name: 'Reinstate' }).click();
    await dialog.getByText('Say why the value may be contacted again').waitFor();
    await field(dialog, 'Reason').fill('Consent given on the web form');
    await dialog.getByRole('button', { name: 'Reinstate' }).click();
    await notified(page, 'may be contacted again');
    await row.waitFor({ state: 'detached' });

    const created = await page.request.post('/api/v1/contacts', {
      data: { firstName: 'Late', points: [{ channel: 'email', value: 'nobody@example.com' }] },
    });
    expect((await created.json()).points[0].status).toBe('opted_out');
    await page.reload();
    await optOutRows(page).filter({ hasText: 'Late' }).waitFor();
  });

  it('blocks a contact from its page, lists it as blocked, and unblocks it', async () => {
    const { page } = owner;
    await page.goto(`/contacts/${ids[1]}`);
    await page.getByRole('button', { name: 'Block' }).click();
    const dialog = page.getByRole('dialog', { name: /Block Omar Reyes/ });
    await field(dialog, 'Reason').fill('Abusive on the phone');
    await dialog.getByRole('button', { name: 'Block' }).click();
    await notified(page, 'gets no calls or messages now');
    await page.getByTestId('blocked-banner').filter({ hasText: 'Abusive on the phone' }).waitFor();
    await page.getByTestId('change-log').getByText('blocked the contact').waitFor();
    await shot(page, '92-contact-blocked');

    await page.getByRole('link', { name: 'Blocked' }).click();
    const blockedRow = page.getByTestId('blocked-row').filter({ hasText: 'Omar Reyes' });
    await blockedRow.waitFor();
    expect(await blockedRow.textContent()).toContain('Abusive on the phone');
    expect(await page.getByTestId('page-info').textContent()).toBe('Page 1 · 1–1');
    await shot(page, '93-blocked');
    await blockedRow.getByRole('button', { name: 'Unblock' }).click();
    await notified(page, 'may be contacted again');
    await page.getByText('No blocked contacts').waitFor();
  });
});
