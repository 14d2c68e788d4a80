import type { Command } from 'commander';
import { formatDateTime } from '../i18n/index.js';
import { decisionMessages } from '../decisions/messages.js';
import { EXIT_FAILED, UserError } from './errors.js';
import { langOption, parseLang } from './options.js';
import { dataDirOf, table, withService } from './decisions.js';

type Out = (text: string) => void;
const stdout: Out = (text) => void process.stdout.write(text);

export function registerBouncers(program: Command, out: Out = stdout): void {
  const bouncers = program
    .command('bouncers')
    .description(
      'Bouncers: programs that apply Vigie\u2019s decisions through its CrowdSec-compatible API (firewall, nginx, custom).\n' +
        'Bouncers : programmes qui appliquent les décisions de Vigie par son API compatible CrowdSec (pare-feu, nginx, script).',
    );

  bouncers
    .command('add')
    .description('Register a bouncer and print its API key, once.\nEnregistre un bouncer et affiche sa clé d\u2019API, une seule fois.')
    .argument('<name>', 'bouncer name / nom du bouncer')
    .addOption(langOption())
    .action(async (name: string, opts: { lang?: string }, command: Command) => {
      const t = decisionMessages(parseLang(opts.lang));
      await withService(dataDirOf(command), async (service) => {
        const key = await service.addBouncer(name);
        if (key === null) throw new UserError(t('bouncer-exists', { name }), EXIT_FAILED);
        out(`${t('bouncer-added', { name: name.trim() })}\n\n    ${key}\n\n${t('bouncer-key-once')}\n`);
      });
    });

  bouncers
    .command('list')
    .description('List bouncers and when each last pulled decisions.\nListe les bouncers et leur dernière lecture des décisions.')
    .option('--json', 'print JSON / sortie JSON')
    .addOption(langOption())
    .action(async (opts: { json?: boolean; lang?: string }, command: Command) => {
      const lang = parseLang(opts.lang);
      const t = decisionMessages(lang);
      await withService(dataDirOf(command), async (service) => {
        // the key hash is a secret's fingerprint: of no use to a reader, so not shown
        const list = (await service.store.listBouncers()).map(({ keyHash: _hash, ...rest }) => rest);
        if (opts.json) return out(`${JSON.stringify(list, null, 2)}\n`);
        if (list.length === 0) return out(`${t('no-bouncers')}\n`);
        const rows = list.map((b) => [
          b.name, formatDateTime(b.createdAt, lang), b.lastPull ? formatDateTime(b.lastPull, lang) : t('never'), b.ip ?? '-', b.userAgent ?? '-',
        ]);
        out(`${table([t('bouncer-header').split('  '), ...rows])}\n`);
      });
    });

  bouncers
    .command('delete')
    .description('Delete a bouncer: its key stops working.\nSupprime un bouncer : sa clé cesse de fonctionner.')
    .argument('<name>', 'bouncer name / nom du bouncer')
    .addOption(langOption())
    .action(async (name: string, opts: { lang?: string }, command: Command) => {
      const t = decisionMessages(parseLang(opts.lang));
      await withService(dataDirOf(command), async (service) => {
        if (!(await service.store.deleteBouncer(name.trim()))) throw new UserError(t('bouncer-unknown', { name }), EXIT_FAILED);
        out(`${t('bouncer-deleted', { name: name.trim() })}\n`);
      });
    });
}
