import { describe, expect, it, vi } from 'vitest';
import { ProgressBar } from './progress.js';

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return { stream: { isTTY, write: (s: string) => writes.push(s) } as unknown as NodeJS.WriteStream, writes };
}

describe('ProgressBar', () => {
  it('shows only on a terminal and for long inputs', () => {
    expect(ProgressBar.enabled(fakeStream(false).stream, 1e9)).toBe(false);
    expect(ProgressBar.enabled(fakeStream(true).stream, 1000)).toBe(false);
    expect(ProgressBar.enabled(fakeStream(true).stream, 1e9)).toBe(true);
    expect(ProgressBar.enabled(fakeStream(true).stream, null)).toBe(true);
  });

  it('draws the share read and the lines, at most five times a second, and clears its line', () => {
    vi.useFakeTimers();
    try {
      const { stream, writes } = fakeStream(true);
      let lines = 0;
      const bar = new ProgressBar(stream, 1000, 'fr', () => lines);
      vi.advanceTimersByTime(1000);
      lines = 12_345;
      bar.advance(500);
      bar.advance(100);
      expect(writes).toHaveLength(1);
      expect(writes[0]).toContain('50');
      expect(writes[0]).toContain('12\u00a0345');
      expect(writes[0]).toContain('Analyse');
      vi.advanceTimersByTime(250);
      bar.advance(400);
      expect(writes).toHaveLength(2);
      expect(writes[1]).toContain('100');
      bar.done();
      expect(writes[2]).toBe('\r\u001b[K');
    } finally {
      vi.useRealTimers();
    }
  });
});
