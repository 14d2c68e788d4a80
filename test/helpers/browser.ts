import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

/** Debian's Chromium, driven through playwright-core (never a downloaded browser). */
export const CHROMIUM = '/usr/bin/chromium';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * axe-core's serious and critical WCAG 2.1 A/AA findings on the page. axe is evaluated through the
 * debugging protocol: the pages' CSP (script-src 'self') rightly refuses an injected <script>, and
 * the policy stays enforced for the page itself.
 */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run: (c: Document, o: object) => Promise<{ violations: AxeViolation[] }> } }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target })) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Builds the dashboard with Vite when `web/dist` is missing (a fresh clone). */
export async function ensureDashboardBuilt(root: string): Promise<string> {
  const dist = join(root, 'web', 'dist');
  if (!existsSync(join(dist, 'index.html'))) {
    const { build } = await import('vite');
    await build({ configFile: join(root, 'web', 'vite.config.ts'), logLevel: 'warn' });
  }
  return dist;
}
