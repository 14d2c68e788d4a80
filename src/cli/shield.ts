import type { Command } from 'commander';
import { displayValue, formatGoDuration, parseDuration } from '../decisions/decision.js';
import type { RateLimits } from '../shield/index.js';
import { shieldMessages } from '../shield/messages.js';
import { EXIT_USAGE, UserError } from './errors.js';
import { collectList, langOption, parseCountry, parseLang } from './options.js';

interface ShieldCliOptions {
  origin?: string;
  listen?: string;
  nginxAuth?: string;
  nginxInclude?: string;
  underAttack?: boolean;
  trustForwarded?: boolean;
  home: string;
  rateIp: string;
  ratePrefix: string;
  rateAsn: string;
  rateCountry: string;
  rateHostingAsn: string;
  powBits: string;
  waitSeconds: string;
  passTtl: string;
  originTimeout: string;
  staleAfter: string;
  cacheMb: string;
  maxBodyMb: string;
  refusalDelay: string;
  allow?: string[];
  allowAsn?: string[];
  lang?: string;
}

function number(value: string, option: string, min: number, max: number): number {
  const n = Number(value);
  if (!(Number.isFinite(n) && n >= min && n <= max)) throw new UserError(`${option}: expected a number from ${min} to ${max}, got "${value}" / attendu : un nombre de ${min} à ${max}`, EXIT_USAGE);
  return n;
}

function duration(value: string, option: string): number {
  const ms = parseDuration(value);
  if (ms === null) throw new UserError(`${option}: expected a duration such as 30s, 10m or 24h, got "${value}" / attendu : une durée comme 30s, 10m ou 24h`, EXIT_USAGE);
  return ms;
}

/** 0 sends refusals at once; a hold past 30 s would keep an honest client's connection for nothing. */
function refusalDelay(value: string): number {
  if (value.trim() === '0') return 0;
  const ms = duration(value, '--refusal-delay');
  if (ms > 30_000) throw new UserError(`--refusal-delay: at most 30s, got "${value}" / au plus 30s`, EXIT_USAGE);
  return ms;
}

