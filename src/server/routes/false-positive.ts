import type { Finding } from '../../model/index.js';
import type { FalsePositiveAnswer } from '../contract.js';

const BEHAVIOURS = new Set(['scan', 'brute-force', 'flood', 'spoofed-crawler']);

function yamlString(text: string): string {
  return JSON.stringify(text);
}

/**
 * What would stop a finding that was wrong. A behaviour (scan, flood...) by a network the operator
 * trusts is best allowlisted: the detector is right about the behaviour, wrong about the intent. A
 * signature match on one path is a rule that should not fire there: an operator rule file can
 * exempt the path.
 */
export function suggestionFor(finding: Finding): FalsePositiveAnswer['suggestion'] {
  const { kind, value } = finding.scope;
  if (BEHAVIOURS.has(finding.category) || kind !== 'ip') {
    const entry =
      kind === 'asn' ? `  asns:\n    - ${yamlString(value)}\n` : kind === 'country' ? `  countries:\n    - ${yamlString(value)}\n` : `  cidrs:\n    - ${yamlString(value)}\n`;
    return {
      kind: 'allowlist',
      file: 'allowlist.yaml',
      text: `# ${finding.category} by ${value} (rule ${finding.rule}) marked a false positive\nallowlist:\n${entry}`,
    };
  }
  const paths = [...new Set(finding.evidence.map((e) => e.path.split('?')[0] ?? e.path))].slice(0, 5);
  return {
    kind: 'rule',
    file: finding.rule.includes('/') || finding.rule.endsWith('.yaml') ? finding.rule : 'src/traffic/detect/signatures.json',
    text:
      `# signature ${finding.rule} (${finding.category}) matched requests that are legitimate here, e.g.:\n` +
      paths.map((p) => `#   ${p}\n`).join('') +
      `# Vigie has no per-path exception: narrow the pattern of ${finding.rule} so that these paths do not match\n` +
      `# (its test file takes them as input + expected "no tag"), or allowlist the address:\n` +
      `allowlist:\n  cidrs:\n    - ${yamlString(value)}\n`,
  };
}
