import type { ExportFormat } from './format.js';
import { headerLines } from './format.js';
import { formatTarget, remainingSeconds, type BanTarget, type ExportSet } from './targets.js';

export interface IpsetOptions {
  /** Set names for IPv4 and IPv6 (ipset allows 31 characters; "-new" is added for the swap). */
  set4?: string;
  set6?: string;
  /** Largest number of entries per set. Changing it later means destroying the sets first. */
  maxelem?: number;
}

const IPSET_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,26}$/;
/** The kernel's largest timeout in seconds. */
export const IPSET_MAX_TIMEOUT = 2_147_483;

/**
 * An `ipset restore` file. Each set is filled as a new set and swapped in, so the live set is
 * never half-full; each entry has its own timeout. Longer bans are cut to the kernel's limit
 * (about 24 days): the next export puts them back.
 */
export function ipsetFormat(options: IpsetOptions = {}): ExportFormat {
  const set4 = options.set4 ?? 'vigie-ban4';
  const set6 = options.set6 ?? 'vigie-ban6';
  const maxelem = options.maxelem ?? 65_536;
  for (const name of [set4, set6]) if (!IPSET_NAME.test(name)) throw new Error(`ipset name: a letter then letters, digits, . _ - (up to 27), got "${name}"`);
  if (set4 === set6) throw new Error('ipset: the IPv4 and IPv6 sets need different names');
  if (!Number.isSafeInteger(maxelem) || maxelem < 1 || maxelem > 2 ** 31) throw new Error(`ipset maxelem: expected a positive integer, got ${maxelem}`);
  return {
    name: 'ipset',
    render(set: ExportSet): string {
      const lines = headerLines(set, `ipset restore file, load with ipset restore -file; then match ${set4} and ${set6} (hash:net, src)`);
      for (const [family, name, familyName] of [[4, set4, 'inet'], [6, set6, 'inet6']] as const) {
        const entries = set.targets.filter((t) => t.family === family).flatMap(hashNetEntries);
        const kept = entries.slice(0, maxelem);
        if (kept.length < entries.length) lines.push(`# Not written: ${entries.length - kept.length} entr(ies) beyond maxelem ${maxelem} in ${name}.`);
        const create = `hash:net family ${familyName} hashsize 1024 maxelem ${maxelem} timeout 0`;
        lines.push(`create ${name} ${create} -exist`, `create ${name}-new ${create} -exist`, `flush ${name}-new`);
        for (const entry of kept) lines.push(`add ${name}-new ${entry.text} timeout ${Math.min(IPSET_MAX_TIMEOUT, remainingSeconds(entry.until, set.now))} -exist`);
        lines.push(`swap ${name}-new ${name}`, `destroy ${name}-new`);
      }
      return `${lines.join('\n')}\n`;
    },
  };
}

/** hash:net takes prefixes 1 to 32 (or 128): the whole space is written as its two halves. */
function hashNetEntries(target: BanTarget): { text: string; until: number }[] {
  if (target.prefix > 0) return [{ text: formatTarget(target), until: target.until }];
  const half = target.family === 4 ? 1n << 31n : 1n << 127n;
  return [0n, half].map((start) => ({ text: formatTarget({ family: target.family, start, prefix: 1 }), until: target.until }));
}
