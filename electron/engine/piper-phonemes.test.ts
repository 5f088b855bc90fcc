import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { clauseTerminator, estimatedSamplesPerId, idStartSamples, mergeVowelClusters, modelInput, PhonemeCollector, phonemeRuns, RUN_SIZES, type PhonemizedWord } from './piper-phonemes';

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

  it('joins the words of a clause that ends unmarked (an ellipsis) without a space, as piper-phonemize does', () => {
    const input = modelInput([{ offset: 0, phonemes: ['h', 'ə'], after: '', fused: true }, { offset: 5, phonemes: ['l'], after: '.' }], ids);
    expect(input.ids).toEqual([1, 0, 20, 0, 59, 0, 24, 0, 10, 0, 2]);
  });

  it("merges the voice's vowel clusters, longest first, as piper1-gpl does (_merge_known_vowel_clusters)", () => {
    const clustered = new Map([...ids, ['oʊ', [165]], ['əʊ', [166]], ['əʊl', [167]]]);
    const words: PhonemizedWord[] = [{ offset: 0, phonemes: ['h', 'ə', 'l', 'ˈoʊ'], after: '' }, { offset: 6, phonemes: ['əʊ', 'l'], after: '' }];
    const input = modelInput(words, clustered, [['o', 'ʊ'], ['ə', 'ʊ'], ['ə', 'ʊ', 'l']]);
    // h ə l ˈ oʊ ␣ əʊl: ə before l stays alone; the three-phoneme cluster wins over its two-phoneme start.
    expect(input.ids).toEqual([1, 0, 20, 0, 59, 0, 24, 0, 120, 0, 165, 0, 3, 0, 167, 0, 2]);
    expect(input.wordStarts).toEqual([2, 14]);
    expect(mergeVowelClusters([['a'], ['b']], [])).toEqual([['a'], ['b']]);
  });

  it('skips phonemes the voice has no id for, as Piper does, and says which', () => {
    const input = modelInput([{ offset: 0, phonemes: ['h', 'ʁ'], after: '' }], ids);
    expect(input.ids).toEqual([1, 0, 20, 0, 2]);
    expect(input.missing).toEqual(['ʁ']);
  });
});

describe('runs of the model', () => {
  const word = (n: number, after = '', sentenceEnd = false): PhonemizedWord => ({ offset: 0, phonemes: Array.from({ length: n }, () => 'a'), after, ...(sentenceEnd ? { sentenceEnd } : {}) });
  const lengths = (runs: PhonemizedWord[][]) => runs.map((r) => r.length);

  it('cuts the first sentence at its first clause, then sends every sentence whole', () => {
    const words = [word(3, ','), word(5), word(5, '.', true), word(4, ','), word(4), word(4, ','), word(4, '.', true), word(2, '?', true)];
    expect(lengths(phonemeRuns(words))).toEqual([1, 2, 4, 1]);
    // A text's later part (runsBefore > 0) has no first sentence: every sentence whole.
    expect(lengths(phonemeRuns(words, RUN_SIZES, undefined, 1))).toEqual([3, 4, 1]);
  });

  it('cuts a sentence past the model’s limit at its last clause within it, or at a word when it has none', () => {
    const sizes = { firstClausePhonemes: 0, maxPhonemes: 30 };
    expect(lengths(phonemeRuns([word(8), word(8, ','), word(8), word(8), word(8, '.', true)], sizes, undefined, 1))).toEqual([2, 3]);
    expect(lengths(phonemeRuns(Array.from({ length: 10 }, () => word(4)), sizes, undefined, 1))).toEqual([7, 3]);
  });

  it('never ends a run inside a sentence after the first, whatever the sentences', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ n: fc.integer({ min: 1, max: 12 }), mark: fc.constantFrom('', ',', ';', '.', '?'), end: fc.boolean() }), { minLength: 1, maxLength: 60 }), (spec) => {
        const words = spec.map(({ n, mark, end }) => word(n, mark, end));
        const runs = phonemeRuns(words);
        const firstSentenceEnd = words.findIndex((w) => w.sentenceEnd);
        let at = 0;
        for (const run of runs) {
          at += run.length;
          // A boundary after the first sentence is a sentence's end (or the text's).
          if (firstSentenceEnd >= 0 && at - 1 > firstSentenceEnd && at < words.length) expect(words[at - 1]!.sentenceEnd).toBe(true);
        }
      }),
    );
  });
});

describe("eSpeak's events as words", () => {
  it('gives each phoneme to the word before it, drops language flags and pauses, and takes a clause’s mark from the text after its last word', () => {
    const text = '“Café,” (world)! Bye… now';
    const c = new PhonemeCollector(text);
    c.word(1, 5);
    for (const p of ['k', 'æ', 'f', 'ˈeɪ']) c.phoneme(p);
    c.phoneme('');
    c.clauseEnd();
    c.word(9, 14);
    for (const p of ['(en)', 'w', 'ˈɜː', 'l', 'd', '(fr)']) c.phoneme(p);
    c.clauseEnd();
    c.sentence();
    c.word(17, 20);
    for (const p of ['b', 'ˈaɪ']) c.phoneme(p);
    c.clauseEnd();
    c.word(22, 25);
    for (const p of ['n', 'ˈaʊ']) c.phoneme(p);
    expect(c.words()).toEqual([
      { offset: 1, phonemes: ['k', 'æ', 'f', 'ˈeɪ'], after: ',', gap: ',” (', before: '“' },
      { offset: 9, phonemes: ['w', 'ˈɜː', 'l', 'd'], after: '!', gap: ')! ', sentenceEnd: true },
      // An ellipsis: no mark, and no space before the next word (as piper-phonemize writes it).
      { offset: 17, phonemes: ['b', 'ˈaɪ'], after: '', gap: '… ', fused: true, before: '' },
      { offset: 22, phonemes: ['n', 'ˈaʊ'], after: '', gap: '', sentenceEnd: true },
    ]);
  });

  it('reads the first clause punctuation after the word as its terminator (or the last from its start), an em dash as a semicolon', () => {
    expect(clauseTerminator('», — ')).toEqual({ mark: ',', fused: false });
    expect(clauseTerminator('', '11:45. ')).toEqual({ mark: '.', fused: false });
    expect(clauseTerminator(' — ')).toEqual({ mark: ';', fused: false });
    expect(clauseTerminator(',” ')).toEqual({ mark: ',', fused: false });
    expect(clauseTerminator('… ')).toEqual({ mark: '', fused: true });
    expect(clauseTerminator('？')).toEqual({ mark: '?', fused: false });
  });
});

describe('where each id lies in the audio', () => {
  it('adds up the samples of the ids before it, or shares the audio out evenly without alignment', () => {
    expect(Array.from(idStartSamples([256, 512, 256]))).toEqual([0, 256, 768, 1024]);
    expect(Array.from(estimatedSamplesPerId(4, 1000))).toEqual([250, 250, 250, 250]);
  });
});
