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

// Whole-hour zones around the world: one of them is always well inside a 08:00–21:00 window, so
// the dialer has something to hand out whatever time the test runs.
const ZONES = [
  'Pacific/Honolulu',
  'America/Anchorage',
  'America/Los_Angeles',
  'America/Denver',
  'America/Chicago',
  'America/New_York',
  'America/Sao_Paulo',
  'Atlantic/South_Georgia',
  'Atlantic/Cape_Verde',
  'Europe/London',
  'Europe/Paris',
  'Europe/Athens',
  'Europe/Moscow',
  'Asia/Dubai',
  'Asia/Karachi',
  'Asia/Dhaka',
  'Asia/Bangkok',
  'Asia/Shanghai',
  'Asia/Tokyo',
  'Australia/Brisbane',
  'Pacific/Noumea',
  'Pacific/Auckland',
];
const localHour = (zone: string) =>
  Number(new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: 'numeric', hourCycle: 'h23' }).format());
/** The zone whose local time is nearest 14:00 now. */
const AFTERNOON = ZONES.reduce((best, z) =>
  Math.abs(localHour(z) - 14) < Math.abs(localHour(best) - 14) ? z : best,
);

const NORA = {
  firstName: 'Nora',
  lastName: 'Quinn',
  timeZone: AFTERNOON,
  points: [{ channel: 'phone', label: 'mobile', value: '+1 212 555 0101' }],
};
const BIRCHWOOD = [
  { firstName: 'Theo', lastName: 'Birch', company: 'Birchwood Logistics' },
  { firstName: 'Bea', lastName: 'Birch', company: 'Birchwood Logistics' },
];

const entryRows = (page: Page) => page.getByTestId('entry-row');
const entry = (page: Page, name: string) => entryRows(page).filter({ hasText: name });
const summary = (page: Page) => page.getByTestId('list-summary');

