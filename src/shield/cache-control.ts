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
  const none: CachePolicy = { ttl: null, staleWhileRevalidate: 0, staleIfError: 0 };
  if (!cacheControl || setsCookie) return none;
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
  return {
    ttl,
    staleWhileRevalidate: strict ? 0 : (seconds('stale-while-revalidate') ?? 0),
    staleIfError: strict ? 0 : (seconds('stale-if-error') ?? defaultStaleIfError),
  };
}
