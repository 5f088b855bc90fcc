// From eSpeak's phonemes to a Piper model's input, keeping track of which word each id belongs to.
//
// Piper phonemizes a clause at a time with espeak_TextToPhonemes (IPA), joins words with a space,
// appends the punctuation of the clause's terminator as eSpeak classed it (comma, colon, semicolon
// and a space; period, question or exclamation mark at a sentence's end; nothing, and no space, for
// any other terminator, such as an ellipsis), splits the string into code points after NFD (so
// stress and length marks are phonemes of their own), and maps each to its ids with a pad id after
// every one, between a BOS and an EOS id, a sentence per model run (piper-phonemize phonemize.cpp,
// piper1-gpl phonemize_espeak.py). Aloud takes the same IPA phonemes from eSpeak's events while it
// synthesizes, because those events also say which word of the text each phoneme belongs to; the
// events also say where each clause ends and each sentence starts, and the clause's terminator is
// the clause punctuation between its last word and the next word: a mark is never taken from
// inside a word ('10:30', '1,250,000', 'example.com' have no clause end).

export interface PhonemizedWord {
  /** UTF-16 offset of the word in the request text, as eSpeak reported it (snapped later). */
  offset: number;
  /** IPA phonemes as eSpeak names them, stress marks included (e.g. ˈoʊ). */
  phonemes: string[];
  /** The clause punctuation after this word, as Piper appends it ('', ',', '.', '?', ...). */
  after: string;
  /**
   * The text after this word's last letter or digit, up to the next word (or the text's end): the
   * punctuation kokoro-js keeps. Read from the word's start, since eSpeak's word end may lie past
   * the punctuation (inside '11:45.').
   */
  gap?: string;
  /** The text before the first word of a sentence, from the last space of the gap before it (an opening quote). */
  before?: string;
  /** A clause ends here with no mark Piper writes (an ellipsis): Piper joins it to the next without a space. */
  fused?: boolean;
  /** The last word of a sentence, as eSpeak reads the text (Piper gives each sentence its own run). */
  sentenceEnd?: boolean;
}

/** eSpeak's clause punctuation (readclause.c) as piper-phonemize writes the terminator; null: none written. */
const TERMINATORS = new Map<string, string | null>([
  [',', ','], [';', ';'], [':', ':'], ['.', '.'], ['?', '?'], ['!', '!'],
  ['，', ','], ['、', ','], ['；', ';'], ['：', ':'], ['。', '.'], ['？', '?'], ['！', '!'],
  // eSpeak reads an em dash as a semicolon's pause; an ellipsis ends a clause with a terminator
  // piper-phonemize does not write (it also names the punctuation), so the words on either side join.
  ['—', ';'], ['…', null],
]);

/**
 * The terminator of a clause: the first clause punctuation after its last word (`gap`), or, when
 * eSpeak's word ends past it (its positions inside a number such as '11:45.' are not the digits'),
 * the last one from the word's start (`word`, up to the next word).
 */
export function clauseTerminator(gap: string, word = gap): { mark: string; fused: boolean } {
  const found = [...gap].find((ch) => TERMINATORS.has(ch)) ?? [...word].reverse().find((ch) => TERMINATORS.has(ch));
  const mark = found === undefined ? null : TERMINATORS.get(found)!;
  return mark === null ? { mark: '', fused: true } : { mark, fused: false };
}

interface CollectedWord extends PhonemizedWord {
  /** UTF-16 offset just past the word's text. */
  end: number;
  clauseEnd: boolean;
}

/** Collects eSpeak's word, phoneme, clause-end and sentence events, in the order the engine sends them, into words. */
export class PhonemeCollector {
  private readonly list: CollectedWord[] = [];

  /** `end`: where the text eSpeak speaks ends (the last clause's gap runs to it). */
  constructor(
    private readonly text: string,
    private readonly end = text.length,
  ) {}

  word(offset: number, end = offset): void {
    this.list.push({ offset, end, phonemes: [], after: '', clauseEnd: false });
  }

  /** A phoneme event; a pause ('') is no phoneme of Piper's: the clause end says what it was. */
  phoneme(name: string): void {
    const word = this.list[this.list.length - 1];
    if (!word || name === '') return;
    // (en) ... (fr): eSpeak's language-switch flags around a foreign word, not phonemes.
    if (name.startsWith('(')) return;
    word.phonemes.push(name);
  }

