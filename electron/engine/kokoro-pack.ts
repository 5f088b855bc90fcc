// A Kokoro voice pack as installed under <data>/voices/KEY: the model (KEY.onnx, one of Kokoro-82M's
// ONNX exports: fp32, fp16 or q8), its phoneme vocabulary (tokenizer.json, as onnx-community ships
// it, or hexgrad's config.json with a top-level "vocab"), and voices/NAME.bin, each voice's 510 style
// vectors of 256 float32 (kokoro-js reads the same files). A voice's name says its language:
// af_heart is American English, female (hexgrad/Kokoro-82M VOICES.md).

export const KOKORO_SAMPLE_RATE = 24000;
/** Audio samples per frame of the model's durations output (24 kHz / 40 frames a second). */
export const KOKORO_FRAME_SAMPLES = 600;
export const STYLE_ROWS = 510;
export const STYLE_DIM = 256;
export const STYLE_FILE_BYTES = STYLE_ROWS * STYLE_DIM * 4;
/** The model's context: 512 positions, two of them the pads around the phonemes. */
export const KOKORO_MAX_IDS = 512;

export class KokoroPackError extends Error {
  override name = 'KokoroPackError';
}

/** Kokoro's language codes (the voice name's first letter), with the eSpeak NG voice for its phonemes. */
const LANGUAGES: Record<string, { tag: string; espeak: string }> = {
  a: { tag: 'en-US', espeak: 'en-us' },
  b: { tag: 'en-GB', espeak: 'en' },
  e: { tag: 'es', espeak: 'es' },
  f: { tag: 'fr-FR', espeak: 'fr' },
  h: { tag: 'hi', espeak: 'hi' },
  i: { tag: 'it', espeak: 'it' },
  p: { tag: 'pt-BR', espeak: 'pt-br' },
};

export interface KokoroVoiceInfo {
  /** The file's name without .bin, e.g. af_heart. */
  name: string;
  /** BCP-47 of what it speaks, e.g. en-US. */
  language: string;
  /** The eSpeak NG voice whose phonemes it takes (Kokoro's own pipeline uses eSpeak for these too). */
  espeakVoice: string;
  /** Heart, for af_heart. */
  displayName: string;
}

/**
 * What a style file's name says, or undefined for a language whose phonemes eSpeak cannot give
 * (Kokoro reads Japanese and Chinese through its own G2P, which Aloud does not have).
 */
export function kokoroVoiceInfo(name: string): KokoroVoiceInfo | undefined {
  const match = /^([a-z])([fm])_([a-z0-9]+)$/.exec(name);
  const language = match ? LANGUAGES[match[1]!] : undefined;
  if (!match || !language) return undefined;
  const displayName = match[3]!.charAt(0).toUpperCase() + match[3]!.slice(1);
  return { name, language: language.tag, espeakVoice: language.espeak, displayName };
}

/** Kokoro's tokenizer.json is 4 KB; its vocabulary has 114 symbols, ids below the model's 178 tokens. */
export const MAX_VOCAB_BYTES = 2 ** 20;
const MAX_VOCAB_SYMBOLS = 1000;
const MAX_VOCAB_ID = 999;

/** The phoneme vocabulary of tokenizer.json (model.vocab) or config.json (vocab): symbol -> id. */
export function parseKokoroVocab(json: string): Map<string, number> {
  if (json.length > MAX_VOCAB_BYTES) throw new KokoroPackError('its tokenizer.json is too large to be a phoneme vocabulary');
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new KokoroPackError('its phoneme vocabulary (tokenizer.json) is not valid JSON');
  }
  const record = raw as { model?: { vocab?: unknown }; vocab?: unknown } | null;
  const vocab = record?.model?.vocab ?? record?.vocab;
  if (typeof vocab !== 'object' || vocab === null || Array.isArray(vocab)) {
    throw new KokoroPackError('its tokenizer.json has no phoneme vocabulary');
  }
  const entries = Object.entries(vocab);
  if (entries.length > MAX_VOCAB_SYMBOLS) throw new KokoroPackError(`its tokenizer.json lists ${entries.length} symbols, more than a phoneme vocabulary has`);
  const map = new Map<string, number>();
  for (const [symbol, id] of entries) {
    // An id past the model's table would fail every reading that uses it.
    if (typeof id === 'number' && id > MAX_VOCAB_ID) throw new KokoroPackError(`its tokenizer.json gives '${symbol.slice(0, 8)}' the id ${id}, past any Kokoro model's`);
    if (Number.isInteger(id) && (id as number) >= 0) map.set(symbol, id as number);
  }
  if (map.size < 10 || !map.has(' ')) throw new KokoroPackError('its tokenizer.json is not a Kokoro phoneme vocabulary');
  return map;
}

/** The style vector for an input of `ids` ids (pads included): row min(ids - 2, 509), as kokoro-js picks it. */
export function styleRow(styles: Float32Array, ids: number): Float32Array {
  const row = Math.min(Math.max(ids - 2, 0), STYLE_ROWS - 1);
  return styles.slice(row * STYLE_DIM, (row + 1) * STYLE_DIM);
}
