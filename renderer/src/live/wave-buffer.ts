/**
 * A fixed ring of the most recent samples of one channel, written by stream callbacks and read by
 * per-frame drawing code. No allocation after construction.
 */
export class WaveBuffer {
  readonly data: Float32Array;
  /** Total samples ever written; index of the next sample modulo capacity. */
  written = 0;
  /** Simulated time just after the newest sample. */
  endTimeS = 0;

  constructor(
    readonly sampleRateHz: number,
    readonly seconds: number,
  ) {
    this.data = new Float32Array(Math.ceil(sampleRateHz * seconds));
  }

  push(samples: Float32Array, t0S: number): void {
    const cap = this.data.length;
    for (let i = 0; i < samples.length; i++) this.data[(this.written + i) % cap] = samples[i];
    this.written += samples.length;
    this.endTimeS = t0S + samples.length / this.sampleRateHz;
  }

  /** Sample at absolute index (0 = first ever written); NaN if it has left the ring or not arrived. */
  at(index: number): number {
    if (index < 0 || index >= this.written || index < this.written - this.data.length) return NaN;
    return this.data[index % this.data.length];
  }
}
