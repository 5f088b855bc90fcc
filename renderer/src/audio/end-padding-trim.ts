// Cuts the padding at the end of a decoded stream whose length no header gives (an MP3 without a
// LAME tag): at least `least` frames, which are always padding, and then quiet up to `most` frames,
// the most the padding can be. Quiet beyond the least may be the speech's own pause (the bitstream
// cannot tell them apart), so a silent end may lose up to most - least frames of that pause, never
// sound; a stream that ends in sound keeps all of it. Until the stream ends, the frames that may be
// cut are held back: only the trailing quiet run (at most `most`), so sound passes without delay.

/** A sample this close to zero is quiet: -60 dBFS, below the codec's noise after speech ends. */
export const QUIET = 1e-3;

export class EndPaddingTrim {
  /** Interleaved frames not yet passed on: the stream's last ones. */
  private held = new Float32Array(0);

  constructor(
    private readonly channels: number,
    private readonly least: number,
    private readonly most: number,
  ) {}

  /** Interleaved samples in; what can be played now out (possibly none). */
  push(samples: Float32Array): Float32Array {
    const all = new Float32Array(this.held.length + samples.length);
    all.set(this.held);
    all.set(samples, this.held.length);
    const keep = Math.min(this.frames(all), Math.max(this.least, this.quietRun(all)));
    return this.release(all, keep);
  }

  /** The stream has ended: what is left to play, its padding cut. */
  finish(): Float32Array {
    const cut = Math.min(this.frames(this.held), Math.max(this.least, this.quietRun(this.held)));
    const out = this.held.subarray(0, this.held.length - cut * this.channels);
    this.held = new Float32Array(0);
    return out;
  }

  /** Passes on all but the last `keep` frames of `all`, holding those. */
  private release(all: Float32Array, keep: number): Float32Array {
    const split = all.length - keep * this.channels;
    this.held = all.slice(split);
    return all.subarray(0, split);
  }

  /** Trailing frames of `x` in which every sample is quiet, up to `most`. */
  private quietRun(x: Float32Array): number {
    const frames = this.frames(x);
    let run = 0;
    while (run < this.most && run < frames) {
      const at = (frames - 1 - run) * this.channels;
      let quiet = true;
      for (let c = 0; c < this.channels; c++) if (Math.abs(x[at + c]!) > QUIET) quiet = false;
      if (!quiet) break;
      run++;
    }
    return run;
  }

  private frames(x: Float32Array): number {
    return x.length / this.channels;
  }
}
