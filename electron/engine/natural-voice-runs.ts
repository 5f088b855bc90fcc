// A text as the natural voices' models receive it: eSpeak's words and phonemes (espeak-phonemizer.ts),
// cut into the model's runs (piper-phonemes.ts), made as they are needed.
import type { EspeakPhonemizer } from './espeak-phonemizer';
import { isEnglish, KOKORO_RUN_SIZES, kokoroWordIds } from './kokoro-phonemes';
import { kokoroNormalize } from './kokoro-text';
import { phonemeRuns, RUN_SIZES, type PhonemizedWord } from './piper-phonemes';

export type VoiceFamily = 'piper' | 'kokoro';

/**
 * The model's runs of a text, as eSpeak reads its sentences: the first sentence may be cut so the
 * first audio comes soon; each sentence after it is a run of its own (phonemeRuns). The text is at
 * most a segment (a voice's maxChars), phonemized at once so eSpeak sees every sentence in context.
 */
export function* speechRuns(
  phonemizer: EspeakPhonemizer,
  text: string,
  family: VoiceFamily,
  espeakVoice: string,
  stop: () => boolean = () => false,
): Generator<PhonemizedWord[] | 'aborted'> {
  // Kokoro's English voices read the text as kokoro-js normalizes it (kokoro-text.ts); each word
  // keeps its offset in the original text.
  const normalized = family === 'kokoro' && isEnglish(espeakVoice) ? kokoroNormalize(text) : undefined;
  const read = normalized?.text ?? text;
  const spoken = phonemizer.phonemize(read, 0, read.length, espeakVoice, stop);
  if (!spoken) {
    yield 'aborted';
    return;
  }
  const words = normalized ? spoken.map((word) => ({ ...word, offset: normalized.source[word.offset]! })) : spoken;
  yield* family === 'kokoro' ? phonemeRuns(words, KOKORO_RUN_SIZES, kokoroWordIds) : phonemeRuns(words, RUN_SIZES);
}
