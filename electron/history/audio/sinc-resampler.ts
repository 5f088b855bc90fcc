// A streaming band-limited resampler (windowed sinc, polyphase), for moving speech between a voice's
// sample rate and one that Opus accepts. Zero phase: output sample k sits at input time
// k * inRate / outRate, so timings survive the trip there and back.

const HALF_TAPS = 16;
const TAPS = 2 * HALF_TAPS;

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

export class SincResampler {
  /** step = num / den input samples per output sample; den phases in the filter bank. */
  private readonly num: number;
  private readonly den: number;
  private readonly bank: Float32Array;
  private history: Float32Array[]; // per channel; history[c][0] is input index `base`
  private base = -HALF_TAPS; // starts with HALF_TAPS zeros of silence before the input
  private inputCount = 0;
  private outputCount = 0;
  private ended = false;

  constructor(
    readonly inRate: number,
    readonly outRate: number,
    readonly channels = 1,
  ) {
    if (!Number.isInteger(inRate) || !Number.isInteger(outRate)) throw new RangeError('sample rates must be integers');
    const g = gcd(inRate, outRate);
    this.num = inRate / g;
    this.den = outRate / g;
    const cutoff = Math.min(1, outRate / inRate) * 0.97;
    // Phase p (output at input time floor + p/den): tap i covers input floor - HALF_TAPS + 1 + i.
    this.bank = new Float32Array(this.den * TAPS);
    for (let p = 0; p < this.den; p++) {
      const frac = p / this.den;
      for (let i = 0; i < TAPS; i++) {
        const d = frac + HALF_TAPS - 1 - i; // distance from the output instant to this input sample
        this.bank[p * TAPS + i] = kernel(d * cutoff, d / HALF_TAPS) * cutoff;
      }
    }
    this.history = Array.from({ length: channels }, () => new Float32Array(HALF_TAPS));
  }

  /** Feeds interleaved samples; returns the interleaved output that is now fully determined. */
  push(interleaved: Float32Array): Float32Array {
    if (this.ended) throw new Error('resampler already flushed');
    this.append(interleaved, interleaved.length / this.channels);
    return this.produce(Math.max(0, Math.floor(((this.inputCount - HALF_TAPS) * this.den) / this.num)));
  }

  /** Ends the stream: returns the remaining output, as if the input were followed by silence. */
  flush(): Float32Array {
    this.ended = true;
    const total = Math.ceil((this.inputCount * this.den) / this.num);
    this.append(new Float32Array(TAPS * this.channels), TAPS, false);
    return this.produce(total);
  }

  private append(interleaved: Float32Array, frames: number, counts = true): void {
    for (let c = 0; c < this.channels; c++) {
      const old = this.history[c]!;
      const next = new Float32Array(old.length + frames);
      next.set(old);
      if (this.channels === 1) next.set(interleaved, old.length);
      else for (let i = 0; i < frames; i++) next[old.length + i] = interleaved[i * this.channels + c]!;
      this.history[c] = next;
    }
    if (counts) this.inputCount += frames;
  }

  /** Produces outputs up to (not including) index `total`. */
  private produce(total: number): Float32Array {
    const count = Math.max(0, total - this.outputCount);
    const out = new Float32Array(count * this.channels);
    const { num, den, bank, channels } = this;
    for (let c = 0; c < channels; c++) {
      const h = this.history[c]!;
      for (let n = 0; n < count; n++) {
        const k = this.outputCount + n;
        const whole = Math.floor((k * num) / den);
        const phase = k * num - whole * den;
        const first = whole - HALF_TAPS + 1 - this.base;
        const row = phase * TAPS;
        let acc = 0;
        for (let i = 0; i < TAPS; i++) acc += h[first + i]! * bank[row + i]!;
        out[n * channels + c] = acc;
      }
    }
    this.outputCount += count;
    this.trim();
    return out;
  }

  /** Drops input that no future output can reach. */
  private trim(): void {
    const keepFrom = Math.floor((this.outputCount * this.num) / this.den) - HALF_TAPS;
    const drop = keepFrom - this.base;
    if (drop <= 4096) return;
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
  const r = new SincResampler(inRate, outRate, channels);
  const a = r.push(interleaved);
  const b = r.flush();
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
