// From eSpeak's phonemes to a Piper model's input, keeping track of which word each id belongs to.
//
// Piper phonemizes a clause at a time with espeak_TextToPhonemes (IPA), joins words with a space,
// appends the clause's punctuation, splits the string into code points after NFD (so stress and
// length marks are phonemes of their own), and maps each to its ids with a pad id after every one,
// between a BOS and an EOS id (piper/phonemize_espeak.py, piper/phoneme_ids.py). Aloud takes the
// same IPA phonemes from eSpeak's phoneme events while it synthesizes, because those events also
// say which word of the text each phoneme belongs to; an empty phoneme event is a pause at a clause
// end, pointing at the punctuation that caused it.

export interface PhonemizedWord {
  /** UTF-16 offset of the word in the request text, as eSpeak reported it (snapped later). */
  offset: number;
  /** IPA phonemes as eSpeak names them, stress marks included (e.g. ˈoʊ). */
  phonemes: string[];
  /** The clause punctuation eSpeak paused on after this word ('', ',', '.', '?', ...). */
  after: string;
}

const CLAUSE_END = new Map<string, string>([
  [',', ','], [';', ';'], [':', ':'], ['.', '.'], ['?', '?'], ['!', '!'],
  ['，', ','], ['、', ','], ['；', ';'], ['：', ':'], ['。', '.'], ['？', '?'], ['！', '!'], ['…', '.'],
]);
const SENTENCE_END = new Set(['.', '?', '!']);

/** Collects eSpeak's word and phoneme events, in the order the engine sends them, into words. */
export class PhonemeCollector {
  private readonly list: PhonemizedWord[] = [];

  constructor(private readonly text: string) {}

  word(offset: number): void {
    this.list.push({ offset, phonemes: [], after: '' });
  }

  /** A phoneme event; `offset` is the UTF-16 offset it points at (for a pause, the punctuation). */
  phoneme(name: string, offset: number): void {
    const word = this.list[this.list.length - 1];
    if (!word) return;
    if (name === '') {
      // eSpeak points a pause at the punctuation or at the character after it.
      const mark = CLAUSE_END.get(this.text[offset] ?? '') ?? CLAUSE_END.get(this.text[offset - 1] ?? '');
      if (mark) word.after = mark;
      return;
    }
    // (en) ... (fr): eSpeak's language-switch flags around a foreign word, not phonemes.
    if (name.startsWith('(')) return;
    word.phonemes.push(name);
  }

  words(): PhonemizedWord[] {
    return this.list.filter((w) => w.phonemes.length > 0);
  }
}

export interface RunSizes {
  /** A clause ends a run once the run has this many phonemes (so short clauses keep their context). */
  clausePhonemes: number;
  /** The same for the first run: 0 cuts it at the first clause, so the first audio comes soonest. */
  firstClausePhonemes: number;
  /** Any word ends a run past this many phonemes: one run never takes long (a cancel waits for one). */
  maxPhonemes: number;
  /**
   * For a model slower than its audio's length would hide (Kokoro): the first run ends past this many,
   * and each run after may be twice the one before (up to maxPhonemes), so the first audio comes after
   * a short run and every later run is made while the audio before it plays.
   */
  firstMaxPhonemes?: number;
}

export const RUN_SIZES: RunSizes = { clausePhonemes: 60, firstClausePhonemes: 60, maxPhonemes: 300 };

/**
 * Splits the words into runs of the model: every sentence its own run (as Piper does), and a long
 * sentence at a clause (RunSizes, counted in `weigh`'s units: by default phonemes).
 */
export function phonemeRuns(
  words: readonly PhonemizedWord[],
  sizes: RunSizes = RUN_SIZES,
  weigh = (word: PhonemizedWord) => word.phonemes.length,
  /** How many runs of the text came before these words (the growing runs go on growing). */
  runsBefore = 0,
): PhonemizedWord[][] {
  const runs: PhonemizedWord[][] = [];
  let run: PhonemizedWord[] = [];
  let size = 0;
  const maxFor = (index: number) => (sizes.firstMaxPhonemes ? Math.min(sizes.maxPhonemes, sizes.firstMaxPhonemes * 2 ** index) : sizes.maxPhonemes);
  for (const word of words) {
    run.push(word);
    size += weigh(word);
    const clause = runs.length === 0 ? sizes.firstClausePhonemes : sizes.clausePhonemes;
    if (SENTENCE_END.has(word.after) || (word.after && size >= clause) || size >= maxFor(runsBefore + runs.length)) {
      runs.push(run);
      run = [];
      size = 0;
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

/** The model input of one run: ^ _ p1 _ p2 _ ... $ with the words' positions. */
export function modelInput(run: readonly PhonemizedWord[], phonemeIds: ReadonlyMap<string, readonly number[]>): ModelInput {
  const ids: number[] = [];
  const wordStarts: number[] = [];
  const missing: string[] = [];
  const pad = phonemeIds.get('_')!;
  const push = (symbol: string) => {
    const found = phonemeIds.get(symbol);
    if (!found) {
      missing.push(symbol);
      return;
    }
    ids.push(...found, ...pad);
  };
  ids.push(...phonemeIds.get('^')!, ...pad);
  run.forEach((word, index) => {
    wordStarts.push(ids.length);
    for (const symbol of word.phonemes.join('').normalize('NFD')) push(symbol);
    for (const symbol of word.after) push(symbol);
    if (index < run.length - 1) push(' ');
  });
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
