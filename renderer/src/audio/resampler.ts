// Converts a stream of interleaved PCM from one sample rate to another, chunk by chunk, keeping its
// phase and last frame between chunks so the seams are as smooth as the middle (no clicks, no gaps).
// Linear interpolation: only used when a reading switches rate mid-way (e.g. a fallback voice);
// the player normally runs its AudioContext at the stream's own rate and never resamples.

export class StreamResampler {
  /** Position of the next output frame, in input frames, relative to the start of the next chunk. */
  private pos = 0;
  /** The last input frame of the previous chunk (index -1 of the next one). */
  private prev: Float32Array | null = null;
  private readonly step: number;

  constructor(
    readonly inRate: number,
    readonly outRate: number,
    readonly channels: number,
  ) {
    this.step = inRate / outRate;
  }

  /** Resamples one chunk; the output continues exactly where the previous call's output stopped. */
  push(input: Float32Array): Float32Array {
    const ch = this.channels;
    const frames = Math.floor(input.length / ch);
    if (frames === 0) return new Float32Array(0);
    // Output frames whose position lies in [-1, frames - 1]: interpolation needs the frame after it.
    const start = this.prev ? this.pos : Math.max(this.pos, 0);
    const count = start > frames - 1 ? 0 : Math.floor((frames - 1 - start) / this.step) + 1;
    const out = new Float32Array(count * ch);
    for (let k = 0; k < count; k++) {
      const x = start + k * this.step;
      const i = Math.floor(x);
      const frac = x - i;
      for (let c = 0; c < ch; c++) {
        const a = i < 0 ? this.prev![c]! : input[i * ch + c]!;
        const b = input[(i + 1) * ch + c] ?? a;
        out[k * ch + c] = a + (b - a) * frac;
      }
    }
    this.pos = start + count * this.step - frames;
    this.prev = input.slice((frames - 1) * ch, frames * ch);
    return out;
  }
}
