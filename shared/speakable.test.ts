import { hasSpeakableText } from './speakable';

describe('speakable text', () => {
  it('finds letters, digits and symbols a voice reads', () => {
    for (const t of ['Hello', '42', '€', '…', '日本', '🙂']) expect(hasSpeakableText(t), t).toBe(true);
  });

  it('finds nothing in white space, zero-width characters, a byte-order mark or control characters', () => {
    for (const t of ['', '   \n\t', '\u200b\u200b\u200b', '\ufeff', '\u200e\u200f\u2060', '\u0000\u0007', '\u00a0\u2028']) expect(hasSpeakableText(t), JSON.stringify(t)).toBe(false);
  });
});
