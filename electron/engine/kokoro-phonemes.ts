// From eSpeak's phonemes to a Kokoro model's input, keeping track of which word each id belongs to.
// kokoro-js phonemizes with eSpeak NG too and adjusts its IPA to the symbols Kokoro was trained on
// (kokoro.js/src/phonemize.js), and misaki's eSpeak back end for its other languages; Kokoro takes one id per character, words joined by a space, the
// clause's punctuation kept, between two pad ids (0).
import { KOKORO_MAX_IDS } from './kokoro-pack';
import type { ModelInput, PhonemizedWord, RunSizes } from './piper-phonemes';

/** eSpeak's IPA of an English word as Kokoro's vocabulary spells it (kokoro-js's post-processing). */
export function kokoroSpelling(phonemes: string, espeakVoice = 'en-us'): string {
  const spelled = phonemes
    .normalize('NFC')
    // kokoro-js: "Kokoro" as its makers say it (American, British).
    .replace(/kəkˈoːɹoʊ/g, 'kˈoʊkəɹoʊ')
    .replace(/kəkˈɔːɹəʊ/g, 'kˈəʊkəɹəʊ')
    .replace(/ʲ/g, 'j')
    .replace(/r/g, 'ɹ')
    .replace(/x/g, 'k')
    .replace(/ɬ/g, 'l')
    // kokoro-js: "two hundred" apart, and American "ninety" with a flap.
    .replace(/(?<=[a-zɹː])(?=hˈʌndɹɪd)/g, ' ');
  return espeakVoice === 'en-us' ? spelled.replace(/(?<=nˈaɪn)ti(?!ː)/g, 'di') : spelled;
}

/**
 * misaki's eSpeak back end for Kokoro's other languages (misaki/espeak.py, EspeakG2P): eSpeak's tied
 * pairs (one phoneme of eSpeak's, so one phoneme event here) as Kokoro's single symbols, r and x kept.
 */
const TIED = new Map([
  ['aɪ', 'I'], ['aʊ', 'W'], ['dz', 'ʣ'], ['dʒ', 'ʤ'], ['eɪ', 'A'], ['oʊ', 'O'], ['əʊ', 'Q'], ['ss', 'S'], ['ts', 'ʦ'], ['tʃ', 'ʧ'], ['ɔɪ', 'Y'],
]);

export function misakiSpelling(phonemes: readonly string[]): string {
  return phonemes
    .map((name) => {
      // A name is [spaces][stress][phoneme][length]: TextToPhonemes writes ˈdʒː as one (espeak-phoneme-names.ts).
      const [, lead, core] = /^([\sˈˌ]*)(.*)$/su.exec(name)!;
      const tied = [...TIED.keys()].find((pair) => core!.startsWith(pair));
      return lead! + (tied ? TIED.get(tied)! + core!.slice(tied.length) : core!);
    })
    .join('')
    .normalize('NFC')
    .replace(/-/g, '');
}

export const isEnglish = (espeakVoice: string) => espeakVoice === 'en' || espeakVoice.startsWith('en-');

/** A word's phonemes as the Kokoro voice of that eSpeak voice takes them. */
export function kokoroWord(word: PhonemizedWord, espeakVoice = 'en-us'): string {
  return isEnglish(espeakVoice) ? kokoroSpelling(word.phonemes.join(''), espeakVoice) : misakiSpelling(word.phonemes);
}

/** A word's weight in a run: its characters, plus its space and punctuation. */
export const kokoroWordIds = (word: PhonemizedWord): number => [...kokoroWord(word)].length + word.after.length + 1;

/**
 * Runs well inside the model's 512 positions (weighed by kokoroWordIds). Kokoro makes a second of audio
 * in half a second to a second on two cores, so the first run is a word (about a quarter of a second to
 * make) and each run after may double: each is made while the audio before it plays.
 */
export const KOKORO_RUN_SIZES: RunSizes = { firstClausePhonemes: 0, maxPhonemes: 400, firstMaxPhonemes: 6 };

const PAD = 0;

/** The punctuation kokoro-js keeps (its PUNCTUATION), quotes as ", runs of space as one. */
const kept = (text: string) =>
  text
    .replace(/[“”«»]/g, '"')
    .replace(/[^;:,.!?¡¿—…"(){}[\]\s]/g, '')
    .replace(/\s+/g, ' ');

/**
 * What kokoro-js keeps after a word: the text's punctuation before the next word, with its spaces
 * (it phonemizes the text between punctuation and keeps the punctuation as it is), or a space. The
 * run's last word keeps what ends its sentence, not the next sentence's opening quote.
 */
function between(word: PhonemizedWord, last: boolean): string {
  let gap = word.gap ?? (word.after ? `${word.after} ` : '');
  const opening = gap.search(/\s+\S+$/u);
  if (last && word.sentenceEnd && opening >= 0) gap = gap.slice(0, opening);
  // A clause mark eSpeak heard where the text shows none in the gap (a word's end past it).
  if (!kept(gap).trim() && word.after) gap = `${word.after} `;
  const punctuation = kept(gap);
  if (!punctuation.trim()) return last ? '' : ' ';
  return last ? punctuation.trimEnd() : punctuation;
}

/** The model input of one run: 0 p1 p2 ... ' ' q1 ... . 0, with the words' positions. */
export function kokoroInput(run: readonly PhonemizedWord[], vocab: ReadonlyMap<string, number>, espeakVoice = 'en-us'): ModelInput {
  const ids = [PAD];
  const wordStarts: number[] = [];
  const missing: string[] = [];
  const push = (symbol: string) => {
    const id = vocab.get(symbol);
    if (id === undefined) missing.push(symbol);
    else if (ids.length < KOKORO_MAX_IDS - 1) ids.push(id);
  };
  // A sentence's opening punctuation (a quote) comes before its first word, as kokoro-js keeps it.
  for (const symbol of kept(run[0]?.before ?? '').trim()) push(symbol);
  const spelled = run.map((word) => kokoroWord(word, espeakVoice));
  run.forEach((word, index) => {
    wordStarts.push(ids.length);
    for (const symbol of spelled[index]!) push(symbol);
    const after = between(word, index === run.length - 1);
    // kokoro-js joins a lone "z" (a possessive 's eSpeak says apart) to the word before it.
    if (after === ' ' && isEnglish(espeakVoice) && spelled[index + 1] === 'z') return;
    for (const symbol of after) push(symbol);
  });
  ids.push(PAD);
  return { ids, wordStarts, missing };
}
