import { spawn, type ChildProcess } from 'node:child_process';

/** What a reload command did. Never thrown: the caller reports it. */
export interface ReloadResult {
  ok: boolean;
  argv: string[];
  /** Null when it did not exit by itself (killed, or never started). */
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  /** The end of its standard error, at most 4 KB. */
  stderr: string;
  /** Why it could not start ("spawn nginx ENOENT"). */
  error: string | null;
}

const STDERR_LIMIT = 4096;

/**
 * Runs a command without a shell (argv[0] is the program, the rest its arguments), kills it when
 * it outlives `timeoutMs`, and resolves with how it ended.
 */
export function runReload(argv: readonly string[], options: { timeoutMs?: number; killGraceMs?: number } = {}): Promise<ReloadResult> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const killGraceMs = options.killGraceMs ?? 2000;
  const args = [...argv];
  const result = (fields: Partial<ReloadResult>): ReloadResult => ({ ok: false, argv: args, exitCode: null, signal: null, timedOut: false, stderr: '', error: null, ...fields });
  const program = args[0];
  if (program === undefined || program === '') return Promise.resolve(result({ error: 'empty reload command' }));
  return new Promise((resolve) => {
    let stderr = '';
    let timedOut = false;
    let settled = false;
    const timers: NodeJS.Timeout[] = [];
    let child: ChildProcess | undefined;
    const finish = (fields: Partial<ReloadResult>) => {
      if (settled) return;
      settled = true;
      for (const timer of timers) clearTimeout(timer);
      child?.stderr?.destroy();
      resolve(result({ stderr, timedOut, ...fields }));
    };
    try {
      // its own process group, so a timeout also ends what it started
      child = spawn(program, args.slice(1), { shell: false, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    } catch (error) {
      finish({ error: error instanceof Error ? error.message : String(error) });
      return;
    }
    const proc = child;
    proc.stderr?.setEncoding('utf8');
    proc.stderr?.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_LIMIT);
    });
    proc.on('error', (error) => finish({ error: error.message }));
    const ended = (code: number | null, signal: string | null) => finish({ ok: !timedOut && code === 0, exitCode: code, signal });
    proc.on('close', ended);
    // a descendant may keep standard error open after the command exits: wait for it only briefly
    proc.on('exit', (code, signal) => timers.push(setTimeout(() => ended(code, signal), 250)));
    const kill = (signal: NodeJS.Signals) => {
      try {
        if (proc.pid !== undefined) process.kill(-proc.pid, signal);
      } catch {
        proc.kill(signal);
      }
    };
    timers.push(
      setTimeout(() => {
        timedOut = true;
        kill('SIGTERM');
        timers.push(setTimeout(() => kill('SIGKILL'), killGraceMs));
      }, timeoutMs),
    );
  });
}

/**
 * Splits a command line into argv the way a person expects ('' and "" group words, \ escapes one
 * character) without any shell meaning: no variables, globs, pipes or redirections. Null when a
 * quote is left open.
 */
export function splitCommandLine(text: string): string[] | null {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quote) {
      if (ch === quote) quote = null;
      else if (ch === '\\' && quote === '"' && i + 1 < text.length) word += text[++i];
      else word += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (ch === '\\' && i + 1 < text.length) {
      word += text[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (quote) return null;
  if (inWord) words.push(word);
  return words;
}
