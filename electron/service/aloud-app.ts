// The whole main-process core assembled from its parts, the same in Electron main and in the e2e
// harness: the reading service over the built-in voice and the providers of the settings (with the
// built-in voice finishing a reading whose provider fails, when the setting is on), the library
// (recording, replay, its channels) and the settings channels.
import { voiceKey } from '../../shared/voice';
import type { LibraryStore } from '../history/library-store';
import { libraryReadingCache } from '../history/reading-cache';
import type { ProviderSettings } from '../settings/provider-settings';
import type { Synthesizer } from '../speech/synthesizer';
import { createAloudService, ServiceError, type Emit, type ReadingObserver, type ObservedReading } from './aloud-service';
import { createAppService, type AppService } from './app-service';
import { createLibraryHandlers, trimLibrary } from './library-service';
import { recordReadings, type ReadingRecorder } from './record-readings';
import { createSettingsHandlers } from './settings-service';

export interface AloudAppOptions {
  /** The built-in voice: always there, and the fallback. */
  builtin: Synthesizer;
  builtinVoiceId: string;
  emit: Emit;
  /** The library; null when it could not be opened (Aloud still reads, unsaved). */
  store: LibraryStore | null;
  settings: ProviderSettings | null;
  keyStorageAvailable(): boolean;
  /** Main's folder dialog; null when the user cancels. */
  chooseExportFolder(): Promise<string | null>;
  lookahead?: number;
  onError?: (error: unknown) => void;
}

export interface AloudApp {
  service: AppService;
  recorder: ReadingRecorder | null;
  /**
   * Closes the service, stops background completions and waits for every write (not the store: its
   * owner closes it).
   */
  close(): Promise<void>;
}

export function createAloudApp(o: AloudAppOptions): AloudApp {
  const onError = o.onError ?? ((err: unknown) => console.error('Aloud:', err));
  const { store, settings } = o;
  const builtinKey = voiceKey({ provider: o.builtin.provider, id: o.builtinVoiceId });
  // Without a settings file the default applies: a stopped reading is finished in the background.
  const recorder = store
    ? recordReadings(store, onError, {
        policy: () => settings?.stoppedReadings ?? 'complete',
        // The same voice that started it; a provider since removed leaves it as it got.
        synthesizer: (provider) =>
          provider === o.builtin.provider ? o.builtin : (settings?.synthesizers().find((s) => s.provider === provider) ?? null),
      })
    : null;
  const limits = () => settings?.libraryLimits ?? { maxBytes: null, maxAgeDays: null };
  let localLimits = limits();
  if (store) {
    try {
      trimLibrary(store, limits());
    } catch (err) {
      onError(err);
    }
  }
  // Each reading saved may push the library past its limit: trim once it is written.
  const trimAfterSaving = (): void => {
    if (!store || !recorder) return;
    void recorder.idle().then(() => {
      try {
        trimLibrary(store, settings ? settings.libraryLimits : localLimits);
      } catch (err) {
        onError(err);
      }
    });
  };
  const observe = recorder
    ? (r: ObservedReading): ReadingObserver => {
        const inner = recorder.observe(r);
        return {
          chunk: (chunk) => inner.chunk(chunk),
          end(reason) {
            inner.end(reason);
            trimAfterSaving();
          },
        };
      }
    : undefined;

  const cache = store ? libraryReadingCache(store) : null;
  const service = createAppService({
    baseSynthesizers: [o.builtin],
    providerSynthesizers: () => settings?.synthesizers() ?? [],
    createCore: (synthesizers) =>
      createAloudService({
        synthesizers,
        defaultVoice: builtinKey,
        emit: o.emit,
        ...(o.lookahead !== undefined ? { lookahead: o.lookahead } : {}),
        ...(cache ? { history: cache } : {}),
        ...(observe ? { observe, onObserverError: onError } : {}),
        fallback: () => (settings?.fallbackToBuiltin ?? true ? { synthesizer: o.builtin, voice: o.builtinVoiceId } : null),
        ...(settings ? { speedMethod: (voice: string) => settings.speedMethod(voice) } : {}),
      }),
    readingDefaults: () => ({ voice: settings?.defaultVoice, rate: settings?.rate }),
    library: store
      ? (app) =>
          createLibraryHandlers({
            store,
            // The reading service replays this saved copy (complete or cut short) for the same text, voice and rate.
            play: async (saved) => {
              // The reading service replays through the voice's provider entry, so it must still exist.
              const known = saved.provider === o.builtin.provider || (settings?.list().some((p) => p.id === saved.provider) ?? false);
              if (!known) throw new ServiceError(`This reading was made with '${saved.provider}', which is no longer set up; add it again in Settings to play it from the library.`);
              const withdraw = cache!.playNext(saved.id);
              try {
                // Play means now: it replaces what plays rather than joining the queue.
                return await app.call('reading:start', { text: saved.text, voice: voiceKey({ provider: saved.provider, id: saved.voice }), rate: saved.rate, mode: 'replace' });
              } finally {
                withdraw();
              }
            },
            chooseExportFolder: o.chooseExportFolder,
            limits: {
              get: () => (settings ? settings.libraryLimits : localLimits),
              set: (l) => (settings ? settings.setLibraryLimits(l) : (localLimits = l)),
            },
          })
      : null,
    settings: settings
      ? (app) => createSettingsHandlers({ settings, keyStorageAvailable: o.keyStorageAvailable, builtinVoice: builtinKey, onProvidersChanged: () => app.providersChanged(), onSpeedChanged: (speed) => app.setSpeed(speed) })
      : null,
    onError,
  });

  return {
    service,
    recorder,
    async close() {
      await service.close();
      // A completion still running is cut short and saved as far as it got ('stopped').
      await recorder?.close();
    },
  };
}
