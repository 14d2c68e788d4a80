/**
 * A real Vigie server for the browser tests, on 127.0.0.1 with a free port and its own data
 * directory: the pipeline (with the demo source), the store and the dashboard's API and files.
 */
import { startWatch } from '../../src/pipeline/watch.js';
import { registerServer } from '../../src/server/app.js';
import { DemoSource } from '../../src/server/demo.js';
import { LiveHub } from '../../src/server/live.js';

export interface TestServer {
  url: string;
  stop(): Promise<void>;
}

export async function startTestServer(dataDir: string, webDir: string): Promise<TestServer> {
  const demo = new DemoSource({ home: 'CA' });
  const live = new LiveHub();
  const handle = await startWatch({
    paths: [],
    dataDir,
    home: 'CA',
    listen: '127.0.0.1:0',
    formatOptions: {},
    trustedProxies: [],
    extraSources: [demo],
    storeEvents: true,
    flushIntervalMs: 1000,
    onFinding: (finding, decision) => live.finding(finding, decision),
    onEvents: (events) => live.events(events),
    extendApi: async (app, ctx) => {
      await registerServer(app, {
        store: ctx.store,
        service: ctx.service,
        home: 'CA',
        intel: ctx.intel,
        dataSources: ctx.dataSources,
        live,
        demo,
        offerDemo: true,
        sources: () => ctx.sources,
        webDir,
      });
    },
  });
  return {
    url: handle.url.replace(/\/$/, ''),
    stop: async () => {
      live.close();
      await handle.stop();
    },
  };
}
