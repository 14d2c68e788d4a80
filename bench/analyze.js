// Log-analysis benchmark: Vigie's built CLI against GoAccess on the same simulated combined log.
// Measures wall time and peak RSS (via /usr/bin/time) of each, side by side, and writes
// bench/out/analyze.json. `--memory` analyses a 10,000,000-line log and checks Vigie's peak RSS
// against its 400 MB budget.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'bench', 'out');
const VIGIE = join(ROOT, 'bin', 'vigie.js');
const SEED = 1;
const DEFAULT_LINES = 1_000_000;
const MEMORY_LINES = 10_000_000;
const MEMORY_BUDGET_MB = 400;
const TIME = '/usr/bin/time';

export function parseArgs(argv, env = process.env) {
  const options = { lines: undefined, memory: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--memory') options.memory = true;
    else if (arg === '--help' || arg === '-h') options.help = true;
    else if (arg === '--lines' || arg.startsWith('--lines=')) {
      const text = arg.includes('=') ? arg.slice('--lines='.length) : argv[++i];
      options.lines = wholeNumber(text, '--lines');
    } else throw new Error(`unknown option ${arg} (expected --lines N, --memory)`);
  }
  if (options.lines === undefined && env.BENCH_LINES) options.lines = wholeNumber(env.BENCH_LINES, 'BENCH_LINES');
  options.lines ??= options.memory ? MEMORY_LINES : DEFAULT_LINES;
  return options;
}

function wholeNumber(text, name) {
  const value = /^\d+$/.test(String(text ?? '')) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${name}: expected a whole number above 0, got "${text}"`);
  return value;
}

function commandExists(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

/** Help text of a vigie command, or null when the built CLI lacks it. */
function vigieHelp(command) {
  const result = spawnSync(process.execPath, [VIGIE, command, '--help'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout : null;
}

function requireBuild() {
  if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) {
    throw new Error('the CLI is not built: run `npm run build` first (the benchmark measures bin/vigie.js)');
  }
  const started = spawnSync(process.execPath, [VIGIE, '--version'], { encoding: 'utf8' });
  if (started.status !== 0) {
    const reason = (started.stderr || '').split('\n').find((l) => /Error|error/.test(l)) ?? `exit ${started.status}`;
    throw new Error(`the built CLI does not start (node bin/vigie.js --version): ${reason.trim()}; fix the build, then run \`npm run build\` again`);
  }
}

