import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { field, notified, setUpWorkspace, shot, startHarness, type Harness } from './harness';

interface Received {
  headers: http.IncomingHttpHeaders;
  raw: string;
  body: any;
}

// The receiver the hook points at, in this test's process: records requests, answers `status`.
const received: Received[] = [];
let status = 200;
const receiver = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const raw = Buffer.concat(chunks).toString('utf8');
    received.push({ headers: req.headers, raw, body: JSON.parse(raw) });
    res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'receiver is down');
  });
});

const verifies = (secret: string, r: Received) =>
  r.headers['x-webhook-signature'] ===
  `sha256=${createHmac('sha256', secret).update(`${r.headers['x-webhook-timestamp']}.${r.raw}`).digest('hex')}`;

const rows = (page: Page) => page.getByTestId('webhook-row');
const cards = (page: Page) => page.getByTestId('delivery');

describe('webhooks page', () => {
  let h: Harness;
  let owner: { context: BrowserContext; page: Page };
  let url = '';
  let secret = '';

  beforeAll(async () => {
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/contacts`;
    // The receiver listens on 127.0.0.1, a private address.
    h = await startHarness({ webhookAllowPrivate: true });
    owner = await h.newPage();
    await owner.context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await setUpWorkspace(owner.page);
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== 'fail') return;
    await shot(owner.page, `FAILED-webhooks-${ctx.task.name.replace(/\W+/g, '-')}`, { fullPage: true });
  });
  afterAll(async () => {
    await h?.close();
    receiver.closeAllConnections();
    await new Promise((r) => receiver.close(r));
  });

  it('adds a webhook and shows its secret once', async () => {
    const { page } = owner;
    await page.goto('/contacts');
    await page.getByRole('navigation').getByRole('link', { name: 'Webhooks' }).click();
    await page.waitForURL('**/webhooks');
    await page.getByText('No webhooks yet').waitFor();
    await shot(page, 'webhooks-01-empty');

    await page.getByRole('button', { name: 'Add webhook' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Add webhook' });
    // Checked in the browser with the server's own schema.
    await dialog.getByRole('button', { name: 'Add webhook' }).click();
    await dialog.getByText('URL is required').waitFor();
    await dialog.getByText('Choose at least one event').waitFor();
    await field(dialog, 'URL').fill('ftp://files.example.com/drop');
    await dialog.getByRole('button', { name: 'Add webhook' }).click();
    await dialog.getByText('must start with http:// or https://, not ftp://').waitFor();

    await field(dialog, 'URL').fill(url);
    await dialog.getByRole('checkbox', { name: /Contact created/ }).check();
    await dialog.getByRole('checkbox', { name: /Contact point opted out/ }).check();
    await field(dialog, 'Description').fill('CRM sync');
    await shot(page, 'webhooks-02-create');
    await dialog.getByRole('button', { name: 'Add webhook' }).click();

    const shown = page.getByRole('dialog', { name: 'Webhook added' });
    const secretBox = shown.getByTestId('webhook-secret');
    await secretBox.waitFor();
    secret = (await secretBox.textContent())!.trim();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    await shown.getByRole('button', { name: 'Copy secret' }).click();
    await shown.getByRole('button', { name: 'Copied' }).waitFor();
    await shot(page, 'webhooks-03-secret-once');
    await shown.getByRole('button', { name: 'Done' }).click();
    await shown.waitFor({ state: 'detached' });

    const row = rows(page).filter({ hasText: url });
    await row.waitFor();
    await row.getByText('CRM sync').waitFor();
    await row.getByText('contact.created').waitFor();
    await row.getByText('None yet').waitFor();
    expect(await row.getAttribute('data-state')).toBe('active');
    // Never shown again: not on the page, not in the API's answers.
    expect(await page.content()).not.toContain(secret);
    const listed = await page.request.get('/api/v1/webhooks');
    expect(await listed.text()).not.toContain(secret);
    await shot(page, 'webhooks-04-list');
  });

  it('sends a test event and shows it delivered in the deliveries drawer', async () => {
    const { page } = owner;
    const row = rows(page).filter({ hasText: url });
    await row.getByRole('button', { name: 'Deliveries' }).click();
    const drawer = page.getByTestId('deliveries');
    await drawer.getByText('No deliveries yet').waitFor();
    await drawer.getByRole('button', { name: 'Send test event' }).click();
    const ping = cards(page).filter({ hasText: 'ping' });
    await ping.waitFor();
    expect(await ping.getAttribute('data-state')).toBe('succeeded');
    await ping.getByText('HTTP 200').waitFor();
    await expect.poll(() => received.filter((r) => r.body.type === 'ping').length).toBe(1);
    const r = received.find((x) => x.body.type === 'ping')!;
    expect(verifies(secret, r)).toBe(true);
    await ping.getByRole('button', { name: 'Details' }).click();
    await ping.getByText(r.body.id).waitFor();
    await shot(page, 'webhooks-05-test-delivered');

    // A contact created now reaches the receiver through the background worker; the drawer follows.
    const res = await page.request.post('/api/v1/contacts', {
      data: { firstName: 'Grace', lastName: 'Hopper' },
    });
    expect(res.status()).toBe(201);
    const created = cards(page).filter({ hasText: 'contact.created' });
    await created.waitFor({ timeout: 20_000 });
    await expect.poll(() => created.getAttribute('data-state'), { timeout: 20_000 }).toBe('succeeded');
    const event = received.find((x) => x.body.type === 'contact.created')!;
    expect(event.body.data.contact).toMatchObject({ firstName: 'Grace', lastName: 'Hopper' });
    expect(verifies(secret, event)).toBe(true);
  });

  it('shows a failed delivery with its answer, and retries it', async () => {
    const { page } = owner;
    status = 500;
    const drawer = page.getByTestId('deliveries');
    await drawer.getByRole('button', { name: 'Send test event' }).click();
    const failed = cards(page).filter({ has: page.locator('[data-testid="delivery-error"]') });
    await failed.waitFor();
    expect(await failed.getAttribute('data-state')).toBe('failed');
    await failed.getByText('HTTP 500 Internal Server Error').waitFor();
    await failed.getByText('Failed, will retry').waitFor();
    await shot(page, 'webhooks-06-failed');

    status = 200;
    await failed.getByRole('button', { name: 'Retry' }).click();
    await expect.poll(() => cards(page).first().getAttribute('data-state')).toBe('succeeded');
    await cards(page).first().getByText('2 attempts').waitFor();
    expect(await cards(page).count()).toBe(3);
    await shot(page, 'webhooks-07-retried');
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });
  });

  it('pauses the hook: events that happen meanwhile are not sent', async () => {
    const { page } = owner;
    const row = rows(page).filter({ hasText: url });
    await row.getByTestId('last-delivery').getByText('Delivered').waitFor();
    await row.getByRole('button', { name: 'Pause' }).click();
    await notified(page, 'The webhook was paused.');
    await expect.poll(() => row.getAttribute('data-state')).toBe('paused');
    await row.getByText('Paused', { exact: true }).waitFor();
    await row.getByRole('button', { name: 'Resume' }).waitFor();
    await shot(page, 'webhooks-08-paused');

    const before = received.length;
    const res = await page.request.post('/api/v1/contacts', {
      data: { firstName: 'Paused', lastName: 'Time' },
    });
    expect(res.status()).toBe(201);
    const hooks = await (await page.request.get('/api/v1/webhooks')).json();
    const deliveries = await (
      await page.request.get(`/api/v1/webhooks/${hooks.items[0].id}/deliveries`)
    ).json();
    expect(deliveries.items.map((d: any) => d.event)).toEqual(['ping', 'contact.created', 'ping']);
    // Longer than the worker takes to look (2 s) and send: still nothing.
    await page.waitForTimeout(3000);
    expect(received.length).toBe(before);
  });

  it('rotates the secret and deletes the hook', async () => {
    const { page } = owner;
    const row = rows(page).filter({ hasText: url });
    await row.getByRole('button', { name: `More actions for ${url}` }).click();
    await page.getByRole('menuitem', { name: 'Rotate secret' }).click();
    const dialog = page.getByRole('dialog', { name: 'New signing secret' });
    const next = (await dialog.getByTestId('webhook-secret').textContent())!.trim();
    expect(next).toMatch(/^whsec_/);
    expect(next).not.toBe(secret);
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'detached' });

    await row.getByRole('button', { name: `More actions for ${url}` }).click();
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete webhook' });
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await notified(page, 'The webhook and its deliveries were deleted.');
    await page.getByText('No webhooks yet').waitFor();
  });
});

describe('webhooks page where private addresses are refused (the default)', () => {
  let h: Harness;
  let owner: { context: BrowserContext; page: Page };

  beforeAll(async () => {
    h = await startHarness();
    owner = await h.newPage();
    await setUpWorkspace(owner.page);
  });
  afterAll(async () => h?.close());

  it('says next to the URL why a private address is refused', async () => {
    const { page } = owner;
    await page.goto('/webhooks');
    await page.getByRole('button', { name: 'Add webhook' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Add webhook' });
    await field(dialog, 'URL').fill('http://169.254.169.254/latest/meta-data/');
    await dialog.getByRole('checkbox', { name: /Contact created/ }).check();
    await dialog.getByRole('button', { name: 'Add webhook' }).click();
    await dialog
      .getByText('169.254.169.254 is a private address; webhooks go to public addresses only')
      .waitFor();
    await shot(page, 'webhooks-10-private-address');
    expect(await rows(page).count()).toBe(0);
  });
});
