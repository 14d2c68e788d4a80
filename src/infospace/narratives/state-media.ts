import type { Amplified } from '../cases/case.js';
import type { Cluster } from '../coordination/types.js';
import type { Outlet, StateMediaList } from './lists.js';

/** Looks up a host (or subdomain of a listed domain) or a handle. */
export class StateMediaIndex {
  private readonly domains = new Map<string, Outlet>();
  private readonly handles = new Map<string, Outlet>();

  constructor(list: StateMediaList) {
    for (const outlet of list.outlets) {
      for (const d of outlet.domains) this.domains.set(d, outlet);
      for (const h of outlet.handles) this.handles.set(h.replace(/^@/, '').toLowerCase(), outlet);
    }
  }

  /** The outlet behind a URL or host ("www.rt.com/news/1" -> RT), if listed. */
  byHost(urlOrHost: string): { outlet: Outlet; domain: string } | null {
    let host = urlOrHost.toLowerCase().replace(/^https?:\/\//, '').split(/[/?#:]/)[0] ?? '';
    host = host.replace(/^www\./, '');
    for (let h = host; h.includes('.'); h = h.slice(h.indexOf('.') + 1)) {
      const outlet = this.domains.get(h);
      if (outlet) return { outlet, domain: h };
    }
    return null;
  }

  byHandle(handle: string): Outlet | null {
    const bare = handle.replace(/^@/, '').toLowerCase();
    return this.handles.get(bare) ?? this.handles.get(bare.split('@')[0] ?? bare) ?? null;
  }
}

/** The state-affiliated outlets a cluster pushed: links, domains and reposted handles among what it shared. */
export function amplifiedBy(cluster: Cluster, index: StateMediaIndex): Amplified[] {
  const found = new Map<string, Amplified>();
  const note = (outlet: Outlet, matched: string, posts: number) => {
    const key = `${outlet.name}|${matched}`;
    const a = found.get(key) ?? { outlet: outlet.name, typology: outlet.typology, matched, posts: 0 };
    a.posts += posts;
    found.set(key, a);
  };
  for (const item of cluster.items) {
    if (item.method === 'co-link' || item.method === 'co-domain') {
      const hit = index.byHost(item.item);
      if (hit) note(hit.outlet, hit.domain, item.posts);
    }
  }
  for (const account of cluster.accounts) {
    const outlet = index.byHandle(account);
    if (outlet) note(outlet, account, 0);
  }
  return [...found.values()].sort((a, b) => b.posts - a.posts);
}
