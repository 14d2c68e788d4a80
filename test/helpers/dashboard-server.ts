/**
 * A real `vigie serve` for the browser tests (its programmatic entry, the one the CLI calls), on
 * 127.0.0.1 with a free port and its own data directory: pipeline with the demo source, store,
 * the dashboard's API and its built files.
 */
import { startServe } from '../../src/pipeline/serve.js';

export interface TestServer {
  url: string;
  stop(): Promise<void>;
}

export async function startTestServer(dataDir: string, webDir: string): Promise<TestServer> {
  const handle = await startServe({
    paths: [],
    dataDir,
    home: 'CA',
    listen: '127.0.0.1:0',
    formatOptions: {},
    trustedProxies: [],
    webDir,
    flushIntervalMs: 1000,
  });
  return { url: handle.url.replace(/\/$/, ''), stop: () => handle.stop() };
}
