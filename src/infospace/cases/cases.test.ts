import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { Post } from '../../model/index.js';
import { validateBundle } from '../../sharing/stix/index.js';
import { detectInPosts } from '../coordination/detect.js';
import { renderBrief } from './brief.js';
import { addNote, CaseError, createCase, setTechniques } from './case.js';
import { renderPdf } from './pdf.js';
import { caseToStix } from './stix.js';

const T0 = Date.UTC(2025, 3, 22, 12);
function ringCluster() {
  const posts: Post[] = [];
  const ring = ['maple_patriot', 'north.true8', '<img src=x onerror=alert(1)>'];
  for (let k = 0; k < 4; k++) {
    ring.forEach((account, i) =>
      posts.push({
        id: `${k}-${i}`, platform: 'mastodon', account, time: T0 + k * 3_600_000 + i * 4000, text: `Read this <script>alert("${k}")</script> now`,
        links: [`https://truenorth-voice.info/story-${k}?utm_source=x`], hashtags: [], mentions: [], replyTo: null, repostOf: null, quoteOf: null, lang: 'en', url: null, source: 't',
      }),
    );
  }
  const cluster = detectInPosts(posts, { methods: ['co-link', 'co-domain'] }).clusters[0];
  if (!cluster) throw new Error('no cluster');
  return cluster;
}

describe('cases', () => {
  it('opens a case with suggested DISARM techniques, then takes edits and notes', () => {
    const cluster = ringCluster();
    let infoCase = createCase(cluster, { actor: 'analyst', now: T0 });
    expect(infoCase.id).toBe(createCase(cluster, { actor: 'other', now: T0 + 1 }).id);
    expect(infoCase.techniques).toEqual(expect.arrayContaining(['T0049', 'T0119', 'T0049.007']));
    infoCase = setTechniques(addNote(infoCase, 'analyst', 'Same four links within seconds.', T0 + 10), ['T0084.001', 'T0049.003'], T0 + 20);
    expect(infoCase.notes).toHaveLength(1);
    expect(infoCase.updated).toBe(T0 + 20);
    expect(() => setTechniques(infoCase, ['T9999'])).toThrow(CaseError);
    expect(() => addNote(infoCase, 'a', '   ')).toThrow(CaseError);
  });

  it('exports a STIX 2.1 bundle that validates against the schemas, with the same ids every time', () => {
    const infoCase = addNote(createCase(ringCluster(), { actor: 'analyst', now: T0, tlp: 'green' }), 'analyst', 'Looks automated.', T0 + 5);
    const bundle = caseToStix(infoCase, 'Elections monitoring unit');
    expect(validateBundle(bundle)).toEqual([]);
    const types = bundle.objects.map((o) => o.type);
    for (const type of ['identity', 'marking-definition', 'grouping', 'observed-data', 'attack-pattern', 'relationship', 'note', 'user-account', 'url', 'domain-name']) expect(types).toContain(type);
    expect(new Set(bundle.objects.map((o) => o.id)).size).toBe(bundle.objects.length);
    expect(caseToStix(infoCase, 'Elections monitoring unit')).toEqual(bundle);
    const pattern = bundle.objects.find((o) => o.type === 'attack-pattern')!;
    expect(pattern.external_references).toEqual([expect.objectContaining({ source_name: 'DISARM' })]);
  });

  it('the validator catches what the schemas forbid', () => {
    const bundle = caseToStix(createCase(ringCluster(), { actor: 'a', now: T0 }), 'Unit');
    const broken = structuredClone(bundle);
    const observed = broken.objects.find((o) => o.type === 'observed-data')!;
    observed.first_observed = '22/04/2025';
    delete observed.spec_version;
    const grouping = broken.objects.find((o) => o.type === 'grouping')!;
    grouping.object_refs = ['not-an-id'];
    broken.objects.push({ type: 'indicator', id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f' });
    const errors = validateBundle(broken).join('\n');
    expect(errors).toMatch(/observed-data--.*first_observed/);
    expect(errors).toMatch(/spec_version/);
    expect(errors).toMatch(/grouping--.*object_refs\/0/);
    expect(errors).toMatch(/no schema for type "indicator"/);
    expect(validateBundle({ type: 'bundle', id: 'bundle--x', objects: [] }).length).toBeGreaterThan(0);
  });

  it('renders a bilingual brief with everything a stranger wrote escaped', () => {
    const infoCase = addNote(createCase(ringCluster(), { actor: 'a', now: T0 }), 'a', '<b>bold</b> & "quoted"', T0);
    const html = renderBrief(infoCase, T0);
    expect(html).toContain('<section lang="en">');
    expect(html).toContain('<section lang="fr">');
    expect(html).toContain('Comportement coordonné');
    expect(html).not.toMatch(/<script|<img|<b>/i);
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;');
    expect(html).toContain('&#60;b&#62;bold&#60;/b&#62; &#38; &#34;quoted&#34;');
  });

  it('prints the brief to PDF with a real Chromium, scripts off and no request leaving', async () => {
    const infoCase = createCase(ringCluster(), { actor: 'a', now: T0 });
    let requests = 0;
    const server = createServer((_req, res) => {
      requests++;
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const beacon = `http://127.0.0.1:${(server.address() as AddressInfo).port}/beacon.png`;
    const html = renderBrief(infoCase, T0).replace('</body>', `<img src="${beacon}"><link rel="stylesheet" href="${beacon}"></body>`);
    const pdf = await renderPdf(html);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(requests).toBe(0);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(5000);
  });
});
