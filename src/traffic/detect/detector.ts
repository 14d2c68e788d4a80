import type { Finding, HttpEvent } from '../../model/index.js';

/**
 * A behaviour detector. It sees every event in input order and keeps bounded state (every map has a
 * cap), so that memory does not grow with the input.
 */
export interface Detector {
  readonly name: string;
  observe(event: HttpEvent): void;
  /** The findings so far; may be called more than once. */
  findings(): Finding[];
  /** The findings whose state changed since the last call (the live path asks a few times a second). */
  changedFindings?(): Finding[];
  /** Current size of each bounded map it keeps, by name: for tests and health reports. */
  stateSizes?(): Record<string, number>;
}
