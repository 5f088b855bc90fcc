// How a reading is prepared, the same for the app and the command line: what a caller asks made into
// the whole request (the voice for the text's language, the settings' voice and Speed), the rules its
// text is spoken by (those that make it fit to hear, and the pronunciation rules for its voice and
// language), and the recorder that saves it. The app gives all of it to the reading service
// (aloud-core.ts); the command line, which has no settings and no language detector, uses the rules
// and the recorder (cli/main.ts). Light on purpose: `aloud say` loads it at start-up (no zod).
import type { HearingRules } from '../../shared/hearing-rules';
import { rulesFor, type PronunciationRule } from '../../shared/pronunciation';
import type { TextRules } from '../speech/text-rules';
import type { ObservedReading, ReadingObserver, ReadRequest } from './reading-request';
import { voiceForLanguage, type VoiceForLanguageOptions } from './voice-for-language';

/** Where a reading's rules come from: the settings in the app, the flags on the command line. */
export interface RuleSource {
  /** The rules that make text fit to hear; null: the text is read as written (cleaned only). */
  hearing: HearingRules | null;
  /** Every pronunciation rule; those for the reading's voice and language apply. */
  pronunciation: readonly PronunciationRule[];
}

export interface PrepareReadingOptions {
  /** Asked at each reading, so a change of the settings applies from the next one on. */
  rules(): RuleSource;
  /** The library's recorder; absent or null: readings are not saved. */
  recorder?: { observe(reading: ObservedReading): ReadingObserver } | null | undefined;
  /** Called once the recorder has been told a reading's end (the app trims its library then). */
  onRecorded?(): void;
  /** The voice key of a request that names none (the settings'); absent: the service's default voice. */
  voice?(): string | undefined;
  /** The Speed of a request that names none (the settings'); absent: 1. */
  speed?(): number | undefined;
  /** A text in another language is read by that language's voice; absent: the voice asked reads every text. */
  byLanguage?: VoiceForLanguageOptions;
}

export interface ReadingPreparation {
  /** What a caller asks (text, perhaps voice, Speed, language, mode...) made into the whole request. */
  request(ask: ReadRequest): Promise<ReadRequest>;
  /** The rules a reading by `voice` (a voice key) in `language` (told, detected, else the voice's) is spoken by. */
  textRules(voice: string, language: string | undefined): TextRules;
  /** The recorder's observer of a reading as it starts; absent without a recorder. */
  observe?: (reading: ObservedReading) => ReadingObserver;
}

export function prepareReading(o: PrepareReadingOptions): ReadingPreparation {
  const { recorder, onRecorded } = o;
  return {
    async request(ask) {
      const told = ask.language ?? undefined;
      const chosen = o.byLanguage ? await voiceForLanguage({ text: ask.text, voice: ask.voice, language: told }, o.byLanguage) : null;
      return {
        ...ask,
        voice: chosen?.voice ?? ask.voice ?? o.voice?.(),
        speed: ask.speed ?? o.speed?.(),
        // Only a language known is told (a reading of a language not known says nothing of it).
        ...(chosen?.language ? { language: chosen.language } : {}),
        // A language the person told covers the whole text; a detected one, only where a paragraph agrees.
        // None when the person keeps their voice for every language.
        ...(chosen ? { byParagraph: told === undefined && o.byLanguage?.followLanguage?.() !== false } : {}),
        ...(chosen?.unspoken ? { unspoken: true } : {}),
        ...(chosen?.byLanguage ? { byLanguage: true } : {}),
      };
    },
    textRules(voice, language) {
      const { hearing, pronunciation } = o.rules();
      const applying = rulesFor(pronunciation, voice, language);
      return { ...(hearing ? { hearing } : {}), ...(applying.length ? { pronunciation: applying } : {}) };
    },
    ...(recorder
      ? {
          observe(reading: ObservedReading): ReadingObserver {
            const inner = recorder.observe(reading);
            if (!onRecorded) return inner;
            return {
              chunk: (chunk) => inner.chunk(chunk),
              end(reason) {
                inner.end(reason);
                onRecorded();
              },
            };
          },
        }
      : {}),
  };
}
