// Drives one engine (vigie watch or CrowdSec) the same way: appends the same lines to its log file
// at the same rate, with the same probes, and polls its bouncer API (both speak CrowdSec's LAPI
// decision stream) until each probe's address is banned. Memory is sampled from /proc.
import { appendFileSync, readFileSync } from 'node:fs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Resident and peak resident memory (VmHWM) of a process, in MB; null once it is gone. */
export function memoryMb(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1]);
    return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

/**
 * A probe: one fresh address sending 12 SQL injections with distinct query strings in one burst.
 * Vigie bans on the first. CrowdSec's crowdsecurity/http-sqli-probing ("http-sqli-probbing-
 * detection", capacity 10, leak 1/s, distinct http_args) overflows on the 11th; its pattern list
 * (sqli_probe_patterns.txt) has "%20union%20select%20".
 */
export function probeLines(index) {
  const ip = `178.64.${100 + Math.floor(index / 250)}.${1 + (index % 250)}`;
  const lines = [];
  for (let k = 0; k < 12; k++) {
    lines.push(`${ip} - - [22/Oct/2026:22:00:00 +0000] "GET /results?id=${k}'%20UNION%20SELECT%20password%20FROM%20users-- HTTP/1.1" 200 512 "-" "Mozilla/5.0"`);
  }
  return { ip, lines };
}

/**
 * @param {object} o
 * @param {string} o.log the file the engine follows
 * @param {string[]} o.lines simulator lines, written in order
 * @param {number} o.rate lines per second
 * @param {number} o.drainSeconds how long to wait for the last probes once writing stops
 * @param {string} o.api base URL of the bouncer API; o.key its bouncer key
 * @param {number} o.pid the engine's process, for memory
 * @param {() => Promise<number|null>} o.analysed lines the engine has analysed so far (null: unknown)
 */
export async function drive({ log, lines, rate, drainSeconds, api, key, pid, analysed }) {
  const headers = { 'X-Api-Key': key };
  const pending = new Map();
  const delays = [];
  const scenarios = {};
  let maxRss = 0;
  const samples = [];
  let bestProbeRate = null;
  let lastSample = -Infinity;
  const rssSamples = [];
  const sample = async (force = false) => {
    const rss = memoryMb(pid)?.rss ?? 0;
    maxRss = Math.max(maxRss, rss);
    const now = performance.now();
    if (rss > 0) rssSamples.push({ at: (now - started) / 1000, rss });
    if (!force && now - lastSample < 500) return;
    lastSample = now;
    const count = await analysed();
    if (count !== null) samples.push({ at: (now - started) / 1000, analysed: count });
  };
  let polling = true;
  // The startup answer lists every decision so far: taken before the first probe, so that none hides in it.
  const startup = await fetch(`${api}/v1/decisions/stream?startup=true`, { headers });
  if (!startup.ok) throw new Error(`${api}/v1/decisions/stream?startup=true answered ${startup.status}`);
  await startup.arrayBuffer();
  const poller = (async () => {
    while (polling) {
      const response = await fetch(`${api}/v1/decisions/stream?startup=false`, { headers }).catch(() => null);
      const body = response && response.ok ? await response.json().catch(() => null) : null;
      const now = performance.now();
      for (const decision of body?.new ?? []) {
        const probe = pending.get(decision.value);
        if (probe === undefined) continue;
        delays.push(now - probe.writtenAt);
        pending.delete(decision.value);
        // lines up to this probe's end were analysed by now: a rate both engines are held to alike
        // (not for the first probe, at the head of the file)
        const rate = probe.endsAtLine / ((now - started) / 1000);
        if (probe.index > 0 && !(bestProbeRate?.linesPerSecond >= rate)) bestProbeRate = { linesPerSecond: rate, line: probe.endsAtLine };
        const name = decision.scenario ?? '?';
        scenarios[name] = (scenarios[name] ?? 0) + 1;
      }
      await sleep(20);
    }
  })();

  const tickMs = 100;
  const perTick = Math.max(1, Math.round((rate * tickMs) / 1000));
  const started = performance.now();
  let written = 0;
  let probes = 0;
  let probeLinesWritten = 0;
  while (written < lines.length) {
    const due = Math.min(lines.length, Math.floor(((performance.now() - started) / 1000) * rate) + perTick);
    if (due > written) {
      // A probe after every `rate` simulator lines (each second of the schedule), placed by line
      // and not by clock, so that every engine's file is the same however late the writer runs.
      const parts = [];
      const landed = [];
      for (let from = written; from < due; ) {
        const nextProbeAt = probes * rate;
        if (nextProbeAt <= from) {
          const probe = probeLines(probes++);
          parts.push(probe.lines.join('\n'));
          probeLinesWritten += probe.lines.length;
          landed.push({ ip: probe.ip, index: probes - 1, endsAtLine: from + probeLinesWritten });
          continue;
        }
        const to = Math.min(due, nextProbeAt);
        parts.push(lines.slice(from, to).join('\n'));
        from = to;
      }
      appendFileSync(log, parts.join('\n') + '\n');
      const writtenAt = performance.now();
      for (const probe of landed) pending.set(probe.ip, { writtenAt, index: probe.index, endsAtLine: probe.endsAtLine });
      written = due;
    }
    await sample();
    await sleep(tickMs);
  }
  const writeSeconds = (performance.now() - started) / 1000;
  await sample(true);
  const atWriteEnd = samples.at(-1)?.analysed ?? null;
  const total = written + probeLinesWritten;
  const drainEnd = performance.now() + drainSeconds * 1000;
  while (performance.now() < drainEnd && (pending.size > 0 || (samples.at(-1)?.analysed ?? 0) < total)) {
    await sample();
    await sleep(100);
  }
  await sample(true);
  polling = false;
  await poller;
  const memory = memoryMb(pid);
  const caughtUp = samples.find((s) => s.analysed >= total);
  return {
    written: total,
    writeSeconds,
    runSeconds: (performance.now() - started) / 1000,
    analysed: samples.at(-1)?.analysed ?? null,
    analysedAtWriteEnd: atWriteEnd,
    caughtUpSeconds: caughtUp?.at ?? null,
    probeRate: bestProbeRate,
    probes,
    delays,
    scenarios,
    peakRssMb: Math.max(maxRss, memory?.hwm ?? 0),
    // flat memory: the mean over the first and the last third of the writing
    rssThirds: {
      first: mean(rssSamples.filter((s) => s.at < writeSeconds / 3).map((s) => s.rss)),
      last: mean(rssSamples.filter((s) => s.at >= (2 * writeSeconds) / 3 && s.at <= writeSeconds).map((s) => s.rss)),
    },
  };
}

function mean(values) {
  return values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : null;
}
