import type { ParsedRequest } from '../../model/index.js';

/**
 * One log format. `parse` is pure and must never throw: it returns the request, or a short
 * reason (English, lower case, e.g. "bad status") when the line is not of this format.
 */
export interface LogFormat {
  readonly name: string;
  readonly description: string;
  parse(line: string): ParsedRequest | string;
}

/** Options that build formats which need configuration. */
export interface FormatOptions {
  /** An nginx `log_format` string, e.g. '$remote_addr - $remote_user [$time_local] "$request" ...'. */
  nginxLogFormat?: string;
  /** A GoAccess `log-format` string, e.g. '%h %^[%d:%t %^] "%r" %s %b'. */
  goaccessLogFormat?: string;
  /** Field mapping for generic JSON lines: Vigie field -> JSON key (dotted path allowed). */
  jsonMapping?: Partial<Record<keyof ParsedRequest, string>>;
}
