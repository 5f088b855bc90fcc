import { describe, expect, it } from 'vitest';
import { normalizePeak } from './piper-loudness';

describe("Piper's loudness", () => {
  it('scales a chunk so its loudest sample is full scale (piper1-gpl: audio / max(|audio|))', () => {
    expect([...normalizePeak(Float32Array.of(0.1, -0.25, 0.05))]).toEqual([0.4, -1, 0.2].map(Math.fround));
  });

  it('makes silence, or what a broken model gives, silent rather than amplifying it', () => {
    expect([...normalizePeak(Float32Array.of(1e-9, -1e-9))]).toEqual([0, 0]);
    expect([...normalizePeak(Float32Array.of(0.5, Number.NaN))]).toEqual([0, 0]);
    expect([...normalizePeak(Float32Array.of(0.5, Number.POSITIVE_INFINITY))]).toEqual([0, 0]);
    expect(normalizePeak(new Float32Array(0)).length).toBe(0);
  });
});
