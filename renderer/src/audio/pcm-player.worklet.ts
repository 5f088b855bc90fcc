// The audio-thread half of the player: a queue of PCM buffers rendered back to back, so seams between
// chunks and segments are gapless, and a count of frames actually rendered, which is the play clock.
// Pause stops the output here, sample-exact, rather than suspending the context.
// Each buffer plays at speed / synthRate (the rate its voice made it at, shared/speed.ts), so the
// Speed heard is the same whichever part the voice made. Where that is 1 the queue is copied out
// directly (sample-exact); anywhere else it flows through the WSOLA time-stretcher, whose stretch
// follows the buffers' rates hop by hop. The clock counts source frames heard, so the highlight
// stays on the word.
import { stretchFor } from '../../../shared/speed';
import { TimeStretch } from '../../../shared/audio/time-stretch';
import type { FromWorklet, ToWorklet, WorkletState } from './worklet-protocol';
import { PCM_PLAYER_PROCESSOR } from './worklet-protocol';

// AudioWorkletGlobalScope is not in TypeScript's DOM lib.
declare const currentFrame: number;
declare const sampleRate: number;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
}
declare function registerProcessor(name: string, ctor: new (options?: unknown) => AudioWorkletProcessor): void;

/** Post the clock every this many render quanta while audio flows (about 23-46 ms). */
const CLOCK_EVERY = 8;

interface Pending {
  samples: Float32Array;
  channels: number;
  /** Next frame to render from this buffer. */
  offset: number;
  frames: number;
  synthRate: number;
}

class PcmPlayerProcessor extends AudioWorkletProcessor {
  private queue: Pending[] = [];
  private queued = 0;
  private generation = 0;
  private state: WorkletState = 'idle';
  private paused = false;
  private ended = false;
  private prebuffer = 0;
  private played = 0;
  private underruns = 0;
  private underrunFrames = 0;
  private sinceClock = 0;
  private drainedAt = 0;
  private speed = 1;
  private gain = 1;
  private targetGain = 1;
  /** Active while speed is not 1 (and until its last hop has been heard after a return to 1x). */
  private stretch: TimeStretch | null = null;
  /** Source frames of the timeline before the stretcher's frame 0. */
  private stretchBase = 0;
  /** Where (stretcher source frames) each run of one synthRate begins inside the stretcher. */
  private stretchRates: { from: number; synthRate: number }[] = [];
  /** The stretch the last clock report carried. */
  private postedStretch = 1;
  private firstAt = -1;
  /** Speed the render used last, and where the current one took over. */
  private renderedSpeed = 1;
  private speedFrom = { contextFrame: 0, played: 0, speed: 1 };
  private tap: Float32Array | null = null;
  private tapped = 0;
  /** The context frame the tap's first sample was rendered at, so a test can line it up with the clock. */
  private tapStart = -1;

  constructor() {
    super();
    this.port.onmessage = (e: MessageEvent<ToWorklet>) => this.receive(e.data);
  }

  private receive(msg: ToWorklet): void {
    if (msg.type === 'speed') {
      this.speed = Math.min(4, Math.max(0.5, msg.speed));
      return;
    }
    if (msg.type === 'volume') {
      this.targetGain = Math.min(1, Math.max(0, msg.volume));
      return;
    }
    if (msg.type === 'tap') {
      this.tap = new Float32Array(Math.round(msg.seconds * sampleRate));
      this.tapped = 0;
      this.tapStart = -1;
      return;
    }
    if (msg.type === 'tap-read') {
      const samples = (this.tap ?? new Float32Array(0)).slice(0, this.tapped);
      this.port.postMessage({ type: 'tapped', samples, startFrame: this.tapStart } satisfies FromWorklet, [samples.buffer]);
      return;
    }
    if (msg.type === 'reset') {
      this.queue = [];
      this.stretch = null;
      this.stretchRates = [];
      this.queued = 0;
      this.generation = msg.generation;
      this.prebuffer = msg.prebufferFrames;
      this.state = 'idle';
      this.paused = false;
      this.ended = false;
      this.played = this.underruns = this.underrunFrames = 0;
      this.firstAt = -1;
      this.speedFrom = { contextFrame: currentFrame, played: 0, speed: this.speed };
      this.renderedSpeed = this.speed;
      this.post(currentFrame);
      return;
    }
    if (msg.generation !== this.generation) return; // meant for a timeline already dropped
    switch (msg.type) {
      case 'push': {
        const frames = Math.floor(msg.samples.length / msg.channels);
        if (frames === 0) return;
        this.queue.push({ samples: msg.samples, channels: msg.channels, offset: 0, frames, synthRate: msg.synthRate });
        this.queued += frames;
        if (this.state === 'idle' || this.state === 'drained') this.state = 'buffering';
        break;
      }
      case 'end':
        this.ended = true;
        if (this.stretch && this.queue.length === 0) this.stretch.end();
        break;
      case 'prebuffer':
        this.prebuffer = msg.frames;
        break;
      case 'pause':
        this.paused = true;
        break;
      case 'resume':
        this.paused = false;
        break;
    }
    this.post(currentFrame);
  }

