import { describe, expect, it } from 'vitest';
import { splitSpeed, stretchFor } from './speed';

const elevenLabs = { min: 0.7, max: 1.2 };
const builtin = { min: 80 / 175, max: 450 / 175 };

describe('splitSpeed', () => {
  it.each([0.5, 1, 2, 4])('stretch: the voice speaks at 1x and the player stretches by the whole speed (%sx)', (speed) => {
    expect(splitSpeed(speed, 'stretch', elevenLabs)).toEqual({ synthRate: 1, stretch: speed });
  });

  it('voice: inside the range the voice makes all of it, nothing is stretched', () => {
    expect(splitSpeed(1.1, 'voice', elevenLabs)).toEqual({ synthRate: 1.1, stretch: 1 });
    expect(splitSpeed(2, 'voice', builtin)).toEqual({ synthRate: 2, stretch: 1 });
  });

  it('voice: past either end of the range the voice goes to its limit and the player stretches the rest', () => {
    const fast = splitSpeed(3, 'voice', elevenLabs);
    expect(fast.synthRate).toBe(1.2);
    expect(fast.stretch).toBeCloseTo(2.5, 12);
    const slow = splitSpeed(0.5, 'voice', elevenLabs);
    expect(slow.synthRate).toBe(0.7);
    expect(slow.stretch).toBeCloseTo(0.5 / 0.7, 12);
    const four = splitSpeed(4, 'voice', builtin);
    expect(four.synthRate).toBeCloseTo(450 / 175, 12);
    expect(four.synthRate * four.stretch).toBeCloseTo(4, 12);
  });

  it('voice without a rate parameter is all time-stretch', () => {
    expect(splitSpeed(2.5, 'voice', null)).toEqual({ synthRate: 1, stretch: 2.5 });
  });

  it('clamps the speed to 0.5-4 (and a nonsense speed to 1) before splitting', () => {
    expect(splitSpeed(9, 'stretch', null)).toEqual({ synthRate: 1, stretch: 4 });
    expect(splitSpeed(0.1, 'voice', { min: 0.25, max: 4 })).toEqual({ synthRate: 0.5, stretch: 1 });
    expect(splitSpeed(Number.NaN, 'voice', elevenLabs)).toEqual({ synthRate: 1, stretch: 1 });
  });

  it('the heard speed is always synthRate x stretch = speed, whatever the method and range', () => {
    for (const speed of [0.5, 0.75, 1, 1.25, 1.5, 2, 2.75, 3.5, 4]) {
      for (const range of [null, elevenLabs, builtin, { min: 0.25, max: 4 }, { min: 0.5, max: 1.5 }]) {
        for (const method of ['stretch', 'voice'] as const) {
          const { synthRate, stretch } = splitSpeed(speed, method, range);
          expect(synthRate * stretch).toBeCloseTo(speed, 12);
          if (range) expect(synthRate).toBeGreaterThanOrEqual(Math.min(1, range.min));
          if (range) expect(synthRate).toBeLessThanOrEqual(Math.max(1, range.max));
        }
      }
    }
  });
});

describe('stretchFor', () => {
  it('is speed / synthRate, 1 exactly when they agree, and treats a missing synthRate as 1x', () => {
    expect(stretchFor(2, 1)).toBe(2);
    expect(stretchFor(2, 2)).toBe(1);
    expect(stretchFor(1.5, undefined)).toBe(1.5);
    expect(stretchFor(4, 450 / 175)).toBeCloseTo(4 / (450 / 175), 12);
    expect(stretchFor(0.3 * 3, 0.9)).toBe(1);
  });
});
