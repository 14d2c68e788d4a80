import { Command, Option } from 'commander';
import { formatDateTime } from '../i18n/index.js';
import {
  DECISION_TYPES,
  DecisionInputError,
  DecisionService,
  DuckDbDecisionStore,
  displayValue,
  parseDuration,
  type Decision,
  type DecisionScope,
  type DecisionType,
} from '../decisions/index.js';
import { decisionMessages } from '../decisions/messages.js';
import { EXIT_FAILED, EXIT_USAGE, UserError } from './errors.js';
import { langOption, parseLang } from './options.js';
import { registerDecisionsExport } from './decisions-export.js';

interface TargetOptions {
  ip?: string;
  range?: string;
  asn?: string;
  country?: string;
}

type Out = (text: string) => void;
const stdout: Out = (text) => void process.stdout.write(text);

export function dataDirOf(command: Command): string {
  return command.optsWithGlobals<{ dataDir?: string }>().dataDir ?? process.env.VIGIE_DATA_DIR ?? './vigie-data';
}

function targetOptions(command: Command): Command {
  return command
    .option('--ip <address>', 'an address / une adresse')
    .option('--range <cidr>', 'a network, e.g. 203.0.113.0/24 / un réseau')
    .option('--asn <number>', 'an autonomous system, e.g. AS64500 / un système autonome')
    .option('--country <code>', 'a country (ISO code) / un pays (code ISO)');
}

/** The one target given, or null when none; a usage error when several. */
function targetOf(opts: TargetOptions, tooMany: string): { scope: DecisionScope; value: string } | null {
  const given = (['ip', 'range', 'asn', 'country'] as const).filter((k) => opts[k] !== undefined);
  if (given.length > 1) throw new UserError(tooMany, EXIT_USAGE);
  const key = given[0];
  if (!key) return null;
  return { scope: key === 'asn' ? 'asn' : key, value: opts[key] as string };
}

/** Opens the decision store for one command, and turns bad input into a usage error. */
export async function withService<T>(dataDir: string, work: (service: DecisionService) => Promise<T>): Promise<T> {
  const store = await DuckDbDecisionStore.open(dataDir);
  try {
    return await work(new DecisionService(store));
  } catch (error) {
    if (error instanceof DecisionInputError) throw new UserError(error.message, EXIT_USAGE);
    throw error;
  } finally {
    await store.close();
  }
}

export function registerDecisions(program: Command, out: Out = stdout): void {
  const decisions = program
    .command('decisions')
    .description(
      'Decisions: bans, challenges and throttles on addresses, networks, AS or countries, as bouncers apply them.\n' +
        'Décisions : blocages, défis et ralentissements visant adresses, réseaux, AS ou pays, appliqués par les bouncers.',
    );
  registerDecisionsExport(decisions, out);

  decisions
    .command('list')
    .description('List decisions in force (--all: past ones too).\nListe les décisions en vigueur (--all : aussi les passées).')
    .option('--all', 'include expired and deleted decisions / inclure les décisions expirées et levées')
    .option('--json', 'print JSON / sortie JSON')
    .addOption(langOption())
    .action(async (opts: { all?: boolean; json?: boolean; lang?: string }, command: Command) => {
      const lang = parseLang(opts.lang);
      const t = decisionMessages(lang);
      await withService(dataDirOf(command), async (service) => {
        const list = await service.list({ all: opts.all });
        if (opts.json) return out(`${JSON.stringify(list, null, 2)}\n`);
        if (list.length === 0) return out(`${opts.all ? t('none') : t('none-active')}\n`);
        const now = service.now();
        const state = (d: Decision) => (d.until > now ? t('state-active') : d.deletedAt !== null ? t('state-deleted') : t('state-expired'));
        const rows = list.map((d) => [String(d.id), d.type, `${d.scope}:${displayValue(d.scope, d.value)}`, d.origin, d.scenario, formatDateTime(d.until, lang), state(d)]);
        out(`${table([t('header').split('  '), ...rows])}\n`);
      });
    });

  targetOptions(
    decisions
      .command('add')
      .description('Add a decision by hand.\nAjoute une décision à la main.'),
  )
    .addOption(new Option('--type <type>', 'ban, challenge or throttle / blocage, défi ou ralentissement').choices([...DECISION_TYPES]).default('ban'))
    .option('--duration <duration>', 'how long, e.g. 4h, 30m, 7d / durée', '4h')
    .option('--reason <text>', 'why / motif', 'manual')
    .addOption(langOption())
    .action(async (opts: TargetOptions & { type: DecisionType; duration: string; reason: string; lang?: string }, command: Command) => {
      const lang = parseLang(opts.lang);
      const t = decisionMessages(lang);
      const target = targetOf(opts, t('target-once'));
      if (!target) throw new UserError(t('target-missing'), EXIT_USAGE);
      const durationMs = parseDuration(opts.duration);
      if (durationMs === null) throw new UserError(t('bad-duration', { value: opts.duration }), EXIT_USAGE);
      await withService(dataDirOf(command), async (service) => {
        const d = await service.add({ ...target, type: opts.type, durationMs, reason: opts.reason, origin: 'cli', actor: 'cli' });
        out(`${t('added', { id: String(d.id), type: d.type, target: `${d.scope}:${displayValue(d.scope, d.value)}`, until: formatDateTime(d.until, lang), reason: d.scenario })}\n`);
      });
    });

  targetOptions(
    decisions
      .command('delete')
      .description('End decisions now, by id or by target.\nLève des décisions maintenant, par numéro ou par cible.'),
  )
    .option('--id <number>', 'a decision number / un numéro de décision')
    .addOption(langOption())
    .action(async (opts: TargetOptions & { id?: string; lang?: string }, command: Command) => {
      const t = decisionMessages(parseLang(opts.lang));
      const target = targetOf(opts, t('delete-target'));
      if ((opts.id === undefined) === (target === null)) throw new UserError(t('delete-target'), EXIT_USAGE);
      let id: number | null = null;
      if (opts.id !== undefined) {
        id = /^\d{1,15}$/.test(opts.id.trim()) ? Number(opts.id.trim()) : NaN;
        if (!Number.isSafeInteger(id)) throw new UserError(t('bad-id', { value: opts.id }), EXIT_USAGE);
      }
      await withService(dataDirOf(command), async (service) => {
        const ended = id !== null ? [await service.deleteById(id, 'cli')].filter((d): d is Decision => d !== null) : await service.deleteByValue(target!.scope, target!.value, 'cli');
        if (ended.length === 0) {
          process.exitCode = EXIT_FAILED;
          out(`${t('not-found', { target: id !== null ? `#${id}` : `${target!.scope}:${target!.value}` })}\n`);
          return;
        }
        out(`${t('deleted', { count: ended.length, ids: ended.map((d) => d.id).join(', ') })}\n`);
      });
    });
}

/** Columns padded to their widest cell. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ')).join('\n');
}
