// The application core, the same in Electron main, the e2e harness and tests: the reading service over
// the built-in voice and the providers of the settings (with the built-in voice finishing a reading
// whose provider fails, when the setting is on), the library (recording, replay, the library service)
// and the settings service. Built once; every caller (the IPC router, the tray actions, the library's
// Play) uses its typed methods.
import { DEFAULT_HEARING_RULES } from '../../shared/hearing-rules';
import type { DetectedLanguage, LanguageDetector } from '../speech/language-detector';
import { scrubbedError } from '../../shared/scrub-secrets';
import { voiceKey } from '../../shared/voice-key';
import { libraryWriteProblem } from '../history/library-health';
import type { LibraryStore } from '../history/library-store';
import { VoiceSampleStore } from '../history/voice-sample-store';
import type { ProviderSettings } from '../settings/provider-settings';
import type { Synthesizer } from '../speech/synthesizer';
import { createLibraryService, type LibraryService } from './library-service';
import { libraryReadingCache } from './reading-cache';
import { createCoreEvents, type CoreEvents } from './core-events';
import { createPlayerRemote, type PlayerRemote } from './player-remote';
import { createReadingService, type ReadingService } from './reading-service';
import { prepareReading } from './prepare-reading';
import { createVoiceDirectory } from './voice-directory';
import { createVoiceSamples, type VoiceSamples } from './voice-samples';
import { recordReadings, type ReadingRecorder, type ReadingWriterPort } from './record-readings';
import { createNaturalVoicesService, type NaturalVoiceManagerPort, type NaturalVoicesService } from './natural-voices-service';
import { createSettingsService, type SettingsService } from './settings-service';
import { paragraphVoices } from './paragraph-voices';
import type { DesktopPort } from './desktop-port';
import { DEFAULT_HOTKEYS } from '../../shared/hotkeys';

export interface AloudCoreOptions {
  /** The built-in voice and its default voice id: always there, the default and the fallback. */
  builtin: { synthesizer: Synthesizer; voice: string };
  /** Voices that are always there besides the built-in one (a test's own voices). */
  moreSynthesizers?: readonly Synthesizer[];
  /** The library; null when it could not be opened (Aloud still reads, unsaved). */
  store: LibraryStore | null;
  /** Why the library could not be opened, in words (shown in the Library view); null when it opened. */
  libraryProblem?: string | null;
  /**
   * Told, once per cause, when saving a reading fails for a reason the person can act on (a full
   * disk, a read-only library); playback goes on regardless.
   */
  onLibraryProblem?: (sentence: string) => void;
  /** Providers, keys, voice and Speed; null when unavailable (the built-in voice only, at Speed 1). */
  settings: ProviderSettings | null;
  /** The natural voices one can install and remove (Settings); absent: that part of Settings is unavailable. */
  naturalVoices?: NaturalVoiceManagerPort;
  /** Tells the language of a text (the reader and the voice picker show it); absent: never known. */
  languageDetector?: LanguageDetector;
  /**
   * How long a reading waits for its text's language before it starts with the reading voice
   * (voice-for-language.ts: 150 ms, as the first audio matters more). The end-to-end tests, which
   * check which voice reads on a machine that may be busy, wait as long as the detector takes.
   */
  languageWaitMs?: number;
  /** Whether keys can be sealed (safeStorage); false when absent. */
  keyStorageAvailable?(): boolean;
  /** Main's folder dialog; null when the user cancels (and when absent). */
  chooseExportFolder?(): Promise<string | null>;
  /** The global hotkeys and the start at login (main's); absent: no hotkeys are registered. */
  desktop?: DesktopPort;
  /** Writes the rows of long readings off the main process (main's writer thread); absent: the store writes them. */
  readingWriter?: ReadingWriterPort;
  lookahead?: number;
  onError?: (error: unknown) => void;
}

