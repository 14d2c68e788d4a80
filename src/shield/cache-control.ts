/** What a response's Cache-Control lets a shared cache do, in seconds. */
export interface CachePolicy {
  /** Fresh for this long (s-maxage, else max-age); null: not storable. */
  ttl: number | null;
  staleWhileRevalidate: number;
  staleIfError: number;
}

/**
 * Reads Cache-Control for a shared cache (RFC 9111): private, no-store and no-cache responses, and
 * those that set cookies, are never stored; must-revalidate and proxy-revalidate forbid stale copies.
 * `defaultStaleIfError` applies when the origin says nothing of it: keeping a site up is the point.
 */
export function cachePolicy(cacheControl: string | undefined, setsCookie: boolean, defaultStaleIfError: number): CachePolicy {
  if (!cacheControl || setsCookie) return NONE;
  if (cacheControl.length > 256) return readPolicy(cacheControl, defaultStaleIfError);
  // an origin sends the same few values again and again: each is read once
  const key = `${defaultStaleIfError}|${cacheControl}`;
  let policy = known.get(key);
  if (policy === undefined) {
    policy = readPolicy(cacheControl, defaultStaleIfError);
    if (known.size >= 512) known.clear();
    known.set(key, policy);
  }
  return policy;
}

const NONE: CachePolicy = Object.freeze({ ttl: null, staleWhileRevalidate: 0, staleIfError: 0 });
const known = new Map<string, CachePolicy>();

function readPolicy(cacheControl: string, defaultStaleIfError: number): CachePolicy {
  const none = NONE;
  const directives = new Map<string, string>();
  for (const part of cacheControl.toLowerCase().split(',').slice(0, 32)) {
    const [name, value] = part.split('=', 2).map((s) => s.trim().replace(/^"|"$/g, ''));
    if (name) directives.set(name, value ?? '');
  }
  if (directives.has('private') || directives.has('no-store') || directives.has('no-cache')) return none;
  const seconds = (name: string): number | null => {
    const value = directives.get(name);
    if (value === undefined || !/^\d{1,10}$/.test(value)) return null;
    return Number(value);
  };
  const ttl = seconds('s-maxage') ?? seconds('max-age');
  if (ttl === null) return none;
  const strict = directives.has('must-revalidate') || directives.has('proxy-revalidate');
  return Object.freeze({
    ttl,
    staleWhileRevalidate: strict ? 0 : (seconds('stale-while-revalidate') ?? 0),
    staleIfError: strict ? 0 : (seconds('stale-if-error') ?? defaultStaleIfError),
  });
}
