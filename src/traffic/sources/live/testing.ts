import type { LiveBatch, LiveLine, LiveNotice } from './source.js';

/** Test helpers: collect what a source delivers, and wait for a condition with a deadline. */
export function collector() {
  const lines: LiveLine[] = [];
  const batches: LiveBatch[] = [];
  const notices: LiveNotice[] = [];
  return {
    lines,
    batches,
    notices,
    texts: () => lines.map((l) => l.text),
    kinds: () => notices.map((n) => n.kind),
    sink: async (batch: LiveBatch) => {
      batches.push(batch);
      lines.push(...batch.lines);
    },
    onNotice: (n: LiveNotice) => {
      notices.push(n);
    },
  };
}

/** Polls `condition` until it holds; fails with `what` after `timeoutMs`. Never asserts a duration. */
export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
