/** What the shield counts: every refusal and every failure has its own counter. */
export const COUNTERS = [
  'requests',
  'proxied',
  'cache-hit',
  'cache-stale',
  'cache-miss',
  'origin-error',
  'origin-slow',
  'heavy-load',
  'blocked',
  'challenged',
  'challenge-solved',
  'challenge-malformed',
  'challenge-forged',
  'challenge-expired',
  'challenge-wrong',
  'challenge-replayed',
  'challenge-early',
  'cookie-valid',
  'cookie-malformed',
  'cookie-forged',
  'cookie-replayed',
  'cookie-expired',
  'rate-limited-ip',
  'rate-limited-prefix',
  'rate-limited-asn',
  'rate-limited-country',
  'bad-request',
  'header-timeout',
  'header-too-large',
  'body-too-large',
  'websocket',
  'websocket-refused',
  'under-attack-auto',
  'events-dropped',
  'evidence-bans',
  'nginx-allow',
  'nginx-deny',
  'internal-error',
  'connection-dropped',
  'connection-refused',
] as const;
export type CounterName = (typeof COUNTERS)[number];

export class Counters {
  private readonly values = new Map<CounterName, number>(COUNTERS.map((c) => [c, 0]));

  count(name: CounterName, by = 1): void {
    this.values.set(name, (this.values.get(name) ?? 0) + by);
  }

  get(name: CounterName): number {
    return this.values.get(name) ?? 0;
  }

  snapshot(): Record<CounterName, number> {
    return Object.fromEntries(this.values) as Record<CounterName, number>;
  }

  /** Prometheus text exposition: `vigie_shield_<name>_total`. */
  prometheus(gauges: Record<string, number>): string {
    const lines: string[] = [];
    for (const [name, value] of this.values) lines.push(`vigie_shield_${name.replace(/-/g, '_')}_total ${value}`);
    for (const [name, value] of Object.entries(gauges)) lines.push(`vigie_shield_${name.replace(/-/g, '_')} ${value}`);
    return `${lines.join('\n')}\n`;
  }
}
