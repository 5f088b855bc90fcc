// Speed without chipmunks: a streaming WSOLA time-stretcher. Windows of ~30 ms are overlap-added at
// a fixed output hop (half a window) while the input is read at `speed` times that hop; each window
// is shifted by up to ~8 ms to the place that best continues the previous one (cross-correlation),
// so pitch periods line up and the pitch is kept. At exactly 1x with nothing shifted the output is
// the input, sample for sample. It also keeps the map from output frames back to source frames, so
// the highlight follows what is being heard at any speed. No DOM: it runs inside the player's worklet
// and in the command line (electron/cli/say.ts).

export const MIN_SPEED = 0.5;
export const MAX_SPEED = 4;

export class TimeStretch {
  readonly hop: number;
  private readonly win: number;
  private readonly seek: number;
  private readonly window: Float32Array;
  /** Planar source audio; index 0 of each array is source frame `base`. */
  private src: Float32Array[];
  private base = 0;
  /** Source frames received. */
  private total = 0;
  private ended = false;
  private speedNow = 1;
  /** Nominal and chosen source start of the last window added (start at -hop: silence before the source). */
  private nominal: number;
  private chosen: number;
  /** Overlap-add accumulator: the second half of the last window, planar. */
  private tail: Float32Array[];
  /** Finished output frames not yet read, planar, and where reading them has got to. */
  private ready: Float32Array[];
  private readyAt = 0;
  private readyLen = 0;
  /** Source position of ready[readyAt] and source frames per output frame across the ready hop. */
  private readySrc = 0;
  private readyRate = 1;
  private finished = false;
  /** False until the first window (straddling the source's start) has filled the tail. */
  private started = false;

  constructor(
    readonly sampleRate: number,
    readonly channels: number,
  ) {
    this.hop = Math.max(32, Math.round(sampleRate * 0.015));
    this.win = this.hop * 2;
    this.seek = Math.max(8, Math.round(sampleRate * 0.008));
    // Periodic Hann: windows at half-window hops sum to exactly 1.
    this.window = new Float32Array(this.win);
    for (let i = 0; i < this.win; i++) this.window[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / this.win);
    this.src = Array.from({ length: channels }, () => new Float32Array(this.win * 8));
    this.tail = Array.from({ length: channels }, () => new Float32Array(this.hop));
    this.ready = Array.from({ length: channels }, () => new Float32Array(this.hop));
    this.nominal = -this.hop;
    this.chosen = -this.hop;
  }

  get speed(): number {
    return this.speedNow;
  }

  /** Takes effect from the next window (within ~15 ms). */
  setSpeed(speed: number): void {
    this.speedNow = Math.min(MAX_SPEED, Math.max(MIN_SPEED, speed));
  }

  /** Source frames received but not yet heard in the output. */
  get pending(): number {
    return Math.max(0, this.total - this.position);
  }

  /** Source position (frames, fractional) of the next output frame. */
  get position(): number {
    return Math.min(this.total, this.readySrc + this.readyAt * this.readyRate);
  }

  get sourceFrames(): number {
    return this.total;
  }

  /** True once the end was signalled and every output frame has been read. */
  get drained(): boolean {
    return this.finished && this.readyAt >= this.readyLen;
  }

  /** Appends interleaved frames with `channels` channels (mono is copied to every channel). */
  push(samples: Float32Array, channels: number): void {
    const frames = Math.floor(samples.length / channels);
    if (frames === 0) return;
    this.reserve(this.total - this.base + frames);
    const at = this.total - this.base;
    for (let c = 0; c < this.channels; c++) {
      const dest = this.src[c]!;
      const from = Math.min(c, channels - 1);
      for (let i = 0; i < frames; i++) dest[at + i] = samples[i * channels + from]!;
    }
    this.total += frames;
  }

  /** No more source: the rest is flushed with silence after the end. */
  end(): void {
    this.ended = true;
  }

  /** Drops everything and starts again (a new reading). */
  reset(): void {
    this.base = this.total = 0;
    this.ended = this.finished = false;
    for (const t of this.tail) t.fill(0);
    this.nominal = this.chosen = -this.hop;
    this.started = false;
    this.readyAt = this.readyLen = 0;
    this.readySrc = 0;
    this.readyRate = 1;
  }

  /**
   * Writes up to `count` frames into `out` (planar) from `offset`; returns how many were written.
   * Fewer than asked means the source ran out (an underrun unless ended), or, with `toHopEnd`,
   * that the current hop is finished (so that release() can take over there).
   */
  read(out: Float32Array[], offset: number, count: number, toHopEnd = false): number {
    let written = 0;
    while (written < count) {
      if (this.readyAt >= this.readyLen && (toHopEnd || !this.produce())) break;
      const n = Math.min(count - written, this.readyLen - this.readyAt);
      for (let c = 0; c < out.length; c++) {
        const src = this.ready[Math.min(c, this.channels - 1)]!;
        out[c]!.set(src.subarray(this.readyAt, this.readyAt + n), offset + written);
      }
      this.readyAt += n;
      written += n;
    }
    return written;
  }

