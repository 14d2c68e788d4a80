import type { Lang } from '../i18n/index.js';
import { formatNumber, formatPercent } from '../i18n/index.js';

const LABEL: Record<Lang, string> = { en: 'Analysing', fr: 'Analyse' };
const RATE: Record<Lang, string> = { en: 'lines/s', fr: 'lignes/s' };

/**
 * A one-line progress bar on a terminal, redrawn at most five times a second. It writes nothing when
 * the stream is not a terminal, so piped output stays clean.
 */
export class ProgressBar {
  private bytes = 0;
  private lastDraw = 0;
  private readonly started = Date.now();
  private drawn = false;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly totalBytes: number | null,
    private readonly lang: Lang,
    private readonly linesSoFar: () => number,
  ) {}

  static enabled(stream: NodeJS.WriteStream, totalBytes: number | null): boolean {
    return Boolean(stream.isTTY) && (totalBytes === null || totalBytes > 8 * 1024 * 1024);
  }

  advance(bytes: number): void {
    this.bytes += bytes;
    const now = Date.now();
    if (now - this.lastDraw < 200) return;
    this.lastDraw = now;
    this.draw(now);
  }

  private draw(now: number): void {
    const lines = this.linesSoFar();
    const seconds = Math.max((now - this.started) / 1000, 0.001);
    const rate = `${formatNumber(lines / seconds, this.lang)} ${RATE[this.lang]}`;
    let bar = '';
    if (this.totalBytes) {
      const ratio = Math.min(this.bytes / this.totalBytes, 1);
      const width = 30;
      const filled = Math.round(ratio * width);
      bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${formatPercent(this.bytes, this.totalBytes, this.lang)} `;
    }
    this.stream.write(`\r${LABEL[this.lang]} ${bar}${formatNumber(lines, this.lang)} · ${rate}\u001b[K`);
    this.drawn = true;
  }

  done(): void {
    if (this.drawn) this.stream.write('\r\u001b[K');
  }
}
