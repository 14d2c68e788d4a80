/** A binary min-heap on a numeric key, ties broken by insertion order so that output is deterministic. */
export class MinHeap<T> {
  private readonly items: T[] = [];
  private readonly keys: number[] = [];
  private readonly orders: number[] = [];
  private counter = 0;

  get size(): number {
    return this.items.length;
  }

  peekKey(): number {
    return this.keys[0] ?? Infinity;
  }

  push(item: T, key: number): void {
    this.items.push(item);
    this.keys.push(key);
    this.orders.push(this.counter++);
    this.up(this.items.length - 1);
  }

  pop(): T | undefined {
    const n = this.items.length;
    if (n === 0) return undefined;
    const top = this.items[0];
    const lastItem = this.items.pop() as T;
    const lastKey = this.keys.pop() as number;
    const lastOrder = this.orders.pop() as number;
    if (n > 1) {
      this.items[0] = lastItem;
      this.keys[0] = lastKey;
      this.orders[0] = lastOrder;
      this.down(0);
    }
    return top;
  }

  private less(a: number, b: number): boolean {
    const ka = this.keys[a] as number;
    const kb = this.keys[b] as number;
    return ka < kb || (ka === kb && (this.orders[a] as number) < (this.orders[b] as number));
  }

  private swap(a: number, b: number): void {
    const item = this.items[a] as T;
    this.items[a] = this.items[b] as T;
    this.items[b] = item;
    const key = this.keys[a] as number;
    this.keys[a] = this.keys[b] as number;
    this.keys[b] = key;
    const order = this.orders[a] as number;
    this.orders[a] = this.orders[b] as number;
    this.orders[b] = order;
  }

  private up(index: number): void {
    let i = index;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(index: number): void {
    const n = this.items.length;
    let i = index;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < n && this.less(left, smallest)) smallest = left;
      if (right < n && this.less(right, smallest)) smallest = right;
      if (smallest === i) return;
      this.swap(i, smallest);
      i = smallest;
    }
  }
}
