import { writeFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { DEFAULT_START, LOG_FORMATS, homeCountries, simulationTruth, writeSimulatedLog, type SimulatedLogFormat } from '../traffic/simulate/index.js';
import { EXIT_USAGE, UserError } from './errors.js';

export interface SimulateIo {
  /** Where `--out -` writes; standard output by default. */
  stdout?: NodeJS.WritableStream;
}

interface SimulateCliOptions {
  lines: string;
  seed: string;
  start: string;
  out: string;
  format: SimulatedLogFormat;
  home: string;
  truth?: string;
}

const MAX_LINES = 1_000_000_000;

function usage(en: string, fr: string): UserError {
  return new UserError(`${en}\n${fr}`, EXIT_USAGE);
}

function wholeNumber(text: string, option: string, min: number, max: number): number {
  const value = /^\d+$/.test(text.trim()) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw usage(
      `${option}: expected a whole number from ${min} to ${max}, got "${text}"`,
      `${option} : nombre entier de ${min} à ${max} attendu, reçu « ${text} »`,
    );
  }
  return value;
}

function isoDate(text: string): Date {
  const date = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(text) || Number.isNaN(date.getTime())) {
    throw usage(
      `--start: expected an ISO 8601 date such as 2026-10-20T22:00:00Z, got "${text}"`,
      `--start : date ISO 8601 attendue, par exemple 2026-10-20T22:00:00Z, reçu « ${text} »`,
    );
  }
  return date;
}

function isBrokenPipe(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === 'EPIPE';
}

export function registerSimulate(program: Command, io: SimulateIo = {}): void {
  const homes = homeCountries();
  program
    .command('simulate')
    .description(
      'Write a realistic, reproducible nginx access log of a public election-information site on results night:\n' +
        'visitors from home ISPs, real and fake crawlers, scanners, injection probes, credential stuffing and a flood.\n' +
        'Addresses belong to the networks they are meant to (checked against the bundled databases). Same seed, same bytes.\n' +
        'Écrit un journal d\u2019accès nginx réaliste et reproductible d\u2019un site public d\u2019information électorale le soir des résultats :\n' +
        'visiteurs des FAI du pays, robots d\u2019indexation vrais et faux, scanners, sondes d\u2019injection, bourrage d\u2019identifiants et inondation.\n' +
        'Les adresses appartiennent aux réseaux voulus (vérifiées dans les bases fournies). Même graine, mêmes octets.',
    )
    .option('--lines <n>', 'number of lines / nombre de lignes', '100000')
    .option('--seed <n>', 'random seed / graine aléatoire', '1')
    .option('--start <iso>', 'time of the first line / heure de la première ligne', DEFAULT_START.toISOString())
    .option('--out <file>', 'output file, or - for standard output / fichier de sortie, ou - pour la sortie standard', '-')
    .addOption(new Option('--format <name>', 'log format / format du journal').choices([...LOG_FORMATS]).default('combined'))
    .addOption(new Option('--home <country>', 'country of most visitors / pays de la plupart des visiteurs').choices(homes).default('CA'))
    .option('--truth <file>', 'also write the ground truth (who attacked, how) as JSON / écrit aussi la vérité terrain en JSON')
    .action(async (opts: SimulateCliOptions) => {
      const options = {
        lines: wholeNumber(opts.lines, '--lines', 0, MAX_LINES),
        seed: wholeNumber(opts.seed, '--seed', 0, 0xffffffff),
        start: isoDate(opts.start),
        format: opts.format,
        home: opts.home,
      };
      if (opts.out === '-') {
        const stdout = io.stdout ?? process.stdout;
        try {
          await writeSimulatedLog(stdout, options);
        } catch (error) {
          // A reader such as `head` may stop early; that is not a failure.
          if (!isBrokenPipe(error)) throw error;
        }
      } else {
        await writeSimulatedLog(opts.out, options);
      }
      if (opts.truth) await writeFile(opts.truth, JSON.stringify(simulationTruth(options), null, 2) + '\n');
    });
}
