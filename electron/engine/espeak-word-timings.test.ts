import type { WordTiming } from '../../shared/chunk';
import { spokenUnits, EspeakWordTimings } from './espeak-word-timings';

type Event = [offset: number, ms: number];

function timeline(text: string, events: Event[], totalMs: number): WordTiming[] {
  const t = new EspeakWordTimings(text);
  const out: WordTiming[] = [];
  for (const [offset, ms] of events) {
    t.word(offset, ms);
    out.push(...t.takeSettled(totalMs));
  }
  return [...out, ...t.finish(totalMs)];
}
const texts = (words: WordTiming[]) => words.map((w) => w.text);

describe('spokenUnits', () => {
  it('keeps words, numbers and spoken symbols, and drops bare punctuation', () => {
    const text = 'Hello, "world" - it costs $5 & 20% (really)... 😀';
    expect(spokenUnits(text).map((u) => text.slice(u.start, u.end))).toEqual([
      'Hello', 'world', 'it', 'costs', '$', '5', '&', '20', '%', 'really', '😀',
    ]);
  });
});

describe('EspeakWordTimings', () => {
  it('gives one timing per word, each ending where the next starts and the last at the end of the audio', () => {
    const text = 'The quick fox.';
    const words = timeline(text, [[0, 0], [4, 200], [10, 450]], 900);
    expect(words).toEqual([
      { text: 'The', charStart: 0, charEnd: 3, startMs: 0, endMs: 200 },
      { text: 'quick', charStart: 4, charEnd: 9, startMs: 200, endMs: 450 },
      { text: 'fox', charStart: 10, charEnd: 13, startMs: 450, endMs: 900 },
    ]);
  });

  it('settles a word only once the next one starts, and returns each timing once', () => {
    const t = new EspeakWordTimings('one two three');
    t.word(0, 0);
    expect(t.takeSettled(1000)).toEqual([]);
    t.word(4, 300);
    expect(texts(t.takeSettled(1000))).toEqual(['one']);
    expect(t.takeSettled(1000)).toEqual([]);
    t.word(8, 600);
    expect(texts(t.takeSettled(1000))).toEqual(['two']);
    expect(texts(t.finish(1000))).toEqual(['three']);
  });

  it('folds the extra events of a spoken number into one word', () => {
    // eSpeak: "1999" at 7, then "ninety" and "nine" reported at 8 (inside the number).
    const text = 'It was 1999.';
    const words = timeline(text, [[0, 0], [3, 146], [7, 335], [8, 1152], [8, 1490]], 2216);
    expect(texts(words)).toEqual(['It', 'was', '1999']);
    expect(words[2]).toMatchObject({ startMs: 335, endMs: 2216 });
  });

  it('snaps positions that are one character off to the nearest word not yet spoken', () => {
    // eSpeak reported "a" one early (on the space) and "x" one late (on the closing bracket).
    const text = 'world. a (x)';
    const words = timeline(text, [[0, 0], [6, 500], [11, 900]], 1200);
    expect(words.map((w) => [w.text, w.charStart])).toEqual([['world', 0], ['a', 7], ['x', 10]]);
  });

  it('covers words that got no event of their own with the word before them', () => {
    // "well-known" gets one event; the next word after it starts its own timing.
    const text = 'a well-known fact';
    const words = timeline(text, [[0, 0], [2, 100], [13, 700]], 1000);
    expect(words.map((w) => w.text)).toEqual(['a', 'well-known', 'fact']);
  });

  it('leaves out symbols that got no event rather than highlighting them with a word', () => {
    // eSpeak does not say the brackets in "<the>".
    const text = 'marks <the> spot';
    const words = timeline(text, [[0, 0], [7, 500], [12, 800]], 1000);
    expect(texts(words)).toEqual(['marks', 'the', 'spot']);
  });

  it('never goes back: an event pointing before the current word belongs to it', () => {
    const text = 'alpha beta gamma';
    const words = timeline(text, [[0, 0], [6, 200], [0, 300], [11, 400]], 600);
    expect(texts(words)).toEqual(['alpha', 'beta', 'gamma']);
    expect(words[1]).toMatchObject({ startMs: 200, endMs: 400 });
  });

  it('keeps times in order and inside the audio even if events are out of order or late', () => {
    const text = 'one two three';
    const words = timeline(text, [[0, 0], [4, 500], [8, 400]], 450);
    for (const w of words) {
      expect(w.startMs).toBeLessThanOrEqual(w.endMs);
      expect(w.endMs).toBeLessThanOrEqual(450);
    }
    for (let i = 1; i < words.length; i++) expect(words[i]!.startMs).toBeGreaterThanOrEqual(words[i - 1]!.startMs);
  });

  it('covers the whole text with non-overlapping ranges, in order', () => {
    const text = '“Quote,” she said — and left; 3.14 and 1,000,000 too!';
    const units = spokenUnits(text);
    // One event per unit, a few of them dropped.
    const events: Event[] = units.filter((_, i) => i % 3 !== 1).map((u, i) => [u.start, i * 100]);
    const words = timeline(text, events, 5000);
    expect(words[0]!.charStart).toBe(units[0]!.start);
    expect(words.at(-1)!.charEnd).toBe(units.at(-1)!.end);
    for (let i = 1; i < words.length; i++) expect(words[i]!.charStart).toBeGreaterThanOrEqual(words[i - 1]!.charEnd);
    for (const w of words) expect(text.slice(w.charStart, w.charEnd)).toBe(w.text);
  });

  it('gives nothing for text with no words, or no events', () => {
    expect(timeline('... !', [[0, 0]], 100)).toEqual([]);
    expect(timeline('words here', [], 100)).toEqual([]);
  });
});
