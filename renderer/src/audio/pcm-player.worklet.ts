// The audio-thread half of the player: a queue of PCM buffers rendered back to back, so seams between
// chunks and segments are gapless, and a count of frames actually rendered, which is the play clock.
// Pause stops the output here, sample-exact, rather than suspending the context.
import type { FromWorklet, ToWorklet, WorkletState } from './worklet-protocol';
import { PCM_PLAYER_PROCESSOR } from './worklet-protocol';

// AudioWorkletGlobalScope is not in TypeScript's DOM lib.
declare const currentFrame: number;
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

  constructor() {
    super();
    this.port.onmessage = (e: MessageEvent<ToWorklet>) => this.receive(e.data);
  }

  private receive(msg: ToWorklet): void {
    if (msg.type === 'reset') {
      this.queue = [];
      this.queued = 0;
      this.generation = msg.generation;
      this.prebuffer = msg.prebufferFrames;
      this.state = 'idle';
      this.paused = false;
      this.ended = false;
      this.played = this.underruns = this.underrunFrames = 0;
      this.post(currentFrame);
      return;
    }
    if (msg.generation !== this.generation) return; // meant for a timeline already dropped
    switch (msg.type) {
      case 'push': {
        const frames = Math.floor(msg.samples.length / msg.channels);
        if (frames === 0) return;
        this.queue.push({ samples: msg.samples, channels: msg.channels, offset: 0, frames });
        this.queued += frames;
        if (this.state === 'idle' || this.state === 'drained') this.state = 'buffering';
        break;
      }
      case 'end':
        this.ended = true;
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
      if (this.queued > 0 && (this.queued >= this.prebuffer || this.ended)) {
        this.state = 'playing';
      } else if (this.queued === 0 && this.ended) {
        this.state = 'drained';
        this.drainedAt = currentFrame;
      }
    }
    if (this.state === 'playing') {
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

    this.sinceClock++;
    const flowing = this.state === 'playing' || this.state === 'drained';
    if (this.state !== before || (flowing && this.sinceClock >= CLOCK_EVERY)) this.post(endFrame);
    return true;
  }

  /** Copies queued frames into the output; returns how many frames were written. */
  private render(out: Float32Array[], length: number): number {
    let written = 0;
    while (written < length && this.queue.length > 0) {
      const head = this.queue[0]!;
      const n = Math.min(length - written, head.frames - head.offset);
      const { samples, channels } = head;
      for (let c = 0; c < out.length; c++) {
        const dest = out[c]!;
        // Mono feeds every output channel; stereo maps channel to channel.
        const src = Math.min(c, channels - 1);
        for (let i = 0; i < n; i++) dest[written + i] = samples[(head.offset + i) * channels + src]!;
      }
      head.offset += n;
      written += n;
      if (head.offset === head.frames) this.queue.shift();
    }
    this.played += written;
    this.queued -= written;
    return written;
  }

  private post(contextFrame: number): void {
    this.sinceClock = 0;
    const msg: FromWorklet = {
      type: 'clock',
      generation: this.generation,
      state: this.state,
      paused: this.paused,
      played: this.played,
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
