// Converts a stream of interleaved PCM from one sample rate to another, chunk by chunk, keeping its
// phase and last frame between chunks so the seams are as smooth as the middle (no clicks, no gaps).
// Linear interpolation: only used when a reading switches rate mid-way (e.g. a fallback voice);
// the player normally runs its AudioContext at the stream's own rate and never resamples.

export class LinearResampler {
  /** Index of the next output frame in the whole stream. */
  private next = 0;
  /** Input frames received before the current chunk. */
  private consumed = 0;
  /** The last input frame of the previous chunk (index -1 of the next one). */
  private prev: Float32Array | null = null;

  constructor(
    readonly inRate: number,
    readonly outRate: number,
    readonly channels: number,
  ) {}

  /** Resamples one chunk; the output continues exactly where the previous call's output stopped. */
  push(input: Float32Array): Float32Array {
    const ch = this.channels;
    const frames = Math.floor(input.length / ch);
    if (frames === 0) return new Float32Array(0);
    // Output frame k sits at input position k * inRate / outRate, computed in integers so that
    // where the chunks are cut never changes a sample. A frame is made once the input frame after
    // its position has arrived; the last input frame is carried over as `prev`.
    const last = this.consumed + frames - 1;
    // Frames k with k * inRate / outRate < last. (Exact: these integers are far below 2^53.)
    const count = Math.max(0, Math.ceil((last * this.outRate) / this.inRate) - this.next);
    const out = new Float32Array(count * ch);
    for (let n = 0; n < count; n++) {
      const num = (this.next + n) * this.inRate;
      const i = Math.floor(num / this.outRate) - this.consumed;
      const frac = (num % this.outRate) / this.outRate;
      for (let c = 0; c < ch; c++) {
        const a = i < 0 ? this.prev![c]! : input[i * ch + c]!;
        const b = input[(i + 1) * ch + c]!;
        out[n * ch + c] = a + (b - a) * frac;
      }
    }
    this.next += count;
    this.consumed += frames;
    this.prev = input.slice((frames - 1) * ch, frames * ch);
    return out;
  }
}
