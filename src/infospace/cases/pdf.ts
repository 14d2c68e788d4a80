/**
 * The brief as PDF, printed by a headless Chromium (the system's, `VIGIE_CHROMIUM` or
 * /usr/bin/chromium) through playwright-core. The page runs with JavaScript off and every request
 * refused: the brief is self-contained, and nothing in it may reach out.
 */
export async function renderPdf(html: string): Promise<Buffer> {
  let chromium: typeof import('playwright-core').chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch (error) {
    throw new Error('PDF needs the playwright-core package and a Chromium; export --format html and print it from a browser instead', { cause: error });
  }
  const browser = await chromium.launch({ executablePath: process.env.VIGIE_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    await context.route('**/*', (route) => route.abort());
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: 'load', timeout: 30_000 });
    return await page.pdf({ format: 'A4', printBackground: true, margin: { top: '15mm', bottom: '15mm', left: '12mm', right: '12mm' } });
  } finally {
    await browser.close();
  }
}
