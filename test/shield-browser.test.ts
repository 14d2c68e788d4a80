import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { startShield, type ShieldHandle } from '../src/shield/index.js';
import { CHROMIUM, seriousAxeViolations } from './helpers/browser.js';
import { request, startOrigin, tempDir, type TestOrigin } from './shield-kit.js';

/** The challenge as a visitor meets it: a real Chromium solves it with and without JavaScript. */


describe.skipIf(!existsSync(CHROMIUM))('the shield\u2019s challenge in Chromium', () => {
  let origin: TestOrigin;
  let shield: ShieldHandle;
  let browser: Browser;

  beforeAll(async () => {
    origin = await startOrigin();
    shield = await startShield({ dataDir: tempDir(), origin: origin.url, listen: '127.0.0.1:0', underAttack: true, powBits: 14, waitSeconds: 1 });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await shield?.stop();
    await origin?.stop();
  });

  it('solves the proof of work in the page and lands on the page asked for', async () => {
    const context = await browser.newContext({ locale: 'fr-CA' });
    const page = await context.newPage();
    await page.goto(`${shield.url}/welcome?x=1`);
    await page.waitForURL(/\/welcome\?x=1$/, { timeout: 30_000 });
    await page.waitForFunction(() => document.body.innerText.startsWith('page /welcome'), undefined, { timeout: 30_000 });
    expect(await page.textContent('body')).toBe('page /welcome #1');
    expect(shield.counters.get('challenge-solved')).toBeGreaterThanOrEqual(1);
    // the pass is kept: the next page needs no challenge
    await page.goto(`${shield.url}/second`);
    expect(await page.textContent('body')).toBe('page /second #1');
    await context.close();
  });

  it('lets a browser without JavaScript through after the wait', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${shield.url}/nojs`);
    await page.waitForURL(/\/nojs$/, { timeout: 30_000 });
    for (let i = 0; i < 100 && (await page.textContent('body')) !== 'page /nojs #1'; i++) await page.waitForTimeout(100);
    expect(await page.textContent('body')).toBe('page /nojs #1');
    await context.close();
  });

  it('is accessible (axe: no serious or critical violation) in both languages', async () => {
    for (const lang of ['en', 'fr']) {
      const reply = await request(`${shield.url}/a11y`, { headers: { 'accept-language': lang } });
      // the page's own script would solve and leave: its markup is checked as served, without it
      const html = reply.body.replace(/<script>[\s\S]*?<\/script>/, '');
      const page = await browser.newPage();
      await page.setContent(html);
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      expect(await page.locator(`section[lang="${lang === 'en' ? 'fr' : 'en'}"] h2`).count()).toBe(1);
      expect(await seriousAxeViolations(page)).toEqual([]);
      await page.close();
    }
  });
});
