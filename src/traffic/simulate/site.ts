/**
 * What the simulated site serves: a public election-information site, bilingual, on results night.
 * Sizes are stable per path (a hash) so the same asset always weighs the same, as on a real server.
 */
import { mix, type Rng } from './rng.js';

export const SITE_HOST = 'elections.example';
export const SITE_ORIGIN = `https://${SITE_HOST}`;

/** Federal electoral districts per province code, as numbered since the 2023 representation order. */
const RIDINGS_PER_PROVINCE: ReadonlyArray<readonly [number, number]> = [
  [10, 7], [11, 4], [12, 11], [13, 10], [24, 78], [35, 122], [46, 14], [47, 14], [48, 37], [59, 43], [60, 1], [61, 1], [62, 1],
];
export const RIDINGS: readonly number[] = RIDINGS_PER_PROVINCE.flatMap(([province, count]) =>
  Array.from({ length: count }, (_, i) => province * 1000 + i + 1),
);
const QUEBEC_RIDINGS = RIDINGS.filter((r) => Math.floor(r / 1000) === 24);

export function pickRiding(rng: Rng, french: boolean): number {
  return french && rng.chance(0.8) ? rng.pick(QUEBEC_RIDINGS) : rng.pick(RIDINGS);
}

const POSTAL_FIRST = 'ABCEGHJKLMNPRSTVXY';
const POSTAL_LETTER = 'ABCEGHJKLMNPRSTVWXYZ';
export function postalCode(rng: Rng): string {
  const letter = (set: string) => set[rng.int(set.length)] as string;
  return `${letter(POSTAL_FIRST)}${rng.int(10)}${letter(POSTAL_LETTER)}${rng.int(10)}${letter(POSTAL_LETTER)}${rng.int(10)}`;
}

export function stableSize(path: string, min: number, max: number): number {
  let h = 0;
  for (let i = 0; i < path.length; i++) h = mix(h, path.charCodeAt(i));
  return min + (h % (max - min + 1));
}

export type PageKind = 'home' | 'where' | 'results' | 'riding' | 'candidates' | 'voter-id' | 'faq' | 'accessibility';

export interface Page {
  kind: PageKind;
  path: string;
  bytes: number;
  /** Assets a first visit fetches after the HTML. */
  assets: string[];
  /** What the page polls while open (results pages), or null. */
  poll: string | null;
}

const COMMON_ASSETS = [
  '/assets/app.3f9c2a1e.css',
  '/assets/vendor.c81e9f30.js',
  '/assets/app.7b1d04c2.js',
  '/assets/fonts/inter-var.8d2a.woff2',
  '/favicon.ico',
];

const ASSET_SIZES: Record<string, number> = {
  '/assets/app.3f9c2a1e.css': 24_817,
  '/assets/vendor.c81e9f30.js': 143_502,
  '/assets/app.7b1d04c2.js': 61_288,
  '/assets/results.9e2f11ab.js': 18_904,
  '/assets/fonts/inter-var.8d2a.woff2': 48_256,
  '/favicon.ico': 15_086,
  '/images/logo-en.svg': 6_121,
  '/images/logo-fr.svg': 6_407,
  '/images/hero-election-night.webp': 86_530,
  '/manifest.webmanifest': 512,
};

export function assetBytes(path: string): number {
  return ASSET_SIZES[path] ?? stableSize(path, 38_000, 142_000);
}

export function page(kind: PageKind, french: boolean, rng: Rng): Page {
  const logo = french ? '/images/logo-fr.svg' : '/images/logo-en.svg';
  const assets = [...COMMON_ASSETS, logo];
  const lang = french ? 'fr' : 'en';
  switch (kind) {
    case 'home':
      return { kind, path: `/${lang}/`, bytes: stableSize(`/${lang}/`, 21_000, 26_000), assets: [...assets, '/images/hero-election-night.webp'], poll: null };
    case 'where': {
      const base = french ? '/fr/ou-voter' : '/en/where-to-vote';
      const path = rng.chance(0.55) ? `${base}?${french ? 'code_postal' : 'postal'}=${postalCode(rng)}` : base;
      return { kind, path, bytes: stableSize(base, 17_000, 19_000) + rng.int(900), assets, poll: null };
    }
    case 'results': {
      const path = french ? '/fr/resultats' : '/en/results';
      return { kind, path, bytes: stableSize(path, 30_000, 36_000) + rng.int(2_000), assets: [...assets, '/assets/results.9e2f11ab.js'], poll: '/api/results/summary' };
    }
    case 'riding': {
      const riding = pickRiding(rng, french);
      const path = french ? `/results/riding/${riding}?lang=fr` : `/results/riding/${riding}`;
      return {
        kind,
        path,
        bytes: stableSize(`/results/riding/${riding}`, 14_000, 22_000) + rng.int(1_200),
        assets: [...assets, '/assets/results.9e2f11ab.js', `/images/maps/riding-${riding}.png`],
        poll: `/api/results?riding=${riding}`,
      };
    }
    case 'candidates': {
      const riding = pickRiding(rng, french);
      const path = french ? `/fr/candidats/${riding}` : `/en/candidates/${riding}`;
      return { kind, path, bytes: stableSize(path, 9_000, 15_000), assets, poll: null };
    }
    case 'voter-id': {
      const path = french ? '/fr/pieces-identite' : '/en/voter-id';
      return { kind, path, bytes: stableSize(path, 12_000, 14_000), assets, poll: null };
    }
    case 'faq': {
      const path = `/${lang}/faq`;
      return { kind, path, bytes: stableSize(path, 28_000, 31_000), assets, poll: null };
    }
    case 'accessibility': {
      const path = french ? '/fr/accessibilite' : '/en/accessibility';
      return { kind, path, bytes: stableSize(path, 8_000, 9_000), assets, poll: null };
    }
  }
}

