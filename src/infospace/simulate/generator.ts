import type { Post } from '../../model/index.js';
import { Random } from './random.js';
import { draft, edit, render, type Draft, type SimLang } from './text.js';
import { CAMPAIGN_DOMAINS, EMOJI, HANDLE_PARTS, LANGS, NEWS_DOMAINS, SLOGANS } from './vocab.js';

export interface SimulationSettings {
  seed: number;
  /** Organic posts (campaign posts come on top). */
  posts: number;
  accounts: number;
  days: number;
  /** Epoch ms of the first day. */
  start: number;
  copyPaste: number;
  linkRings: number;
  hashtagGroups: number;
}

export const FULL_SIMULATION: SimulationSettings = {
  seed: 1, posts: 1_000_000, accounts: 150_000, days: 7, start: Date.UTC(2025, 3, 20), copyPaste: 12, linkRings: 10, hashtagGroups: 8,
};

export const SMALL_SIMULATION: SimulationSettings = { ...FULL_SIMULATION, posts: 30_000, accounts: 6_000, days: 3, copyPaste: 3, linkRings: 3, hashtagGroups: 2 };

export type CampaignKind = 'copy-paste' | 'link-ring' | 'hashtag-sequence';

export interface Campaign {
  kind: CampaignKind;
  lang: SimLang;
  accounts: string[];
  /** Times (epoch ms) of each coordinated action. */
  actions: number[];
}

export interface Simulation {
  settings: SimulationSettings;
  campaigns: Campaign[];
  /** Every account that takes part in a campaign: the ground truth. */
  truth: Set<string>;
  posts(): Generator<Post>;
}

const LANG_MIX: [SimLang, number][] = [['en', 45], ['fr', 30], ['zh', 25]];
const ARTICLES = 30_000;
const VIRALS = 3_000;

function handle(rng: Random, index: number): string {
  const sep = rng.pick(['', '_', '.', '']);
  return `${rng.pick(HANDLE_PARTS)}${sep}${rng.pick(HANDLE_PARTS)}${index % 7 === 0 ? '' : index}`;
}

/**
 * A deterministic corpus of an election week: organic posts by many accounts (a few of them very
 * active), linking news, using hashtags, replying and reposting; and campaigns injected on top.
 */
export function simulate(overrides: Partial<SimulationSettings> = {}): Simulation {
  const settings = { ...FULL_SIMULATION, ...overrides };
  const rng = new Random(settings.seed);
  const span = settings.days * 86_400_000;
  const handles = new Set<string>();
  const newHandle = (i: number): string => {
    let h = handle(rng, i);
    while (handles.has(h)) h = `${h}${rng.int(10)}`;
    handles.add(h);
    return h;
  };
  const organic = Array.from({ length: settings.accounts }, (_, i) => newHandle(i));
  const accountLang = organic.map(() => rng.weighted(LANG_MIX));
  const campaigns: Campaign[] = [];
  const plan = (kind: CampaignKind, count: number, size: [number, number], actions: [number, number]): void => {
    for (let c = 0; c < count; c++) {
      const lang = (['en', 'fr', 'zh'] as const)[c % 3]!;
      const n = size[0] + rng.int(size[1] - size[0] + 1);
      const accounts = Array.from({ length: n }, (_, i) => newHandle(settings.accounts + campaigns.length * 100 + i));
      const k = actions[0] + rng.int(actions[1] - actions[0] + 1);
      const times = Array.from({ length: k }, () => settings.start + rng.next() * (span - 3_600_000));
      campaigns.push({ kind, lang, accounts, actions: times.sort((a, b) => a - b) });
    }
  };
  plan('copy-paste', settings.copyPaste, [20, 60], [6, 10]);
  plan('link-ring', settings.linkRings, [15, 40], [8, 14]);
  plan('hashtag-sequence', settings.hashtagGroups, [15, 30], [5, 8]);
  const truth = new Set(campaigns.flatMap((c) => c.accounts));
  const seed = rng.int(2 ** 31);
  return { settings, campaigns, truth, posts: () => generatePosts(settings, seed, organic, accountLang, campaigns) };
}

