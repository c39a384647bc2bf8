import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { startServer } from '../../src/server/main.js';
import type { Config } from '../../src/server/config.js';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/types.js';
import { PGLITE_TEMPLATE, pgliteTemplate } from '../db.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SHOTS = path.join(ROOT, 'test-results/screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface Harness {
  url: string;
  browser: Browser;
  /** The server's database, for what a test cannot wait for (days passing). */
  db: Kysely<DB>;
  /** A fresh browser profile (own cookies), with a page opened on the app. */
  newPage(): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

/**
 * Starts the API + built web app on a random port with a throwaway database, and a headless chromium.
 * `config` overrides server settings (e.g. a small import size limit).
 */
export async function startHarness(config: Partial<Config> = {}): Promise<Harness> {
  if (!fs.existsSync(path.join(ROOT, 'dist/web/index.html'))) {
    throw new Error(
      'dist/web/index.html is missing: build the web app first with "npx vite build" (npm run build:web)',
    );
  }
  if (!fs.existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  const server = await startServer(
    {
      port: 0,
      host: '127.0.0.1',
      dataDir: 'memory://',
      rateLimitPerMinute: 0,
      validateResponses: true,
      jobPollSeconds: 0.5,
      ...config,
    },
    // The dump the global setup migrated (test/global-setup.ts): about 1 s instead of 4 for initdb.
    {
      logger: false,
      loadDataDir: fs.existsSync(PGLITE_TEMPLATE) ? pgliteTemplate() : undefined,
    },
  );
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
  fs.mkdirSync(SHOTS, { recursive: true });
  return {
    url: server.url,
    browser,
    db: server.app.db,
    async newPage() {
      const context = await browser.newContext({
        baseURL: server.url,
        viewport: { width: 1440, height: 900 },
        locale: 'en-US',
        timezoneId: 'UTC',
      });
      context.setDefaultTimeout(10_000);
      const page = await context.newPage();
      return { context, page };
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/**
 * Screenshots are for people looking at the pages; CI, where nobody opens them, skips all but
 * those of failures (E2E_SCREENSHOTS=failures), which takes a minute off its run.
 */
const ONLY_FAILURE_SHOTS = process.env.E2E_SCREENSHOTS === 'failures';

export async function shot(page: Page, name: string, opts: { fullPage?: boolean } = {}) {
  if (ONLY_FAILURE_SHOTS && !name.startsWith('FAILED-')) return;
  // Let notifications and transitions settle so the picture shows the resting state.
  await page.waitForTimeout(350);
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: opts.fullPage ?? false });
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** An input by its exact label, ignoring the asterisk Mantine adds to required fields. */
export function field(root: Page | Locator, label: string): Locator {
  return root.getByLabel(new RegExp(`^${escape(label)}\\s*\\*?$`));
}

/** Opens a Mantine Select by its label and picks an option. */
export async function pick(page: Page, label: string, option: string | RegExp, scope?: Page | Locator) {
  await field(scope ?? page, label).click();
  await page.getByRole('option', { name: option, exact: typeof option === 'string' }).click();
}

/** Waits for a notification whose text contains `text`, then dismisses it as a person would. */
export async function notified(page: Page, text: string | RegExp) {
  const note = page.locator('.mantine-Notification-root').filter({ hasText: text }).first();
  await note.waitFor();
  await note.getByRole('button').first().click();
  await note.waitFor({ state: 'detached' });
}

export const OWNER = {
  workspace: 'Acme Support',
  name: 'Olivia Owner',
  email: 'owner@acme.test',
  password: 'correct horse battery',
};
export const AGENT = { name: 'Aaron Agent', email: 'agent@acme.test', password: 'agent password 1' };

/** Creates the workspace and its owner (OWNER) through the API, signed in on `page`. */
export async function setUpWorkspace(page: Page) {
  const res = await page.request.post('/api/v1/setup', {
    data: { workspaceName: OWNER.workspace, name: OWNER.name, email: OWNER.email, password: OWNER.password },
  });
  if (res.status() !== 201) throw new Error(`setup answered ${res.status()}: ${await res.text()}`);
}

/** Creates contacts through the API, one after another; answers their ids in the same order. */
export async function createContacts(page: Page, people: readonly object[]): Promise<string[]> {
  const ids: string[] = [];
  for (const data of people) {
    const res = await page.request.post('/api/v1/contacts', { data });
    if (res.status() !== 201)
      throw new Error(`creating a contact answered ${res.status()}: ${await res.text()}`);
    ids.push((await res.json()).id);
  }
  return ids;
}

export async function signIn(page: Page, email: string, password: string) {
  await page.goto('/sign-in');
  await field(page, 'Email').fill(email);
  await field(page, 'Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL('**/contacts');
}

/** Rows of the contacts table. */
export const rows = (page: Page) => page.getByTestId('contact-row');

/** Types into the contacts search box and waits for the matching results. */
export async function search(page: Page, text: string) {
  await page.getByLabel('Search contacts').fill(text);
  await page
    .locator(`[data-testid="contacts-results"][data-q="${text.trim()}"][data-fetching="false"]`)
    .waitFor();
}
