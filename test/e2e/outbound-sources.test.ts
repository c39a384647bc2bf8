import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { createContacts, field, notified, setUpWorkspace, shot, startHarness, type Harness } from './harness';

// Where a list's entries come from besides by hand: a campaign's web service (a local HTTP server
// here), a filter or segment run again on a schedule, and a file (the import wizard, with the list).

const SECRET = 'Bearer s3cret-token';
const ITEMS = [
  { id: 'L-1', phone: '+1 415 555 0101', name: 'Ada Web', plan: 'gold' },
  { id: 'L-2', phone: '+1 415 555 0102', name: 'Ben Web' },
  { id: 'L-3', phone: '12345', name: 'Cy Bad' },
];
const PEOPLE = [
  { firstName: 'Theo', lastName: 'Birch', company: 'Birchwood Logistics' },
  { firstName: 'Bea', lastName: 'Birch', company: 'Birchwood Logistics' },
];

const entryRows = (page: Page) => page.getByTestId('entry-row');
const summary = (page: Page) => page.getByTestId('list-summary');

/** A contact web service: the items with the right secret, 401 without it, 500 when told to fail. */
function fakeService() {
  const state = { fail: false, calls: 0, authorized: 0 };
  const server = http.createServer((req, res) => {
    state.calls++;
    if (req.headers.authorization !== SECRET) {
      res.writeHead(401, { 'content-type': 'text/plain' }).end('who are you?');
      return;
    }
    state.authorized++;
    if (state.fail) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end('the CRM is down');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(ITEMS));
  });
  return {
    state,
    async start() {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}/leads`;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('outbound list sources: web service, schedule, file', () => {
  let h: Harness;
  let owner: { context: BrowserContext; page: Page };
  const service = fakeService();
  let serviceUrl = '';

  beforeAll(async () => {
    serviceUrl = await service.start();
    h = await startHarness();
    owner = await h.newPage();
    await setUpWorkspace(owner.page);
    await createContacts(owner.page, PEOPLE);
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== 'fail') return;
    await shot(owner.page, `FAILED-${ctx.task.name.replace(/\W+/g, '-')}`, { fullPage: true });
  });
  afterAll(async () => {
    await h?.close();
    await service.close();
  });

  it('loads contacts from the campaign’s web service, lists the rejected, and shows its failure', async () => {
    const { page } = owner;
    const made = await page.request.post('/api/v1/campaigns', {
      data: {
        name: 'Web leads',
        channels: ['voice'],
        loading: 'web_service',
        webService: { url: serviceUrl, headerName: 'Authorization', secret: SECRET },
      },
    });
    expect(made.status()).toBe(201);
    const { id } = await made.json();
    await page.goto(`/campaigns/${id}`);
    await page.getByText('No contact lists yet').waitFor();
    await page.getByTestId('campaign-summary').filter({ hasText: 'contacts from web service' }).waitFor();

    await page.getByRole('button', { name: 'Load contacts' }).first().click();
    const dialog = page.getByRole('dialog', { name: /Load contacts for/ });
    const result = dialog.getByTestId('load-summary');
    await result.filter({ hasText: '3 fetched · 2 added · 1 rejected' }).waitFor();
    expect(await result.textContent()).toContain('2 new entries are on “Web service”');
    const rejected = dialog.getByTestId('load-rejected').getByRole('listitem');
    await expect.poll(() => rejected.count()).toBe(1);
    expect(await rejected.first().textContent()).toBe(
      'Item 3: phone: "12345" is not a valid phone number (numbers without +country code are read as US)',
    );
    // The service was asked with the secret, in its header.
    expect(service.state).toMatchObject({ calls: 1, authorized: 1 });
    await shot(page, '140-web-service-loaded');

    await dialog.getByRole('link', { name: 'Open “Web service”' }).click();
    await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}\/lists\/[0-9a-f-]{36}$/);
    await page.getByTestId('list-name').filter({ hasText: 'Web service' }).waitFor();
    await summary(page)
      .filter({ hasText: /^Total 2 · Callable 2$/ })
      .waitFor();
    await expect.poll(() => entryRows(page).count()).toBe(2);
    const shown = await entryRows(page).evaluateAll((rows) =>
      rows.map((r) => [
        r.getAttribute('data-name'),
        r.querySelector('[data-testid="entry-address"]')?.textContent,
      ]),
    );
    // No contact: the pinned address (and the service's name, once entries carry their payload).
    shown.sort(
      (a, b) => String(a[1]).localeCompare(String(b[1])) || String(a[0]).localeCompare(String(b[0])),
    );
    expect(shown).toEqual([
      [
        expect.stringMatching(/^(Ada Web|\+1 415 555 0101)$/),
        expect.stringMatching(/^Phone.* · no contact$/),
      ],
      [
        expect.stringMatching(/^(Ben Web|\+1 415 555 0102)$/),
        expect.stringMatching(/^Phone.* · no contact$/),
      ],
    ]);
    expect(await page.getByTestId('list-schedule').count()).toBe(0);
    await shot(page, '141-web-service-list');

    // Again from the list's page: the same items are on the list already.
    await page.getByRole('button', { name: 'Load contacts' }).click();
    await dialog
      .getByTestId('load-summary')
      .filter({ hasText: '3 fetched · 0 added · 2 already loaded · 1 rejected' })
      .waitFor();
    expect(service.state.authorized).toBe(2);

    // The service fails: its answer, in red, and nothing else.
    service.state.fail = true;
    await dialog.getByRole('button', { name: 'Load again' }).click();
    const error = dialog.getByTestId('load-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('The web service failed');
    expect(await error.textContent()).toContain('the web service answered HTTP 500 Internal Server Error');
    expect(await dialog.getByTestId('load-summary').count()).toBe(0);
    await shot(page, '142-web-service-failed');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'detached' });
    service.state.fail = false;
    await expect.poll(() => entryRows(page).count()).toBe(2);
  });

  it('runs a list’s segment on a schedule, with the server’s word on a bad cron, and turns it off', async () => {
    const { page } = owner;
    const campaign = await (
      await page.request.post('/api/v1/campaigns', { data: { name: 'Birchwood calls', channels: ['voice'] } })
    ).json();
    const list = await (
      await page.request.post(`/api/v1/campaigns/${campaign.id}/lists`, { data: { name: 'Birchwood' } })
    ).json();
    const segment = await (
      await page.request.post('/api/v1/segments', {
        data: { name: 'Birchwood people', filter: { field: 'company', op: 'contains', value: 'Birchwood' } },
      })
    ).json();
    const added = await page.request.post(`/api/v1/lists/${list.id}/entries/from-selection`, {
      data: { segmentId: segment.id },
    });
    expect((await added.json()).added).toBe(2);

    await page.goto(`/campaigns/${campaign.id}/lists/${list.id}`);
    const line = page.getByTestId('list-schedule');
    await line.filter({ hasText: /^Not scheduled$/ }).waitFor();
    await page.getByRole('button', { name: 'Schedule', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Schedule “Birchwood”' });
    expect(await dialog.getByRole('radio', { name: /^Daily at midnight/ }).isChecked()).toBe(true);
    await expect.poll(() => field(dialog, 'Time zone').inputValue()).toBe('UTC');

    // A custom cron the server refuses: its message is on the cron field.
    await dialog.getByRole('radio', { name: /^Custom/ }).check();
    await field(dialog, 'Cron').fill('0 25 * * *');
    await dialog.getByRole('button', { name: 'Turn on schedule' }).click();
    await dialog.getByText(/"0 25 \* \* \*" is not a valid cron expression/).waitFor();
    expect(await field(dialog, 'Cron').getAttribute('aria-invalid')).toBe('true');
    await shot(page, '143-schedule-bad-cron');

    await dialog.getByRole('radio', { name: /^Weekdays at 06:00/ }).check();
    await field(dialog, 'Time zone').fill('Europe/Paris');
    await page.getByRole('option', { name: 'Europe/Paris', exact: true }).click();
    await shot(page, '144-schedule-modal');
    await dialog.getByRole('button', { name: 'Turn on schedule' }).click();
    await notified(page, '“Birchwood” adds new matches on weekdays at 06:00 Europe/Paris');
    await dialog.waitFor({ state: 'detached' });
    await line
      .filter({
        hasText:
          /^Adds new matches on weekdays at 06:00 Europe\/Paris · next run in \d+ (minutes?|hours?|days?)$/,
      })
      .waitFor();
    const saved = await (await page.request.get(`/api/v1/lists/${list.id}`)).json();
    expect(saved.schedule).toMatchObject({ cron: '0 6 * * 1-5', timeZone: 'Europe/Paris', lastError: null });
    // The next run is a weekday at 06:00 in Paris.
    const next = new Date(saved.schedule.nextRunAt);
    const paris = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Paris',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(next);
    expect(paris).toMatch(/^(Mon|Tue|Wed|Thu|Fri) 06:00$/);
    await shot(page, '145-schedule-on');

    // A failed run says why, in red (the answer is doctored: a real failure needs the scheduler's tick).
    const why = 'The segment the list was filled from was deleted';
    await page.route(`**/api/v1/lists/${list.id}`, async (route) => {
      const res = await route.fetch();
      const body = await res.json();
      await route.fulfill({
        response: res,
        json: { ...body, schedule: { ...body.schedule, lastError: why } },
      });
    });
    await page.reload();
    await page.getByTestId('schedule-error').filter({ hasText: why }).waitFor();
    await shot(page, '147-schedule-last-error');
    await page.unroute(`**/api/v1/lists/${list.id}`);
    await page.reload();
    await line.waitFor();
    expect(await page.getByTestId('schedule-error').count()).toBe(0);

    await page.getByRole('button', { name: 'Change schedule' }).click();
    expect(await dialog.getByRole('radio', { name: /^Weekdays at 06:00/ }).isChecked()).toBe(true);
    await expect.poll(() => field(dialog, 'Time zone').inputValue()).toBe('Europe/Paris');
    await dialog.getByRole('button', { name: 'Turn off' }).click();
    await notified(page, 'no new matches are added');
    await line.filter({ hasText: /^Not scheduled$/ }).waitFor();
    expect((await (await page.request.get(`/api/v1/lists/${list.id}`)).json()).schedule).toBeNull();
  });

  it('sends "From a file" to the import wizard with the list chosen', async () => {
    const { page } = owner;
    const campaign = await (
      await page.request.post('/api/v1/campaigns', { data: { name: 'File calls', channels: ['voice'] } })
    ).json();
    const list = await (
      await page.request.post(`/api/v1/campaigns/${campaign.id}/lists`, { data: { name: 'From Excel' } })
    ).json();
    await page.goto(`/campaigns/${campaign.id}/lists/${list.id}`);
    await page.getByText('No entries yet').waitFor();
    // Filled by hand only: nothing to run on a schedule.
    expect(await page.getByTestId('list-schedule').count()).toBe(0);
    await page.getByRole('button', { name: 'Add contacts' }).click();
    const item = page.getByRole('menuitem', { name: /From a file/ });
    await item.waitFor();
    expect(await item.textContent()).toContain(
      'CSV or Excel, matched to contacts by phone or email, or created',
    );
    await shot(page, '146-add-from-file');
    await item.click();
    await page.waitForURL((u) => u.pathname === '/imports/new' && u.searchParams.get('listId') === list.id);
  });
});
