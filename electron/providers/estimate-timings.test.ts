import { describe, expect, it } from 'vitest';
import { TimingEstimator, estimateWordTimings, numberSyllables, splitWords, textOnlyWordTimings, uniformWordTimings, wordWeight } from './estimate-timings';

const RATE = 16000;

/**
 * A synthetic "speaker": each word is a tone whose length follows its weight (so the truth is
 * known exactly), words in a clause run together, and clause/sentence boundaries get pauses.
 */
function speak(text: string, opts: { msPerUnit?: number; clausePause?: number; sentencePause?: number; lead?: number; closure?: boolean } = {}) {
  const { msPerUnit = 215, clausePause = 180, sentencePause = 380, lead = 120, closure = false } = opts;
  const words = splitWords(text);
  const parts: number[][] = [];
  const truth: { charStart: number; startMs: number }[] = [];
  let t = lead;
  const push = (ms: number, loud: boolean): void => {
    const n = Math.round((ms * RATE) / 1000);
    const a: number[] = new Array<number>(n);
    for (let i = 0; i < n; i++) a[i] = loud ? 0.3 * Math.sin((2 * Math.PI * 220 * i) / RATE) : 0.0005 * Math.sin(i);
    parts.push(a);
    t += ms;
  };
  push(lead, false);
  t = lead;
  for (const w of words) {
    truth.push({ charStart: w.charStart, startMs: t });
    // Like a real speaker (and the model), the last word before a pause is drawn out.
    const len = w.weight * msPerUnit * (w.gapAfter === 'none' ? 1 : 1.3);
    if (closure && len > 200) {
      // A stop consonant's short closure inside the word: silence shorter than a pause.
      push(len / 2 - 30, true);
      push(60, false);
      push(len / 2 - 30, true);
    } else push(len, true);
    if (w.gapAfter === 'sentence') push(sentencePause, false);
    else if (w.gapAfter === 'clause') push(clausePause, false);
  }
  push(200, false);
  const samples = Float32Array.from(parts.flat());
  return { samples, truth };
}

function onsetErrors(est: { charStart: number; startMs: number }[], truth: { charStart: number; startMs: number }[]): number[] {
  return truth.map((t) => {
    const e = est.find((w) => w.charStart === t.charStart);
    if (!e) throw new Error(`word at ${t.charStart} missing`);
    return Math.abs(e.startMs - t.startMs);
  });
}

const TEXT =
  'The quick brown fox jumps over the lazy dog. Then, without a word, it turned around and walked home; nobody saw it again. ' +
  'In 1999 the village held a festival, and everyone came.';

describe('splitWords', () => {
  it('finds words with offsets into the text and the boundary after each', () => {
    const words = splitWords('Hello, "world"! Next — part two.');
    expect(words.map((w) => w.text)).toEqual(['Hello', 'world', 'Next', 'part', 'two']);
    expect(words.map((w) => w.gapAfter)).toEqual(['clause', 'sentence', 'clause', 'none', 'sentence']);
    const text = 'Hello, "world"! Next — part two.';
    for (const w of words) expect(text.slice(w.charStart, w.charEnd)).toBe(w.text);
  });

  it('weighs words by syllables, numbers by their digits', () => {
    expect(wordWeight('cat')).toBeLessThan(wordWeight('catapult'));
    expect(wordWeight('1999')).toBeGreaterThan(wordWeight('cat') * 3);
    expect(wordWeight('BBC')).toBeGreaterThan(wordWeight('bat'));
  });
});

describe('estimateWordTimings', () => {
  it('recovers word onsets of a speaker whose pauses follow the punctuation', () => {
    const { samples, truth } = speak(TEXT);
    const est = estimateWordTimings(TEXT, samples, RATE);
    expect(est.map((w) => w.charStart)).toEqual(truth.map((t) => t.charStart));
    const errors = onsetErrors(est, truth);
    expect(Math.max(...errors)).toBeLessThan(40);
  });

  it('is far closer than spreading words evenly by characters', () => {
    const { samples, truth } = speak(TEXT, { sentencePause: 700, clausePause: 300 });
    const est = estimateWordTimings(TEXT, samples, RATE);
    const naive = uniformWordTimings(TEXT, (samples.length / RATE) * 1000);
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(onsetErrors(est, truth))).toBeLessThan(mean(onsetErrors(naive, truth)) / 3);
  });

  it('is not misled by short silences inside words', () => {
    const { samples, truth } = speak(TEXT, { closure: true });
    const errors = onsetErrors(estimateWordTimings(TEXT, samples, RATE), truth);
    expect(errors.reduce((a, b) => a + b, 0) / errors.length).toBeLessThan(60);
  });

  it('keeps every word in order with sane times, even for silence', () => {
    const est = estimateWordTimings('Nothing to hear here.', new Float32Array(RATE), RATE);
    expect(est).toHaveLength(4);
    for (const w of est) expect(w.endMs).toBeGreaterThanOrEqual(w.startMs);
  });
});