export function registerShield(program: Command): void {
  program
    .command('shield')
    .description(
      'Keep a site up under attack: a reverse proxy that applies decisions, rate limits, a proof-of-work challenge and a stale cache, and feeds every request to detection.\n' +
        'Garde un site en ligne sous attaque : mandataire inverse qui applique les décisions, limite les débits, pose un défi de preuve de travail, sert un cache périmé, et fait analyser chaque requête.',
    )
    .option('--origin <url>', 'the site behind the shield, e.g. http://127.0.0.1:8080')
    .option('--listen <host:port>', 'address of the reverse proxy, e.g. 0.0.0.0:80')
    .option('--nginx-auth <host:port>', 'also (or only) serve an nginx auth_request endpoint here (keep it on loopback)')
    .option('--nginx-include <path>', 'where to write the nginx include (default: <data-dir>/shield-nginx.conf)')
    .option('--under-attack', 'challenge every new client from the start (send SIGUSR2 to switch on and off)')
    .option('--trust-forwarded', 'believe X-Forwarded-For from loopback peers only (a proxy on this machine, tests)')
    .option('--home <country>', 'home country (ISO code)', 'CA')
    .option('--rate-ip <n>', 'requests per second per address (0: no limit); bursts of 3 times that', '20')
    .option('--rate-prefix <n>', 'requests per second per /24 or /64', '100')
    .option('--rate-asn <n>', 'requests per second per AS', '1000')
    .option('--rate-country <n>', 'requests per second per country', '0')
    .option('--rate-hosting-asn <n>', 'requests per second per AS of hosting, Tor and VPN networks (instead of --rate-asn)', '100')
    .option('--pow-bits <n>', 'proof-of-work difficulty for a low-risk client, in bits (12 to 24)', '16')
    .option('--wait-seconds <n>', 'wait of the no-script fallback for a low-risk client', '5')
    .option('--pass-ttl <duration>', 'how long a solved challenge lasts', '24h')
    .option('--origin-timeout <duration>', 'slower origin answers count as failures (stale copy or heavy-load page)', '10s')
    .option('--stale-after <duration>', 'with a stale copy at hand, serve it when the origin is slower than this', '2s')
    .option('--cache-mb <n>', 'memory for cached responses, in MiB', '64')
    .option('--max-body-mb <n>', 'largest request body, in MiB', '10')
    .option('--refusal-delay <duration>', 'hold a ban or rate-limit refusal this long before sending it: a flood that waits for answers slows down (0: at once)', '1s')
    .option('--allow <cidr>', 'networks never challenged, limited or blocked (repeatable, comma list)', collectList)
    .option('--allow-asn <asn>', 'AS numbers never challenged, limited or blocked (repeatable, comma list)', collectList)
    .addHelpText(
      'after',
      '\nExamples / Exemples :\n' +
        '  vigie shield --origin http://127.0.0.1:8080 --listen 0.0.0.0:80\n' +
        '  vigie shield --nginx-auth 127.0.0.1:8081     (then include <data-dir>/shield-nginx.conf in nginx)\n' +
        'Metrics (Prometheus) at /.vigie/metrics from loopback; health at /.vigie/health.\n' +
        'Métriques (Prometheus) sur /.vigie/metrics depuis la boucle locale ; état sur /.vigie/health.',
    )
    .addOption(langOption())
    .action(async (opts: ShieldCliOptions, command: Command) => {
      const { dataDir } = command.optsWithGlobals<{ dataDir: string }>();
      const lang = parseLang(opts.lang);
      const t = shieldMessages(lang);
      if (!opts.listen && !opts.nginxAuth) throw new UserError('give --listen (with --origin), --nginx-auth, or both / donnez --listen (avec --origin), --nginx-auth, ou les deux', EXIT_USAGE);
      if (opts.listen && !opts.origin) throw new UserError('--origin: required with --listen / obligatoire avec --listen', EXIT_USAGE);
      if (opts.origin && !/^http:\/\/[^/\s]+\/?$/.test(opts.origin)) throw new UserError(`--origin: expected http://host:port, got "${opts.origin}" / attendu : http://hôte:port`, EXIT_USAGE);
      for (const [option, value] of [['--listen', opts.listen], ['--nginx-auth', opts.nginxAuth]] as const) {
        if (value !== undefined && !/^[^\s]*:\d{1,5}$/.test(value)) throw new UserError(`${option}: expected host:port, got "${value}" / attendu : hôte:port`, EXIT_USAGE);
      }
      const rateLimits: RateLimits = {
        ip: number(opts.rateIp, '--rate-ip', 0, 1e6),
        prefix: number(opts.ratePrefix, '--rate-prefix', 0, 1e6),
        asn: number(opts.rateAsn, '--rate-asn', 0, 1e7),
        country: number(opts.rateCountry, '--rate-country', 0, 1e7),
        hostingAsn: number(opts.rateHostingAsn, '--rate-hosting-asn', 0, 1e7),
      };
      const say = (text: string) => process.stdout.write(`${new Date().toISOString()} ${text}\n`);
      // the proxy and its pipeline load only when the command runs: every other command starts lighter
      const { startShield } = await import('../shield/index.js');
      const handle = await startShield({
        dataDir,
        origin: opts.origin,
        listen: opts.listen,
        nginxAuth: opts.nginxAuth,
        nginxIncludePath: opts.nginxInclude,
        home: parseCountry(opts.home, '--home'),
        underAttack: opts.underAttack ?? false,
        trustForwarded: opts.trustForwarded ?? false,
        rateLimits,
        powBits: number(opts.powBits, '--pow-bits', 12, 24),
        waitSeconds: number(opts.waitSeconds, '--wait-seconds', 1, 60),
        passTtlMs: duration(opts.passTtl, '--pass-ttl'),
        originTimeoutMs: duration(opts.originTimeout, '--origin-timeout'),
        staleAfterMs: duration(opts.staleAfter, '--stale-after'),
        cacheBytes: Math.round(number(opts.cacheMb, '--cache-mb', 0, 65_536) * 1024 * 1024),
        maxBodyBytes: Math.round(number(opts.maxBodyMb, '--max-body-mb', 0, 10_240) * 1024 * 1024),
        refusalDelayMs: refusalDelay(opts.refusalDelay),
        allowlist: { cidrs: opts.allow ?? [], asns: opts.allowAsn ?? [] },
        onUnderAttack: (on, reason) => say(on ? t('shield-under-attack-on', { reason }) : t('shield-under-attack-off')),
        onFinding: (finding, decision) => {
          if (!decision) return;
          say(t('shield-decision', { category: finding.category, scope: displayValue(decision.scope, decision.value), type: decision.type, duration: formatGoDuration(decision.until - decision.createdAt) }));
        },
      }).catch((error: unknown) => {
        throw new UserError(error instanceof Error ? error.message : String(error));
      });
      if (handle.url) say(t('shield-start', { url: handle.url, origin: opts.origin ?? '' }));
      if (handle.nginxAuthUrl) say(t('shield-nginx', { url: handle.nginxAuthUrl, path: handle.nginxIncludePath ?? '' }));
      const toggle = () => handle.underAttack.setManual(!handle.underAttack.isManual);
      process.on('SIGUSR2', toggle);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      });
      process.off('SIGUSR2', toggle);
      await handle.stop();
      const c = handle.counters;
      say(t('shield-stopped', { requests: c.get('requests'), blocked: c.get('blocked'), challenged: c.get('challenged'), limited: c.get('rate-limited-ip') + c.get('rate-limited-prefix') + c.get('rate-limited-asn') + c.get('rate-limited-country') }));
    });
}
