import { bundle, domainName, identity, sdo, stixTime, tlpMarking, TLP_MARKINGS, url, userAccount, type StixBundle, type StixObject } from '../../sharing/stix/index.js';
import type { InfoCase } from './case.js';
import { technique } from './disarm.js';

/** The platform an account posted from, read from the evidence posts' keys ("mastodon:123"). */
function platformOf(infoCase: InfoCase, account: string): string {
  const post = infoCase.cluster.evidence.find((e) => e.account === account);
  return post ? (post.id.split(':')[0] ?? 'unknown') : 'unknown';
}

/**
 * A case as a STIX 2.1 bundle: the accounts (user-account), the links and domains they pushed,
 * one observed-data for the cluster, the DISARM techniques (attack-pattern, related to the
 * observation), the notes, all in one grouping, marked with the case's TLP. Ids are derived from
 * the case, so exporting the same case twice gives the same objects.
 */
export function caseToStix(infoCase: InfoCase, organisation: string): StixBundle {
  const created = stixTime(infoCase.created);
  const author = identity(organisation, created);
  const marking = tlpMarking(infoCase.tlp);
  const common = { created, modified: stixTime(infoCase.updated), createdBy: author.id, marking: TLP_MARKINGS[infoCase.tlp].id };
  const c = infoCase.cluster;
  const observables: StixObject[] = c.accounts.map((a) => userAccount(a, platformOf(infoCase, a)));
  for (const item of c.items) {
    if (item.method === 'co-link') {
      const value = /^https?:\/\//.test(item.item) ? item.item : `https://${item.item}`;
      observables.push(url(value));
    }
    if (item.method === 'co-domain') observables.push(domainName(item.item));
  }
  for (const a of infoCase.amplified) if (/^[a-z0-9.-]+\.[a-z]{2,}$/i.test(a.matched)) observables.push(domainName(a.matched));
  const observed = sdo('observed-data', infoCase.id, common, {
    first_observed: c.first, last_observed: c.last < c.first ? c.first : c.last, number_observed: Math.max(1, c.evidence.length),
    object_refs: [...new Set(observables.map((o) => o.id))],
  });
  const patterns = infoCase.techniques.map((id) => {
    const t = technique(id);
    return sdo('attack-pattern', `disarm:${id}`, common, {
      name: t?.en ?? id,
      external_references: [{ source_name: 'DISARM', external_id: id, url: `https://github.com/DISARMFoundation/DISARMframeworks/blob/main/generated_pages/techniques/${id}.md` }],
    });
  });
  const relationships = patterns.map((p) =>
    sdo('relationship', `${infoCase.id}:${p.id}`, common, { relationship_type: 'related-to', source_ref: observed.id, target_ref: p.id, description: 'The coordinated behaviour observed matches this DISARM technique.' }),
  );
  const summary = sdo('note', `${infoCase.id}:summary`, common, {
    abstract: `Vigie: ${c.method}, score ${c.score}`,
    content:
      `${c.accounts.length} accounts acted together (${c.methods.map((m) => `${m.method}: ${m.edges} pairs, ${m.items} items, window ${m.window}s`).join('; ')}), ` +
      `from ${c.first} to ${c.last}; median delay ${c.medianDelaySeconds}s; density ${c.components.density}, strength ${c.components.strength}, symmetry ${c.components.symmetry}, tightness ${c.components.tightness}.`,
    authors: ['Vigie'], object_refs: [observed.id],
  });
  const notes = infoCase.notes.map((n, i) => sdo('note', `${infoCase.id}:note:${i}:${n.at}`, { ...common, created: stixTime(n.at), modified: stixTime(n.at) }, { content: n.text, authors: [n.author], object_refs: [observed.id] }));
  const grouped = [observed, ...patterns, ...relationships, summary, ...notes, ...observables];
  const grouping = sdo('grouping', infoCase.id, common, {
    name: infoCase.title, context: 'suspicious-activity', description: `Vigie case ${infoCase.id} (${infoCase.status})`, object_refs: [...new Set(grouped.map((o) => o.id))],
  });
  return bundle(`${infoCase.id}:${infoCase.updated}`, [author, marking, grouping, ...grouped]);
}
