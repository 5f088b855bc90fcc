import { ESPEAK_MAX_WPM, ESPEAK_MIN_WPM, espeakWordsPerMinute, residualRate } from './espeak-rate';

describe('espeakWordsPerMinute', () => {
  it('maps 1.0 to 175 wpm and scales in proportion', () => {
    expect(espeakWordsPerMinute(1)).toBe(175);
    expect(espeakWordsPerMinute(2)).toBe(350);
    expect(espeakWordsPerMinute(0.6)).toBe(105);
  });

  it("clamps to eSpeak's range and leaves the rest to the player", () => {
    expect(espeakWordsPerMinute(4)).toBe(ESPEAK_MAX_WPM);
    expect(residualRate(4)).toBeCloseTo(700 / 450, 6);
    expect(espeakWordsPerMinute(0.3)).toBe(ESPEAK_MIN_WPM);
    expect(residualRate(0.3)).toBeCloseTo(52.5 / 80, 6);
    expect(residualRate(1.5)).toBe(1);
  });

  it('treats nonsense as normal speed', () => {
    expect(espeakWordsPerMinute(Number.NaN)).toBe(175);
    expect(espeakWordsPerMinute(-1)).toBe(175);
    expect(residualRate(0)).toBe(1);
  });
});
