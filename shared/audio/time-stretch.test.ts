import { TimeStretch } from './time-stretch';

const RATE = 22050;

/** A voiced, speech-like tone: a 150 Hz fundamental with harmonics, gently modulated in loudness. */
function voiced(seconds: number, f0 = 150): Float32Array {
  const out = new Float32Array(Math.round(seconds * RATE));
  for (let i = 0; i < out.length; i++) {
    const t = i / RATE;
    const env = 0.6 + 0.4 * Math.sin(2 * Math.PI * 3 * t);
    out[i] = env * (0.5 * Math.sin(2 * Math.PI * f0 * t) + 0.25 * Math.sin(2 * Math.PI * 2 * f0 * t) + 0.12 * Math.sin(2 * Math.PI * 3 * f0 * t));
  }
  return out;
}

/** Runs `input` through the stretcher in uneven chunks and render quanta, as the worklet does. */
function stretch(input: Float32Array, speedAt: (outFrame: number) => number): { out: Float32Array; positions: number[] } {
  const ts = new TimeStretch(RATE, 1);
  const chunks = [1000, 4410, 333, 22050, 7];
  let fed = 0;
  let k = 0;
  const out: number[] = [];
  const positions: number[] = [];
  const quantum = new Float32Array(128);
  for (;;) {
    while (fed < input.length && ts.available() === 0 && ts.pending < 3 * RATE) {
      const n = Math.min(chunks[k++ % chunks.length]!, input.length - fed);
      ts.push(input.subarray(fed, fed + n), 1);
      fed += n;
      if (fed === input.length) ts.end();
    }
    ts.setSpeed(speedAt(out.length));
    positions.push(ts.position);
    const n = ts.read([quantum], 0, 128);
    for (let i = 0; i < n; i++) out.push(quantum[i]!);
    if (n < 128 && ts.drained) break;
    if (n === 0 && fed >= input.length) break;
  }
  return { out: Float32Array.from(out), positions };
}

/**
 * Fundamental over 60-400 Hz on a 100 ms window at `at`: the shortest lag whose normalized
 * autocorrelation comes within 10% of the best (the first peak, not a multiple of the period).
 */
function pitchAt(x: Float32Array, at: number): number {
  const n = Math.round(0.1 * RATE);
  const scores: number[] = [];
  const lo = Math.floor(RATE / 400);
  const hi = Math.ceil(RATE / 60);
  for (let lag = lo; lag <= hi; lag++) {
    let s = 0;
    let e0 = 1e-12;
    let e1 = 1e-12;
    for (let i = 0; i < n; i++) {
      s += x[at + i]! * x[at + i + lag]!;
      e0 += x[at + i]! ** 2;
      e1 += x[at + i + lag]! ** 2;
    }
    scores.push(s / Math.sqrt(e0 * e1));
  }
  const best = Math.max(...scores);
  let i = scores.findIndex((s) => s >= best * 0.9);
  while (i + 1 < scores.length && scores[i + 1]! > scores[i]!) i++; // climb to the peak
  return RATE / (lo + i);
}

describe('WSOLA time-stretch', () => {
  it('at 1x gives back the input sample for sample, across uneven chunks', () => {
    const input = voiced(2);
    const { out } = stretch(input, () => 1);
    expect(out.length).toBeGreaterThanOrEqual(input.length);
    let maxErr = 0;
    for (let i = 0; i < input.length; i++) maxErr = Math.max(maxErr, Math.abs(out[i]! - input[i]!));
    expect(maxErr).toBeLessThan(1e-5);
  });

  it.each([0.5, 2, 3.5, 4])('at %sx the output lasts 1/speed as long (within 3%) and keeps the pitch (within 5%)', (speed) => {
    const input = voiced(6);
    const { out } = stretch(input, () => speed);
    const expected = input.length / speed;
    expect(Math.abs(out.length - expected) / expected).toBeLessThan(0.03);
    for (const at of [0.25, 0.5, 0.75]) {
      const f0 = pitchAt(out, Math.floor(out.length * at));
      expect(Math.abs(f0 - 150) / 150).toBeLessThan(0.05);
    }
  });

  it('a speed change mid-stream shortens only what follows, and the pitch holds on both sides', () => {
    const input = voiced(8);
    // 2 s at 1x, then 3.5x for the remaining 6 s of source.
    const { out } = stretch(input, (o) => (o < 2 * RATE ? 1 : 3.5));
    const expected = 2 * RATE + (6 * RATE) / 3.5;
    expect(Math.abs(out.length - expected) / expected).toBeLessThan(0.03);
    expect(Math.abs(pitchAt(out, RATE) - 150) / 150).toBeLessThan(0.05);
    expect(Math.abs(pitchAt(out, Math.round(2.8 * RATE)) - 150) / 150).toBeLessThan(0.05);
  });

  it('maps each output frame to the source frame being heard, rising at the speed', () => {
    // A 100 ms burst every 0.5 s of source: each burst's output time, mapped back, lands on its source time.
    const input = new Float32Array(6 * RATE);
    const clicks = [1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5].map((s) => Math.round(s * RATE));
    for (const c of clicks) for (let i = 0; i < 0.1 * RATE; i++) input[c + i] = 1;
    const ts = new TimeStretch(RATE, 1);
    ts.push(input, 1);
    ts.end();
    ts.setSpeed(3);
    const quantum = new Float32Array(1);
    const heardAtClick: number[] = [];
    let last = 0;
    while (!ts.drained) {
      const pos = ts.position;
      if (ts.read([quantum], 0, 1) === 0) break;
      if (quantum[0]! > 0.5 && last <= 0.5) heardAtClick.push(pos);
      last = quantum[0]!;
    }
    expect(heardAtClick).toHaveLength(clicks.length);
    // Within a window (30 ms of source) of where the burst really starts.
    heardAtClick.forEach((pos, i) => expect(Math.abs(pos - clicks[i]!)).toBeLessThan(0.03 * RATE));
  });

  it('counts what is pending and plays out to exactly the end of the source', () => {
    const ts = new TimeStretch(RATE, 2);
    const stereo = new Float32Array(RATE * 2).fill(0.25);
    ts.push(stereo, 2);
    expect(ts.pending).toBe(RATE);
    ts.end();
    const out = [new Float32Array(128), new Float32Array(128)];
    while (ts.read(out, 0, 128) > 0);
    expect(ts.drained).toBe(true);
    expect(ts.pending).toBe(0);
    expect(ts.position).toBe(RATE);
  });
});