function* generatePosts(s: SimulationSettings, seed: number, organic: string[], accountLang: SimLang[], campaigns: Campaign[]): Generator<Post> {
  const rng = new Random(seed);
  const span = s.days * 86_400_000;
  const heavy = Math.max(1, Math.floor(organic.length / 30));
  const articleTime = Array.from({ length: ARTICLES }, () => s.start + rng.next() * span);
  const articlePath = Array.from({ length: ARTICLES }, () => rng.weighted(NEWS_DOMAINS));
  const viralTime = Array.from({ length: VIRALS }, () => s.start + rng.next() * span);
  let serial = 0;
  const base = (account: string, time: number, text: string, lang: SimLang): Post => ({
    id: `sim-${(serial++).toString(36)}`, platform: 'import', account, time: Math.round(time), text, links: [], hashtags: [], mentions: [],
    replyTo: null, repostOf: null, quoteOf: null, lang: rng.chance(0.5) ? lang : null, url: null, source: 'simulation',
  });
  const organicPost = (account: string, lang: SimLang, time: number, decorate = true): Post => {
    const d = draft(rng, lang);
    const post = base(account, time, render(d, lang === 'zh' && rng.chance(0.5)), lang);
    if (!decorate) return post;
    const v = LANGS[lang];
    if (rng.chance(0.35)) {
      const a = Math.floor(ARTICLES * rng.next() ** 2);
      post.time = Math.round(Math.min(s.start + span, articleTime[a]! + rng.exp(3 * 3_600_000)));
      let url = `https://${articlePath[a]}/${a.toString(36)}-${(a * 7919) % 100000}`;
      if (rng.chance(0.3)) url += `?utm_source=${rng.pick(['twitter', 'facebook', 'share'])}&utm_medium=social`;
      if (rng.chance(0.04)) url = `https://bit.ly/${(a * 31).toString(36)}`;
      post.links.push(url);
      post.text += ` ${url}`;
    }
    if (rng.chance(0.4)) {
      const tags = 1 + rng.int(3);
      for (let t = 0; t < tags; t++) post.hashtags.push(v.hashtags[Math.floor(v.hashtags.length * rng.next() ** 2)]!);
      post.text += ` ${post.hashtags.map((h) => `#${h}`).join(' ')}`;
    }
    if (rng.chance(0.12)) {
      const m = rng.pick(organic);
      post.mentions.push(m);
      post.text = `@${m} ${post.text}`;
    }
    const social = rng.next();
    if (social < 0.1) {
      const v2 = Math.floor(VIRALS * rng.next() ** 2);
      post.repostOf = `viral-${v2}`;
      post.time = Math.round(viralTime[v2]! + rng.exp(4 * 3_600_000));
    } else if (social < 0.18) {
      const v2 = Math.floor(VIRALS * rng.next() ** 2);
      post.replyTo = `viral-${v2}`;
      post.time = Math.round(viralTime[v2]! + rng.exp(6 * 3_600_000));
    }
    return post;
  };
  const organicTime = (): number => {
    for (;;) {
      const t = s.start + rng.next() * span;
      const hour = new Date(t).getUTCHours();
      // evenings in Canadian time zones are busier
      if (rng.next() < 0.45 + 0.55 * Math.max(0, Math.sin(((hour - 12) / 24) * 2 * Math.PI))) return t;
    }
  };

  // organic crowds, the hard part for precision: breaking news that hundreds of accounts share
  // within minutes, and slogans ("I voted!") that many post word for word on the same evening
  const crowdPosts = Math.floor(s.posts * 0.03);
  const events = Math.max(1, Math.round(s.posts / 40_000));
  for (let i = 0; i < crowdPosts; i++) {
    const e = i % events;
    const eventRng = new Random(seed ^ (e * 7919 + 1));
    const at = s.start + eventRng.next() * span;
    const a = rng.chance(0.5) ? rng.int(heavy) : rng.int(organic.length);
    const lang = accountLang[a]!;
    if (e % 2 === 0) {
      const post = organicPost(organic[a]!, lang, at + rng.exp(240_000), false);
      const url = `https://${eventRng.weighted(NEWS_DOMAINS)}/breaking-${e}${rng.chance(0.3) ? '?utm_source=share' : ''}`;
      post.links.push(url);
      post.text += ` ${url}`;
      yield post;
    } else {
      const slogan = SLOGANS[lang][Math.floor(e / 2) % SLOGANS[lang].length]!;
      yield base(organic[a]!, at + rng.exp(3 * 3_600_000), rng.chance(0.7) ? slogan : `${slogan} ${rng.pick(EMOJI)}`, lang);
    }
  }
  for (let i = crowdPosts; i < s.posts; i++) {
    const a = rng.chance(0.3) ? rng.int(heavy) : rng.int(organic.length);
    yield organicPost(organic[a]!, accountLang[a]!, organicTime());
  }

  for (const campaign of campaigns) {
    // campaign accounts also post like everyone else, which hides them from activity counts
    for (const account of campaign.accounts) {
      const own = 5 + rng.int(16);
      for (let k = 0; k < own; k++) yield organicPost(account, campaign.lang, organicTime());
    }
    const tags = LANGS[campaign.lang].hashtags;
    const sequence = [rng.pick(tags), rng.pick(tags), `${rng.pick(['Stop', 'Truth', 'Wake'])}${rng.pick(tags)}`];
    const site = rng.pick(CAMPAIGN_DOMAINS);
    for (const [k, at] of campaign.actions.entries()) {
      const message: Draft = { lang: campaign.lang, parts: [...draft(rng, campaign.lang).parts, ...draft(rng, campaign.lang).parts] };
      const link = `https://${site}/${campaign.kind}-${k}-${rng.int(1e6).toString(36)}`;
      const withLink = campaign.kind === 'link-ring' || rng.chance(0.3);
      for (const account of campaign.accounts) {
        if (!rng.chance(campaign.kind === 'copy-paste' ? 0.85 : 0.75)) continue;
        const delay = campaign.kind === 'link-ring' ? rng.next() * 30_000 : Math.min(600_000, rng.exp(campaign.kind === 'copy-paste' ? 90_000 : 60_000));
        const trad = campaign.lang === 'zh' && rng.chance(0.5);
        const post =
          campaign.kind === 'copy-paste'
            ? base(account, at + delay, edit(rng, message, trad), campaign.lang)
            : organicPost(account, campaign.lang, at + delay, false);
        if (withLink) {
          const shared = rng.chance(0.2) ? `${link}?utm_source=tg&fbclid=${rng.int(1e9)}` : link;
          post.links.push(shared);
          post.text += ` ${shared}`;
        }
        if (campaign.kind === 'hashtag-sequence') {
          post.hashtags.push(...sequence);
          post.text += ` ${sequence.map((t) => `#${t}`).join(' ')}`;
        }
        yield post;
      }
    }
  }
}
