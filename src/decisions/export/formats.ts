import type { ExportFormat } from './format.js';
import { ipsetFormat } from './ipset.js';
import { nftablesFormat } from './nftables.js';
import { nginxDenyFormat, nginxGeoFormat } from './nginx.js';
import { textFormat } from './text.js';

export const EXPORT_FORMATS = ['nginx', 'nginx-deny', 'nftables', 'ipset', 'text'] as const;
export type ExportFormatName = (typeof EXPORT_FORMATS)[number];

/** A format by name, with its default names (table, sets, variable). */
export function exportFormat(name: ExportFormatName): ExportFormat {
  switch (name) {
    case 'nginx':
      return nginxGeoFormat();
    case 'nginx-deny':
      return nginxDenyFormat;
    case 'nftables':
      return nftablesFormat();
    case 'ipset':
      return ipsetFormat();
    case 'text':
      return textFormat;
  }
}
