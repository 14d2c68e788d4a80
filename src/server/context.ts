import type { DecisionService } from '../decisions/service.js';
import type { Intel } from '../intel/intel.js';
import type { DataAttribution } from '../model/index.js';
import type { DuckDbStore } from '../store/duckdb/duckdb-store.js';
import type { LiveSource } from '../traffic/sources/live/index.js';
import type { AccountStore } from './auth/account-store.js';
import type { Auth } from './auth/auth.js';
import type { DemoSource } from './demo.js';
import type { LiveHub } from './live.js';
import type { DashboardQueries } from './queries/dashboard-queries.js';

/** What the configuration says, shown on the settings page (secrets never included). */
export interface ServerSettingsDefaults {
  retentionDays: number;
  rulesDirs: string[];
  alertChannels: { name: string; kind: string }[];
  minSeverity: 'low' | 'medium' | 'high' | 'critical';
}

/** Everything a route file may use. */
export interface ServerContext {
  store: DuckDbStore;
  accounts: AccountStore;
  auth: Auth;
  service: DecisionService;
  queries: DashboardQueries;
  live: LiveHub;
  demo: DemoSource | null;
  /** Whether the server has no source of its own: the dashboard then offers the demo. */
  offerDemo: boolean;
  sources: () => LiveSource[];
  intel: Intel | null;
  dataSources: DataAttribution[];
  /** Changed by the settings page while the server runs. */
  home: string;
  defaults: ServerSettingsDefaults;
  /** Applies a changed home country or retention to the running pipeline (absent: nothing runs). */
  applySettings?: (changes: { home?: string; retentionDays?: number }) => Promise<void>;
  now: () => number;
  /** Records a change in the audit log. */
  audit(actor: string, action: string, target: string, detail?: string): Promise<void>;
}
