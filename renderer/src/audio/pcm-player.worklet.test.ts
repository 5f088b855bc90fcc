// Runs the worklet's processor outside a browser: the AudioWorkletGlobalScope names it uses
// (AudioWorkletProcessor, registerProcessor, currentFrame) are provided here, and each call to
// process() is one render quantum, as the audio thread would make it.
import type { ToWorklet, WorkletClock } from './worklet-protocol';

interface Processor {
  process(inputs: Float32Array[][], outputs: Float32Array[][]): boolean;
}
type ProcessorClass = new () => Processor;

const g = globalThis as unknown as Record<string, unknown>;
let frame = 0;
let registered: ProcessorClass | null = null;
const ports: { onmessage: ((e: { data: ToWorklet }) => void) | null; posted: WorkletClock[] }[] = [];

beforeAll(async () => {
  Object.defineProperty(g, 'currentFrame', { get: () => frame, configurable: true });
  g.sampleRate = 48000;
  g.AudioWorkletProcessor = class {
    port = { onmessage: null, posted: [] as WorkletClock[], postMessage(m: WorkletClock) { this.posted.push(m); } };
    constructor() {
      ports.push(this.port);
    }
  };
  g.registerProcessor = (_name: string, ctor: ProcessorClass) => {
    registered = ctor;
  };
  await import('./pcm-player.worklet');
});

afterAll(() => {
  for (const k of ['currentFrame', 'sampleRate', 'AudioWorkletProcessor', 'registerProcessor']) delete g[k];
});

function setup(prebufferFrames = 0) {
  frame = 0;
  const processor = new registered!();
  const port = ports.at(-1)!;
  const send = (msg: ToWorklet) => port.onmessage!({ data: msg });
  send({ type: 'reset', generation: 1, prebufferFrames });
  const rendered: number[] = [];
  const quantum = () => {
    const out = [new Float32Array(128), new Float32Array(128)];
    processor.process([], [out]);
    frame += 128;
    rendered.push(...out[0]!);
    return out;
  };
  const last = () => port.posted.at(-1)!;
  /** A ramp 1, 2, 3, ... so every frame is recognisable in the output. */
  const push = (from: number, frames: number, channels = 1) => {
    const samples = new Float32Array(frames * channels);
    for (let i = 0; i < frames; i++) for (let c = 0; c < channels; c++) samples[i * channels + c] = (from + i) * (c === 0 ? 1 : -1);
    send({ type: 'push', generation: 1, samples, channels, synthRate: 1 });
  };
  return { send, quantum, rendered, last, push };
}