export interface AloudCore {
  /** What the core tells: readings started, paused, ended, the queue, downloads (see core-events.ts). */
  events: CoreEvents;
  readings: ReadingService;
  /** The one player's remote control: the hotkeys, the tray and the mini player steer it here. */
  player: PlayerRemote;
  /** Null when the library could not be opened. */
  library: LibraryService | null;
  /** Null when the settings could not be opened. */
  settings: SettingsService | null;
  /** Null when no manager was given. */
  naturalVoices: NaturalVoicesService | null;
  /** The voice picker's samples (kept in the library when there is one to write to). */
  voiceSamples: VoiceSamples;
  /** The language a text is written in, or null when it cannot be told. */
  languageOf(text: string): Promise<DetectedLanguage | null>;
  recorder: ReadingRecorder | null;
  /** Whether readings are saved, and what the person should know when they are not or the file was damaged. */
  libraryStatus(): LibraryStatus;
  /**
   * Stops the reading, then background completions, and waits for every write (not the store: its
   * owner closes it).
   */
  close(): Promise<void>;
}

export interface LibraryStatus {
  available: boolean;
  /** One sentence with the library's path and what to do; null when all is well. */
  problem: string | null;
}

export function createAloudCore(o: AloudCoreOptions): AloudCore {
  const onError = o.onError ?? ((err: unknown) => console.error('Aloud:', scrubbedError(err)));
  const { store, settings } = o;
  const builtin = o.builtin.synthesizer;
  const builtinKey = voiceKey({ provider: builtin.provider, id: o.builtin.voice });
  const fixedSynthesizers = [builtin, ...(o.moreSynthesizers ?? [])];
  const events = createCoreEvents((name, err) => onError(new Error(`A listener of '${name}' failed: ${scrubbedError(err)}`)));

  /** Every voice readings may use now: the fixed ones and the providers as the settings stand. */
  const synthesizers = (): Synthesizer[] => {
    let cloud: Synthesizer[] = [];
    try {
      cloud = settings?.synthesizers() ?? [];
    } catch (err) {
      onError(err);
    }
    return [...fixedSynthesizers, ...cloud];
  };

  // A write the person can do something about (a full disk) is said, once per cause, and shown in
  // the Library view; every failure still reaches onError.
  let writeProblem: string | null = null;
  const onRecorderError = (err: unknown): void => {
    onError(err);
    const sentence = libraryWriteProblem(err);
    if (sentence === null || sentence === writeProblem) return;
    writeProblem = sentence;
    o.onLibraryProblem?.(sentence);
  };

  // Without a settings file the default applies: a stopped reading is finished in the background.
  const recorder = store
    ? recordReadings(
        store,
        onRecorderError,
        {
          policy: () => settings?.stoppedReadings ?? 'complete',
          // The same voice that started it; a provider since removed leaves it as it got.
          synthesizer: (provider) => synthesizers().find((s) => s.provider === provider) ?? null,
        },
        o.readingWriter,
      )
    : null;
  const cache = store ? libraryReadingCache(store) : null;

  let library: LibraryService | null = null;
  const trimAfterSaving = (): void => {
    void recorder?.idle().then(() => {
      try {
        library?.trim();
      } catch (err) {
        onError(err);
      }
    });
  };
  const directory = createVoiceDirectory(synthesizers());
  // Every reading is made whole as it arrives (the settings' voice and Speed for a request that names
  // none; a text in another language than that voice speaks, read by the voice for its language), read
  // by the settings' rules (without settings: every rule on, no pronunciation rules) and recorded.
  const preparation = prepareReading({
    rules: () => ({ hearing: settings?.hearing ?? DEFAULT_HEARING_RULES, pronunciation: settings?.pronunciation ?? [] }),
    recorder,
    // Each reading saved may push the library past its limit: trim once it is written.
    onRecorded: trimAfterSaving,
    voice: () => settings?.defaultVoice,
    speed: () => settings?.speed,
    byLanguage: {
      detector: o.languageDetector,
      readingVoice: () => settings?.defaultVoice ?? builtinKey,
      languageVoices: () => settings?.languageVoices ?? {},
      voices: () => directory.voices(),
      followLanguage: () => settings?.voiceByLanguage ?? true,
      ...(o.languageWaitMs !== undefined ? { waitMs: o.languageWaitMs } : {}),
    },
  });

  const readings = createReadingService({
    directory,
    defaultVoice: builtinKey,
    emit: events.emit,
    ...(o.lookahead !== undefined ? { lookahead: o.lookahead } : {}),
    ...(cache ? { history: cache } : {}),
    prepare: preparation.request,
    textRules: preparation.textRules,
    ...(preparation.observe ? { observe: preparation.observe, onObserverError: onRecorderError } : {}),
    fallback: () => ((settings?.fallbackToBuiltin ?? true) ? { synthesizer: builtin, voice: o.builtin.voice } : null),
    ...(settings ? { speedMethod: (voice: string) => settings.speedMethod(voice) } : {}),
    // A mixed text's paragraphs in other languages, each read by its language's voice.
    ...(o.languageDetector
      ? {
          paragraphVoices: (text: string, voice: string) =>
            paragraphVoices(text, {
              detector: o.languageDetector!,
              readingVoice: voice,
              languageVoices: () => settings?.languageVoices ?? {},
              voices: () => directory.voices(),
              resolve: (key) => directory.resolveVoice(key),
              maxChars: Math.min(...synthesizers().map((s) => s.maxChars)),
              ...(o.languageWaitMs !== undefined ? { waitMs: o.languageWaitMs } : {}),
            }),
        }
      : {}),
  });

  let localLimits = { maxBytes: null, maxAgeDays: null } as ProviderSettings['libraryLimits'];
  if (store && cache) {
    library = createLibraryService({
      store,
      cache,
      readings,
      knownProvider: (provider) => fixedSynthesizers.some((s) => s.provider === provider) || (settings?.list().some((p) => p.id === provider) ?? false),
      chooseExportFolder: o.chooseExportFolder ?? (async () => null),
      limits: {
        get: () => (settings ? settings.libraryLimits : localLimits),
        set: (l) => (settings ? settings.setLibraryLimits(l) : (localLimits = l)),
      },
    });
    try {
      library.trim();
    } catch (err) {
      onError(err);
    }
  }

  // The Speed is the settings' (or, without a settings file, this run's): every window follows it.
  let localSpeed = 1;
  function speedChanged(speed: number): void {
    readings.setSpeed(speed);
    events.emit('reading:speed', { speed });
  }
  const settingsService = settings
    ? createSettingsService({
        settings,
        keyStorageAvailable: o.keyStorageAvailable ?? (() => false),
        builtinVoice: builtinKey,
        fixedProviders: fixedSynthesizers.map((s) => s.provider),
        // A reading under way finishes on the voice it has; the next one sees the providers as they are now.
        onProvidersChanged: () => directory.setSynthesizers(synthesizers()),
        onSpeedChanged: speedChanged,
        desktop: o.desktop,
      })
    : null;
  // Without a settings file the hotkeys are the defaults (the service registers the saved ones).
  if (!settingsService) o.desktop?.applyHotkeys(DEFAULT_HOTKEYS);

  const naturalVoices = o.naturalVoices ? createNaturalVoicesService(o.naturalVoices, events.emit, () => directory.setSynthesizers(synthesizers())) : null;

  const voiceSamples = createVoiceSamples({ resolveVoice: directory.resolveVoice, store: store && !store.readonly ? new VoiceSampleStore(store.db) : null });

  const player = createPlayerRemote({
    readings,
    events,
    speed: {
      get: () => settingsService?.get().speed ?? localSpeed,
      set: async (speed) => {
        if (settingsService) await settingsService.set({ speed });
        else speedChanged((localSpeed = speed));
      },
    },
  });

  return {
    events,
    readings,
    player,
    library,
    settings: settingsService,
    naturalVoices,
    voiceSamples,
    languageOf: (text) => o.languageDetector?.detect(text) ?? Promise.resolve(null),
    recorder,
    libraryStatus: () => ({ available: library !== null, problem: writeProblem ?? (store ? (store.damage?.message ?? null) : (o.libraryProblem ?? null)) }),
    async close() {
      naturalVoices?.close();
      await readings.close();
      // A completion still running is cut short and saved as far as it got ('stopped').
      await recorder?.close();
    },
  };
}
