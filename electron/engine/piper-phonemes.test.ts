import { describe, expect, it } from 'vitest';
import { estimatedSamplesPerId, idStartSamples, modelInput, PhonemeCollector, phonemeRuns, RUN_SIZES, type PhonemizedWord } from './piper-phonemes';

const ids = new Map<string, number[]>([
  ['_', [0]], ['^', [1]], ['$', [2]], [' ', [3]], [',', [8]], ['.', [10]],
  ['h', [20]], ['ə', [59]], ['l', [24]], ['ˈ', [120]], ['o', [27]], ['ʊ', [100]], ['w', [35]], ['ɜ', [62]], ['ː', [122]], ['d', [17]],
]);

describe("Piper's model input", () => {
  it('is ^ _ then each phoneme code point and a pad, words apart by a space, the clause mark kept, then $', () => {
    const words: PhonemizedWord[] = [
      { offset: 0, phonemes: ['h', 'ə', 'l', 'ˈoʊ'], after: ',' },
      { offset: 7, phonemes: ['w', 'ˈɜː', 'l', 'd'], after: '.' },
    ];
    const input = modelInput(words, ids);
    expect(input.ids).toEqual([1, 0, 20, 0, 59, 0, 24, 0, 120, 0, 27, 0, 100, 0, 8, 0, 3, 0, 35, 0, 120, 0, 62, 0, 122, 0, 24, 0, 17, 0, 10, 0, 2]);
    // Each word starts at its first phoneme's id: where its audio begins.
    expect(input.wordStarts).toEqual([2, 18]);
    expect(input.missing).toEqual([]);
  });

  it('skips phonemes the voice has no id for, as Piper does, and says which', () => {
    const input = modelInput([{ offset: 0, phonemes: ['h', 'ʁ'], after: '' }], ids);
    expect(input.ids).toEqual([1, 0, 20, 0, 2]);
    expect(input.missing).toEqual(['ʁ']);
  });
});

describe('runs of the model', () => {
  const word = (n: number, after = ''): PhonemizedWord => ({ offset: 0, phonemes: Array.from({ length: n }, () => 'a'), after });

  it('ends a run at every sentence, at a clause once the run is long enough, and at any word past the limit', () => {
    const sizes = { clausePhonemes: 10, firstClausePhonemes: 10, maxPhonemes: 30 };
    expect(phonemeRuns([word(3), word(3, '.'), word(4, ','), word(4), word(4, ','), word(4)], sizes).map((r) => r.length)).toEqual([2, 3, 1]);
    expect(phonemeRuns(Array.from({ length: 10 }, () => word(4)), sizes).map((r) => r.length)).toEqual([8, 2]);
  });

  it('can end the first run at its first clause, for the first audio', () => {
    const words = [word(3, ','), word(5), word(5, ','), word(5)];
    expect(phonemeRuns(words, { ...RUN_SIZES, firstClausePhonemes: 0 }).map((r) => r.length)).toEqual([1, 3]);
    expect(phonemeRuns(words).map((r) => r.length)).toEqual([4]);
  });
});

describe("eSpeak's events as words", () => {
  it('gives each phoneme to the word before it, drops language flags, and reads a pause as its punctuation', () => {
    const text = 'Hello, (world)! Bye';
    const c = new PhonemeCollector(text);
    c.word(0);
    for (const p of ['h', 'ə', 'l', 'ˈoʊ']) c.phoneme(p, 0);
    c.phoneme('', 6); // eSpeak points a pause at the character after the comma
    c.word(8);
    for (const p of ['(en)', 'w', 'ˈɜː', 'l', 'd', '(fr)']) c.phoneme(p, 8);
    c.phoneme('', 14);
    c.word(16);
    expect(c.words()).toEqual([
      { offset: 0, phonemes: ['h', 'ə', 'l', 'ˈoʊ'], after: ',' },
      { offset: 8, phonemes: ['w', 'ˈɜː', 'l', 'd'], after: '!' },
    ]);
  });
});

describe('where each id lies in the audio', () => {
  it('adds up the samples of the ids before it, or shares the audio out evenly without alignment', () => {
    expect(Array.from(idStartSamples([256, 512, 256]))).toEqual([0, 256, 768, 1024]);
    expect(Array.from(estimatedSamplesPerId(4, 1000))).toEqual([250, 250, 250, 250]);
  });
});
