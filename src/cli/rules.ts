import type { Command } from 'commander';
import { formatDateTime, translator, type Lang, type Translate } from '../i18n/index.js';
import type { Finding, HttpEvent } from '../model/index.js';
import { compileRule } from '../rules/engine.js';
import { formatRuleError, loadRules, type RuleError } from '../rules/load.js';
import { rulesMessages, type RulesMessageKey } from '../rules/messages.js';
import type { Rule } from '../rules/schema.js';
import type { Detector } from '../traffic/detect/detector.js';
import { expandInputs, InputError } from '../traffic/sources/files.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, UserError } from './errors.js';
import { collectList, langOption, parseCountry, parseLang } from './options.js';

export interface RulesCliOutput {
  out(text: string): void;
  err(text: string): void;
}

const stdio: RulesCliOutput = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
};

type T = Translate<RulesMessageKey>;
const MAX_LINES_SHOWN = 10;

function printErrors(errors: readonly RuleError[], t: T, io: RulesCliOutput): void {
  if (errors.length === 0) return;
  const files = new Set(errors.map((e) => e.file)).size;
  io.err(`${t('errors', { count: files })}\n`);
  for (const error of errors) io.err(`  ${formatRuleError({ ...error, message: `${t(`error.${error.kind}`)}: ${error.message}` })}\n`);
}

function describeRule(rule: Rule, lang: Lang, t: T, overridden: ReadonlySet<string>): string {
  const flags = [rule.enabled ? t('enabled') : t('disabled')];
  if (rule.simulation) flags.push(t('simulation'));
  if (rule.source.builtin) flags.push(t('builtin'));
  else if (overridden.has(rule.name)) flags.push(t('overrides'));
  const size = rule.type === 'window' ? `${rule.threshold} / ${rule.window}` : rule.type === 'leaky' ? `${rule.capacity} @ ${rule.leakSpeed}` : '';
  return (
    `${rule.name}  [${rule.type}${size ? ` ${size}` : ''}] ${rule.severity} ${rule.technique} ${rule.category} (${flags.join(', ')})\n` +
    `    ${rule.description[lang]}\n    ${rule.source.file}:${rule.source.line}\n`
  );
}

interface ListOptions {
  dir?: string[];
  builtin: boolean;
  json?: boolean;
  lang?: string;
}

function listCommand(options: ListOptions, io: RulesCliOutput): number {
  const lang = parseLang(options.lang);
  const t = translator(rulesMessages, lang);
  const { rules, errors, overridden } = loadRules({ dirs: options.dir ?? [], builtin: options.builtin });
  if (options.json) {
    const plain = rules.map(({ filterCompiled: _filter, ratioCompiled: _ratio, ...rest }) => rest);
    io.out(`${JSON.stringify({ rules: plain, errors, overridden }, null, 2)}\n`);
  } else {
    io.out(rules.length === 0 ? `${t('noRules')}\n` : `${t('rules', { count: rules.length })}\n\n`);
    const replaced = new Set(overridden);
    for (const rule of rules) io.out(describeRule(rule, lang, t, replaced));
    printErrors(errors, t, io);
  }
  return errors.length > 0 ? EXIT_FAILED : EXIT_OK;
}

function validateCommand(files: string[], options: { json?: boolean; lang?: string }, io: RulesCliOutput): number {
  const t = translator(rulesMessages, parseLang(options.lang));
  // checked against the built-in rules, so that an override or a disable entry is judged in context
  const { rules, errors } = loadRules({ dirs: files, builtin: true });
  const own = rules.filter((rule) => !rule.source.builtin);
  if (options.json) {
    io.out(`${JSON.stringify({ valid: errors.length === 0, rules: own.map((r) => ({ name: r.name, file: r.source.file, line: r.source.line })), errors }, null, 2)}\n`);
  } else {
    const counts = new Map<string, number>();
    for (const rule of own) counts.set(rule.source.file, (counts.get(rule.source.file) ?? 0) + 1);
    for (const [file, count] of counts) io.out(`${t('valid', { file, count })}\n`);
    for (const error of errors) io.err(`${formatRuleError({ ...error, message: `${t(`error.${error.kind}`)}: ${error.message}` })}\n`);
    if (errors.length > 0) io.err(`${t('invalid', { count: errors.length })}\n`);
  }
  return errors.length > 0 ? EXIT_FAILED : EXIT_OK;
}

interface TestOptions {
  rules?: string[];
  rule?: string[];
  builtin: boolean;
  format?: string;
  home: string;
  json?: boolean;
  lang?: string;
}

