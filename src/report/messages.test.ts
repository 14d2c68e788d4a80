import { describe, expect, it } from 'vitest';
import { BEHAVIOUR_CATEGORIES } from '../model/finding.js';
import { ATTACK_TAGS, NETWORK_TYPES, ORIGINS } from '../model/http-event.js';
import { caveatMessage, categoryLabel, networkTypeLabel, originLabel, reportCatalogue, scopeKindLabel, severityLabel } from './messages.js';

describe('report catalogue', () => {
  it('has every message in both languages, none empty, placeholders matching', () => {
    const keys = Object.keys(reportCatalogue.en) as (keyof typeof reportCatalogue.en)[];
    expect(Object.keys(reportCatalogue.fr).sort()).toEqual([...keys].sort());
    for (const key of keys) {
      expect(reportCatalogue.en[key].trim()).not.toBe('');
      expect(reportCatalogue.fr[key].trim()).not.toBe('');
      const names = (text: string) => [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]))].sort();
      expect(names(reportCatalogue.fr[key])).toEqual(names(reportCatalogue.en[key]));
    }
  });

  it('names every category, origin and network type in both languages', () => {
    const cases: [readonly string[], (value: string, lang: 'en' | 'fr') => string][] = [
      [[...ATTACK_TAGS, ...BEHAVIOUR_CATEGORIES], categoryLabel],
      [ORIGINS, originLabel],
      [NETWORK_TYPES, networkTypeLabel],
      [['low', 'medium', 'high', 'critical'], severityLabel],
      [['ip', 'prefix', 'asn', 'country'], scopeKindLabel],
    ];
    for (const [values, label] of cases) {
      for (const value of values) {
        expect(label(value, 'en')).not.toBe(value);
        expect(label(value, 'fr')).not.toBe(value);
      }
    }
    expect(categoryLabel('sqli', 'fr')).toBe('Injection SQL');
    expect(originLabel('obscured', 'fr')).toBe('Masqué');
  });

  it('gives back an unknown key as it is', () => {
    expect(categoryLabel('new-thing', 'fr')).toBe('new-thing');
    expect(caveatMessage('some-future-caveat', 'en')).toBe('some-future-caveat');
    expect(caveatMessage('no-vpn-list', 'fr')).toMatch(/VPN/);
    expect(originLabel('toString', 'en')).toBe('toString');
  });
});