/** Runs a command under /usr/bin/time when present; resolves wall seconds, peak RSS (MB) and exit code. */
function measure(command, args, { stdoutFile } = {}) {
  return new Promise((resolve, reject) => {
    const useTime = existsSync(TIME);
    const timeFile = join(OUT, `.time-${process.pid}-${Date.now()}`);
    const argv = useTime ? ['-f', '%M', '-o', timeFile, command, ...args] : args;
    const started = process.hrtime.bigint();
    const child = spawn(useTime ? TIME : command, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks = [];
    let stderr = '';
    child.stdout.on('data', (c) => chunks.push(c));
    child.stderr.on('data', (c) => {
      stderr += c;
      if (stderr.length > 64_000) stderr = stderr.slice(-32_000);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      let peakMb = null;
      if (useTime && existsSync(timeFile)) {
        const kb = Number(readFileSync(timeFile, 'utf8').trim().split('\n').pop());
        if (Number.isFinite(kb)) peakMb = kb / 1024;
        rmSync(timeFile, { force: true });
      }
      if (stdoutFile) writeFileSync(stdoutFile, Buffer.concat(chunks));
      resolve({ code, seconds, peakMb, stderr: stderr.trim() });
    });
  });
}

/** The simulated log for `lines`, generated once per size (the simulator is deterministic). */
async function simulatedLog(lines) {
  const file = join(OUT, `election-night-seed${SEED}-${lines}.log`);
  if (existsSync(file)) return { file, generatedSeconds: 0 };
  const partial = `${file}.partial`;
  let run;
  if (vigieHelp('simulate') !== null) {
    run = await measure(process.execPath, [VIGIE, 'simulate', '--lines', String(lines), '--seed', String(SEED), '--out', partial]);
  } else {
    // Older builds: call the simulator module directly.
    const started = process.hrtime.bigint();
    const { writeSimulatedLog } = await import(join(ROOT, 'dist', 'traffic', 'simulate', 'index.js'));
    await writeSimulatedLog(partial, { seed: SEED, lines });
    run = { code: 0, seconds: Number(process.hrtime.bigint() - started) / 1e9, stderr: '' };
  }
  if (run.code !== 0) throw new Error(`could not generate the log: ${run.stderr}`);
  renameSync(partial, file);
  return { file, generatedSeconds: run.seconds };
}

async function runVigie(file, lines, { store }) {
  const help = vigieHelp('analyze');
  if (help === null) {
    throw new Error('the built CLI has no `analyze` command yet (`node bin/vigie.js analyze --help` failed); build a version that has it');
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'vigie-bench-'));
  const args = [VIGIE, 'analyze', file, '--json', '--data-dir', dataDir];
  if (!store) args.push('--no-store');
  if (help.includes('--no-progress')) args.push('--no-progress');
  try {
    const summaryFile = join(OUT, `vigie-summary-${lines}${store ? '-store' : ''}.json`);
    const result = await measure(process.execPath, args, { stdoutFile: summaryFile });
    const parsed = readJson(summaryFile)?.input?.parsed ?? null;
    return { ...result, command: `node bin/vigie.js ${args.slice(1).map((a) => (a === file ? relative(ROOT, a) : a)).join(' ')}`, parsed };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function runGoAccess(file, lines) {
  if (!commandExists('goaccess')) return null;
  const report = join(OUT, `goaccess-${lines}.json`);
  rmSync(report, { force: true });
  const args = [file, '--log-format=COMBINED', '--no-global-config', '-o', report];
  const result = await measure('goaccess', args);
  return {
    ...result,
    parsed: readJson(report)?.general?.valid_requests ?? null,
    command: `goaccess ${relative(ROOT, file)} ${args.slice(1).join(' ')}`.replace(report, relative(ROOT, report)),
  };
}

/** The JSON in a file, or null when it is missing or not JSON (a failed run). */
function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

function row(cells, widths) {
  return cells.map((c, i) => String(c).padStart(widths[i])).join('  ');
}

function fmt(value, digits = 0) {
  return value === null || value === undefined ? '-' : value.toLocaleString('en-CA', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export async function run(argv) {
  const options = parseArgs(argv);
  if (options.help) {
    process.stdout.write('npm run bench [-- --lines N] [-- --memory]   (BENCH_LINES=N also works)\n');
    return 0;
  }
  requireBuild();
  mkdirSync(OUT, { recursive: true });
  const { lines } = options;
  process.stderr.write(`bench: simulated log of ${fmt(lines)} lines…\n`);
  const { file, generatedSeconds } = await simulatedLog(lines);
  const bytes = statSync(file).size;

  process.stderr.write('bench: vigie analyze --no-store…\n');
  const vigie = await runVigie(file, lines, { store: false });
  if (vigie.code !== 0) throw new Error(`vigie analyze failed (exit ${vigie.code}): ${vigie.stderr.split('\n').slice(-5).join('\n')}`);
  let vigieStore = null;
  if (!options.memory) {
    process.stderr.write('bench: vigie analyze (events into the embedded store)…\n');
    vigieStore = await runVigie(file, lines, { store: true });
  }
  let goaccess = null;
  if (!options.memory) {
    process.stderr.write(commandExists('goaccess') ? 'bench: goaccess…\n' : 'bench: goaccess not installed, skipped\n');
    goaccess = await runGoAccess(file, lines);
    if (goaccess && goaccess.code !== 0) {
      process.stderr.write(`bench: goaccess failed (exit ${goaccess.code}): ${goaccess.stderr.split('\n').slice(-3).join(' ')}\n`);
    }
  }

  const tools = [
    { name: 'vigie', ...vigie },
    ...(vigieStore ? [{ name: 'vigie+store', ...vigieStore }] : []),
    ...(goaccess ? [{ name: 'goaccess', ...goaccess }] : []),
  ].map((t) => ({
    name: t.name,
    command: t.command,
    exitCode: t.code,
    seconds: t.seconds,
    linesPerSecond: t.code === 0 ? lines / t.seconds : null,
    peakRssMb: t.peakMb,
  }));
  const goaccessOk = goaccess && goaccess.code === 0;
  const result = {
    benchmark: 'analyze',
    date: new Date().toISOString(),
    machine: { node: process.version, platform: process.platform, arch: process.arch },
    log: { file: relative(ROOT, file), lines, bytes, seed: SEED, format: 'combined', generatedSeconds },
    tools,
    parsedLines: { vigie: vigie.parsed, goaccess: goaccess?.parsed ?? null },
    /** Vigie time over GoAccess time: below 1 means Vigie was faster. */
    timeRatioVigieOverGoaccess: goaccessOk ? vigie.seconds / goaccess.seconds : null,
    /** Vigie lines/s over GoAccess lines/s (the target is 4 or more), without and with the store. */
    speedupOverGoaccess: goaccessOk ? goaccess.seconds / vigie.seconds : null,
    speedupWithStoreOverGoaccess: goaccessOk && vigieStore && vigieStore.code === 0 ? goaccess.seconds / vigieStore.seconds : null,
    memory: options.memory
      ? { budgetMb: MEMORY_BUDGET_MB, peakRssMb: vigie.peakMb, withinBudget: vigie.peakMb === null ? null : vigie.peakMb <= MEMORY_BUDGET_MB }
      : null,
  };
  writeFileSync(join(OUT, 'analyze.json'), JSON.stringify(result, null, 2) + '\n');

  const widths = [12, 10, 14, 14];
  const out = [
    '',
    `Log analysis, ${fmt(lines)} combined lines (${fmt(bytes / 1e6, 1)} MB), seed ${SEED}`,
    row(['tool', 'seconds', 'lines/s', 'peak RSS MB'], widths),
    row(['-'.repeat(12), '-'.repeat(10), '-'.repeat(14), '-'.repeat(14)], widths),
    ...tools.map((t) => row([t.name, t.exitCode === 0 ? fmt(t.seconds, 2) : `exit ${t.exitCode}`, fmt(t.linesPerSecond), fmt(t.peakRssMb, 1)], widths)),
    '',
  ];
  if (result.speedupOverGoaccess !== null) {
    out.push(`speed ratio vigie/goaccess: ${fmt(result.speedupOverGoaccess, 2)}x (target 4x)`);
    if (result.speedupWithStoreOverGoaccess !== null) out.push(`speed ratio vigie+store/goaccess: ${fmt(result.speedupWithStoreOverGoaccess, 2)}x`);
  }
  else if (!options.memory) out.push('goaccess: not installed or failed, no ratio (apt-get install goaccess)');
  for (const [name, parsed] of Object.entries(result.parsedLines)) {
    if (parsed !== null && parsed !== lines) out.push(`note: ${name} parsed ${fmt(parsed)} of ${fmt(lines)} lines`);
  }
  if (result.memory) {
    const m = result.memory;
    out.push(`memory: vigie peak RSS ${fmt(m.peakRssMb, 1)} MB, budget ${m.budgetMb} MB: ${m.withinBudget === null ? 'unknown (no /usr/bin/time)' : m.withinBudget ? 'within budget' : 'OVER BUDGET'}`);
  }
  out.push(`written: ${relative(ROOT, join(OUT, 'analyze.json'))}`, '');
  process.stdout.write(out.join('\n'));
  return result.memory && result.memory.withinBudget === false ? 1 : 0;
}
