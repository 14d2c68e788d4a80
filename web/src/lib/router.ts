/**
 * Hash routes ("#/traffic?country=CA"): the server serves one index.html and needs no fallback,
 * and every view, filters included, is a link that can be shared or bookmarked.
 */
import { useEffect, useState } from 'react';

export interface Route {
  /** Path segments: "#/ip/203.0.113.7" -> ["ip", "203.0.113.7"]. */
  parts: string[];
  params: URLSearchParams;
}

export function parseHash(hash: string): Route {
  const body = hash.replace(/^#\/?/, '');
  const [path = '', search = ''] = body.split('?', 2);
  const parts = path.split('/').filter(Boolean).map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return p;
    }
  });
  return { parts, params: new URLSearchParams(search) };
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(location.hash));
  useEffect(() => {
    const update = () => setRoute(parseHash(location.hash));
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}

/** An href for a view: href('ip', '2001:db8::1') -> "#/ip/2001%3Adb8%3A%3A1". */
export function href(...parts: (string | number)[]): string {
  return '#/' + parts.map((p) => encodeURIComponent(String(p))).join('/');
}

export function hrefWith(base: string, params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') search.set(k, String(v));
  const text = search.toString();
  return text ? `${base}?${text}` : base;
}

export function navigate(to: string): void {
  location.hash = to.replace(/^#/, '');
}
