import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startShield, type ShieldHandle } from '../src/shield/index.js';
import { startOrigin, tempDir, type TestOrigin } from './shield-kit.js';

const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0';

describe('vigie shield under a flood', () => {
  let origin: TestOrigin;
  let shield: ShieldHandle;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  const changes: string[] = [];

  beforeAll(async () => {
    origin = await startOrigin();
    shield = await startShield({
      dataDir: tempDir(),
      origin: origin.url,
      listen: '127.0.0.1:0',
      trustForwarded: true,
      onUnderAttack: (on, reason) => changes.push(`${on ? 'on' : 'off'}: ${reason}`),
    });
  });

  afterAll(async () => {
    agent.destroy();
    await shield?.stop();
    await origin?.stop();
  });

  const get = (ip: string, path: string): Promise<{ status: number; body: string }> =>
    new Promise((resolve, reject) => {
      const req = http.get(`${shield.url}${path}`, { agent, headers: { 'x-forwarded-for': ip, 'user-agent': UA } }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
    });

  it('turns under-attack mode on by itself when the pipeline finds a flood, and challenges new clients', async () => {
    expect((await get('24.200.10.1', '/before')).status).toBe(200);
    // ordinary visitors make the baseline the flood is measured against
    for (let i = 0; i < 30; i++) await get(`24.201.${i}.7`, '/');
    let sent = 0;
    // a minute boundary may split the burst: keep flooding until the detector fires (bounded)
    while (!shield.underAttack.isOn() && sent < 3000) {
      await Promise.all(Array.from({ length: 100 }, () => get('198.51.100.66', `/search?q=${sent++}`)));
      await shield.flush();
    }
    expect(shield.underAttack.isOn()).toBe(true);
    expect(changes[0]).toMatch(/^on: flood ip 198\.51\.100\.66/);
    expect(shield.counters.get('under-attack-auto')).toBeGreaterThanOrEqual(1);
    // the flood's own events are in the pipeline: one event per request handled
    expect(shield.analyzer.events).toBeGreaterThanOrEqual(sent + 31);
    const newcomer = await get('24.200.10.2', '/after');
    expect(newcomer.body).toContain('vigie-pow');
    expect(origin.hits.get('/after')).toBeUndefined();
    // the flooding address was decided against through the decision service
    const decided = await shield.service.list();
    expect(decided.some((d) => d.value === '198.51.100.66')).toBe(true);
    // the operator may end it by hand
    shield.underAttack.setManual(false);
    expect(shield.underAttack.isOn()).toBe(false);
    expect(changes.at(-1)).toBe('off: manual-off');
  });
});
