import { describe, expect, it } from 'vitest';
import { originOf } from './attribution.js';

describe('originOf', () => {
  it.each([
    ['CA', 'isp', 'domestic'],
    ['FR', 'isp', 'foreign'],
    ['US', 'crawler', 'foreign'],
    ['CA', 'hosting', 'obscured'],
    ['DE', 'tor', 'obscured'],
    ['NL', 'vpn', 'obscured'],
    [null, 'isp', 'unknown'],
    [null, 'unknown', 'unknown'],
    ['CA', 'private', 'unknown'],
  ] as const)('%s on a %s network is %s', (country, networkType, expected) => {
    expect(originOf(country, networkType, 'CA')).toBe(expected);
  });

  it('follows the home country', () => {
    expect(originOf('FR', 'isp', 'FR')).toBe('domestic');
    expect(originOf('CA', 'isp', 'FR')).toBe('foreign');
  });
});
