import { describe, expect, it } from 'vitest';
import { ActiveDecisions } from './active-index.js';
import { DecisionService } from './service.js';
import { MemoryDecisionStore } from './store.js';
import type { Decision } from './decision.js';

const T0 = Date.UTC(2026, 10, 23);
const HOUR = 3_600_000;

let nextId = 1;
function decision(overrides: Partial<Decision>): Decision {
  return {
    id: nextId++, uuid: 'u', type: 'ban', scope: 'ip', value: '198.51.100.9', origin: 'manual', scenario: 'test',
    createdAt: T0, until: T0 + HOUR, deletedAt: null, findingId: null, simulated: false, ...overrides,
  };
}

describe('ActiveDecisions', () => {
  const clock = { t: T0 };
  const index = new ActiveDecisions(() => clock.t);
  const ipBan = decision({ value: '198.51.100.9' });
  const rangeChallenge = decision({ type: 'challenge', scope: 'range', value: '203.0.113.0/24' });
  const v6Range = decision({ scope: 'range', value: '2001:db8:1::/48' });
  const asnThrottle = decision({ type: 'throttle', scope: 'asn', value: '64500' });
  const countryChallenge = decision({ type: 'challenge', scope: 'country', value: 'RU' });
  const simulated = decision({ value: '192.0.2.1', simulated: true });
  index.replace([ipBan, rangeChallenge, v6Range, asnThrottle, countryChallenge, simulated]);

  it.each([
    ['an exact address', { ip: '198.51.100.9', asn: null, country: null }, ipBan],
    ['an IPv4-mapped IPv6 address', { ip: '::ffff:198.51.100.9', asn: null, country: null }, ipBan],
    ['an address in a range', { ip: '203.0.113.77', asn: null, country: null }, rangeChallenge],
    ['an IPv6 address in a range, written long', { ip: '2001:0db8:0001:0000::5', asn: null, country: null }, v6Range],
    ['an AS', { ip: '192.0.2.50', asn: 64500, country: 'CA' }, asnThrottle],
    ['a country, in lower case', { ip: '192.0.2.50', asn: 1, country: 'ru' }, countryChallenge],
    ['the most severe of several: ban over throttle', { ip: '198.51.100.9', asn: 64500, country: null }, ipBan],
    ['the most severe of several: challenge over throttle', { ip: '203.0.113.1', asn: 64500, country: null }, rangeChallenge],
    ['nothing for a simulated decision', { ip: '192.0.2.1', asn: null, country: null }, null],
    ['nothing for an address outside every decision', { ip: '203.0.114.1', asn: 2, country: 'CA' }, null],
    ['nothing for a string that is no address', { ip: 'not-an-ip', asn: null, country: null }, null],
  ])('matches %s', (_name, target, expected) => {
    expect(index.match(target)).toBe(expected);
  });

  it('forgets a decision once it runs out, and one that is deleted', () => {
    const local = new ActiveDecisions(() => clock.t);
    const short = decision({ value: '192.0.2.9', until: T0 + 1000 });
    const long = decision({ value: '192.0.2.10' });
    local.replace([short, long]);
    expect(local.size()).toBe(2);
    clock.t = T0 + 1001;
    expect(local.match({ ip: '192.0.2.9', asn: null, country: null })).toBeNull();
    local.sweep();
    expect(local.size()).toBe(1);
    local.apply({ kind: 'deleted', decision: { ...long, until: clock.t, deletedAt: clock.t } });
    expect(local.match({ ip: '192.0.2.10', asn: null, country: null })).toBeNull();
    expect(local.size()).toBe(0);
    clock.t = T0;
  });
});

describe('DecisionService.active', () => {
  it('loads what is in force and follows every later change', async () => {
    const clock = { t: T0 };
    const store = new MemoryDecisionStore();
    const before = new DecisionService(store, { now: () => clock.t });
    const old = await before.add({ type: 'ban', scope: 'ip', value: '198.51.100.1', durationMs: HOUR, reason: 'x' });
    await before.add({ type: 'ban', scope: 'ip', value: '198.51.100.2', durationMs: 1000, reason: 'x' });
    clock.t += 2000;
    const service = new DecisionService(store, { now: () => clock.t });
    const index = await service.loadActive();
    expect(index.size()).toBe(1);
    expect(index.match({ ip: '198.51.100.1', asn: null, country: null })?.id).toBe(old.id);
    const added = await service.add({ type: 'challenge', scope: 'country', value: 'FR', durationMs: HOUR, reason: 'x' });
    expect(service.active().match({ ip: '192.0.2.1', asn: null, country: 'FR' })?.id).toBe(added.id);
    await service.deleteById(old.id, 'test');
    expect(service.active().match({ ip: '198.51.100.1', asn: null, country: null })).toBeNull();
  });
});