  /** eSpeak finished a clause: its last word so far ends it. */
  clauseEnd(): void {
    const word = this.lastSpoken();
    if (word) word.clauseEnd = true;
  }

  /** eSpeak starts a sentence: the one before ends with the last word so far. */
  sentence(): void {
    const word = this.lastSpoken();
    if (word) {
      word.clauseEnd = true;
      word.sentenceEnd = true;
    }
  }

  private lastSpoken(): CollectedWord | undefined {
    for (let i = this.list.length - 1; i >= 0; i--) if (this.list[i]!.phonemes.length > 0) return this.list[i];
    return undefined;
  }

  words(): PhonemizedWord[] {
    const spoken = this.list.filter((w) => w.phonemes.length > 0);
    const words = spoken.map((w, i) => {
      const word: PhonemizedWord = { offset: w.offset, phonemes: w.phonemes, after: '' };
      const last = i === spoken.length - 1;
      const next = last ? this.end : spoken[i + 1]!.offset;
      const span = this.text.slice(Math.min(w.offset, next), next);
      // eSpeak may place a word after a full stop one character early, on the space before it.
      let to = next;
      while (to < this.end && /\s/u.test(this.text[to]!)) to++;
      word.gap = span.slice(lastWordChar(span) + 1) + this.text.slice(next, to);
      if (w.clauseEnd || last) {
        const gap = this.text.slice(Math.min(w.end, next), next);
        const { mark, fused } = clauseTerminator(gap, span);
        word.after = mark;
        if (fused && !last) word.fused = true;
      }
      if (w.sentenceEnd || last) word.sentenceEnd = true;
      return word;
    });
    // A sentence's opening punctuation: the first word's, and each sentence's after the last space before it.
    if (words[0]) words[0].before = this.text.slice(0, words[0].offset);
    words.forEach((word, i) => {
      const next = words[i + 1];
      const opening = word.gap!.search(/(?<=\s)\S+$/u);
      if (word.sentenceEnd && next) next.before = opening < 0 ? '' : word.gap!.slice(opening);
    });
    return words;
  }
}

/** Index of the last letter, digit or mark in `span`; -1 when it has none. */
function lastWordChar(span: string): number {
  for (let i = span.length - 1; i >= 0; i--) if (/[\p{L}\p{N}\p{M}]/u.test(span[i]!)) return i;
  return -1;
}

export interface RunSizes {
  /** The first sentence's first run ends at a clause once it has this many phonemes (0: at the first clause). */
  firstClausePhonemes: number;
  /**
   * A sentence longer than this (in `weigh`'s units) is cut at its last clause within the limit, or at
   * a word when it has none: the model's limit, or what one run may take (a cancel waits for one).
   */
  maxPhonemes: number;
  /**
   * For a model slower than its audio's length would hide (Kokoro): the first run ends past this many,
   * and each run of the first sentence after it may be twice the one before, so the first audio comes
   * after a short run.
   */
  firstMaxPhonemes?: number;
}

export const RUN_SIZES: RunSizes = { firstClausePhonemes: 0, maxPhonemes: 400 };

/**
 * Splits the words into runs of the model. The first sentence may be cut so the first audio comes
 * soon (at its first clause; for Kokoro, a word, then runs that double); every sentence after it is
 * a run of its own, whole, as the voices were trained, unless it is longer than the model takes
 * (RunSizes.maxPhonemes, in `weigh`'s units: by default phonemes): then it is cut at its last clause
 * within the limit, or at a word.
 */