/** Pages a visitor opens; results pages take over once polls close (progress 0..1 of the night). */
export function pageWeights(progress: number): Array<readonly [PageKind, number]> {
  const results = progress < 0.55 ? 0.15 + progress * 0.4 : 0.6;
  return [
    ['home', 0.16],
    ['where', Math.max(0.04, 0.3 - progress * 0.35)],
    ['results', results * 0.35],
    ['riding', results * 0.65],
    ['candidates', 0.08],
    ['voter-id', Math.max(0.01, 0.08 - progress * 0.1)],
    ['faq', 0.03],
    ['accessibility', 0.01],
  ];
}

/** Requests that real browsers make and the site does not serve. */
export const COMMON_404 = [
  '/apple-touch-icon.png',
  '/apple-touch-icon-precomposed.png',
  '/en/where-to-vot',
  '/fr/ou-vot%C3%A9',
  '/results/riding/35999',
  '/en/results/riding',
  '/fr/resultat',
];

export const NOT_FOUND_BYTES = 4_921;

/** Where visitors come from, [referer, weight]; "-" is a typed address or a bookmark. */
export const ENTRY_REFERERS: ReadonlyArray<readonly [string, number]> = [
  ['-', 38],
  ['https://www.google.com/', 20],
  ['https://www.google.ca/', 9],
  ['https://www.bing.com/', 2],
  ['https://duckduckgo.com/', 1.5],
  ['https://www.facebook.com/', 4],
  ['https://m.facebook.com/', 3],
  ['https://t.co/', 2],
  ['https://www.reddit.com/', 1.5],
  ['https://www.cbc.ca/', 4],
  ['https://ici.radio-canada.ca/', 4],
  ['https://www.lapresse.ca/', 2],
  ['https://www.theglobeandmail.com/', 1.5],
  ['https://www.ctvnews.ca/', 2],
  ['android-app://com.google.android.gm/', 0.5],
  ['https://news.google.com/', 1.5],
];

/** Browser user agents, [string, weight], as sent in autumn 2026 (reduced UA strings). */
export const BROWSER_USER_AGENTS: ReadonlyArray<readonly [string, number]> = [
  ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36', 14],
  ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36', 4],
  ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36 Edg/141.0.0.0', 5],
  ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36', 6],
  ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.0 Safari/605.1.15', 5],
  ['Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:144.0) Gecko/20100101 Firefox/144.0', 4],
  ['Mozilla/5.0 (X11; Linux x86_64; rv:144.0) Gecko/20100101 Firefox/144.0', 1],
  ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36', 1],
  ['Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.0 Mobile/15E148 Safari/604.1', 20],
  ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.7 Mobile/15E148 Safari/604.1', 5],
  ['Mozilla/5.0 (iPad; CPU OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.0 Mobile/15E148 Safari/604.1', 3],
  ['Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/141.0.7390.96 Mobile/15E148 Safari/604.1', 3],
  ['Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Mobile Safari/537.36', 18],
  ['Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S921W) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/28.0 Chrome/130.0.0.0 Mobile Safari/537.36', 3],
  ['Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/22G86 [FBAN/FBIOS;FBAV/520.0.0.45.102;FBBV/781203441;FBDV/iPhone16,2;FBMD/iPhone;FBSN/iOS;FBSV/18.6;FBSS/3;FBCR/;FBID/phone;FBLC/en_US;FBOP/5]', 2],
];

export function isSafariOnApple(userAgent: string): boolean {
  return /iPhone|iPad/.test(userAgent) && !userAgent.includes('CriOS');
}
