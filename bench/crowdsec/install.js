// Finds CrowdSec's engine for the benchmark, without installing it system-wide: Debian's package
// runs a postinst that registers with the online API, updates the hub and starts a service, all of
// which fail offline. The bench only needs the files, so it unpacks the .deb under bench/out/.
// Order: an installed /usr/bin/crowdsec; a previous unpack; CROWDSEC_DEB=path/to.deb; a .deb
// already in bench/out/crowdsec/; `apt-get download crowdsec` (needs the package index, not root).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Where the engine's files are: `root` + /usr/bin/crowdsec, /usr/share/crowdsec/{hub,data}... */
export function findCrowdsec(outDir, say) {
  const installed = ['/usr/bin/crowdsec', '/usr/bin/cscli', '/usr/share/crowdsec/hub/.index.json', '/etc/crowdsec/patterns'];
  if (installed.every((path) => existsSync(path))) return { root: '/', how: 'installed (/usr/bin/crowdsec)' };

  const home = join(outDir, 'crowdsec');
  const root = join(home, 'root');
  const unpacked = () => existsSync(join(root, 'usr', 'bin', 'crowdsec')) && existsSync(join(root, 'usr', 'share', 'crowdsec', 'hub', '.index.json'));
  if (unpacked()) return { root, how: `unpacked in ${root}` };

  mkdirSync(home, { recursive: true });
  const debs = () => readdirSync(home).filter((name) => /^crowdsec_.*\.deb$/.test(name));
  let deb = process.env.CROWDSEC_DEB;
  if (!deb && debs().length === 0) {
    say(`crowdsec: not installed; fetching Debian's package: (cd ${home} && apt-get download crowdsec)`);
    const got = spawnSync('apt-get', ['download', 'crowdsec'], { cwd: home, encoding: 'utf8', timeout: 120_000 });
    if (got.status !== 0) {
      return { error: `apt-get download crowdsec failed (${got.error?.message ?? `exit ${got.status}`}): ${(got.stderr || '').trim().split('\n').pop()}` };
    }
  }
  deb ??= join(home, debs().sort().pop());
  if (!existsSync(deb)) return { error: `no such package file: ${deb}` };
  say(`crowdsec: unpacking ${deb} (dpkg -x, no maintainer scripts) into ${root}`);
  const x = spawnSync('dpkg', ['-x', deb, root], { encoding: 'utf8', timeout: 120_000 });
  if (x.status !== 0) return { error: `dpkg -x ${deb} failed: ${(x.stderr || x.error?.message || '').trim()}` };
  if (!unpacked()) return { error: `${deb} has no usr/bin/crowdsec or vendored hub` };
  return { root, how: `unpacked from ${deb} in ${root}` };
}
