/**
 * Under-attack mode: every new client is challenged. On by hand (until turned off), or for a while
 * after each flood finding; a flood that goes on keeps it on.
 */
export class UnderAttack {
  private manual: boolean;
  private autoUntil = 0;
  private lastState: boolean;

  constructor(
    manual: boolean,
    private readonly autoMs: number,
    private readonly now: () => number = Date.now,
    private readonly onChange: (on: boolean, reason: string) => void = () => undefined,
  ) {
    this.manual = manual;
    this.lastState = manual;
  }

  isOn(): boolean {
    const on = this.manual || this.autoUntil > this.now();
    if (on !== this.lastState) {
      this.lastState = on;
      if (!on) this.onChange(false, 'expired');
    }
    return on;
  }

  /** Whether it was switched on by hand. */
  get isManual(): boolean {
    return this.manual;
  }

  /** On by hand; off by hand also ends an automatic period (the next flood finding starts another). */
  setManual(on: boolean): void {
    this.manual = on;
    if (!on) this.autoUntil = 0;
    this.announce(on ? 'manual' : 'manual-off');
  }

  /** A flood was found: on for `autoMs` from now. */
  trigger(reason: string): void {
    this.autoUntil = this.now() + this.autoMs;
    this.announce(reason);
  }

  private announce(reason: string): void {
    const on = this.manual || this.autoUntil > this.now();
    if (on !== this.lastState) {
      this.lastState = on;
      this.onChange(on, reason);
    }
  }
}
