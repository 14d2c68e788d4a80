import { loadRules } from '../../rules/index.js';
import {
  AttributionList, DemoStartRequest, DemoStatus, RuleList, Settings, SourceList, UpdateSettingsRequest, type SourceHealth,
} from '../contract.js';
import type { ServerContext } from '../context.js';
import { ApiFailure } from '../errors.js';
import type { Api } from '../route.js';

/** Sources' health, settings, rules, data attributions and the demo. */
export function systemRoutes(api: Api, ctx: ServerContext): void {
  /** Lines seen at the previous poll, per source, for lines per second. */
  const previous = new Map<string, { at: number; lines: number }>();

  api.route({
    method: 'GET', url: '/api/sources', tag: 'sources', role: 'viewer', response: SourceList,
    summary: 'Health of every source: lines per second, lag, errors',
    handler: async () => {
      const now = ctx.now();
      return ctx.sources().map((source): SourceHealth => {
        const h = source.health();
        const last = previous.get(h.source);
        previous.set(h.source, { at: now, lines: h.lines });
        const seconds = last ? (now - last.at) / 1000 : 0;
        const newest = ctx.live.newestBySource.get(h.source) ?? [...Object.keys(h.details)].map((k) => ctx.live.newestBySource.get(k) ?? 0).reduce((a, b) => Math.max(a, b), 0);
        return {
          name: h.source,
          kind: source.constructor.name === 'DemoSource' ? 'demo' : h.source,
          status: h.lastError && h.errors > 0 && !h.running ? 'error' : h.running ? (h.lines > (last?.lines ?? 0) ? 'running' : 'idle') : 'stopped',
          linesPerSecond: seconds > 0 ? Math.max(0, Math.round((h.lines - (last?.lines ?? 0)) / seconds)) : 0,
          lagSeconds: newest > 0 ? Math.max(0, Math.round((now - newest) / 1000)) : null,
          lines: h.lines,
          errors: h.errors + h.dropped,
          lastEventAt: h.lastLineAt,
          lastMessage: h.lastError,
        };
      });
    },
  });

  const readSettings = async () => {
    const stored = (await ctx.accounts.setting('dashboard')) as Partial<Record<string, unknown>> | undefined;
    return Settings.parse({
      home: ctx.home,
      retentionDays: ctx.defaults.retentionDays,
      alerts: { channels: ctx.defaults.alertChannels, minSeverity: ctx.defaults.minSeverity },
      rulesDirs: ctx.defaults.rulesDirs,
      language: 'en',
      ...pick(stored, ['home', 'retentionDays', 'language']),
      ...(stored?.minSeverity ? { alerts: { channels: ctx.defaults.alertChannels, minSeverity: stored.minSeverity } } : {}),
    });
  };

  api.route({
    method: 'GET', url: '/api/settings', tag: 'settings', role: 'viewer', response: Settings,
    summary: 'Home country, retention, alert channels (names only), rule directories, default language',
    handler: readSettings,
  });
  api.route({
    method: 'PUT', url: '/api/settings', tag: 'settings', role: 'admin', body: UpdateSettingsRequest, response: Settings,
    summary: 'Change settings; home country and retention apply at once to what the pipeline reads from then on',
    handler: async ({ body, principal }) => {
      const stored = ((await ctx.accounts.setting('dashboard')) ?? {}) as Record<string, unknown>;
      const changes = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
      await ctx.accounts.setSetting('dashboard', { ...stored, ...changes });
      await ctx.audit(principal.name, 'settings.update', 'dashboard', JSON.stringify(changes));
      if (body.home !== undefined) ctx.home = body.home;
      if (body.retentionDays !== undefined) ctx.defaults.retentionDays = body.retentionDays;
      await ctx.applySettings?.({ home: body.home, retentionDays: body.retentionDays });
      return readSettings();
    },
  });

  api.route({
    method: 'GET', url: '/api/rules', tag: 'settings', role: 'viewer', response: RuleList,
    summary: 'Detection rules: built-in and the operator\u2019s',
    handler: async ({ lang }) => {
      const loaded = loadRules({ dirs: ctx.defaults.rulesDirs, builtin: true });
      return loaded.rules.map((r) => ({
        id: r.name, category: r.category, severity: r.severity, source: r.source.builtin ? 'builtin' as const : 'operator' as const, description: r.description[lang],
      }));
    },
  });

  api.route({
    method: 'GET', url: '/api/attributions', tag: 'settings', role: 'public', response: AttributionList,
    summary: 'The data sources and the attributions their licences require',
    handler: async () => ctx.dataSources.map((a) => ({ name: a.name, licence: a.licence, url: a.url, notice: a.notice })),
  });

  const demoStatus = () => (ctx.demo ? ctx.demo.status(ctx.offerDemo) : { running: false, startedAt: null, lines: 0, linesPerSecond: 0, offered: false });
  api.route({
    method: 'GET', url: '/api/demo', tag: 'demo', role: 'viewer', response: DemoStatus, summary: 'Whether the demo runs, and whether it is offered',
    handler: async () => demoStatus(),
  });
  api.route({
    method: 'POST', url: '/api/demo/start', tag: 'demo', role: 'analyst', body: DemoStartRequest, response: DemoStatus,
    summary: 'Start simulated election-night traffic through the pipeline',
    handler: async ({ body, principal }) => {
      if (!ctx.demo) throw new ApiFailure(404, 'not-found', 'not-found');
      if (!ctx.demo.run(body?.rate)) throw new ApiFailure(409, 'conflict', 'demo-running');
      await ctx.audit(principal.name, 'demo.start', 'demo', `${demoStatus().linesPerSecond} lines/s`);
      return demoStatus();
    },
  });
  api.route({
    method: 'POST', url: '/api/demo/stop', tag: 'demo', role: 'analyst', response: DemoStatus, summary: 'Stop the demo',
    handler: async ({ principal }) => {
      if (ctx.demo && (await ctx.demo.halt())) await ctx.audit(principal.name, 'demo.stop', 'demo');
      return demoStatus();
    },
  });
}

function pick(object: Record<string, unknown> | undefined, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) if (object && object[key] !== undefined) out[key] = object[key];
  return out;
}
