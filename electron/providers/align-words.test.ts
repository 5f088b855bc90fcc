import { createWordAligner, isSpeakable, type TimedToken } from './align-words';

const tok = (text: string, startMs: number, endMs = startMs + 100): TimedToken => ({ text, startMs, endMs });

describe('createWordAligner', () => {
  it('maps tokens of the text to their spans, across calls, dropping punctuation and whitespace tokens', () => {
    const text = 'Hello, world! What a day.';
    const a = createWordAligner(text);
    expect(a.align([tok('Hello,', 0), tok(' ', 100), tok('world!', 200)])).toEqual([
      { text: 'Hello,', charStart: 0, charEnd: 6, startMs: 0, endMs: 100 },
      { text: 'world!', charStart: 7, charEnd: 13, startMs: 200, endMs: 300 },
    ]);
    expect(a.align([tok('What', 300), tok('a', 400), tok('day', 500), tok('.', 600)]).map((w) => [w.charStart, w.charEnd])).toEqual([
      [14, 18],
      [19, 20],
      [21, 24],
    ]);
  });

  it('matches case, accents and punctuation loosely, and skips text the provider did not say', () => {
    const text = 'CAFÉ — (see note 3) «Ready»';
    const got = createWordAligner(text).align([tok('café', 0), tok('see', 100), tok('ready', 200)]);
    expect(got.map((w) => text.slice(w.charStart, w.charEnd))).toEqual(['CAFÉ', 'see', 'Ready']);
  });

  it('gives normalised words ("twenty five" for 25) the text word they stand for, merged', () => {
    const text = 'I have 25 apples.';
    const got = createWordAligner(text).align([tok('I', 0), tok('have', 100), tok('twenty', 200), tok('five', 300), tok('apples', 400)]);
    expect(got.map((w) => [w.text, w.startMs, w.endMs])).toEqual([
      ['I', 0, 100],
      ['have', 100, 200],
      ['25', 200, 400],
      ['apples', 400, 500],
    ]);
  });

  it('narrows a word to the token when the text word carries punctuation the voice did not say', () => {
    const got = createWordAligner('"Hello," she said.').align([tok('Hello', 0), tok('she', 100), tok('said', 200)]);
    expect(got.map((w) => [w.text, w.charStart, w.charEnd])).toEqual([
      ['Hello', 1, 6],
      ['she', 9, 12],
      ['said', 13, 17],
    ]);
  });

  it('keeps phonemes, and merges split tokens of one word', () => {
    const ph = [{ symbol: 'd', startMs: 0, durationMs: 50, viseme: 'cdgknstxyz' }];
    const got = createWordAligner("don't stop").align([{ ...tok('don', 0), phonemes: ph }, tok("'t", 100), tok('stop', 200)]);
    expect(got).toEqual([
      { text: "don't", charStart: 0, charEnd: 5, startMs: 0, endMs: 200, phonemes: ph },
      { text: 'stop', charStart: 6, charEnd: 10, startMs: 200, endMs: 300 },
    ]);
  });

  it('says which tokens are speakable', () => {
    expect([' ', '', ',', '—', 'a', '3', 'été'].map(isSpeakable)).toEqual([false, false, false, false, true, true, true]);
  });
});