  /** Output frames that can be read now without more source. */
  available(): number {
    return this.readyLen - this.readyAt;
  }

  /**
   * Hands back the source not yet heard, interleaved, once the current hop has been read (else
   * null), and where it starts in source frames. Playing it directly continues the output
   * seamlessly: it is exactly what a window continuing the last one would add to its tail.
   */
  release(): { samples: Float32Array; channels: number; from: number } | null {
    if (this.readyAt < this.readyLen) return null;
    const from = this.started ? this.chosen + this.hop : 0;
    const frames = Math.max(0, this.total - from);
    const ch = this.channels;
    const samples = new Float32Array(frames * ch);
    for (let c = 0; c < ch; c++) {
      const x = this.src[c]!;
      for (let i = 0; i < frames; i++) samples[i * ch + c] = x[from - this.base + i]!;
    }
    return { samples, channels: ch, from };
  }

  /** Makes the next hop of output; false if the source is not there yet (or all is done). */
  private produce(): boolean {
    if (this.finished) return false;
    const step = this.hop * this.speedNow;
    const nominal = this.nominal + step;
    // The hop about to be made is heard from the previous window's centre to this one's.
    const heardFrom = this.nominal + this.hop;
    if (this.ended && heardFrom >= this.total) {
      this.finished = true;
      return false;
    }
    const start = Math.round(nominal);
    const natural = this.chosen + this.hop;
    const need = Math.max(start + this.seek, natural) + this.win;
    if (!this.ended && need > this.total) return false;
    if (!this.started) {
      // The first window starts a hop before the source: only its second half is ever heard.
      this.started = true;
      this.addWindow(this.chosen, 0);
    }
    const offset = this.speedNow === 1 && this.chosen === Math.round(this.nominal) ? 0 : this.bestOffset(start, natural);
    this.readySrc = heardFrom;
    this.readyRate = step / this.hop;
    this.nominal = nominal;
    this.chosen = start + offset;
    this.addWindow(this.chosen, this.hop);
    this.trim(Math.min(Math.round(this.nominal) - this.seek, this.chosen) - this.hop);
    return true;
  }

  /** The shift in [-seek, seek] whose window best matches the natural continuation of the last one. */
  private bestOffset(start: number, natural: number): number {
    const x = this.src[0]!;
    const b = this.base;
    const n = this.win;
    // Decimated by 2: a quarter of the work, still finer than any voice's pitch period.
    let best = 0;
    let bestScore = -Infinity;
    for (let d = -this.seek; d <= this.seek; d++) {
      const s = start + d;
      let dot = 0;
      let energy = 1e-9;
      const inside = Math.min(s, natural) >= 0 && Math.max(s, natural) + n <= this.total;
      if (inside) {
        // The common case, without bounds checks.
        for (let i = 0, p = natural - b, q = s - b; i < n; i += 2) {
          const v = x[q + i]!;
          dot += x[p + i]! * v;
          energy += v * v;
        }
      } else {
        for (let i = 0; i < n; i += 2) {
          const v = this.at(x, s + i - b);
          dot += this.at(x, natural + i - b) * v;
          energy += v * v;
        }
      }
      const score = dot / Math.sqrt(energy);
      if (score > bestScore + 1e-12 || (d === 0 && score >= bestScore - 1e-12)) {
        bestScore = score;
        best = d;
      }
    }
    return best;
  }

  private at(x: Float32Array, i: number): number {
    const abs = i + this.base;
    return abs < 0 || abs >= this.total ? 0 : x[i]!;
  }

  /** Overlap-adds the window starting at source frame `from`; the first `emit` frames become ready. */
  private addWindow(from: number, emit: number): void {
    const h = this.hop;
    for (let c = 0; c < this.channels; c++) {
      const x = this.src[c]!;
      const tail = this.tail[c]!;
      const ready = this.ready[c]!;
      for (let i = 0; i < h; i++) ready[i] = tail[i]! + this.window[i]! * this.at(x, from + i - this.base);
      for (let i = 0; i < h; i++) tail[i] = this.window[h + i]! * this.at(x, from + h + i - this.base);
    }
    this.readyAt = 0;
    this.readyLen = emit;
  }

  private reserve(frames: number): void {
    if (frames <= this.src[0]!.length) return;
    const size = Math.max(frames, this.src[0]!.length * 2);
    this.src = this.src.map((old) => {
      const next = new Float32Array(size);
      next.set(old.subarray(0, this.total - this.base));
      return next;
    });
  }

  /** Forgets source before `keep` (moves the buffer down once enough is dead). */
  private trim(keep: number): void {
    const drop = Math.min(keep, this.total) - this.base;
    if (drop < this.win * 4) return;
    for (const x of this.src) x.copyWithin(0, drop, this.total - this.base);
    this.base += drop;
  }
}