describe('PCM player worklet', () => {
  it('plays chunks back to back with no gap at the seams, and counts every frame rendered', () => {
    const w = setup();
    w.push(1, 100);
    w.push(101, 200);
    w.push(301, 50);
    w.send({ type: 'end', generation: 1 });
    for (let i = 0; i < 4; i++) w.quantum();
    expect(w.rendered.slice(0, 350)).toEqual(Array.from({ length: 350 }, (_, i) => i + 1));
    expect(w.rendered.slice(350).every((s) => s === 0)).toBe(true);
    expect(w.last()).toMatchObject({ state: 'drained', played: 350, underruns: 0, drainedAt: 350 });
  });

  it('counts an underrun when the queue runs dry before the end, and not when the reading has ended', () => {
    const w = setup();
    w.push(1, 200);
    w.quantum();
    w.quantum(); // 72 frames of silence: more audio was expected
    expect(w.last()).toMatchObject({ state: 'starved', underruns: 1, underrunFrames: 56, played: 200 });
    w.quantum(); // still dry
    expect(w.last().underrunFrames).toBeGreaterThanOrEqual(56);
    w.push(201, 100);
    w.send({ type: 'end', generation: 1 });
    w.quantum();
    w.quantum();
    expect(w.last()).toMatchObject({ state: 'drained', played: 300, underruns: 1, underrunFrames: 56 + 128 });
  });

  it('pauses sample-exact: the frame after the pause is the first one after resuming', () => {
    const w = setup();
    w.push(1, 1000);
    w.quantum();
    w.send({ type: 'pause', generation: 1 });
    w.quantum();
    w.quantum();
    w.send({ type: 'resume', generation: 1 });
    w.quantum();
    expect(w.rendered.slice(0, 128)).toEqual(Array.from({ length: 128 }, (_, i) => i + 1));
    expect(w.rendered.slice(128, 384).every((s) => s === 0)).toBe(true);
    expect(w.rendered.slice(384, 512)).toEqual(Array.from({ length: 128 }, (_, i) => i + 129));
    w.send({ type: 'pause', generation: 1 }); // answered with a clock report
    expect(w.last()).toMatchObject({ played: 256, underruns: 0, paused: true });
  });

  it('waits for the prebuffer before starting, without calling that an underrun', () => {
    const w = setup(300);
    w.push(1, 200);
    w.quantum();
    expect(w.last()).toMatchObject({ state: 'buffering', played: 0, underruns: 0 });
    w.push(201, 200);
    w.quantum();
    expect(w.last()).toMatchObject({ state: 'playing', played: 128 });
    expect(w.rendered.slice(128, 256)).toEqual(Array.from({ length: 128 }, (_, i) => i + 1));
  });

  it('starts as soon as the prebuffer is lowered to what is queued', () => {
    const w = setup(10_000);
    w.push(1, 500);
    w.quantum();
    expect(w.last()).toMatchObject({ state: 'buffering', played: 0 });
    w.send({ type: 'prebuffer', generation: 1, frames: 300 });
    w.quantum();
    expect(w.last()).toMatchObject({ state: 'playing', played: 128, underruns: 0 });
  });

  it('maps stereo channel to channel and mono to both', () => {
    const w = setup();
    w.push(1, 64, 2);
    w.push(65, 64, 1);
    const out = w.quantum();
    expect(Array.from(out[1]!.slice(0, 3))).toEqual([-1, -2, -3]);
    expect(Array.from(out[0]!.slice(64, 67))).toEqual([65, 66, 67]);
    expect(Array.from(out[1]!.slice(64, 67))).toEqual([65, 66, 67]);
  });

  it('ignores messages for a timeline that was reset', () => {
    const w = setup();
    w.push(1, 500);
    w.send({ type: 'reset', generation: 2, prebufferFrames: 0 });
    w.push(1, 500); // still generation 1: dropped
    w.quantum();
    expect(w.last()).toMatchObject({ generation: 2, state: 'idle', played: 0, queued: 0 });
    expect(w.rendered.every((s) => s === 0)).toBe(true);
  });

  it('time-stretched, plays the source in 1/speed of the frames and counts source frames heard', () => {
    const w = setup();
    w.send({ type: 'speed', speed: 2 });
    const tone = (n: number) => Float32Array.from({ length: n }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 150 * i) / 48000));
    w.send({ type: 'push', generation: 1, samples: tone(48000), channels: 1, synthRate: 1 });
    w.send({ type: 'end', generation: 1 });
    let quanta = 0;
    while (w.last().state !== 'drained' && quanta < 1000) {
      w.quantum();
      quanta++;
    }
    expect(w.last()).toMatchObject({ state: 'drained', played: 48000, underruns: 0 });
    // 24,000 frames of output, to the quantum, plus the last partial window.
    expect(Math.abs(w.last().drainedAt - 24000)).toBeLessThan(0.03 * 24000);
    w.send({ type: 'speed', speed: 1 });
  });

  it('returns to 1x mid-stream seamlessly and exactly: the output is the source again', () => {
    const w = setup();
    const ramp = Float32Array.from({ length: 20000 }, (_, i) => Math.sin(i / 50));
    w.send({ type: 'speed', speed: 1.5 });
    w.send({ type: 'push', generation: 1, samples: ramp, channels: 1, synthRate: 1 });
    for (let i = 0; i < 20; i++) w.quantum();
    expect(w.last().speed).toBe(1.5);
    w.send({ type: 'speed', speed: 1 });
    for (let i = 0; i < 4; i++) w.quantum(); // the stretcher's last hop plays out
    w.send({ type: 'prebuffer', generation: 1, frames: 0 }); // answered with a fresh clock
    const at = w.last().played;
    const from = w.rendered.length;
    w.quantum();
    expect(w.last().speed).toBe(1);
    const expected = Array.from(ramp.subarray(at, at + 128));
    w.rendered.slice(from, from + 128).forEach((s, i) => expect(s).toBeCloseTo(expected[i]!, 5));
    expect(w.last().underruns).toBe(0);
  });

  it('plays each buffer at speed / synthRate: stretched where the voice spoke at 1x, direct and exact where it spoke at the Speed', () => {
    const w = setup();
    w.send({ type: 'speed', speed: 2 });
    const sine = (n: number, f: number) => Float32Array.from({ length: n }, (_, i) => 0.5 * Math.sin((2 * Math.PI * f * i) / 48000));
    const slow = sine(24000, 150); // made at 1x: heard in 12,000 frames at 2x
    const fast = sine(24000, 300); // made at 2x by the voice itself: heard as it is
    w.send({ type: 'push', generation: 1, samples: slow, channels: 1, synthRate: 1 });
    w.send({ type: 'push', generation: 1, samples: fast, channels: 1, synthRate: 2 });
    w.send({ type: 'end', generation: 1 });
    const speeds = new Set<number>();
    let quanta = 0;
    let fastAt = -1;
    while (w.last().state !== 'drained' && quanta < 1000) {
      w.quantum();
      quanta++;
      speeds.add(w.last().speed);
      if (fastAt < 0 && w.last().speed === 1 && w.last().played >= 24000) fastAt = w.rendered.length;
    }
    expect(w.last()).toMatchObject({ state: 'drained', played: 48000, underruns: 0 });
    expect([...speeds].sort()).toEqual([1, 2]);
    expect(Math.abs(w.last().drainedAt - 36000)).toBeLessThan(0.03 * 36000);
    // Once handed back, the voice's own fast audio comes out sample for sample.
    const heard = w.rendered.slice(fastAt, fastAt + 2000);
    const start = Array.from(fast).findIndex((_, i) => heard.slice(0, 64).every((v, j) => Math.abs(v - fast[i + j]!) < 1e-6));
    expect(start).toBeGreaterThanOrEqual(0);
    w.send({ type: 'speed', speed: 1 });
  });

  it('slows audio the voice made faster than the Speed now set (Speed lowered after it was made)', () => {
    const w = setup();
    const tone = Float32Array.from({ length: 12000 }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 200 * i) / 48000));
    w.send({ type: 'push', generation: 1, samples: tone, channels: 1, synthRate: 2 });
    w.send({ type: 'end', generation: 1 });
    let quanta = 0;
    while (w.last().state !== 'drained' && quanta < 1000) {
      w.quantum();
      quanta++;
    }
    expect(w.last()).toMatchObject({ state: 'drained', played: 12000, underruns: 0 });
    expect(Math.abs(w.last().drainedAt - 24000)).toBeLessThan(0.03 * 24000);
  });

  it('ramps the volume over one quantum, then holds it', () => {
    const w = setup();
    w.send({ type: 'push', generation: 1, samples: new Float32Array(1000).fill(1), channels: 1, synthRate: 1 });
    w.send({ type: 'volume', volume: 0.5 });
    w.quantum();
    w.quantum();
    expect(w.rendered[0]).toBeGreaterThan(0.99);
    expect(w.rendered[127]).toBeCloseTo(0.5, 5);
    expect(w.rendered.slice(128, 256).every((s) => Math.abs(s - 0.5) < 1e-6)).toBe(true);
    w.send({ type: 'volume', volume: 1 });
  });
});
