import type { ExportFormat } from './format.js';
import { headerLines } from './format.js';
import { formatTarget, type ExportSet } from './targets.js';

export interface NginxGeoOptions {
  /** Variable set to 1 for a banned client: `vigie_ban` gives `$vigie_ban`. */
  variable?: string;
}

const NGINX_VARIABLE = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/**
 * A `geo` block for the `http` context: `$vigie_ban` is 1 for a banned client, else 0. Used with
 * `if ($vigie_ban) { return 403; }` in a server block. Nested networks are fine: geo picks the
 * longest match.
 */
export function nginxGeoFormat(options: NginxGeoOptions = {}): ExportFormat {
  const variable = options.variable ?? 'vigie_ban';
  if (!NGINX_VARIABLE.test(variable)) throw new Error(`nginx variable: letters, digits and _ only, got "${variable}"`);
  return {
    name: 'nginx',
    render(set: ExportSet): string {
      const lines = headerLines(set, `nginx geo block, include it in the http context; then: if ($${variable}) { return 403; }`);
      lines.push(`geo $${variable} {`, '    default 0;');
      for (const target of set.targets) lines.push(`    ${formatTarget(target)} 1;`);
      lines.push('}');
      return `${lines.join('\n')}\n`;
    },
  };
}

/** `deny` lines for an http, server or location context, before any `allow all`. */
export const nginxDenyFormat: ExportFormat = {
  name: 'nginx-deny',
  render(set: ExportSet): string {
    const lines = headerLines(set, 'nginx deny list, include it in an http, server or location context');
    for (const target of set.targets) lines.push(`deny ${formatTarget(target)};`);
    return `${lines.join('\n')}\n`;
  },
};
