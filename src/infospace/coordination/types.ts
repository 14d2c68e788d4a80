/** How a pair of accounts can be seen acting together. */
export const METHODS = ['co-link', 'co-domain', 'co-text', 'copy-paste', 'co-repost', 'co-reply', 'co-hashtag', 'burst'] as const;
export type Method = (typeof METHODS)[number];

export interface CoordinationOptions {
  /** Seconds within which two shares count as together, per method; 'auto' estimates it from the data. */
  windows: Record<Method, number | 'auto'>;
  /** Distinct shared items a pair needs before it is an edge. */
  minRepetitions: Record<Method, number>;
  /** MinHash bins (a power of two), LSH bands and rows per band (bands * rows <= bins). */
  bins: number;
  bands: number;
  rows: number;
  /** Estimated Jaccard similarity from which two texts are near-duplicates. */
  similarity: number;
  /** Texts with fewer distinct shingles are too short to compare. */
  minShingles: number;
  /** A post is paired with at most this many earlier posts of the same item in the window. */
  maxPartners: number;
  /** A domain shared by more distinct accounts than this is too common to say anything. */
  maxDomainAccounts: number;
  /**
   * Any other item (link, text, hashtag sequence, reposted post) shared by more distinct accounts
   * than this is a crowd (breaking news, "I voted!"), not a ring: sharing it says little about two
   * accounts. Watchlist trends are where crowds show.
   */
  maxItemAccounts: number;
  /** A burst is a time bin with at least this many times the usual count of posts. */
  burstFactor: number;
  minClusterSize: number;
  /** At most this many evidence posts per cluster. */
  maxEvidence: number;
}

export const DEFAULT_OPTIONS: CoordinationOptions = {
  windows: { 'co-link': 60, 'co-domain': 60, 'co-text': 600, 'copy-paste': 600, 'co-repost': 60, 'co-reply': 60, 'co-hashtag': 600, burst: 60 },
  minRepetitions: { 'co-link': 3, 'co-domain': 4, 'co-text': 3, 'copy-paste': 3, 'co-repost': 3, 'co-reply': 3, 'co-hashtag': 3, burst: 5 },
  bins: 32,
  bands: 8,
  rows: 4,
  similarity: 0.5,
  minShingles: 12,
  maxPartners: 32,
  maxDomainAccounts: 200,
  maxItemAccounts: 500,
  burstFactor: 4,
  minClusterSize: 3,
  maxEvidence: 40,
};

export interface PairEdge {
  a: string;
  b: string;
  method: Method;
  /** Episodes of shared items (an item shared again after a gap longer than the window counts again). */
  weight: number;
  /** min/max of the two accounts' posts in those co-shares (CooRTweet's edge symmetry). */
  symmetry: number;
}

export interface EvidencePost {
  id: string;
  account: string;
  time: string;
  method: Method;
  /** What was shared: the canonical URL, domain, hashtag sequence, reposted id or text group. */
  item: string;
  text: string;
  url: string | null;
}

export interface ClusterMethod {
  method: Method;
  window: number;
  windowEstimated: boolean;
  edges: number;
  items: number;
}

export interface Cluster {
  /** Stable for the same set of accounts. */
  id: string;
  accounts: string[];
  /** The method behind most of the cluster's edge weight. */
  method: Method;
  methods: ClusterMethod[];
  score: number;
  components: { density: number; strength: number; symmetry: number; tightness: number };
  /** Seconds: the window of the main method. */
  window: number;
  first: string;
  last: string;
  /** Median seconds between two accounts' shares of the same item. */
  medianDelaySeconds: number;
  items: { method: Method; item: string; accounts: number; posts: number }[];
  edges: PairEdge[];
  evidence: EvidencePost[];
}

export interface CoordinationResult {
  posts: number;
  accounts: number;
  windows: Record<Method, { seconds: number; estimated: boolean }>;
  edges: number;
  clusters: Cluster[];
  timings: Record<string, number>;
}