interface RuleRun {
  rule: Rule;
  detector: Detector;
  matched: number;
}

/** Counts the lines a rule's filter accepts, so that a rule that did not fire still says why. */
function counting(rule: Rule): RuleRun {
  const inner = compileRule(rule);
  const run: RuleRun = {
    rule,
    matched: 0,
    detector: {
      name: inner.name,
      observe(event: HttpEvent) {
        if (rule.filterCompiled.test(event)) run.matched++;
        inner.observe(event);
      },
      findings: () => inner.findings(),
    },
  };
  return run;
}

function why(finding: Finding, t: T): string {
  const d = finding.details;
  if (d.type === 'trigger') return t('whyTrigger');
  if (d.type === 'leaky') {
    const text = t('whyLeaky', { level: Number(d.level), capacity: Number(d.capacity), leak: Number(d.leakSpeedSeconds) });
    return d.distinctField !== undefined ? `${text}; ${t('whyDistinct', { distinct: Number(d.distinct), field: String(d.distinctField), min: Number(d.capacity) + 1 })}` : text;
  }
  const text = t('whyWindow', { count: Number(d.countInWindow), window: Number(d.windowSeconds), threshold: Number(d.threshold) });
  return d.distinctField !== undefined ? `${text}; ${t('whyDistinct', { distinct: Number(d.distinct), field: String(d.distinctField), min: Number(d.minDistinct) })}` : text;
}

function printFinding(finding: Finding, lang: Lang, t: T, io: RulesCliOutput): void {
  const d = finding.details;
  const where = `${String(d.firedAtFile)}:${String(d.firedAtLine)}`;
  io.out(`  ${finding.scope.kind} ${finding.scope.value}: ${t('firedAt', { where, time: formatDateTime(Number(d.firedAt), lang), count: finding.count })}\n`);
  io.out(`    ${t('why')}: ${why(finding, t)}\n`);
  const shown = finding.evidence.slice(0, MAX_LINES_SHOWN).map((e) => `${e.file}:${e.line}`);
  const rest = finding.count - shown.length;
  io.out(`    ${t('lines')}: ${shown.join(', ')}${rest > 0 ? ` ${t('more', { count: rest })}` : ''}\n`);
  if (d.simulated === 1) io.out(`    ${t('simulatedNote')}\n`);
}

async function testCommand(logs: string[], options: TestOptions, dataDir: string, io: RulesCliOutput): Promise<number> {
  const lang = parseLang(options.lang);
  const t = translator(rulesMessages, lang);
  const home = parseCountry(options.home, '--home');
  const loaded = loadRules({ dirs: options.rules ?? [], builtin: options.builtin });
  let chosen = loaded.rules.filter((rule) => rule.enabled);
  if (options.rule && options.rule.length > 0) {
    const known = loaded.rules.map((r) => r.name);
    for (const name of options.rule) {
      if (!known.includes(name)) throw new UserError(t('unknownRule', { name, known: known.join(', ') }), EXIT_USAGE);
    }
    // a rule asked for by name runs even when disabled: that is how one tries it before enabling it
    chosen = loaded.rules.filter((rule) => options.rule?.includes(rule.name));
  }
  const runs = chosen.map(counting);
  const files = await expandInputs(logs).catch((error: unknown) => {
    throw new UserError(error instanceof Error ? error.message : String(error), EXIT_FAILED);
  });
  // the pipeline loads only when a log is replayed
  const [{ analyze }, { buildTrafficStages }] = await Promise.all([import('../pipeline/analyze.js'), import('../pipeline/traffic-stages.js')]);
  const built = await buildTrafficStages({ ...(options.format ? { format: options.format } : {}), formatOptions: {}, trustedProxies: [], dataDir }).catch(
    (error: unknown) => {
      throw new UserError(error instanceof Error ? error.message : String(error), EXIT_USAGE);
    },
  );
  const detectors = runs.map((r) => r.detector);
  const { summary, fileErrors } = await analyze({
    files,
    home,
    stages: { ...built.stages, detectors, collectFindings: (list) => list.flatMap((d) => d.findings()) },
  });
  const results = runs.map((run) => ({ run, findings: run.detector.findings() }));

  if (options.json) {
    io.out(
      `${JSON.stringify(
        {
          input: { lines: summary.input.lines, parsed: summary.input.parsed, rejected: summary.input.rejected },
          fileErrors: fileErrors.map((e) => e.message),
          ruleErrors: loaded.errors,
          rules: results.map(({ run, findings }) => ({
            name: run.rule.name,
            type: run.rule.type,
            simulation: run.rule.simulation,
            filter: run.rule.filter,
            matched: run.matched,
            fired: findings.length,
            findings,
          })),
        },
        null,
        2,
      )}\n`,
    );
  } else {
    printErrors(loaded.errors, t, io);
    for (const error of fileErrors) io.err(`${t('fileError', { detail: error instanceof InputError ? error.message : String(error) })}\n`);
    io.out(`${t('input', { lines: summary.input.lines, parsed: summary.input.parsed, rejected: summary.input.rejected })}\n\n`);
    const ordered = [...results].sort((a, b) => b.findings.length - a.findings.length);
    for (const { run, findings } of ordered) {
      if (findings.length === 0) {
        io.out(`${t('notFired', { rule: run.rule.name, matched: run.matched })}\n`);
        continue;
      }
      io.out(`${t('fired', { rule: run.rule.name, count: findings.length })} (${t('matched', { matched: run.matched })})\n`);
      io.out(`  ${t('filter')}: ${run.rule.filter.trim().replace(/\s*\n\s*/g, ' ')}\n`);
      for (const finding of findings) printFinding(finding, lang, t, io);
    }
  }
  return loaded.errors.length > 0 || fileErrors.length > 0 ? EXIT_FAILED : EXIT_OK;
}

