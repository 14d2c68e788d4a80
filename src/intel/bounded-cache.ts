import { BoundedMap } from '../lib/bounded-map.js';

/** A lookup cache that forgets the least used of its entries beyond `capacity`. */
export class BoundedCache<K, V> extends BoundedMap<K, V> {
  constructor(readonly capacity: number) {
    if (!(capacity >= 1)) throw new RangeError('capacity must be at least 1');
    super(Math.floor(capacity));
  }
}
