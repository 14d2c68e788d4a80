import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, NGINX } from './helpers/nginx.js';
import { analyze } from '../src/pipeline/analyze.js';
import { buildTrafficStages } from '../src/pipeline/traffic-stages.js';
import { expandInputs } from '../src/traffic/sources/files.js';

/**
 * A log written by a real nginx (Debian's, installed by .ci/run). nginx takes the client from
 * X-Forwarded-For (realip module, trusting loopback only), so requests sent from this test carry
 * the public addresses that a real site would log.
 */

describe.skipIf(!NGINX)('a log written by a real nginx', () => {
  let dir: string;
  let port: number;
  let nginx: ChildProcess;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigie-nginx-'));
    mkdirSync(join(dir, 'logs'));
    port = await freePort();
    const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `${t}_temp_path ${join(dir, t)};`).join('\n');
    writeFileSync(
      join(dir, 'nginx.conf'),
      `daemon off;
master_process off;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'logs', 'error.log')};
events { worker_connections 64; }
http {
  ${temp}
  access_log ${join(dir, 'logs', 'access.log')} combined;
  set_real_ip_from 127.0.0.1;
  real_ip_header X-Forwarded-For;
  server {
    listen 127.0.0.1:${port};
    location = / { return 200 "ok"; }
    location /fr/ { return 200 "ok"; }
    location / { return 404; }
  }
}
`,
    );
    nginx = spawn(NGINX as string, ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      try {
        await fetch(`http://127.0.0.1:${port}/`, { headers: { 'x-forwarded-for': '127.0.0.1' } });
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    throw new Error('nginx did not start');
  });

  afterAll(() => {
    nginx?.kill('SIGTERM');
  });

  const send = (ip: string, path: string, userAgent = 'Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0') =>
    fetch(`http://127.0.0.1:${port}${path}`, { headers: { 'x-forwarded-for': ip, 'user-agent': userAgent } }).then((r) => r.text());

  it('says how much attack traffic came from home, from abroad and from obscured networks', async () => {
    await send('70.48.1.1', '/');
    await send('24.200.1.1', '/fr/ou-voter');
    await send('178.64.47.34', "/results?riding=1'%20UNION%20SELECT%20username,password%20FROM%20users--");
    await send('158.69.250.103', '/.env', 'sqlmap/1.8.11#stable (https://sqlmap.org)');
    await send('158.69.250.103', '/download?file=..%2f..%2f..%2fetc%2fpasswd');
    for (let i = 0; i < 35; i++) await send('5.219.95.162', `/backup-${i}.zip`, 'Mozilla/5.0 zgrab/0.x');
    nginx.kill('SIGTERM');
    await new Promise((resolve) => nginx.once('exit', resolve));
    // the first request (from 127.0.0.1) only waited for nginx to start
    const stages = await buildTrafficStages({ formatOptions: {}, trustedProxies: [], dataDir: join(dir, 'data') });
    const { summary, fileErrors } = await analyze({
      files: await expandInputs([join(dir, 'logs', 'access.log')]),
      home: 'CA',
      stages: stages.stages,
    });
    expect(fileErrors).toEqual([]);
    expect(summary.input.files[0]?.format).toBe('combined');
    expect(summary.input).toMatchObject({ parsed: 41, rejected: 0 });
    expect(summary.attribution.all).toMatchObject({ domestic: 2, foreign: 36, obscured: 2, unknown: 1 });
    expect(summary.attribution.attacks).toMatchObject({ domestic: 0, foreign: 36, obscured: 2 });
    expect(summary.attribution.attacks.byCountry).toMatchObject({ RU: 1, IR: 35, CA: 2 });
    const found = new Set(summary.findings.map((f) => `${f.category}@${f.scope.value}`));
    for (const expected of ['sqli@178.64.47.34', 'scanner-tool@158.69.250.103', 'sensitive-file@158.69.250.103', 'path-traversal@158.69.250.103', 'scan@5.219.95.162', 'scanner-tool@5.219.95.162']) {
      expect(found).toContain(expected);
    }
  });
});

