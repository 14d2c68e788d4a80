import { describe, expect, it } from 'vitest';
import { ATTACK_TAGS } from '../../model/index.js';
import data from './signatures.json' with { type: 'json' };
import { SignatureError, loadSignatures } from './signatures.js';

const good = data.signatures[0] as Record<string, unknown>;
const withEntry = (entry: Record<string, unknown>) => ({ signatures: [entry] });

describe('signature data', () => {
  const signatures = loadSignatures();

  it('loads the shipped signatures, with every tag and every field represented', () => {
    expect(signatures.length).toBeGreaterThan(50);
    expect(new Set(signatures.map((s) => s.tag))).toEqual(new Set(ATTACK_TAGS));
    expect(new Set(signatures.map((s) => s.field))).toEqual(new Set(['target', 'userAgent', 'referer']));
  });

  it('describes every signature in English and French', () => {
    for (const s of signatures) {
      expect(s.description.en.length).toBeGreaterThan(5);
      expect(s.description.fr.length).toBeGreaterThan(5);
      expect(s.description.fr).not.toBe(s.description.en);
    }
  });

  it.each([
    [{ ...good, id: 'Bad Id' }, 'Bad Id', 'id'],
    [{ ...good, tag: 'ddos' }, good.id, 'tag'],
    [{ ...good, field: 'cookie' }, good.id, 'field'],
    [{ ...good, pattern: '(unclosed' }, good.id, 'pattern'],
    [{ ...good, pattern: 'UNION' }, good.id, 'pattern'],
    [{ ...good, prefilter: ['has space'] }, good.id, 'prefilter.0'],
    [{ ...good, description: { en: 'x' } }, good.id, 'description.fr'],
    [{ ...good, severity: 'extreme' }, good.id, 'severity'],
    [{ ...good, confidence: 2 }, good.id, 'confidence'],
    [{ ...good, extra: 1 }, good.id, '(entry)'],
  ])('rejects a bad entry and names it (%#)', (entry, id, field) => {
    try {
      loadSignatures(withEntry(entry));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(SignatureError);
      const e = error as SignatureError;
      expect(e.entryId).toBe(id);
      expect(e.field).toBe(field);
      expect(e.message).toContain(String(id));
      expect(e.messageFr).toContain(String(id));
    }
  });

  it('rejects duplicate ids', () => {
    expect(() => loadSignatures({ signatures: [good, good] })).toThrow(/duplicate/);
  });

  it('accepts upper-case escapes such as \\S or \\x3C in patterns', () => {
    expect(loadSignatures(withEntry({ ...good, pattern: '\\S\\x3C\\u00E9' }))[0]?.pattern.source).toBe('\\S\\x3C\\u00E9');
  });
});