/**
 * Adds `vigie rules list`, `vigie rules validate FILE...` and `vigie rules test LOG...`. The exit
 * code is set on process.exitCode (0 ok, 1 errors found, 2 bad usage).
 */
export function registerRules(program: Command, io: RulesCliOutput = stdio): void {
  const rules = program
    .command('rules')
    .description('Detection rules (YAML): list, validate, replay a log\nR\u00e8gles de d\u00e9tection (YAML) : lister, valider, rejouer un journal');

  rules
    .command('list')
    .description('List the rules that would run\nLister les r\u00e8gles qui s\u2019appliqueraient')
    .option('--dir <dir>', 'operator rule directory or file (repeatable) / r\u00e9pertoire ou fichier de r\u00e8gles (r\u00e9p\u00e9table)', collectList)
    .option('--no-builtin', 'leave out the built-in rules / sans les r\u00e8gles fournies')
    .option('--json', 'print JSON / sortie JSON')
    .addOption(langOption())
    .action((options: ListOptions) => {
      process.exitCode = listCommand(options, io);
    });

  rules
    .command('validate')
    .description('Check rule files; errors name file:line\nV\u00e9rifier des fichiers de r\u00e8gles ; les erreurs indiquent fichier:ligne')
    .argument('<files...>', 'rule files or directories / fichiers ou r\u00e9pertoires de r\u00e8gles')
    .option('--json', 'print JSON / sortie JSON')
    .addOption(langOption())
    .action((files: string[], options: { json?: boolean; lang?: string }) => {
      process.exitCode = validateCommand(files, options, io);
    });

  rules
    .command('test')
    .description(
      'Replay logs through the rules: which rules fire, on which lines, and why\n' +
        'Rejouer des journaux dans les r\u00e8gles : lesquelles se d\u00e9clenchent, sur quelles lignes, et pourquoi',
    )
    .argument('<logs...>', 'log files or directories / fichiers ou r\u00e9pertoires de journaux')
    .option('--rules <dir>', 'operator rule directory or file (repeatable) / r\u00e9pertoire ou fichier de r\u00e8gles (r\u00e9p\u00e9table)', collectList)
    .option('--rule <name>', 'run only this rule (repeatable) / seulement cette r\u00e8gle (r\u00e9p\u00e9table)', collectList)
    .option('--no-builtin', 'leave out the built-in rules / sans les r\u00e8gles fournies')
    .option('--format <name>', 'log format (default: detected) / format du journal (par d\u00e9faut : d\u00e9tect\u00e9)')
    .option('--home <country>', 'home country (ISO code) / pays d\u2019origine (code ISO)', 'CA')
    .option('--json', 'print JSON / sortie JSON')
    .addOption(langOption())
    .action(async (logs: string[], options: TestOptions, command: Command) => {
      const { dataDir } = command.optsWithGlobals<{ dataDir?: string }>();
      process.exitCode = await testCommand(logs, options, dataDir ?? process.env.VIGIE_DATA_DIR ?? './vigie-data', io);
    });
}
