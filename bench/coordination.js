// Coordination benchmark: a simulated election week (organic posts in English, French and Chinese
// with injected campaigns), every coordination method run over it, scored against the injected
// accounts; and the co-text stage against an all-pairs comparison (the peer's approach).
// Usage: npm run bench -- coordination [--posts 1000000] [--seed 1] [--allpairs 100000] [--sample 3000]
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';

const cores = availableParallelism();
import { detectCoordination, newCorpus } from '../dist/infospace/coordination/detect.js';
import { textGroups } from '../dist/infospace/coordination/lsh.js';
import { jaccard, shingles } from '../dist/infospace/text/minhash.js';
import { normalizeForMatch } from '../dist/infospace/text/normalize.js';
import { simulate, scoreClusters, FULL_SIMULATION, Random } from '../dist/infospace/simulate/index.js';

function option(argv, name, fallback) {
  const at = argv.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const value = Number(argv[at + 1]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name}: expected a positive number`);
  return value;
}

const mb = (bytes) => Math.round(bytes / 1e6);
const sec = (ms) => (ms / 1000).toFixed(1);

function memoryWatch() {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  return { sample: () => (peak = Math.max(peak, process.memoryUsage().rss)), stop: () => (clearInterval(timer), peak) };
}

/** Feeds the simulator's posts to a corpus, timing only the corpus (normalisation, MinHash). */
function ingest(simulation, limit = Infinity, keepText = true) {
  const corpus = newCorpus({}, keepText);
  let ingestMs = 0;
  let ingestCpu = 0;
  let generated = 0;
  const started = performance.now();
  // posts are generated in batches and each batch is timed as a whole (clock reads per post would cost time)
  const batch = [];
  const addBatch = () => {
    const t = performance.now();
    const c = process.cpuUsage();
    for (const post of batch) corpus.add(post);
    const used = process.cpuUsage(c);
    ingestCpu += (used.user + used.system) / 1000;
    ingestMs += performance.now() - t;
    batch.length = 0;
  };
  for (const post of simulation.posts()) {
    if (generated++ >= limit) break;
    if (batch.push(post) >= 10_000) addBatch();
  }
  addBatch();
  return { corpus, ingestMs, ingestCpu, totalMs: performance.now() - started };
}

/** Co-text on N posts: LSH against an all-pairs exact comparison, measured on a sample and extrapolated. */
function coTextVersusAllPairs(seed, n, sampleSize) {
  // organic posts first, then campaign posts, cut at n: the corpus holds both
  const simulation = simulate({ seed, posts: Math.round(n * 0.85), accounts: Math.round(n / 6.7) });
  const organic = simulation.settings.posts;
  const { corpus, ingestMs } = ingest(simulation, n);
  const t = performance.now();
  const { table, stats } = textGroups(corpus, 8, 4, 0.5);
  const lshMs = performance.now() - t;
  const size = corpus.size;
  const texts = [];
  for (const post of simulation.posts()) {
    if (texts.length >= size) break;
    texts.push(post.text);
  }
  // half the sample from anywhere, half from the campaign part of the stream (posted after the
  // organic posts), so that the sample holds near-duplicates for LSH to find or miss
  const pick = new Random(seed + 1);
  const chosen = new Set();
  const half = Math.min(Math.floor(sampleSize / 2), organic);
  while (chosen.size < half) chosen.add(pick.int(organic));
  const campaignPart = size - organic;
  while (chosen.size < Math.min(sampleSize, half + campaignPart)) chosen.add(organic + pick.int(campaignPart));
  const sample = [...chosen].filter((i) => i < size).sort((a, b) => a - b);
  const sets = sample.map((i) => shingles(normalizeForMatch(texts[i])));
  const t2 = performance.now();
  let comparisons = 0;
  const similarPairs = [];
  for (let i = 0; i < sets.length; i++) {
    for (let j = i + 1; j < sets.length; j++) {
      comparisons++;
      if (jaccard(sets[i], sets[j]) >= 0.5) similarPairs.push([sample[i], sample[j]]);
    }
  }
  const sampleMs = performance.now() - t2;
  const allPairs = (size * (size - 1)) / 2;
  const allPairsMs = (sampleMs / comparisons) * allPairs;
  // which near-duplicate pairs found by all-pairs on the sample LSH also put in one group
  const groupOf = new Map();
  for (let e = 0; e < table.items.length; e++) groupOf.set(table.posts.get(e), table.items.get(e));
  const found = similarPairs.filter(([a, b]) => groupOf.has(a) && groupOf.get(a) === groupOf.get(b)).length;
  return {
    posts: size, signaturesMs: Math.round(ingestMs), lshMs: Math.round(lshMs), lshComparisons: stats.comparisons, groups: stats.groups,
    sample: sets.length, sampleComparisons: comparisons, sampleMs: Math.round(sampleMs), allPairsComparisons: allPairs,
    allPairsMsExtrapolated: Math.round(allPairsMs), similarPairsInSample: similarPairs.length, similarPairsFoundByLsh: found,
    timeRatio: allPairsMs / (lshMs + ingestMs), comparisonRatio: allPairs / Math.max(1, stats.comparisons),
  };
}

export async function run(argv) {
  const posts = option(argv, 'posts', FULL_SIMULATION.posts);
  const seed = option(argv, 'seed', 1);
  const allPairsPosts = option(argv, 'allpairs', 100_000);
  const sampleSize = option(argv, 'sample', 3000);
  const scale = posts / FULL_SIMULATION.posts;
  const simulation = simulate({ seed, posts, accounts: Math.max(1000, Math.round(FULL_SIMULATION.accounts * scale)) });
  const memory = memoryWatch();
  const load = loadavg()[0];
  const { corpus, ingestMs, ingestCpu, totalMs } = ingest(simulation);
  memory.sample();
  const t = performance.now();
  const cpu0 = process.cpuUsage();
  const result = detectCoordination(corpus);
  const detectMs = performance.now() - t;
  const cpu1 = process.cpuUsage(cpu0);
  const detectCpu = (cpu1.user + cpu1.system) / 1000;
  const peak = memory.stop();
  const quality = scoreClusters(simulation, result.clusters);
  const findMs = ingestMs + detectMs;
  const line = (label, value) => process.stdout.write(`${label.padEnd(44)} ${value}\n`);
  process.stdout.write(`\nCoordination: ${corpus.size.toLocaleString('en')} posts (${posts.toLocaleString('en')} organic), ${corpus.accounts.size.toLocaleString('en')} accounts, ${simulation.truth.size} injected in ${simulation.campaigns.length} campaigns (seed ${seed})\n`);
  line('simulator (not counted)', `${sec(totalMs - ingestMs)} s`);
  line('ingest: normalise, links, hashtags, MinHash', `${sec(ingestMs)} s`);
  line('detect: 8 methods, network, communities', `${sec(detectMs)} s  ${JSON.stringify(result.timings)}`);
  line('time to find all networks (target < 60 s)', `${sec(findMs)} s ${findMs < 60_000 ? 'OK' : 'MISSED'}`);
  line('  CPU time of this process (all threads)', `${sec(ingestCpu + detectCpu)} s (load average ${load.toFixed(1)} on ${cores} cores when it started)`);
  line('peak memory, RSS (target < 2 GB)', `${mb(peak)} MB ${peak < 2e9 ? 'OK' : 'MISSED'}`);
  line('clusters / edges', `${result.clusters.length} / ${result.edges}`);
  line('precision on accounts (target >= 0.95)', `${quality.precision.toFixed(3)} ${quality.precision >= 0.95 ? 'OK' : 'MISSED'}`);
  line('recall on accounts (target >= 0.90)', `${quality.recall.toFixed(3)} ${quality.recall >= 0.9 ? 'OK' : 'MISSED'}`);
  for (const [kind, k] of Object.entries(quality.byKind)) line(`  recall, ${kind}`, `${k.found}/${k.accounts} = ${k.recall.toFixed(3)}`);
  const cotext = coTextVersusAllPairs(seed, allPairsPosts, sampleSize);
  process.stdout.write(`\nCo-text on ${cotext.posts.toLocaleString('en')} posts: vigie (MinHash + LSH) against all-pairs exact Jaccard (the peer's approach)\n`);
  line('vigie: signatures + LSH groups', `${sec(cotext.signaturesMs + cotext.lshMs)} s, ${cotext.lshComparisons.toLocaleString('en')} comparisons`);
  line('all-pairs: measured on a sample', `${cotext.sample} posts, ${cotext.sampleComparisons.toLocaleString('en')} pairs in ${sec(cotext.sampleMs)} s`);
  line('all-pairs: extrapolated to all posts', `${cotext.allPairsComparisons.toLocaleString('en')} pairs, ~${sec(cotext.allPairsMsExtrapolated)} s (extrapolated, not run)`);
  line('cost ratio all-pairs / vigie (time)', `${cotext.timeRatio.toFixed(0)}x`);
  line('cost ratio all-pairs / vigie (comparisons)', `${cotext.comparisonRatio.toFixed(0)}x`);
  line('sample pairs, Jaccard >= 0.5, grouped by LSH', `${cotext.similarPairsFoundByLsh}/${cotext.similarPairsInSample}`);
  await mkdir(new URL('./out/', import.meta.url), { recursive: true });
  const out = { posts: corpus.size, loadAverage: load, cores, ingestCpuMs: ingestCpu, detectCpuMs: detectCpu, accounts: corpus.accounts.size, injected: simulation.truth.size, ingestMs, detectMs, findMs, peakRss: peak, quality, timings: result.timings, windows: result.windows, cotext };
  await writeFile(new URL('./out/coordination.json', import.meta.url), `${JSON.stringify(out, null, 2)}\n`);
  const met = findMs < 60_000 && peak < 2e9 && quality.precision >= 0.95 && quality.recall >= 0.9;
  return met ? 0 : 1;
}
