// From eSpeak's phonemes to a Kokoro model's input, keeping track of which word each id belongs to.
// kokoro-js phonemizes with eSpeak NG too and adjusts its IPA to the symbols Kokoro was trained on
// (kokoro.js/src/phonemize.js); Kokoro takes one id per character, words joined by a space, the
// clause's punctuation kept, between two pad ids (0).
import { KOKORO_MAX_IDS } from './kokoro-pack';
import type { ModelInput, PhonemizedWord, RunSizes } from './piper-phonemes';

/** eSpeak's IPA as Kokoro's vocabulary spells it (kokoro-js's post-processing). */
export function kokoroSpelling(phonemes: string): string {
  return phonemes.normalize('NFC').replace(/ʲ/g, 'j').replace(/r/g, 'ɹ').replace(/x/g, 'k').replace(/ɬ/g, 'l');
}

/** A word's weight in a run: its characters, plus its space and punctuation. */
export const kokoroWordIds = (word: PhonemizedWord): number => [...kokoroSpelling(word.phonemes.join(''))].length + word.after.length + 1;

/**
 * Runs well inside the model's 512 positions (weighed by kokoroWordIds). Kokoro makes a second of audio
 * in half a second to a second on two cores, so the first run is a word (about a quarter of a second to
 * make) and each run after may double: each is made while the audio before it plays.
 */
export const KOKORO_RUN_SIZES: RunSizes = { firstClausePhonemes: 0, maxPhonemes: 400, firstMaxPhonemes: 6 };

const PAD = 0;

/** The model input of one run: 0 p1 p2 ... ' ' q1 ... . 0, with the words' positions. */
export function kokoroInput(run: readonly PhonemizedWord[], vocab: ReadonlyMap<string, number>): ModelInput {
  const ids = [PAD];
  const wordStarts: number[] = [];
  const missing: string[] = [];
  const push = (symbol: string) => {
    const id = vocab.get(symbol);
    if (id === undefined) missing.push(symbol);
    else if (ids.length < KOKORO_MAX_IDS - 1) ids.push(id);
  };
  run.forEach((word, index) => {
    wordStarts.push(ids.length);
    for (const symbol of kokoroSpelling(word.phonemes.join(''))) push(symbol);
    for (const symbol of word.after) push(symbol);
    if (index < run.length - 1) push(' ');
  });
  ids.push(PAD);
  return { ids, wordStarts, missing };
}
