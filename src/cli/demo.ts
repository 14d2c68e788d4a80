import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { writeSimulatedLog } from '../traffic/simulate/index.js';
import { runAnalyze } from './analyze.js';
import { EXIT_USAGE, UserError } from './errors.js';
import { cliMessages } from './messages.js';
import { langOption, parseLang } from './options.js';

const DEMO_SEED = 2026;

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(
      'Simulate a busy election night on a public site, analyse it, and write the HTML report (what `npm start` runs).\n' +
        'Simule une soirée électorale chargée sur un site public, l\u2019analyse et écrit le rapport HTML (ce que lance `npm start`).',
    )
    .option('--lines <n>', 'lines of simulated log / lignes de journal simulé', '300000')
    .addOption(langOption())
    .action(async (opts: { lines: string; lang?: string }, command: Command) => {
      const { dataDir } = command.optsWithGlobals<{ dataDir: string }>();
      const lines = Number(opts.lines);
      if (!Number.isInteger(lines) || lines < 1 || lines > 50_000_000) {
        throw new UserError(`--lines: expected a whole number from 1 to 50000000, got "${opts.lines}" / attendu : un entier de 1 à 50000000`, EXIT_USAGE);
      }
      const lang = parseLang(opts.lang);
      const t = cliMessages(lang);
      const dir = join(dataDir, 'demo');
      await mkdir(dir, { recursive: true });
      const log = join(dir, 'election-night.log');
      const report = join(dir, lang === 'fr' ? 'rapport.html' : 'report.html');
      process.stdout.write(`${t('demo-start', { lines })}\n`);
      await writeSimulatedLog(log, { seed: DEMO_SEED, lines });
      process.exitCode = await runAnalyze([log], { home: 'CA', report, lang, store: true, progress: true }, dataDir);
      process.stdout.write(`\n${t('demo-open', { path: resolve(report) })}\n`);
    });
}
