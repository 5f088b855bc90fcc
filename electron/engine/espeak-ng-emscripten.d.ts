// Types for the parts of @echogarden/espeak-ng-emscripten (an Emscripten build of eSpeak NG with
// WebIDL bindings, see its espeak-ng.js) that the built-in voice and the natural voices' phonemes use.
declare module '@echogarden/espeak-ng-emscripten' {
  interface EspeakLanguage {
    /** Lower is a better match. */
    priority: number;
    name: string;
  }
  interface EspeakVoiceEntry {
    name: string;
    /** e.g. gmw/en-US */
    identifier: string;
    languages: EspeakLanguage[];
  }
  interface ESpeakNGWorker {
    get_samplerate(): number;
    set_rate(wpm: number): void;
    set_voice(name: string): number;
    list_voices(): EspeakVoiceEntry[];
    getSizeOfEventStruct_(): number;
    /** espeak_Synth with UTF-8, SSML and [[phoneme]] input; `callback` is a table index from addFunction. */
    synth_(text: string, callback: number): void;
    /**
     * espeak_TextToPhonemes over the whole text, plain (no SSML), clause after clause: each clause's
     * phonemes ('_' between them, ' ' between words), clauses joined by ' | '. A C string the caller frees.
     */
    text_to_phonemes(text: string, useIpa: number): { ptr: number };
  }
  export interface EspeakModule {
    eSpeakNGWorker: new () => ESpeakNGWorker;
    HEAP16: Int16Array;
    HEAP32: Int32Array;
    HEAPU8: Uint8Array;
    addFunction(fn: (...args: number[]) => number, signature: string): number;
    removeFunction(index: number): void;
    _free(pointer: number): void;
    /** Emscripten's in-memory file system, where the engine's data lies (under /usr/share/espeak-ng-data). */
    FS: {
      mkdirTree(path: string): void;
      unlink(path: string): void;
      createDataFile(parent: string, name: string, data: Uint8Array, canRead: boolean, canWrite: boolean, canOwn: boolean): void;
    };
    espeakEVENT_LIST_TERMINATED: number;
    espeakEVENT_WORD: number;
    espeakEVENT_PHONEME: number;
  }
  const init: (moduleArg?: object) => Promise<EspeakModule>;
  export default init;
}