describe('outbound campaigns and lists', () => {
  let h: Harness;
  let owner: { context: BrowserContext; page: Page };
  let noraId = '';
  let campaignUrl = '';
  let listUrl = '';

  beforeAll(async () => {
    h = await startHarness();
    owner = await h.newPage();
    await setUpWorkspace(owner.page);
    [noraId] = await createContacts(owner.page, [NORA, ...BIRCHWOOD]);
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== 'fail') return;
    await shot(owner.page, `FAILED-${ctx.task.name.replace(/\W+/g, '-')}`, { fullPage: true });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('creates a campaign with the form, showing the server’s message on a bad window', async () => {
    const { page } = owner;
    await page.goto('/contacts');
    await page.getByRole('navigation').getByRole('link', { name: 'Campaigns' }).click();
    await page.getByText('No campaigns yet').waitFor();
    await page.getByRole('button', { name: 'New campaign' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'New campaign' });
    await field(dialog, 'Name').fill('Spring renewals');
    await dialog.getByTestId('campaign-channels').getByText('SMS', { exact: true }).click();
    // Voice (the default) and SMS: each gets its default address rules.
    await expect.poll(() => dialog.getByTestId('address-rule').count()).toBe(3);
    await field(dialog, 'Window start').fill('08:00');
    await field(dialog, 'Window end').fill('07:00');
    for (const day of ['Sat', 'Sun'])
      await dialog.getByTestId('window-days').getByText(day, { exact: true }).click();

    await dialog.getByRole('button', { name: 'Create campaign' }).click();
    await dialog.getByText('start must be before end').waitFor();
    expect(await field(dialog, 'Window end').getAttribute('aria-invalid')).toBe('true');
    await shot(page, '110-campaign-window-error');

    await field(dialog, 'Window end').fill('21:00');
    await dialog.getByText('start must be before end').waitFor({ state: 'detached' });
    await shot(page, '111-campaign-new');
    await dialog.getByRole('button', { name: 'Create campaign' }).click();
    await notified(page, '“Spring renewals” was created');
    await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}$/);
    campaignUrl = new URL(page.url()).pathname;
    await page.getByTestId('campaign-name').filter({ hasText: 'Spring renewals' }).waitFor();
    expect(await page.getByTestId('campaign-summary').textContent()).toContain('08:00–21:00 every day');

    await page.getByRole('navigation').getByRole('link', { name: 'Campaigns' }).click();
    const row = page.getByTestId('campaign-row').filter({ hasText: 'Spring renewals' });
    await row.waitFor();
    expect(await row.getByTestId('campaign-window').textContent()).toBe('08:00–21:00 every day');
    const text = await row.textContent();
    expect(text).toContain('Voice');
    expect(text).toContain('SMS');
    expect(text).toContain('Active');
    expect(text).toContain('Contact lists');
    await shot(page, '112-campaigns');
  });

  it('changes settings, pauses and resumes the campaign', async () => {
    const { page } = owner;
    await page.goto(campaignUrl);
    await page.getByRole('tab', { name: 'Settings' }).click();
    await page.waitForURL(`**${campaignUrl}/settings`);
    const form = page.getByTestId('campaign-form');
    await field(form, 'Name').waitFor();
    expect(await field(form, 'Window start').inputValue()).toBe('08:00');

    // The web service fields appear with that way of loading; the server checks the URL.
    await form.locator('label', { hasText: /^Web service$/ }).click();
    await field(form, 'URL').fill('ftp://crm.example.com/contacts');
    await form.getByRole('button', { name: 'Save settings' }).click();
    await form.getByText('must be an http or https URL').first().waitFor();
    await form.locator('label', { hasText: /^Contact lists$/ }).click();
    await field(form, 'URL').waitFor({ state: 'detached' });

    // Move SMS's mobile-number rule before its SMS-point rule, and try 5 times.
    expect(await form.getByLabel('Rule 3: label').inputValue()).toBe('Mobile');
    await form.getByRole('button', { name: 'Move rule 3 up' }).click();
    await field(form, 'Max attempts').fill('5');
    await form.getByTestId('address-rules').scrollIntoViewIfNeeded();
    await shot(page, '113-campaign-settings');
    await form.getByRole('button', { name: 'Save settings' }).click();
    await notified(page, '“Spring renewals” was saved');
    const saved = await (await page.request.get(`/api/v1${campaignUrl}`)).json();
    expect(saved.maxAttempts).toBe(5);
    expect(saved.loading).toBe('lists');
    expect(saved.addressRules).toEqual([
      { use: 'voice', channel: 'phone' },
      { use: 'sms', channel: 'phone', label: 'mobile' },
      { use: 'sms', channel: 'sms' },
    ]);
    await page.getByTestId('campaign-summary').filter({ hasText: '5 attempts' }).waitFor();

    await page.getByRole('button', { name: 'Pause' }).click();
    await notified(page, 'paused');
    await page.locator('[data-testid="campaign-status"][data-status="paused"]').waitFor();
    await page.getByRole('tab', { name: 'Lists' }).click();
    await page.getByTestId('campaign-not-active').waitFor();
    await page.getByRole('button', { name: 'Resume' }).click();
    await notified(page, 'resumed');
    await page.locator('[data-testid="campaign-status"][data-status="active"]').waitFor();
    await page.getByTestId('campaign-not-active').waitFor({ state: 'detached' });
  });

  it('shows a web service’s secret as set, never its value, and changes it', async () => {
    const { page } = owner;
    const made = await page.request.post('/api/v1/campaigns', {
      data: {
        name: 'Web leads',
        channels: ['voice'],
        loading: 'web_service',
        webService: {
          url: 'https://crm.example.com/leads',
          headerName: 'Authorization',
          secret: 'Bearer one',
        },
      },
    });
    expect(made.status()).toBe(201);
    const { id } = await made.json();
    await page.goto(`/campaigns/${id}/settings`);
    const form = page.getByTestId('campaign-form');
    expect(await field(form, 'URL').inputValue()).toBe('https://crm.example.com/leads');
    expect(await field(form, 'Header name').inputValue()).toBe('Authorization');
    await form.getByTestId('secret-state').getByText('Set', { exact: true }).waitFor();
    expect(await page.content()).not.toContain('Bearer one');
    await field(form, 'URL').scrollIntoViewIfNeeded();
    await shot(page, '120-web-service-secret-set');

    await form.getByTestId('secret-state').getByRole('button', { name: 'Change' }).click();
    await field(form, 'Secret').fill('Bearer two');
    await shot(page, '121-web-service-secret-change');
    await form.getByRole('button', { name: 'Save settings' }).click();
    await notified(page, '“Web leads” was saved');
    await form.getByTestId('secret-state').getByText('Set', { exact: true }).waitFor();
    const saved = await (await page.request.get(`/api/v1/campaigns/${id}`)).json();
    expect(saved.webService).toEqual({
      url: 'https://crm.example.com/leads',
      headerName: 'Authorization',
      timeoutMs: 5000,
      secretSet: true,
    });
  });

  it('creates and starts a list, and adds a contact and a new phone number by hand', async () => {
    const { page } = owner;
    await page.goto(campaignUrl);
    await page.getByText('No contact lists yet').waitFor();
    await page.getByRole('button', { name: 'New list' }).first().click();
    const create = page.getByRole('dialog', { name: /New list/ });
    await field(create, 'Name').fill('May renewals');
    await create.getByRole('button', { name: 'Create list' }).click();
    await notified(page, '“May renewals” was created');
    const card = page.getByTestId('list-card').filter({ hasText: 'May renewals' });
    await card.locator('[data-testid="list-state"][data-state="stopped"]').waitFor();
    await card.getByRole('button', { name: 'Start' }).click();
    await notified(page, '“May renewals” started');
    await card.locator('[data-testid="list-state"][data-state="started"]').waitFor();
    expect(await card.getByTestId('list-counters').textContent()).toBe('Total 0');

    await card.getByRole('link', { name: 'May renewals' }).click();
    await page.waitForURL(/\/lists\/[0-9a-f-]{36}$/);
    listUrl = new URL(page.url()).pathname;
    await page.getByText('No entries yet').waitFor();

    // An existing contact, found by searching.
    await page.getByRole('button', { name: 'Add contacts' }).click();
    await page.getByRole('menuitem', { name: /By hand/ }).click();
    let dialog = page.getByRole('dialog', { name: /Add a contact to/ });
    await field(dialog, 'Contact').fill('Nora');
    await page.getByRole('option', { name: /Nora Quinn/ }).click();
    await dialog.getByRole('button', { name: 'Add to list' }).click();
    await notified(page, 'Nora Quinn was added to “May renewals”');

    // A phone number no contact has: it becomes a contact; top priority, in a zone chosen here.
    await page.getByRole('button', { name: 'Add contacts' }).click();
    await page.getByRole('menuitem', { name: /By hand/ }).click();
    dialog = page.getByRole('dialog', { name: /Add a contact to/ });
    await dialog.getByText('A phone number or address').click();
    await field(dialog, 'Address').fill('+1 646 555 0199');
    await field(dialog, 'Name').fill('Ada Lovelace');
    await dialog.getByRole('switch', { name: 'Top priority' }).check();
    await field(dialog, 'Time zone').fill(AFTERNOON);
    await page.getByRole('option', { name: AFTERNOON, exact: true }).click();
    await pick(page, 'Preferred agent', 'Olivia Owner', dialog);
    await shot(page, '114-manual-insert');
    await dialog.getByRole('button', { name: 'Add to list' }).click();
    await notified(page, 'A new contact was made for +1 646 555 0199');

    await summary(page)
      .filter({ hasText: /^Total 2 · Callable 2$/ })
      .waitFor();
    await page.locator('[data-testid="stat-callable"][data-value="2"]').waitFor();
    await expect.poll(() => entryRows(page).count()).toBe(2);
    const ada = entry(page, 'Ada Lovelace');
    await ada.getByTestId('entry-top').waitFor();
    expect(await ada.getByTestId('entry-address').textContent()).toBe('Phone: +1 646 555 0199');
    expect(await ada.getByTestId('entry-zones').textContent()).toBe(AFTERNOON);
    expect(await ada.textContent()).toContain('Agent: Olivia Owner');
    const nora = entry(page, 'Nora Quinn');
    expect(await nora.getByRole('link', { name: 'Nora Quinn' }).getAttribute('href')).toBe(
      `/contacts/${noraId}`,
    );
    expect(await nora.getByTestId('entry-next-try').textContent()).toBe('now');
    await shot(page, '115-list-page');

    // The campaign's page counts the list's entries too.
    await page.getByRole('link', { name: 'Spring renewals' }).click();
    await page.waitForURL(`**${campaignUrl}`);
    await card
      .getByTestId('list-counters')
      .filter({ hasText: /^Total 2 · Callable 2$/ })
      .waitFor();
    await shot(page, '117-campaign-lists');
  });

  it('closes, requeues and reprioritises an entry, and filters the entries by state', async () => {
    const { page } = owner;
    await page.goto(listUrl);
    const nora = entry(page, 'Nora Quinn');
    await nora.getByRole('button', { name: 'Actions for Nora Quinn' }).click();
    await page.getByRole('menuitem', { name: 'Close' }).click();
    await notified(page, 'Nora Quinn will not be called');
    await nora.locator('[data-testid="entry-state"][data-state="closed"]').waitFor();
    await summary(page)
      .filter({ hasText: /^Total 2 · Callable 1 · Closed 1$/ })
      .waitFor();

    await page.getByTestId('state-filter').getByText('Closed', { exact: true }).click();
    await expect.poll(() => entryRows(page).count()).toBe(1);
    await nora.waitFor();
    await page.getByTestId('state-filter').getByText('Flagged', { exact: true }).click();
    await page.getByText('No flagged entries').waitFor();
    await page.getByTestId('state-filter').getByText('Callable', { exact: true }).click();
    await entry(page, 'Ada Lovelace').waitFor();
    await expect.poll(() => entryRows(page).count()).toBe(1);

    await page.getByTestId('state-filter').getByText('All', { exact: true }).click();
    await nora.getByRole('button', { name: 'Actions for Nora Quinn' }).click();
    await page.getByRole('menuitem', { name: 'Requeue' }).click();
    await notified(page, 'Nora Quinn is back in the queue');

    await nora.getByRole('button', { name: 'Actions for Nora Quinn' }).click();
    await page.getByRole('menuitem', { name: 'Change priority…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Priority of Nora Quinn' });
    await field(dialog, 'Priority').fill('5');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await notified(page, 'Nora Quinn: priority 5');
    await nora.getByTestId('entry-priority').filter({ hasText: /^5$/ }).waitFor();
    await summary(page)
      .filter({ hasText: /^Total 2 · Callable 2$/ })
      .waitFor();
  });

  it('adds the contacts of a segment, then counts those already on the list', async () => {
    const { page } = owner;
    const made = await page.request.post('/api/v1/segments', {
      data: { name: 'Birchwood people', filter: { field: 'company', op: 'contains', value: 'Birchwood' } },
    });
    expect(made.status()).toBe(201);
    await page.goto(listUrl);
    await summary(page).waitFor();
    for (const expected of [/^2 contacts added/, /^0 contacts added/]) {
      await page.getByRole('button', { name: 'Add contacts' }).click();
      await page.getByRole('menuitem', { name: /From a filter or segment/ }).click();
      const dialog = page.getByRole('dialog', { name: /Add contacts to/ });
      if (expected.source.startsWith('^2')) {
        // The filter builder is there too.
        await dialog.getByText('A filter', { exact: true }).click();
        await dialog.getByText('Add a condition to choose the contacts to add.').waitFor();
        await shot(page, '118-from-filter');
        await dialog.getByText('A segment', { exact: true }).click();
      }
      await pick(page, 'Segment', 'Birchwood people', dialog);
      if (expected.source.startsWith('^2')) await shot(page, '116-from-segment');
      await dialog.getByRole('button', { name: 'Add contacts' }).click();
      const result = dialog.getByTestId('selection-result');
      await result.waitFor();
      expect(await result.textContent()).toMatch(expected);
      if (expected.source.startsWith('^0'))
        expect(await result.textContent()).toContain('2 were on the list already');
      await dialog.getByRole('button', { name: 'Done' }).click();
      await dialog.waitFor({ state: 'detached' });
    }
    await summary(page)
      .filter({ hasText: /^Total 4 · Callable 4$/ })
      .waitFor();
    await expect.poll(() => entryRows(page).count()).toBe(4);
  });

  it('stops the list; once started again a dialer leases an entry and reports no answer', async () => {
    const { page } = owner;
    const campaignId = campaignUrl.split('/').pop();
    const lease = async () => {
      const res = await page.request.post(`/api/v1/campaigns/${campaignId}/lease`, { data: { count: 1 } });
      expect(res.status()).toBe(200);
      return (await res.json()).items;
    };
    await page.goto(listUrl);
    await page.getByRole('button', { name: 'Stop' }).click();
    await notified(page, '“May renewals” stopped');
    await page.locator('[data-testid="list-state"][data-state="stopped"]').waitFor();
    expect(await lease()).toEqual([]);

    await page.getByRole('button', { name: 'Start' }).click();
    await notified(page, '“May renewals” started');
    const [leased] = await lease();
    // Top priority first.
    expect(leased.contact.displayName).toBe('Ada Lovelace');
    expect(leased.address).toBe('+16465550199');
    await page.reload();
    const ada = entry(page, 'Ada Lovelace');
    await ada.locator('[data-testid="entry-state"][data-state="planning"]').waitFor();
    await summary(page)
      .filter({ hasText: /^Total 4 · Callable 3 · Planning 1$/ })
      .waitFor();
    expect(await ada.getByTestId('entry-next-try').textContent()).toMatch(/^Leased, for \d+ minutes$/);

    const outcome = await page.request.post(`/api/v1/list-entries/${leased.entryId}/outcome`, {
      data: {
        leaseId: leased.leaseId,
        channel: leased.channel,
        address: leased.address,
        result: 'no_answer',
      },
    });
    expect(outcome.status()).toBe(200);
    await page.reload();
    await ada.locator('[data-testid="entry-state"][data-state="callable"]').waitFor();
    await summary(page)
      .filter({ hasText: /^Total 4 · Callable 4$/ })
      .waitFor();
    expect(await ada.getByTestId('entry-attempts').textContent()).toBe('1');
    expect(await ada.getByTestId('entry-result').textContent()).toBe('No answer');
    // The campaign's delay after no answer: an hour.
    expect(await ada.getByTestId('entry-next-try').textContent()).toBe('in 1 hour');
    await shot(page, '119-list-after-attempt');
  });
});
