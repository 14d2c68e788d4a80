/**
 * The dashboard end to end in a real Chromium against a real `vigie serve`: first-run setup, sign
 * in, the demo's findings arriving live, French, drilling into an attacker, a ban added and removed,
 * CSV and PNG exports, and axe-core on every page (no serious or critical violation). Screenshots go
 * to test-artifacts/dashboard/.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM, ensureDashboardBuilt, seriousAxeViolations } from './helpers/browser.js';
import { startTestServer, type TestServer } from './helpers/dashboard-server.js';

const ROOT = join(import.meta.dirname, '..');
const ARTIFACTS = join(ROOT, 'test-artifacts', 'dashboard');
const PASSWORD = 'correct horse battery staple';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`browser-dashboard: skipped, ${CHROMIUM} is absent (install Debian's chromium to run it)`);

async function axe(page: Page, name: string): Promise<void> {
  const serious = await seriousAxeViolations(page);
  expect(serious, `${name}: ${JSON.stringify(serious, null, 1)}`).toEqual([]);
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

async function heading(page: Page): Promise<string> {
  return (await page.locator('h1').first().textContent())?.trim() ?? '';
}

describe.skipIf(!hasChromium)('dashboard in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let dataDir: string;
  const cspViolations: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const webDir = await ensureDashboardBuilt(ROOT);
    dataDir = mkdtempSync(join(tmpdir(), 'vigie-dashboard-'));
    server = await startTestServer(dataDir, webDir);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
    const context = await browser.newContext({ locale: 'en-CA', viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/.test(message.text())) cspViolations.push(message.text());
    });
    page.on('pageerror', (error) => pageErrors.push(error.stack ?? error.message));
  }, 180_000);

  afterEach(async (context) => {
    // What the page showed when a step failed, kept beside the other screenshots.
    if (context.task.result?.state === 'fail' && page) await shot(page, `failed-${context.task.name.replace(/\W+/g, '-').slice(0, 60)}`).catch(() => undefined);
  });

  afterAll(async () => {
    await browser?.close();
    // Stopping writes what the demo left in memory: on a busy machine that takes a while.
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 180_000);

  it('sets up the admin, signs in, and passes axe on the first pages', async () => {
    await page.goto(server.url);
    await page.getByRole('heading', { name: 'Set up Vigie' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await axe(page, 'setup');
    await shot(page, '01-setup');
    await page.getByLabel('User name').fill('admin');
    await page.getByLabel('New password').fill(PASSWORD);
    await page.getByLabel('Confirm the password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create the administrator' }).click();
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Vigie' }).waitFor();
    await axe(page, 'login');
    await page.getByLabel('User name').fill('admin');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Wrong user name or password.').waitFor();
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
  }, 60_000);

  it('starts the demo and sees findings arrive live on the overview', async () => {
    await page.getByRole('button', { name: 'Start the demo' }).click();
    await page.getByText(/The demo is running/).waitFor();
    const findings = page.getByRole('region', { name: 'Latest findings' }).locator('tbody tr td code');
    await findings.first().waitFor({ timeout: 120_000 });
    // The live figures come from the SSE stream, not from a page load.
    await expect.poll(async () => page.getByTestId('rps').textContent(), { timeout: 20_000 }).not.toBe('—');
    await page.getByRole('region', { name: 'Top sources of attacks' }).locator('tbody a').first().waitFor({ timeout: 60_000 });
    await page.locator('.chart-map canvas').first().waitFor();
    await axe(page, 'overview');
    await shot(page, '02-overview');
  }, 180_000);

  it('exports a table as CSV and charts as PNG and SVG', async () => {
    const csvDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV: Top sources of attacks' }).click();
    const csv = await csvDownload;
    expect(csv.suggestedFilename()).toBe('top-sources-of-attacks.csv');
    const text = readFileSync((await csv.path())!, 'utf8');
    expect(text.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe('IP address,Country,Autonomous system,Network type,Findings,Severity,Last seen');
    const pngDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export PNG: Requests and attacks per minute' }).click();
    const png = readFileSync((await (await pngDownload).path())!);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    const svgDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export SVG: World map of attacks' }).click();
    const svg = readFileSync((await (await svgDownload).path())!, 'utf8');
    expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain('<path');
  }, 60_000);

  it('drills into an attacker, bans it and lifts the ban', async () => {
    // The list refreshes itself: pick an address, then follow the link that names it.
    const ip = (await page.getByRole('region', { name: 'Top sources of attacks' }).locator('tbody a').first().textContent())!.trim();
    await page.getByRole('region', { name: 'Top sources of attacks' }).getByRole('link', { name: ip, exact: true }).first().click();
    await page.getByRole('heading', { name: `Address ${ip}`, level: 1 }).waitFor();
    // Following a link moves focus to the new page's title.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('page-title');
    await page.getByRole('region', { name: `Latest requests of ${ip}` }).locator('tbody tr').first().waitFor();
    await axe(page, 'ip');
    await shot(page, '03-attacker');

    await page.getByRole('button', { name: `Ban ${ip}`, exact: true }).click();
    await page.getByText(`Added: Ban ${ip}.`).waitFor();
    const decisions = page.getByRole('region', { name: `Decisions about ${ip}` });
    const remove = decisions.getByRole('button', { name: new RegExp(`^Remove`) });
    await remove.first().waitFor();
    await page.goto(`${server.url}/#/decisions`);
    const active = page.getByRole('region', { name: 'In force' });
    const row = active.locator('tbody tr', { hasText: ip }).filter({ hasText: 'Manual' });
    await row.first().waitFor();
    await axe(page, 'decisions');
    await shot(page, '04-decisions');
    await row.first().getByRole('button', { name: /^Remove/ }).click();
    await expect.poll(async () => active.locator('tbody tr', { hasText: ip }).filter({ hasText: 'Manual' }).count(), { timeout: 20_000 }).toBe(0);
    // Past decisions come from the store, which the server writes in batches: look again until it has it.
    await expect
      .poll(
        async () => {
          await page.reload();
          const past = page.getByRole('region', { name: 'Past decisions' }).locator('tbody tr', { hasText: ip }).filter({ hasText: 'Removed' });
          await page.getByRole('region', { name: 'Past decisions' }).locator('tbody tr').first().waitFor();
          return past.count();
        },
        { timeout: 30_000, interval: 2000 },
      )
      .toBeGreaterThan(0);
  }, 90_000);

  it('drills into an attacker\'s autonomous system and country', async () => {
    await page.goto(`${server.url}/#/overview`);
    const row = page.getByRole('region', { name: 'Top sources of attacks' }).locator('tbody tr').first();
    const asLink = row.getByRole('link', { name: /^AS\d+/ }).first();
    const asn = /^AS(\d+)/.exec((await asLink.textContent())!.trim())![1]!;
    await page.goto(`${server.url}/#/asn/${asn}`);
    await page.getByRole('heading', { name: `Autonomous system AS${asn}`, level: 1 }).waitFor();
    await page.getByRole('region', { name: 'Most active addresses' }).locator('tbody a').first().waitFor();
    await axe(page, 'asn');
    await shot(page, '03-asn');
    const country = page.getByRole('region', { name: /^Latest requests of/ }).locator('tbody tr').first();
    await country.waitFor();
    await page.goto(`${server.url}/#/country/US`);
    await page.getByRole('heading', { name: 'Country: United States', level: 1 }).waitFor();
    await page.getByRole('region', { name: 'Most active addresses' }).locator('tbody a').first().waitFor();
    await axe(page, 'country');
    await shot(page, '03-country');
  }, 60_000);

  it('shows a finding with its evidence and suggests a fix for a false positive', async () => {
    await page.goto(`${server.url}/#/findings`);
    await page.getByRole('heading', { name: 'Findings', level: 1 }).waitFor();
    // The live pipeline rewrites its findings in the store every second, and one listed a moment ago
    // may be gone (the dashboard then says "No finding ..."): try the next one, up to five.
    const suggestion = page.getByRole('heading', { name: /^Suggested (allowlist entry|rule change)$/ });
    for (let attempt = 0; attempt < 5 && !(await suggestion.isVisible()); attempt++) {
      if (attempt > 0) await page.getByRole('button', { name: 'Close' }).click();
      await page.getByRole('button', { name: /^Evidence/ }).nth(attempt).click();
      await page.getByRole('region', { name: 'Evidence: the log lines that fired the rule' }).locator('tbody tr').first().waitFor();
      await page.getByRole('button', { name: 'Mark as a false positive' }).click();
      await Promise.race([suggestion.waitFor(), page.getByRole('alert').filter({ hasText: /^No finding/ }).waitFor()]);
    }
    await suggestion.waitFor({ timeout: 1000 });
    expect((await page.locator('.suggestion pre').textContent())?.length).toBeGreaterThan(0);
    await axe(page, 'findings');
    await shot(page, '05-findings');
  }, 60_000);

  it('passes axe on every other page', async () => {
    for (const [route, title] of [
      ['traffic', 'Traffic'],
      ['sources', 'Sources'],
      ['settings', 'Settings'],
      ['audit', 'Audit log'],
      ['about', 'About Vigie and its data'],
    ] as const) {
      await page.goto(`${server.url}/#/${route}`);
      await page.getByRole('heading', { name: title, level: 1 }).waitFor();
      await page.locator('[role="status"]', { hasText: 'Loading' }).first().waitFor({ state: 'detached' });
      await axe(page, route);
      await shot(page, `06-${route}`);
    }
    await page.goto(`${server.url}/#/audit`);
    await page.locator('tbody tr', { hasText: 'decision' }).first().waitFor();
  }, 120_000);

  it('adds a viewer, who reads but is offered no action', async () => {
    await page.goto(`${server.url}/#/settings`);
    const users = page.getByRole('form', { name: 'Add a user' });
    await users.getByLabel('User name').fill('reader');
    await users.getByLabel('New password').fill(PASSWORD);
    await users.getByLabel('Role').selectOption('viewer');
    await users.getByRole('button', { name: 'Create the user' }).click();
    await page.getByText('User reader created.').waitFor();
    const tokens = page.getByRole('form', { name: 'Create a token' });
    await tokens.getByLabel('Name').fill('ci');
    await tokens.getByRole('button', { name: 'Create the token' }).click();
    const secret = (await page.getByLabel('The new token').textContent())!.trim();
    expect(secret.length).toBeGreaterThanOrEqual(20);
    await page.getByRole('button', { name: 'Revoke ci' }).click();
    await page.getByRole('region', { name: 'API tokens' }).getByText('No tokens.').waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Vigie' }).waitFor();
    await page.getByLabel('User name').fill('reader');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // Signing in keeps the address: the viewer lands on the settings, which it may read only.
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    expect(await page.getByRole('button', { name: 'Save' }).count()).toBe(0);
    expect(await page.getByRole('region', { name: 'Users' }).count()).toBe(0);
    await page.goto(`${server.url}/#/overview`);
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    await page.getByRole('region', { name: 'Top sources of attacks' }).locator('tbody a').first().waitFor();
    expect(await page.getByRole('navigation').textContent()).not.toContain('Audit log');
    expect(await page.getByRole('button', { name: /^(Start|Stop) the demo$/ }).count()).toBe(0);
    await page.goto(`${server.url}/#/decisions`);
    await page.getByRole('heading', { name: 'Decisions', level: 1 }).waitFor();
    await page.getByRole('region', { name: 'In force' }).locator('tbody tr').first().waitFor();
    expect(await page.getByRole('button', { name: /^Remove/ }).count()).toBe(0);
    expect(await page.getByRole('form', { name: 'Add a decision' }).count()).toBe(0);
    await axe(page, 'decisions-viewer');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Vigie' }).waitFor();
    await page.getByLabel('User name').fill('admin');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Decisions', level: 1 }).waitFor();
  }, 90_000);

  it('switches to French: words, numbers and the lang attribute', async () => {
    await page.goto(`${server.url}/#/overview`);
    await page.getByRole('button', { name: 'Français' }).click();
    await page.getByRole('heading', { name: 'Vue d’ensemble', level: 1 }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    expect(await page.getByRole('navigation').textContent()).toContain('Constats');
    await page.getByRole('button', { name: 'English' }).waitFor();
    await page.getByRole('region', { name: 'Principales sources d’attaques' }).locator('tbody a').first().click();
    await page.getByRole('heading', { name: /^Adresse /, level: 1 }).waitFor();
    expect(await heading(page)).toMatch(/^Adresse /);
    // Numbers and dates in Canadian French: a space groups thousands, "h" separates hours.
    expect(await page.locator('main time').first().textContent()).toMatch(/\d+ h \d{2}/);
    await axe(page, 'ip-fr');
    await shot(page, '07-attacker-fr');
    await page.goto(`${server.url}/#/overview`);
    await page.getByRole('heading', { name: 'Vue d’ensemble', level: 1 }).waitFor();
    await axe(page, 'overview-fr');
    await shot(page, '08-overview-fr');
  }, 60_000);

  it('needs no inline style either: draws under style-src \'self\'', async () => {
    // The server allows inline styles for safety's sake; the dashboard itself does without them.
    const strict = await browser.newContext({ viewport: { width: 1400, height: 1000 }, storageState: await page.context().storageState() });
    const strictPage = await strict.newPage();
    const refused: string[] = [];
    strictPage.on('console', (message) => {
      if (/Content Security Policy|Refused to/.test(message.text())) refused.push(message.text());
    });
    // Only the page itself: its CSP governs everything it loads (and the live stream never ends).
    await strictPage.route(`${server.url}/`, async (route) => {
      const response = await route.fetch();
      const headers = { ...response.headers() };
      if (headers['content-security-policy']) headers['content-security-policy'] = headers['content-security-policy'].replace(/style-src [^;]*/, "style-src 'self'");
      await route.fulfill({ response, headers });
    });
    for (const view of ['overview', 'traffic', 'country/US']) {
      await strictPage.goto(`${server.url}/#/${view}`);
      await strictPage.locator('h1#page-title').waitFor();
      await strictPage.locator('canvas').first().waitFor();
      const first = strictPage.locator('canvas').first();
      const box = await first.boundingBox();
      if (box) await strictPage.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await strictPage.locator('[role="status"]', { hasText: 'Loading' }).first().waitFor({ state: 'detached' });
    }
    expect(await strictPage.evaluate(() => document.querySelector('meta[name="color-scheme"]') !== null)).toBe(true);
    await strict.close();
    expect(refused, refused.join('\n')).toEqual([]);
  }, 60_000);

  it('broke no Content-Security-Policy rule and threw no script error', () => {
    expect(cspViolations, cspViolations.join('\n')).toEqual([]);
    expect(pageErrors, pageErrors.join('\n')).toEqual([]);
  });
});
