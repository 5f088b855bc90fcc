// The voice for a text's language. A text in another language than the reading voice speaks is read by
// the person's voice for that language (the last one they chose for it), else a natural voice installed
// for it, else the built-in voice for it; a text in the reading voice's language, a request that names its
// voice (a seek, a voice chosen in the picker), or a language not told with confidence keeps the voice.
import type { Voice } from '../../shared/voice';
import type { LanguageDetector } from '../speech/language-detector';
import { scriptLanguage } from '../speech/script-language';

/** The language's base code: en-GB, en_US -> en. */
export const baseLanguage = (tag: string | undefined): string | undefined => tag?.split(/[-_]/u)[0]?.toLowerCase() || undefined;

/** How long a reading's start waits for the detector (its first answer after start may take a second). */
export const DETECTION_WAIT_MS = 150;

export interface VoiceChoiceRequest {
  text: string;
  /** The voice the request names, or undefined for the reading voice. */
  voice: string | undefined;
  /** The language the person says the text is in (the reader's override), if any. */
  language: string | undefined;
}

export interface VoiceForLanguageOptions {
  detector: LanguageDetector | undefined;
  /** The reading voice (the settings'). */
  readingVoice(): string;
  /** The voice the person last chose for each language. */
  languageVoices(): Readonly<Record<string, string>>;
  /** Every voice there is, with its languages. */
  voices(): Promise<Voice[]>;
  /** False: the person keeps their voice for every language (the language is still told); absent: true. */
  followLanguage?(): boolean;
  waitMs?: number;
}

export interface VoiceChoice {
  /** The voice key to read with; undefined: the request's own (the reading voice). */
  voice: string | undefined;
  /** The text's language as told or detected (base code), or null when not known. */
  language: string | null;
  /** Set when no voice there is speaks that language: the voice reads it as best it can. */
  unspoken?: true;
  /** Set when `voice` is the language's voice, chosen over the reading voice (the reader says why it hears another voice). */
  byLanguage?: true;
}

// Kokoro's voices before Piper's (the better small model), any natural voice before the built-in one.
const KIND_ORDER = ['kokoro', 'piper', 'builtin'];

export async function voiceForLanguage(request: VoiceChoiceRequest, o: VoiceForLanguageOptions): Promise<VoiceChoice> {
  const told = baseLanguage(request.language);
  let language = told ?? null;
  if (!told && o.detector) {
    const detected = await Promise.race([o.detector.detect(request.text), new Promise<null>((done) => setTimeout(() => done(null), o.waitMs ?? DETECTION_WAIT_MS))]);
    // Only a confident answer changes the voice; a short or mixed text keeps it.
    if (detected?.reliable) language = detected.language;
  }
  // Scripts the detector does not read (Tibetan, Khmer, Lao) name their language themselves.
  if (!told) language ??= scriptLanguage(request.text);
  if (language === null) return { voice: request.voice, language };
  // A provider slow to list its voices must not hold the reading up: then the voice stays.
  const voices = await Promise.race([o.voices().catch(() => [] as Voice[]), new Promise<Voice[]>((done) => setTimeout(() => done([]), 2 * (o.waitMs ?? DETECTION_WAIT_MS)))]);
  if (voices.length === 0) return { voice: request.voice, language };
  if (!voices.some((v) => v.languages.some((l) => baseLanguage(l) === language))) return { voice: request.voice, language, unspoken: true };
  if (request.voice !== undefined || o.followLanguage?.() === false) return { voice: request.voice, language };
  const key = (v: Voice) => `${v.provider}/${v.id}`;
  const speaks = (k: string | undefined) => k !== undefined && voices.some((v) => key(v) === k && baseLanguage(v.languages[0]) === language);
  const reading = o.readingVoice();
  if (speaks(reading)) return { voice: undefined, language };
  const chosen = o.languageVoices()[language];
  if (chosen && voices.some((v) => key(v) === chosen)) return { voice: chosen, language, ...(chosen !== reading ? { byLanguage: true as const } : {}) };
  const candidates = voices.filter((v) => baseLanguage(v.languages[0]) === language && KIND_ORDER.includes(v.provider));
  // A natural voice before the built-in one; the language's home first (fr or fr-fr before fr-be).
  const home = (v: Voice) => (new Set([language, `${language}-${language}`, `${language}_${language}`]).has(v.languages[0]!.toLowerCase()) ? 0 : 1);
  candidates.sort((a, b) => KIND_ORDER.indexOf(a.provider) - KIND_ORDER.indexOf(b.provider) || home(a) - home(b) || a.languages[0]!.length - b.languages[0]!.length);
  const best = candidates[0] ? key(candidates[0]) : undefined;
  return { voice: best, language, ...(best !== undefined && best !== reading ? { byLanguage: true as const } : {}) };
}
