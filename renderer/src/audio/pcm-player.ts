// The main-thread half of the player: one AudioContext running at the stream's sample rate, feeding a
// worklet queue (pcm-player.worklet.ts). It knows how many frames it has queued, and how many have
// been heard: the context frame leaving the speaker (getOutputTimestamp), mapped through the
// worklet's reports of frames rendered (play-clock.ts).
import workletUrl from './pcm-player.worklet.ts?worker&url';
import { PlayClock } from './play-clock';
import { LinearResampler } from './linear-resampler';
import type { FromWorklet, ToWorklet, WorkletClock, WorkletTap } from './worklet-protocol';
import { PCM_PLAYER_PROCESSOR } from './worklet-protocol';

/** Audio queued before playback starts, until the caller says otherwise (setPrebuffer). */
const START_PREBUFFER_SECONDS = 1;

export interface PlayerStats {
  sampleRate: number;
  /** Frames pushed into the current timeline (at the context's rate). */
  framesQueued: number;
  /** Frames the worklet has rendered, as of its last report. */
  framesPlayed: number;
  underruns: number;
  underrunFrames: number;
  state: WorkletClock['state'];
  paused: boolean;
  /** Output latency the highlight allows for, in frames. */
  latencyFrames: number;
  /** Context frame of the first frame rendered (-1 before); with drainedAt, the output's length. */
  firstAt: number;
  drainedAt: number;
  /** Where the current speed took over: context frame, source frames heard by then, the speed. */
  speedFrom: WorkletClock['speedFrom'];
  /** Context frame of the worklet's last report: with framesPlayed, whether output and source still keep step. */
  contextFrame: number;
}

export class PcmPlayer {
  private ctx: AudioContext | null = null;
  private node: AudioWorkletNode | null = null;
  private ready: Promise<void> | null = null;
  /** Messages waiting for the worklet to load. */
  private pending: { msg: ToWorklet; transfer: Transferable[] }[] = [];
  private generation = 0;
  private rate = 0;
  private pushed = 0;
  private clock: WorkletClock = emptyClock(0);
  private readonly playClock = new PlayClock();
  private resampler: LinearResampler | null = null;
  private speedNow = 1;
  private tapWaiters: ((tap: WorkletTap) => void)[] = [];
  private volumeNow = 1;
  private readonly clockListeners = new Set<(clock: WorkletClock) => void>();

  /**
   * Hears the worklet's clock messages, which keep coming while the window is hidden (no rAF there);
   * returns the function that stops listening.
   */
  onClock(listener: (clock: WorkletClock) => void): () => void {
    this.clockListeners.add(listener);
    return () => void this.clockListeners.delete(listener);
  }

  get sampleRate(): number {
    return this.rate;
  }

  /**
   * Starts a new, empty timeline at `sampleRate` (the rate of the reading's first chunk), dropping
   * anything queued. The context is (re)created only when the rate changes.
   */
  begin(sampleRate: number): void {
    this.generation++;
    this.pushed = 0;
    this.playClock.reset();
    this.resampler = null;
    this.clock = emptyClock(this.generation);
    if (sampleRate !== this.rate || !this.ctx) {
      this.rate = sampleRate;
      void this.ctx?.close();
      this.ctx = null;
      this.node = null;
      this.pending = [];
      this.ready = this.open(sampleRate);
    }
    this.send({ type: 'reset', generation: this.generation, prebufferFrames: Math.round(START_PREBUFFER_SECONDS * this.rate) });
    void this.ctx?.resume();
  }

  /**
   * Queues interleaved samples; returns the output frame at which they start. Audio at another rate
   * than the context's is resampled, continuously across chunks. `synthRate`: the rate the voice made
   * them at; they play stretched by speed / synthRate.
   */
  push(samples: Float32Array, channels: number, sampleRate: number, synthRate = 1): number {
    const start = this.pushed;
    let out: Float32Array;
    if (sampleRate !== this.rate) {
      if (!this.resampler || this.resampler.inRate !== sampleRate || this.resampler.channels !== channels) {
        this.resampler = new LinearResampler(sampleRate, this.rate, channels);
      }
      out = this.resampler.push(samples);
    } else {
      // The worklet takes ownership of the buffer; keep the caller's copy intact.
      out = samples.slice();
    }
    this.pushed += Math.floor(out.length / channels);
    this.send({ type: 'push', generation: this.generation, samples: out, channels, synthRate }, [out.buffer]);
    return start;
  }

  /**
   * The Speed heard, 0.5-4, pitch kept: each buffer is time-stretched by speed / its synthRate in the
   * worklet; holds across readings. The play clock counts source frames, so the highlight and word
   * timeline need no change.
   */
  setSpeed(speed: number): void {
    this.speedNow = speed;
    this.sendSetting({ type: 'speed', speed });
  }

  get speed(): number {
    return this.speedNow;
  }

  /** Output volume, 0-1; holds across readings. */
  setVolume(volume: number): void {
    this.volumeNow = volume;
    this.sendSetting({ type: 'volume', volume });
  }

  get volume(): number {
    return this.volumeNow;
  }

  /** Test support: records the next `seconds` of output (channel 0) in the worklet. */
  startTap(seconds: number): void {
    this.sendSetting({ type: 'tap', seconds });
  }

  /** Test support: what the tap recorded. */
  readTap(): Promise<{ samples: Float32Array; startFrame: number }> {
    if (!this.node) return Promise.resolve({ samples: new Float32Array(0), startFrame: -1 });
    return new Promise((resolve) => {
      this.tapWaiters.push((t) => resolve({ samples: t.samples, startFrame: t.startFrame }));
      this.sendSetting({ type: 'tap-read' });
    });
  }