export function phonemeRuns(
  words: readonly PhonemizedWord[],
  sizes: RunSizes = RUN_SIZES,
  weigh = (word: PhonemizedWord) => word.phonemes.length,
  /** How many runs of the text came before these words (the first sentence's runs are over). */
  runsBefore = 0,
): PhonemizedWord[][] {
  const runs: PhonemizedWord[][] = [];
  let run: PhonemizedWord[] = [];
  let size = 0;
  let firstSentence = runsBefore === 0;
  let firstRuns = 0;
  const cut = (at: number) => {
    runs.push(run.slice(0, at));
    run = run.slice(at);
    size = run.reduce((sum, w) => sum + weigh(w), 0);
    if (firstSentence) firstRuns++;
  };
  for (const word of words) {
    const weight = weigh(word);
    // Past the limit: cut before this word, at the run's last clause if it has one.
    if (run.length > 0 && size + weight > sizes.maxPhonemes) {
      let at = run.length;
      for (let i = run.length - 1; i > 0; i--) {
        if (run[i - 1]!.after || run[i - 1]!.fused) {
          at = i;
          break;
        }
      }
      cut(at);
    }
    run.push(word);
    size += weight;
    if (word.sentenceEnd) {
      cut(run.length);
      firstSentence = false;
      continue;
    }
    if (firstSentence) {
      const early = sizes.firstMaxPhonemes
        ? size >= Math.min(sizes.maxPhonemes, sizes.firstMaxPhonemes * 2 ** firstRuns)
        : (word.after !== '' || word.fused === true) && size >= sizes.firstClausePhonemes;
      if (early) cut(run.length);
    }
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

export interface ModelInput {
  ids: number[];
  /** Index into `ids` of each word's first id (where its audio starts). */
  wordStarts: number[];
  /** Phonemes the voice has no id for, skipped as Piper skips them. */
  missing: string[];
}

/**
 * Merges each run of phonemes that is one of the voice's vowel clusters into one phoneme, longest
 * first, left to right, as piper1-gpl does over a sentence's phonemes (phonemize_espeak.py,
 * _merge_known_vowel_clusters). `symbols[i][0]` is the phoneme; the rest rides along from the first.
 */
export function mergeVowelClusters<T extends readonly [string, ...unknown[]]>(symbols: readonly T[], clusters: readonly (readonly string[])[]): T[] {
  if (clusters.length === 0) return [...symbols];
  const known = new Set(clusters.map((cluster) => JSON.stringify(cluster)));
  const longest = Math.max(...clusters.map((cluster) => cluster.length));
  const merged: T[] = [];
  for (let i = 0; i < symbols.length; ) {
    let n = Math.min(longest, symbols.length - i);
    while (n > 1 && !known.has(JSON.stringify(symbols.slice(i, i + n).map((s) => s[0])))) n--;
    const first = symbols[i]!;
    merged.push(n > 1 ? ([symbols.slice(i, i + n).map((s) => s[0]).join(''), ...first.slice(1)] as unknown as T) : first);
    i += Math.max(n, 1);
  }
  return merged;
}

/**
 * The model input of one run: ^ _ p1 _ p2 _ ... $ with the words' positions; the voice's vowel
 * clusters (if any) merged first, as Piper does.
 */
export function modelInput(run: readonly PhonemizedWord[], phonemeIds: ReadonlyMap<string, readonly number[]>, vowelClusters: readonly (readonly string[])[] = []): ModelInput {
  // Each phoneme of the run, with the index of the word it belongs to.
  const symbols: [string, number][] = [];
  run.forEach((word, index) => {
    for (const symbol of word.phonemes.join('').normalize('NFD')) symbols.push([symbol, index]);
    for (const symbol of word.after) symbols.push([symbol, index]);
    if (index < run.length - 1 && !word.fused) symbols.push([' ', index]);
  });
  const ids: number[] = [];
  const wordStarts: number[] = [];
  const missing: string[] = [];
  const pad = phonemeIds.get('_')!;
  ids.push(...phonemeIds.get('^')!, ...pad);
  for (const [symbol, word] of mergeVowelClusters(symbols, vowelClusters)) {
    while (wordStarts.length <= word) wordStarts.push(ids.length);
    const found = phonemeIds.get(symbol);
    if (found) ids.push(...found, ...pad);
    else missing.push(symbol);
  }
  while (wordStarts.length < run.length) wordStarts.push(ids.length);
  ids.push(...phonemeIds.get('$')!);
  return { ids, wordStarts, missing };
}

/** Sample offset of the start of every id, plus the total at the end. */
export function idStartSamples(samplesPerId: ArrayLike<number>): Float64Array {
  const starts = new Float64Array(samplesPerId.length + 1);
  for (let i = 0; i < samplesPerId.length; i++) starts[i + 1] = starts[i]! + samplesPerId[i]!;
  return starts;
}

/**
 * Without the alignment output (a model that could not be patched), the run's audio shared out over
 * its ids evenly: an estimate, as for the other voices that give no timings.
 */
export function estimatedSamplesPerId(ids: number, totalSamples: number): Float64Array {
  return new Float64Array(ids).fill(ids > 0 ? totalSamples / ids : 0);
}
