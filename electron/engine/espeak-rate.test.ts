import { ESPEAK_MAX_WPM, ESPEAK_MIN_WPM, espeakWordsPerMinute } from './espeak-rate';

describe('espeakWordsPerMinute', () => {
  it('maps 1.0 to 175 wpm and scales in proportion', () => {
    expect(espeakWordsPerMinute(1)).toBe(175);
    expect(espeakWordsPerMinute(2)).toBe(350);
    expect(espeakWordsPerMinute(0.6)).toBe(105);
  });

  it("clamps to eSpeak's range (the rest of a Speed is the player's: shared/speed.ts)", () => {
    expect(espeakWordsPerMinute(4)).toBe(ESPEAK_MAX_WPM);
    expect(espeakWordsPerMinute(0.3)).toBe(ESPEAK_MIN_WPM);
  });

  it('treats nonsense as normal speed', () => {
    expect(espeakWordsPerMinute(Number.NaN)).toBe(175);
    expect(espeakWordsPerMinute(-1)).toBe(175);
  });
});
