/**
 * Preallocated Float32 ring buffer holding one channel's samples until the consumer drains them.
 * When nobody drains, the oldest samples are overwritten (`dropped` counts them).
 */
export class SampleRing {
  buf: Float32Array;
  mask: number;
  head = 0; // total samples written
  tail = 0; // total samples drained (or overwritten)
  dropped = 0;

  constructor(capacityPow2: number) {
    this.buf = new Float32Array(capacityPow2);
    this.mask = capacityPow2 - 1;
  }

  pending(): number {
    return this.head - this.tail;
  }

  /** Call after writing samples directly into `buf` at (head & mask) and advancing head. */
  fixOverflow(): void {
    const over = this.head - this.tail - this.buf.length;
    if (over > 0) {
      this.tail += over;
      this.dropped += over;
    }
  }

  drain(): Float32Array {
    const n = this.head - this.tail;
    const out = new Float32Array(n);
    const m = this.mask;
    for (let i = 0; i < n; i++) out[i] = this.buf[(this.tail + i) & m];
    this.tail = this.head;
    return out;
  }

  /** Snapshot: only the pending samples are kept (NaN gaps encoded as null). */
  snapshotState(): unknown {
    const n = this.head - this.tail;
    const pend: (number | null)[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const v = this.buf[(this.tail + i) & this.mask];
      pend[i] = v === v ? v : null;
    }
    return { size: this.buf.length, head: this.head, dropped: this.dropped, pending: pend };
  }

  restoreState(s: unknown): void {
    const o = s as { size: number; head: number; dropped: number; pending: (number | null)[] };
    if (this.buf.length !== o.size) {
      this.buf = new Float32Array(o.size);
      this.mask = o.size - 1;
    }
    this.head = o.head;
    this.dropped = o.dropped;
    this.tail = o.head - o.pending.length;
    for (let i = 0; i < o.pending.length; i++) {
      const v = o.pending[i];
      this.buf[(this.tail + i) & this.mask] = v === null ? NaN : v;
    }
  }
}
