import type { ExportSet } from './targets.js';

/** One file format: the validated bans in, the file's whole text out. */
export interface ExportFormat {
  readonly name: string;
  render(set: ExportSet): string;
}

/**
 * The comment lines heading a file: what it is, and what could not be written, so an operator
 * reading it knows why an AS ban is missing.
 */
export function headerLines(set: ExportSet, what: string, comment = '#'): string[] {
  const lines = [`${comment} Written by Vigie: ${what}. Do not edit: the next export replaces this file.`, `${comment} Entries: ${set.targets.length}.`];
  const { asn, country, invalid } = set.skipped;
  if (asn + country > 0) lines.push(`${comment} Not written: ${asn} AS ban(s), ${country} country ban(s) (a file lists addresses; use the bouncer API for these).`);
  if (invalid > 0) lines.push(`${comment} Not written: ${invalid} ban(s) whose value is not an address or network.`);
  return lines;
}
