import { existsSync } from 'node:fs';
import { createServer } from 'node:net';

/** Debian's nginx, installed by .ci/run; undefined where it is absent (the tests then skip). */
export const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p));

/** A loopback port free at the time of asking, for a server (nginx) that cannot be given port 0. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
