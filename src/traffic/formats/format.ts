import type { ParsedRequest } from '../../model/index.js';

/**
 * One log format, as a parser for one file. `parse` must never throw. It returns:
 * - the request;
 * - a string: a short reason (English, lower case, e.g. "bad status") why the line was rejected;
 * - null: a line that carries no request by design (a W3C `#Fields:` header, a comment), neither
 *   parsed nor rejected.
 * A parser may keep state across the lines of its file (W3C and CloudFront headers set the fields).
 */
export interface LogFormat {
  readonly name: string;
  parse(line: string): ParsedRequest | string | null;
}

/** A kind of log format: makes a fresh parser for each file. */
export interface FormatFactory {
  readonly name: string;
  readonly description: string;
  /** The description in French. */
  readonly descriptionFr?: string;
  create(options: FormatOptions): LogFormat;
}

/** Options that build formats which need configuration. */
export interface FormatOptions {
  /** An nginx `log_format` string, e.g. '$remote_addr - $remote_user [$time_local] "$request" ...'. */
  nginxLogFormat?: string;
  /** A GoAccess `log-format` string, e.g. '%h %^[%d:%t %^] "%r" %s %b'. */
  goaccessLogFormat?: string;
  /** GoAccess `date-format` (strftime subset); default `%d/%b/%Y`. */
  goaccessDateFormat?: string;
  /** GoAccess `time-format` (strftime subset); default `%H:%M:%S`. */
  goaccessTimeFormat?: string;
  /** Field mapping for generic JSON lines: Vigie field -> JSON key (dotted path allowed). */
  jsonMapping?: Partial<Record<keyof ParsedRequest, string>>;
}
