/**
 * Holds refusals (403, 429) for a moment before sending them. A flood tool waits for each answer
 * before it sends again on that connection: refused at once, it is back within microseconds and
 * the shield spends all its time refusing while visitors queue behind; held for a second, each of
 * its connections costs one refusal a second (nginx's limit_req can delay in the same spirit).
 * Bounded: past `maxHeld` waiting, refusals go at once. One timer for all.
 */
export class Tarpit {
  private queue: ({ due: number; send: () => void } | undefined)[] = [];
  private head = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    readonly delayMs: number,
    private readonly maxHeld: number,
    private readonly now: () => number = () => performance.now(),
    private readonly random: () => number = Math.random,
  ) {}

  get held(): number {
    return this.queue.length - this.head;
  }

  hold(send: () => void): void {
    if (this.delayMs <= 0 || this.held >= this.maxHeld) return send();
    // spread by a quarter either way: refused together, a flood's connections would otherwise come
    // back together each second, and what the limits let through would reach the origin in one lump
    this.queue.push({ due: this.now() + this.delayMs * (0.75 + 0.5 * this.random()), send });
    if (!this.timer) {
      this.timer = setInterval(() => this.release(false), Math.max(10, Math.min(50, this.delayMs)));
      this.timer.unref();
    }
  }

  /** Sends what is due (everything, when `all`); in arrival order, so one may wait for the one before it. */
  release(all: boolean): void {
    const now = this.now();
    while (this.head < this.queue.length) {
      const entry = this.queue[this.head] as { due: number; send: () => void };
      if (!all && entry.due > now) break;
      this.queue[this.head++] = undefined;
      try {
        entry.send();
      } catch {
        // a refusal that cannot be sent (the client is gone) is nothing to hold up the others for
      }
    }
    if (this.head === this.queue.length) {
      this.queue = [];
      this.head = 0;
      if (this.timer) clearInterval(this.timer);
      this.timer = null;
    } else if (this.head > 4096 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }

  close(): void {
    this.release(true);
  }
}