  process(_inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
    const out = outputs[0];
    if (!out || out.length === 0) return true;
    const length = out[0]!.length;
    const endFrame = currentFrame + length;
    for (const ch of out) ch.fill(0);
    if (this.paused || this.state === 'idle') return true;

    const before = this.state;
    if (this.state === 'buffering' || this.state === 'starved') {
      // The stretcher may hold source it cannot use yet (it looks ~40 ms ahead): wait for more or the end.
      const more = this.stretch === null || this.queue.length > 0 || this.ended;
      if (this.queued > 0 && more && (this.queued >= this.prebuffer || this.ended)) {
        this.state = 'playing';
      } else if (this.queued === 0 && this.ended) {
        this.state = 'drained';
        this.drainedAt = currentFrame;
      }
    }
    if (this.state === 'playing') {
      if (this.speed !== this.renderedSpeed) {
        this.renderedSpeed = this.speed;
        this.speedFrom = { contextFrame: currentFrame, played: this.played, speed: this.speed };
      }
      if (this.firstAt < 0) this.firstAt = currentFrame;
      const written = this.render(out, length);
      if (written < length) {
        if (this.ended) {
          this.state = 'drained';
          this.drainedAt = currentFrame + written;
        } else {
          this.state = 'starved';
          this.underruns++;
          this.underrunFrames += length - written;
        }
      }
    } else if (this.state === 'starved') {
      this.underrunFrames += length;
    }

    this.applyGain(out, length);
    if (this.tap && this.tapped < this.tap.length) {
      if (this.tapped === 0) this.tapStart = currentFrame;
      const n = Math.min(length, this.tap.length - this.tapped);
      this.tap.set(out[0]!.subarray(0, n), this.tapped);
      this.tapped += n;
    }
    this.sinceClock++;
    const flowing = this.state === 'playing' || this.state === 'drained';
    // A new stretch (a seam between rates) is reported at once: the highlight extrapolates with it.
    const stretchChanged = (this.stretch?.speed ?? 1) !== this.postedStretch;
    if (this.state !== before || stretchChanged || (flowing && this.sinceClock >= CLOCK_EVERY)) this.post(endFrame);
    return true;
  }

  /** The stretch that makes audio made at `synthRate` heard at the current speed (the stretcher's range). */
  private stretchOf(synthRate: number): number {
    const f = stretchFor(this.speed, synthRate);
    return f === 1 ? 1 : Math.min(4, Math.max(0.5, f));
  }

  /**
   * Renders up to `length` frames: directly while the audio's stretch is 1, through the stretcher
   * otherwise, switching either way where the stretch changes; returns how many.
   */
  private render(out: Float32Array[], length: number): number {
    let written = 0;
    for (let turn = 0; turn < 8 && written < length; turn++) {
      if (this.stretch) {
        const before = this.stretch;
        const n = this.renderStretched(out, written, length - written);
        written += n;
        if (n === 0 && this.stretch === before) break;
      } else {
        const head = this.queue[0];
        if (!head) break;
        if (this.stretchOf(head.synthRate) !== 1) this.startStretch();
        else written += this.renderDirect(out, written, length - written);
      }
    }
    return written;
  }

  /** Copies queued frames whose stretch is 1 into the output from `at`; returns how many frames were written. */
  private renderDirect(out: Float32Array[], at: number, length: number): number {
    let written = 0;
    while (written < length && this.queue.length > 0) {
      const head = this.queue[0]!;
      if (this.stretchOf(head.synthRate) !== 1) break;
      const n = Math.min(length - written, head.frames - head.offset);
      const { samples, channels } = head;
      for (let c = 0; c < out.length; c++) {
        const dest = out[c]!;
        // Mono feeds every output channel; stereo maps channel to channel.
        const src = Math.min(c, channels - 1);
        for (let i = 0; i < n; i++) dest[at + written + i] = samples[(head.offset + i) * channels + src]!;
      }
      head.offset += n;
      written += n;
      if (head.offset === head.frames) this.queue.shift();
    }
    this.played += written;
    this.queued -= written;
    return written;
  }

