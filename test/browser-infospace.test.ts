/**
 * The information-space pages in a real Chromium against a real `vigie serve`: a simulated corpus
 * with injected campaigns (plus a hostile post), detection run from the page, a cluster drawn by
 * sigma with an edge's evidence, the posts explorer keeping hostile text as text, trends, a case
 * opened and its STIX bundle downloaded and validated, French, and axe-core on every page.
 * Screenshots go to test-artifacts/infospace/.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { Infospace } from '../src/infospace/index.js';
import { simulate } from '../src/infospace/simulate/index.js';
import { validateBundle, type StixBundle } from '../src/sharing/stix/index.js';
import { CHROMIUM, ensureDashboardBuilt, seriousAxeViolations } from './helpers/browser.js';
import { startTestServer, type TestServer } from './helpers/dashboard-server.js';

const ROOT = join(import.meta.dirname, '..');
const ARTIFACTS = join(ROOT, 'test-artifacts', 'infospace');
const PASSWORD = 'correct horse battery staple';
const HOSTILE = '<img src=x onerror="window.pwned=1"> vote';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`browser-infospace: skipped, ${CHROMIUM} is absent (install Debian's chromium to run it)`);

async function axe(page: Page, name: string): Promise<void> {
  const serious = await seriousAxeViolations(page);
  expect(serious, `${name}: ${JSON.stringify(serious, null, 1)}`).toEqual([]);
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

describe.skipIf(!hasChromium)('information-space pages in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let dataDir: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const webDir = await ensureDashboardBuilt(ROOT);
    dataDir = mkdtempSync(join(tmpdir(), 'vigie-infospace-'));
    // the corpus goes in before the server opens the file (one process may open it once)
    const seed = await Infospace.open(dataDir);
    const posts = [...simulate({ posts: 4_000, accounts: 1_000, days: 2, copyPaste: 1, linkRings: 1, hashtagGroups: 1 }).posts()];
    posts.push({ ...posts[0]!, id: 'hostile-1', account: 'mallory', text: HOSTILE });
    await seed.store.addPosts(posts);
    await seed.close();
    server = await startTestServer(dataDir, webDir);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--enable-unsafe-swiftshader'] });
    const context = await browser.newContext({ locale: 'en-CA', viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (error) => pageErrors.push(error.stack ?? error.message));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 180_000);

  it('sets up the admin and reaches the information space from the navigation', async () => {
    await page.goto(server.url);
    await page.getByLabel('User name').fill('admin');
    await page.getByLabel('New password').fill(PASSWORD);
    await page.getByLabel('Confirm the password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create the administrator' }).click();
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Information space' }).click();
    await page.getByRole('heading', { name: 'Information space: Clusters', level: 1 }).waitFor();
    await page.getByText('Detection has not run yet.').waitFor();
  }, 60_000);

  it('runs detection, draws a cluster and shows the evidence behind an edge', async () => {
    await page.getByRole('button', { name: 'Run detection' }).click();
    await page.getByText(/Detection done: \d+ clusters/).waitFor({ timeout: 60_000 });
    const clusters = page.getByRole('region', { name: 'Clusters, best score first' });
    await clusters.locator('tbody a').first().click();
    await page.locator('.graph canvas').first().waitFor();
    const edges = page.getByRole('region', { name: 'Links between accounts' });
    await edges.getByRole('button', { name: /^Evidence between/ }).first().click();
    const evidence = page.getByRole('region', { name: 'Posts of the two accounts on items both shared' });
    await evidence.locator('tbody tr td .post-text').first().waitFor();
    expect(await evidence.locator('tbody tr td .post-text').count()).toBeGreaterThan(1);
    await axe(page, 'clusters');
    await shot(page, '01-cluster');
  }, 120_000);

  it('filters posts and shows hostile text as text', async () => {
    await page.getByRole('link', { name: 'Posts' }).click();
    await page.getByRole('heading', { name: 'Information space: Posts' }).waitFor();
    await page.getByLabel('Text').fill('onerror');
    await page.getByRole('button', { name: 'Apply' }).click();
    const table = page.getByRole('region', { name: 'Posts, newest first' });
    await table.getByText(HOSTILE).waitFor();
    expect(await table.locator('tbody tr').count()).toBe(1);
    expect(await page.locator('main img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    await axe(page, 'posts');
    await page.getByRole('link', { name: 'Narrative trends' }).click();
    await page.getByRole('region', { name: 'Rising terms' }).waitFor();
    await axe(page, 'trends');
    await page.getByRole('link', { name: 'Sources', exact: true }).last().click();
    await page.getByRole('heading', { name: 'Information space: Sources' }).waitFor();
    await page.getByText(/^[\d,]+ posts stored/).waitFor();
    await axe(page, 'sources');
  }, 60_000);

  it('opens a case from a cluster and downloads a STIX bundle that validates', async () => {
    await page.getByRole('link', { name: 'Clusters' }).click();
    await page.getByRole('region', { name: 'Clusters, best score first' }).locator('tbody a').first().click();
    await page.getByRole('button', { name: 'Open a case from this cluster' }).click();
    await page.getByRole('link', { name: 'Download the STIX 2.1 bundle' }).waitFor();
    await page.getByLabel('New note').fill('Same links within seconds <b>bold</b>');
    await page.getByRole('button', { name: 'Add the note' }).click();
    await page.getByText('Same links within seconds <b>bold</b>').waitFor();
    await page.getByLabel(/^DISARM techniques/).fill('t0049, T0084.001');
    await page.getByRole('button', { name: 'Save the techniques' }).click();
    await page.locator('dd', { hasText: 'T0049, T0084.001' }).waitFor();
    await page.getByLabel(/^DISARM techniques/).fill('T9999');
    await page.getByRole('button', { name: 'Save the techniques' }).click();
    await page.getByRole('alert').getByText(/T9999/).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download the STIX 2.1 bundle' }).click()]);
    const bundle = JSON.parse(readFileSync((await download.path())!, 'utf8')) as StixBundle;
    expect(validateBundle(bundle)).toEqual([]);
    expect(bundle.objects.some((o) => o.type === 'note')).toBe(true);
    await axe(page, 'case');
    await shot(page, '02-case');
    await page.getByRole('link', { name: 'All cases' }).click();
    await page.getByRole('region', { name: 'Cases' }).locator('tbody a').first().waitFor();
  }, 60_000);

  it('speaks French and passes axe there too', async () => {
    await page.getByRole('button', { name: 'Français' }).click();
    await page.getByRole('heading', { name: 'Espace informationnel : Dossiers' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    await page.getByRole('link', { name: 'Grappes' }).click();
    await page.getByRole('region', { name: 'Grappes, meilleur score d’abord' }).locator('tbody a').first().click();
    await page.locator('.graph canvas').first().waitFor();
    await page.getByRole('region', { name: 'Liens entre comptes' }).getByRole('button', { name: /^Preuves entre/ }).first().click();
    await page.getByRole('region', { name: /Publications des deux comptes/ }).locator('tbody tr').first().waitFor();
    await axe(page, 'clusters-fr');
    await shot(page, '03-clusters-fr');
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
