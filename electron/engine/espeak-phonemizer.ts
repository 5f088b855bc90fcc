// eSpeak NG's phonemes of a text, with the word of the text each belongs to, as the natural voices'
// worker takes them (natural-voice-worker.ts) and as the conformance tests check them against the
// voices' own phonemizers: eSpeak speaks the text and its events say each word (where it starts in the
// text), each phoneme, each clause end and each sentence start.
import type { EspeakModule } from '@echogarden/espeak-ng-emscripten';
import { EVENT_ID_BYTE, EVENT_ID_BYTES, EVENT_TEXT_POSITION, EVENT_TYPE } from './espeak-events';
import { plainEspeakText, prepareEspeakInput, sourcePosition } from './espeak-input';
import { renamePhonemes, textToPhonemesNames } from './espeak-phoneme-names';
import { PhonemeCollector, type PhonemizedWord } from './piper-phonemes';

// espeak_EVENT_TYPE (speak_lib.h).
const EVENT_LIST_TERMINATED = 0;
const EVENT_WORD = 1;
const EVENT_SENTENCE = 2;
const EVENT_END = 5;
const EVENT_PHONEME = 7;
/** int32 index of an event's length (a word's, in code points). */
const EVENT_LENGTH = 3;

type EspeakWorker = InstanceType<EspeakModule['eSpeakNGWorker']>;

export class EspeakPhonemizer {
  private readonly espeak: EspeakWorker;
  private readonly eventWords: number;
  private voice = '';
  private readonly utf8 = new TextDecoder();

  constructor(private readonly engine: EspeakModule) {
    this.espeak = new engine.eSpeakNGWorker();
    this.eventWords = this.espeak.getSizeOfEventStruct_() / 4;
  }

  /**
   * The words of text[start, end) with their phonemes (offsets into the whole text); undefined when
   * `stop` said so meanwhile.
   */
  phonemize(text: string, start: number, end: number, espeakVoice: string, stop: () => boolean = () => false): PhonemizedWord[] | undefined {
    const { engine, espeak } = this;
    if (espeakVoice !== this.voice) {
      if (espeak.set_voice(espeakVoice) !== 0) throw new Error(`eSpeak NG has no voice '${espeakVoice}' for this voice's phonemes`);
      this.voice = espeakVoice;
    }
    const prepared = prepareEspeakInput(text.slice(start, end));
    const collector = new PhonemeCollector(text, end);
    let stopped = false;
    const callback = engine.addFunction((_audio: number, _length: number, eventsPtr: number) => {
      if (stop()) {
        stopped = true;
        return 1;
      }
      const heap32 = engine.HEAP32;
      for (let at = eventsPtr >> 2; eventsPtr !== 0; at += this.eventWords) {
        const type = heap32[at + EVENT_TYPE]!;
        if (type === EVENT_LIST_TERMINATED) break;
        const position = heap32[at + EVENT_TEXT_POSITION]!;
        // A word's position and length count code points of what eSpeak was given (1-based).
        if (type === EVENT_WORD) collector.word(start + sourcePosition(prepared, position), start + sourcePosition(prepared, position + heap32[at + EVENT_LENGTH]!));
        else if (type === EVENT_PHONEME) collector.phoneme(this.phonemeName((at << 2) + EVENT_ID_BYTE));
        else if (type === EVENT_END) collector.clauseEnd();
        else if (type === EVENT_SENTENCE) collector.sentence();
      }
      return 0;
    }, 'iiii');
    try {
      espeak.synth_(prepared.input, callback);
    } finally {
      engine.removeFunction(callback);
    }
    if (stopped) return undefined;
    const words = collector.words();
    const renamed = renamePhonemes(
      words.map((w) => w.phonemes),
      textToPhonemesNames(this.textToPhonemes(text.slice(start, end))),
    );
    return words.map((word, i) => ({ ...word, phonemes: renamed[i]! }));
  }

  /** eSpeak's TextToPhonemes of a text (IPA, '_' between phonemes, ' | ' between clauses): see espeak-phoneme-names.ts. */
  private textToPhonemes(text: string): string {
    const IPA = 1;
    const { ptr } = this.espeak.text_to_phonemes(plainEspeakText(text), IPA);
    try {
      const heap = this.engine.HEAPU8;
      const end = heap.indexOf(0, ptr);
      return this.utf8.decode(heap.subarray(ptr, end < 0 ? ptr : end));
    } finally {
      // The binding returns a copy it never frees (new char[]; Emscripten's operator new is malloc).
      this.engine._free(ptr);
    }
  }

  private phonemeName(byte: number): string {
    const bytes = this.engine.HEAPU8.subarray(byte, byte + EVENT_ID_BYTES);
    const end = bytes.indexOf(0);
    return this.utf8.decode(end < 0 ? bytes : bytes.subarray(0, end));
  }
}
