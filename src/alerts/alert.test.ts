import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alertText, createAlert, groupKeyOf, printable, type Alert } from './alert.js';
import { renderMessage } from './render.js';
import { decision, evidence, finding } from './testing/fixtures.js';

function made(result: ReturnType<typeof createAlert>): Alert {
  if (!result.ok) throw new Error(result.reason);
  return result.alert;
}

describe('createAlert', () => {
  it('carries the finding facts and a title and text in English and in French', () => {
    const alert = made(createAlert({ finding: finding({ count: 1234 }) }));
    expect(alert).toMatchObject({ category: 'sqli', severity: 'high', requests: 1234, findings: 1, technique: 'T1190', rule: 'attack-tags' });
    expect(alertText(alert, 'en').title).toContain('SQL injection');
    expect(alertText(alert, 'fr').title).toContain('Injection SQL');
    expect(alertText(alert, 'en').title).toContain('203.0.113.7');
    expect(alertText(alert, 'en').text).toContain('1,234');
    expect(alertText(alert, 'fr').text).toMatch(/1\s234/);
    expect(alertText(alert, 'en').text).toContain('T1190');
    expect(alertText(alert, 'fr').text).toContain('Technique ATT&CK');
  });

  it('keeps a few evidence lines, with control characters made visible so a line cannot forge another', () => {
    const lines = Array.from({ length: 10 }, (_, i) => evidence({ line: i + 1, path: `/a\r\nX-Injected: ${i}` }));
    const alert = made(createAlert({ finding: finding({ evidence: lines }) }, { maxEvidence: 2 }));
    expect(alert.evidence).toHaveLength(2);
    for (const line of alert.evidence) {
      expect(line).not.toMatch(/[\r\n]/);
      expect(line).toContain('\\x0d\\x0a');
    }
  });

  it('skips malformed evidence lines without losing the finding', () => {
    const broken = { ...evidence(), path: 42 } as unknown as ReturnType<typeof evidence>;
    const alert = made(createAlert({ finding: finding({ evidence: [broken, evidence({ path: '/good' })] }) }));
    expect(alert.evidence).toHaveLength(1);
    expect(alert.evidence[0]).toContain('/good');
  });

  it('cuts very long evidence lines', () => {
    const alert = made(createAlert({ finding: finding({ evidence: [evidence({ path: `/${'a'.repeat(5000)}` })] }) }));
    expect(alert.evidence[0]!.length).toBeLessThanOrEqual(300);
  });

  it('says what was decided about a finding', () => {
    const alert = made(createAlert({ finding: finding(), decision: decision({ durationMs: 4 * 3_600_000 }) }));
    expect(alertText(alert, 'en').text).toContain('Decision: Ban address 203.0.113.7 for 4 h.');
    expect(alertText(alert, 'fr').text).toContain('Décision : Bannir');
    expect(alert.decision?.id).toBe('d-1');
  });

  it('makes an alert of a decision alone, with a severity from its action', () => {
    const alert = made(createAlert({ decision: decision({ action: 'challenge', durationMs: null, scope: { kind: 'asn', value: 'AS64500' } }) }));
    expect(alert.category).toBe('decision');
    expect(alert.severity).toBe('medium');
    expect(alertText(alert, 'en').text).toContain('until lifted');
    // An AS or a country says where addresses are registered, not who is behind them.
    expect(alertText(alert, 'en').text).toContain('registered');
    expect(alert.groupKey).toBe('decision:challenge|asn|AS64500');
  });

  it('gives the same id for the same finding and different ids for different findings', () => {
    const a = made(createAlert({ finding: finding() }));
    const b = made(createAlert({ finding: finding() }));
    const c = made(createAlert({ finding: finding({ id: 'other' }) }));
    expect(a.id).toBe(b.id);
    expect(a.id).not.toBe(c.id);
  });

  it('returns a reason naming the field for malformed input', () => {
    const result = createAlert({ finding: { ...finding(), severity: 'apocalyptic' } as never });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain('severity');
    expect(createAlert({} as never).ok).toBe(false);
    expect(createAlert({ finding: null } as never).ok).toBe(false);
  });

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), (f, d) => {
        const result = createAlert({ finding: f, decision: d } as never);
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 300 },
    );
  });

  it('renders an opening alert message from its texts', () => {
    const alert = made(createAlert({ finding: finding() }));
    const rendered = renderMessage({ type: 'alert', alert }, 'fr');
    expect(rendered.title).toBe(alertText(alert, 'fr').title);
    expect(rendered.evidence).toEqual(alert.evidence);
  });
});

describe('groupKeyOf', () => {
  it('groups addresses of one /24 (or /64) and separates other networks and categories', () => {
    const key = (category: string, value: string) => groupKeyOf(category, { kind: 'ip', value });
    expect(key('sqli', '203.0.113.7')).toBe(key('sqli', '203.0.113.250'));
    expect(key('sqli', '203.0.113.7')).toBe(groupKeyOf('sqli', { kind: 'prefix', value: '203.0.113.0/24' }));
    expect(key('sqli', '203.0.113.7')).not.toBe(key('sqli', '203.0.114.7'));
    expect(key('sqli', '203.0.113.7')).not.toBe(key('xss', '203.0.113.7'));
    expect(key('scan', '2001:db8:1:2::1')).toBe(key('scan', '2001:db8:1:2:ffff::9'));
    expect(key('scan', '2001:db8:1:2::1')).not.toBe(key('scan', '2001:db8:1:3::1'));
  });

  it('groups by autonomous system when it can look one up', () => {
    const asnOf = (ip: string) => (ip.startsWith('198.51.') ? 64500 : null);
    expect(groupKeyOf('scan', { kind: 'ip', value: '198.51.100.1' }, { asnOf })).toBe(groupKeyOf('scan', { kind: 'ip', value: '198.51.200.1' }, { asnOf }));
    expect(groupKeyOf('scan', { kind: 'ip', value: '203.0.113.1' }, { asnOf })).toBe('scan|net|203.0.113.0/24');
  });
});

describe('printable', () => {
  it('leaves no control character or line separator', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        expect(printable(text, 1000)).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
      }),
      { numRuns: 200 },
    );
  });
});
