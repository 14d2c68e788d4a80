import type { HttpEvent } from '../model/index.js';
import { registerServer } from '../server/app.js';
import { AccountStore } from '../server/auth/account-store.js';
import type { ServerSettingsDefaults } from '../server/context.js';
import { DemoSource } from '../server/demo.js';
import { LiveHub } from '../server/live.js';
import { ExtraRollups } from '../server/queries/extra-rollups.js';
import { DuckDbStore } from '../store/duckdb/duckdb-store.js';
import { startWatch, type WatchHandle, type WatchOptions } from './watch.js';

export interface ServeOptions extends Omit<WatchOptions, 'extendApi' | 'extraSources' | 'storeEvents' | 'onEvents' | 'adminTokens'> {
  /** Start the demo's simulated traffic at once. */
  demo?: boolean;
  /** Demo lines per second (default 500). */
  demoRate?: number;
  /** The built dashboard; null: the API alone. */
  webDir: string | null;
  /** Believe X-Forwarded-Proto for Secure cookies (behind your own https reverse proxy). */
  trustProxy?: boolean;
  /** Use the home country saved in the dashboard's settings rather than `home`. */
  preferSavedHome?: boolean;
  alertChannels?: ServerSettingsDefaults['alertChannels'];
  logError?: (error: unknown, where: string) => void;
}

export interface ServeHandle {
  url: string;
  watch: WatchHandle;
  demo: DemoSource;
  live: LiveHub;
  /** True when no source was configured: the dashboard offers the demo. */
  offerDemo: boolean;
  home: string;
  /** Whether any user exists yet (false: first-run setup awaits). */
  hasUsers: boolean;
  stop(): Promise<void>;
}

const EXTRA_ROLLUP_MS = 5000;

/** Settings saved from the dashboard, read before the pipeline starts (home country, retention). */
async function savedSettings(dataDir: string): Promise<{ home?: string; retentionDays?: number; hasUsers: boolean }> {
  const store = await DuckDbStore.open(dataDir);
  const connection = await store.connect();
  try {
    const accounts = await AccountStore.open(connection);
    const saved = ((await accounts.setting('dashboard')) ?? {}) as { home?: unknown; retentionDays?: unknown };
    return {
      home: typeof saved.home === 'string' && /^[A-Z]{2}$/.test(saved.home) ? saved.home : undefined,
      retentionDays: typeof saved.retentionDays === 'number' ? saved.retentionDays : undefined,
      hasUsers: (await accounts.countUsers()) > 0,
    };
  } finally {
    connection.closeSync();
    await store.close();
  }
}

/**
 * `vigie serve`: one process with the pipeline of `vigie watch` (same sources, analyzer, decisions,
 * store and bouncer API), every event kept for drill-down, the dashboard's API and live stream on
 * the same address, and the demo source ready to start.
 */
export async function startServe(options: ServeOptions): Promise<ServeHandle> {
  const saved = await savedSettings(options.dataDir);
  const home = options.preferSavedHome && saved.home ? saved.home : options.home;
  const retentionDays = options.retentionDays ?? saved.retentionDays ?? 30;
  const live = new LiveHub();
  const demo = new DemoSource({ rate: options.demoRate, home });
  const extra = new ExtraRollups();
  const offerDemo = options.paths.length === 0 && !options.syslog && (options.ingestTokens ?? []).length === 0;
  const watch = await startWatch({
    ...options,
    home,
    retentionDays,
    extraSources: [demo],
    rehearsalSources: [demo.name],
    storeEvents: true,
    onEvents: (events: readonly HttpEvent[]) => {
      live.events(events);
      extra.add(events);
    },
    onFinding: (finding, decision, reason) => {
      live.finding(finding, decision);
      options.onFinding?.(finding, decision, reason);
    },
    extendApi: async (app, context) => {
      const handle = await registerServer(app, {
        store: context.store,
        service: context.service,
        home,
        intel: context.intel,
        dataSources: context.dataSources,
        live,
        demo,
        offerDemo,
        sources: () => context.sources,
        webDir: options.webDir,
        defaults: { retentionDays, rulesDirs: options.rules ?? [], alertChannels: options.alertChannels ?? [], minSeverity: options.alerts?.minSeverity ?? 'medium' },
        auth: { trustProxy: options.trustProxy },
        logError: options.logError,
        applySettings: async (changes) => {
          if (changes.home !== undefined) {
            context.analyzer.home = changes.home;
            demo.home = changes.home;
          }
          if (changes.retentionDays !== undefined) await context.setRetentionDays(changes.retentionDays);
        },
      });
      // the dashboard's connections go before the store closes
      app.addHook('onClose', async () => handle.close());
    },
  });
  let writing: Promise<void> = Promise.resolve();
  const writeExtra = () => (writing = writing.then(() => watch.store.appendRollups(watch.runId, extra.drain())).catch((error: unknown) => options.logError?.(error, 'rollups')));
  const timer = setInterval(() => void writeExtra(), EXTRA_ROLLUP_MS);
  timer.unref();
  if (options.demo) demo.run(options.demoRate);
  return {
    url: watch.url,
    watch,
    demo,
    live,
    offerDemo,
    home,
    hasUsers: saved.hasUsers,
    stop: async () => {
      clearInterval(timer);
      await demo.halt();
      await writeExtra();
      await watch.stop();
      live.close();
    },
  };
}
