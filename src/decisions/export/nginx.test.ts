import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportFormat } from './formats.js';
import { decision, HOUR, NOW, sampleDecisions } from './sample.fixture.js';
import { selectTargets } from './targets.js';

const NGINX = '/usr/sbin/nginx';
const haveNginx = existsSync(NGINX);

describe.skipIf(!haveNginx)(`nginx -t accepts the generated files (needs ${NGINX})`, () => {
  /** Runs `nginx -t` on a minimal config that includes `geo` in http and `deny` in a server; its output. */
  async function nginxTest(geo: string, deny: string): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'vigie-nginx-'));
    try {
      await writeFile(join(dir, 'geo.conf'), geo);
      await writeFile(join(dir, 'deny.conf'), deny);
      const config = [
        'worker_processes 1;', `pid ${dir}/nginx.pid;`, `error_log ${dir}/error.log;`, 'events {}',
        'http {', `  access_log off;`, `  client_body_temp_path ${dir}/body;`, `  proxy_temp_path ${dir}/proxy;`,
        `  fastcgi_temp_path ${dir}/fastcgi;`, `  uwsgi_temp_path ${dir}/uwsgi;`, `  scgi_temp_path ${dir}/scgi;`,
        `  include ${dir}/geo.conf;`,
        '  server {', '    listen 127.0.0.1:18099;', `    include ${dir}/deny.conf;`, '    if ($vigie_ban) { return 403; }', '  }', '}', '',
      ].join('\n');
      await writeFile(join(dir, 'nginx.conf'), config);
      try {
        return execFileSync(NGINX, ['-t', '-p', dir, '-c', join(dir, 'nginx.conf')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }) + '';
      } catch (error) {
        const e = error as { stderr?: string };
        throw new Error(`nginx -t failed: ${e.stderr ?? String(error)}`, { cause: error });
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  it('parses the geo block and the deny list (IPv4, IPv6, networks, nested)', async () => {
    const set = selectTargets(sampleDecisions(), NOW);
    await expect(nginxTest(exportFormat('nginx').render(set), exportFormat('nginx-deny').render(set))).resolves.toBeDefined();
  });

  it('parses them empty, and with the whole address space banned', async () => {
    const empty = selectTargets([], NOW);
    await expect(nginxTest(exportFormat('nginx').render(empty), exportFormat('nginx-deny').render(empty))).resolves.toBeDefined();
    const all = selectTargets([decision('range', '0.0.0.0/0', HOUR), decision('range', '::/0', HOUR)], NOW);
    await expect(nginxTest(exportFormat('nginx').render(all), exportFormat('nginx-deny').render(all))).resolves.toBeDefined();
  });

  it('the check itself fails on a broken file (so passing means something)', async () => {
    await expect(nginxTest('geo $vigie_ban {\n    default 0;\n    1.2.3.4; }\n', '')).rejects.toThrow(/nginx -t failed/);
  });
});

describe.skipIf(haveNginx)('nginx -t', () => {
  it.skip(`skipped: ${NGINX} is not installed`, () => undefined);
});
