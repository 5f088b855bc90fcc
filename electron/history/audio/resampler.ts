// A streaming band-limited resampler (windowed sinc), for moving speech between a voice's sample rate
// and one that Opus accepts. Zero phase: output sample k sits at input time k * inRate / outRate,
// so timings survive the trip there and back.

const HALF_TAPS = 16;
/** Kernel table resolution: entries per input sample, read with linear interpolation. */
const TABLE_STEPS = 512;

export class Resampler {
  private readonly step: number; // input samples per output sample
  private readonly cutoff: number; // fraction of the input Nyquist kept
  private history: Float32Array[]; // per channel, input not yet fully consumed
  private base = 0; // input index of history[c][0]
  private inputCount = 0;
  private outputCount = 0;
  private readonly table: Float32Array;

  constructor(
    readonly inRate: number,
    readonly outRate: number,
    readonly channels = 1,
  ) {
    this.step = inRate / outRate;
    this.cutoff = Math.min(1, outRate / inRate) * 0.97;
    this.history = Array.from({ length: channels }, () => new Float32Array(0));
    // The kernel is symmetric: tabulate it for distances 0..HALF_TAPS.
    this.table = new Float32Array(HALF_TAPS * TABLE_STEPS + 2);
    for (let i = 0; i < this.table.length; i++) {
      const d = i / TABLE_STEPS;
      this.table[i] = kernel(d * this.cutoff, d / HALF_TAPS);
    }
  }

  private tap(distance: number): number {
    const x = Math.abs(distance) * TABLE_STEPS;
    const i = Math.floor(x);
    if (i >= this.table.length - 1) return 0;
    const f = x - i;
    return this.table[i]! * (1 - f) + this.table[i + 1]! * f;
  }

  /** Feeds interleaved samples; returns the interleaved output that is now fully determined. */
  push(interleaved: Float32Array): Float32Array {
    this.append(interleaved);
    return this.produce(false);
  }

  /** Ends the stream: returns the remaining output, as if the input were followed by silence. */
  flush(): Float32Array {
    return this.produce(true);
  }

  private append(interleaved: Float32Array): void {
    const frames = interleaved.length / this.channels;
    for (let c = 0; c < this.channels; c++) {
      const old = this.history[c]!;
      const next = new Float32Array(old.length + frames);
      next.set(old);
      for (let i = 0; i < frames; i++) next[old.length + i] = interleaved[i * this.channels + c]!;
      this.history[c] = next;
    }
    this.inputCount += frames;
  }

  private produce(final: boolean): Float32Array {
    if (this.inRate === this.outRate) return this.passThrough();
    // Output k is ready once every tap it needs has arrived (or, at the end, for every k inside the input).
    const total = final
      ? Math.ceil(this.inputCount / this.step - 1e-9)
      : Math.max(0, Math.floor((this.inputCount - HALF_TAPS - 1) / this.step) + 1);
    const count = Math.max(0, total - this.outputCount);
    const out = new Float32Array(count * this.channels);
    const scale = this.cutoff;
    const taps = new Float32Array(2 * HALF_TAPS);
    for (let n = 0; n < count; n++) {
      const t = (this.outputCount + n) * this.step;
      const centre = Math.floor(t);
      const lo = centre - HALF_TAPS + 1;
      const hi = centre + HALF_TAPS;
      for (let i = lo; i <= hi; i++) taps[i - lo] = this.tap(t - i);
      for (let c = 0; c < this.channels; c++) {
        const h = this.history[c]!;
        let acc = 0;
        for (let i = lo; i <= hi; i++) {
          const j = i - this.base;
          if (j < 0 || j >= h.length) continue; // before the start or past the end: silence
          acc += h[j]! * taps[i - lo]!;
        }
        out[n * this.channels + c] = acc * scale;
      }
    }
    this.outputCount += count;
    this.trim();
    return out;
  }

  private passThrough(): Float32Array {
    const frames = this.history[0]!.length;
    const out = new Float32Array(frames * this.channels);
    for (let c = 0; c < this.channels; c++) {
      const h = this.history[c]!;
      for (let i = 0; i < frames; i++) out[i * this.channels + c] = h[i]!;
      this.history[c] = new Float32Array(0);
    }
    this.outputCount += frames;
    this.base += frames;
    return out;
  }

  /** Drops input that no future output can reach. */
  private trim(): void {
    const keepFrom = Math.floor(this.outputCount * this.step) - HALF_TAPS;
    const drop = keepFrom - this.base;
    if (drop <= 0) return;
    for (let c = 0; c < this.channels; c++) this.history[c] = this.history[c]!.slice(drop);
    this.base += drop;
  }
}

/** sinc(x) under a Blackman window; w runs from -1 to 1 across the taps. */
function kernel(x: number, w: number): number {
  if (w <= -1 || w >= 1) return 0;
  const s = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
  const a = Math.PI * (w + 1);
  return s * (0.42 - 0.5 * Math.cos(a) + 0.08 * Math.cos(2 * a));
}

/** Resamples a whole buffer at once. */
export function resample(interleaved: Float32Array, inRate: number, outRate: number, channels = 1): Float32Array {
  const r = new Resampler(inRate, outRate, channels);
  const a = r.push(interleaved);
  const b = r.flush();
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