  /** Sets how much audio must be queued before playback starts, or restarts after an underrun. */
  setPrebuffer(seconds: number): void {
    this.send({ type: 'prebuffer', generation: this.generation, frames: Math.round(seconds * this.rate) });
  }

  /** No more audio for this timeline: running dry from now on is the end, not an underrun. */
  end(): void {
    this.send({ type: 'end', generation: this.generation });
  }

  pause(): void {
    this.send({ type: 'pause', generation: this.generation });
  }

  resume(): void {
    void this.ctx?.resume();
    this.send({ type: 'resume', generation: this.generation });
  }

  /** Drops the timeline (stop) and lets the context sleep. */
  stop(): void {
    this.generation++;
    this.pushed = 0;
    this.playClock.reset();
    this.clock = emptyClock(this.generation);
    this.send({ type: 'reset', generation: this.generation, prebufferFrames: 0 });
  }

  /** Lets the audio hardware sleep between readings. */
  async idle(): Promise<void> {
    if (this.ctx?.state === 'running') await this.ctx.suspend();
  }

  stats(): PlayerStats {
    const c = this.clock;
    return {
      sampleRate: this.rate,
      framesQueued: this.pushed,
      framesPlayed: c.played,
      underruns: c.underruns,
      underrunFrames: c.underrunFrames,
      state: c.state,
      paused: c.paused,
      latencyFrames: this.latencyFrames(),
      firstAt: c.firstAt,
      drainedAt: c.drainedAt,
      speedFrom: c.speedFrom,
      contextFrame: c.contextFrame,
    };
  }

  /** Output latency in frames: audio rendered but not yet out of the speaker. */
  latencyFrames(): number {
    const ctx = this.ctx;
    if (!ctx) return 0;
    const out = this.outputFrame(ctx, performance.now());
    return Math.max(0, Math.round(ctx.currentTime * this.rate - out));
  }

  /**
   * Frames of this timeline heard by performance time `at` (-1 before the first): the highlight's
   * clock. `at` may lie a little ahead (when the frame being drawn will be on screen); the answer
   * never decreases, so ask for times in order.
   */
  heardFrame(at = performance.now(), remember = true): number {
    const ctx = this.ctx;
    if (!ctx) return -1;
    return this.playClock.heardAt(this.outputFrame(ctx, at), this.pushed, remember);
  }

  /**
   * The context frame now leaving the speaker. getOutputTimestamp() says which context time the
   * device was playing at a recent performance.now(); extrapolate from there, never past what has
   * been rendered. Before the device reports, fall back to the rendered time minus the latencies.
   */
  private outputFrame(ctx: AudioContext, at: number): number {
    const ahead = Math.max(0, at - performance.now()) / 1000;
    const rendered = ctx.currentTime + ahead;
    const ts = ctx.getOutputTimestamp?.();
    let t: number;
    if (ts && ts.contextTime && ts.performanceTime) {
      t = ts.contextTime + (ctx.state === 'running' ? (at - ts.performanceTime) / 1000 : 0);
    } else {
      t = rendered - (ctx.baseLatency || 0) - (ctx.outputLatency || 0);
    }
    return Math.min(t, rendered) * this.rate;
  }

  async close(): Promise<void> {
    await this.ctx?.close();
    this.ctx = null;
    this.node = null;
  }

  private async open(sampleRate: number): Promise<void> {
    // 'playback' asks for larger hardware buffers: fewer glitches on a busy machine; the highlight
    // subtracts the reported latency, so it stays on the word.
    const ctx = new AudioContext({ sampleRate, latencyHint: 'playback' });
    this.ctx = ctx;
    await ctx.audioWorklet.addModule(workletUrl);
    if (this.ctx !== ctx) return; // replaced while loading
    const node = new AudioWorkletNode(ctx, PCM_PLAYER_PROCESSOR, {
      numberOfInputs: 0,
      numberOfOutputs: 1,
      outputChannelCount: [2],
    });
    node.port.onmessage = (e: MessageEvent<FromWorklet>) => {
      if (e.data.type === 'tapped') this.tapWaiters.shift()?.(e.data);
      else this.receive(e.data);
    };
    node.connect(ctx.destination);
    this.node = node;
    // A new context's worklet starts at 1x, full volume.
    node.port.postMessage({ type: 'speed', speed: this.speedNow } satisfies ToWorklet);
    node.port.postMessage({ type: 'volume', volume: this.volumeNow } satisfies ToWorklet);
    for (const { msg, transfer } of this.pending) node.port.postMessage(msg, transfer);
    this.pending = [];
  }

  /** Resolves once the worklet is loaded (for callers that want to surface a load failure). */
  whenReady(): Promise<void> {
    return this.ready ?? Promise.resolve();
  }

  private send(msg: ToWorklet, transfer: Transferable[] = []): void {
    if (this.node) this.node.port.postMessage(msg, transfer);
    else this.pending.push({ msg, transfer });
  }

  /** Settings go to the live worklet only; a worklet still loading gets them when it opens. */
  private sendSetting(msg: ToWorklet): void {
    this.node?.port.postMessage(msg);
  }

  private receive(clock: WorkletClock): void {
    if (clock.generation !== this.generation) return;
    this.clock = clock;
    this.playClock.report(clock);
    for (const listener of [...this.clockListeners]) listener(clock);
  }
}

function emptyClock(generation: number): WorkletClock {
  return {
    type: 'clock',
    generation,
    state: 'idle',
    paused: false,
    played: 0,
    speed: 1,
    firstAt: -1,
    speedFrom: { contextFrame: 0, played: 0, speed: 1 },
    contextFrame: 0,
    drainedAt: 0,
    queued: 0,
    underruns: 0,
    underrunFrames: 0,
  };
}