describe('TimingEstimator (streaming)', () => {
  it('commits words as the audio arrives, each exactly once, close to the whole-audio estimate', () => {
    const long = Array.from({ length: 4 }, () => TEXT).join(' ');
    const { samples, truth } = speak(long);
    const est = new TimingEstimator(long, RATE);
    const got: { charStart: number; startMs: number }[] = [];
    let committedBeforeEnd = 0;
    for (let i = 0; i < samples.length; i += 1234) {
      const words = est.push(samples.subarray(i, Math.min(samples.length, i + 1234)));
      got.push(...words);
      committedBeforeEnd += words.length;
    }
    got.push(...est.finish());
    // Words come early (highlighting need not wait for the end), in order, once each.
    expect(committedBeforeEnd).toBeGreaterThan(truth.length / 2);
    expect(got.map((w) => w.charStart)).toEqual(truth.map((t) => t.charStart));
    const errors = onsetErrors(got, truth);
    expect(errors.reduce((a, b) => a + b, 0) / errors.length).toBeLessThan(60);
  });

  it('follows a faster speaker once it has measured the pace', () => {
    const long = Array.from({ length: 3 }, () => TEXT).join(' ');
    const { samples, truth } = speak(long, { msPerUnit: 150 });
    const est = new TimingEstimator(long, RATE, 1);
    const got = [...est.push(samples.subarray(0, samples.length >> 1)), ...est.push(samples.subarray(samples.length >> 1)), ...est.finish()];
    const errors = onsetErrors(got, truth);
    expect(errors.reduce((a, b) => a + b, 0) / errors.length).toBeLessThan(60);
  });
});

describe('textOnlyWordTimings (audio that is not decoded)', () => {
  it('fills the duration in order, leaving pauses at sentence and clause ends', () => {
    const text = 'One two three. Four, five six.';
    const words = textOnlyWordTimings(text, 3000);
    expect(words.map((w) => w.text)).toEqual(['One', 'two', 'three', 'Four', 'five', 'six']);
    expect(words[0]!.startMs).toBe(0);
    expect(words.at(-1)!.endMs).toBeCloseTo(3000, 6);
    for (let i = 1; i < words.length; i++) expect(words[i]!.startMs).toBeGreaterThanOrEqual(words[i - 1]!.endMs);
    // A sentence pause is longer than a clause pause, which is longer than none.
    const gap = (i: number): number => words[i + 1]!.startMs - words[i]!.endMs;
    expect(gap(2)).toBeGreaterThan(gap(3));
    expect(gap(3)).toBeGreaterThan(gap(4));
    expect(gap(4)).toBe(0);
  });

  it('never lets pauses take more than half of a short audio', () => {
    const words = textOnlyWordTimings('A. B. C. D.', 400);
    const spoken = words.reduce((n, w) => n + (w.endMs - w.startMs), 0);
    expect(spoken).toBeGreaterThanOrEqual(199);
  });
});

describe('numberSyllables', () => {
  it('reads numbers as English words, years in pairs, long or 0-led runs digit by digit', () => {
    expect(numberSyllables('7')).toBe(2); // sev-en
    expect(numberSyllables('15')).toBe(2); // fif-teen
    expect(numberSyllables('555')).toBe(1 + 2 + 2 + 1); // five hun-dred fif-ty five
    expect(numberSyllables('1999')).toBe(2 + 2 + 1); // nine-teen nine-ty nine
    expect(numberSyllables('2000')).toBe(1 + 2); // two thou-sand
    expect(numberSyllables('0199')).toBe(2 + 1 + 1 + 1); // ze-ro one nine nine
  });
});

describe('TimingEstimator.partial (a stream that breaks off)', () => {
  it('reports only words whose audio was fully received, in order', () => {
    const long = `${TEXT} ${TEXT}`;
    const { samples, truth } = speak(long);
    const est = new TimingEstimator(long, RATE);
    const cut = Math.floor(samples.length * 0.6);
    const got = [...est.push(samples.subarray(0, Math.floor(cut / 2))), ...est.push(samples.subarray(Math.floor(cut / 2), cut)), ...est.partial()];
    const cutMs = (cut / RATE) * 1000;
    expect(got.map((w) => w.charStart)).toEqual(truth.slice(0, got.length).map((t) => t.charStart));
    // Every word reported really was heard whole (its true end is before the cut)...
    const trueEnd = (i: number): number => truth[i + 1]?.startMs ?? Infinity;
    for (let i = 0; i < got.length; i++) expect(trueEnd(i)).toBeLessThanOrEqual(cutMs);
    // ...and few heard words are left out (they are said again, not lost).
    const heard = truth.filter((_, i) => trueEnd(i) <= cutMs).length;
    expect(got.length).toBeGreaterThanOrEqual(heard - 3);
    expect(est.finish()).toEqual([]);
  });
});