  private startStretch(): void {
    this.stretch = new TimeStretch(sampleRate, 2);
    this.stretchBase = this.played;
    this.stretchRates = [];
  }

  /** The synthRate of the stretcher's source at `pos`. */
  private rateAt(pos: number): number {
    const runs = this.stretchRates;
    while (runs.length > 1 && runs[1]!.from <= pos) runs.shift();
    return runs[0]?.synthRate ?? this.queue[0]?.synthRate ?? 1;
  }

  /** True when everything in the stretcher from `pos` on plays at stretch 1 (it can hand back). */
  private unstretchedFrom(pos: number): boolean {
    return this.stretchOf(this.rateAt(pos)) === 1 && this.stretchRates.every((r) => this.stretchOf(r.synthRate) === 1);
  }

  /**
   * Renders through the stretcher from `at`, one hop at a time at the stretch of the source it reads;
   * where everything left in it plays at 1 again, hands the unheard source back to the queue.
   */
  private renderStretched(out: Float32Array[], at: number, length: number): number {
    const ts = this.stretch!;
    if (this.ended && this.queue.length === 0) ts.end();
    let written = 0;
    while (written < length) {
      const back = this.unstretchedFrom(ts.position);
      if (back) {
        const rest = ts.release();
        if (rest) {
          // Stretch 1 again: the direct path continues exactly where the stretcher's last window ends.
          this.stretch = null;
          const frames = rest.samples.length / rest.channels;
          if (frames > 0) this.queue.unshift({ samples: rest.samples, channels: rest.channels, offset: 0, frames, synthRate: this.rateAt(rest.from) });
          this.played = this.stretchBase + rest.from;
          this.queued = this.queueFrames();
          this.stretchRates = [];
          break;
        }
      }
      // Feed the stretcher a little ahead of what it needs (a window and its search, ~50 ms).
      while (ts.available() === 0 && ts.pending < sampleRate * 0.1 && this.queue.length > 0) {
        const head = this.queue.shift()!;
        if (this.stretchRates.at(-1)?.synthRate !== head.synthRate) this.stretchRates.push({ from: ts.sourceFrames, synthRate: head.synthRate });
        ts.push(head.offset === 0 ? head.samples : head.samples.subarray(head.offset * head.channels), head.channels);
        if (this.queue.length === 0 && this.ended) ts.end();
      }
      // The next hop is made at the stretch of the source it starts in.
      if (ts.available() === 0) ts.setSpeed(this.stretchOf(this.rateAt(ts.position)));
      // Handing back: finish the current hop only, then release (above).
      const n = back ? ts.read(out, at + written, length - written, ts.available() > 0) : ts.read(out, at + written, Math.min(length - written, ts.available() || ts.hop));
      written += n;
      if (n === 0) break;
    }
    if (this.stretch) {
      this.played = this.stretchBase + Math.floor(ts.position);
      this.queued = this.queueFrames() + ts.pending;
      if (ts.drained) this.queued = 0;
    }
    return written;
  }

  private queueFrames(): number {
    let n = 0;
    for (const p of this.queue) n += p.frames - p.offset;
    return n;
  }

  /** Volume, ramped from the last quantum's gain to the target across this one. */
  private applyGain(out: Float32Array[], length: number): void {
    const from = this.gain;
    const to = this.targetGain;
    if (from === 1 && to === 1) return;
    for (const ch of out) for (let i = 0; i < length; i++) ch[i]! *= from + ((to - from) * (i + 1)) / length;
    this.gain = to;
  }

  private post(contextFrame: number): void {
    this.sinceClock = 0;
    this.postedStretch = this.stretch?.speed ?? 1;
    const msg: FromWorklet = {
      type: 'clock',
      generation: this.generation,
      state: this.state,
      paused: this.paused,
      played: this.played,
      speed: this.stretch ? this.stretch.speed : 1,
      firstAt: this.firstAt,
      speedFrom: this.speedFrom,
      contextFrame,
      drainedAt: this.drainedAt,
      queued: this.queued,
      underruns: this.underruns,
      underrunFrames: this.underrunFrames,
    };
    this.port.postMessage(msg);
  }
}

registerProcessor(PCM_PLAYER_PROCESSOR, PcmPlayerProcessor);
