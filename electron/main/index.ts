// Electron's entry point (out/main/index.js): the real voices and library, then the tray app.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app } from 'electron';
import { scrubbedError } from '../../shared/scrub-secrets';
import { createBuiltinVoice, DEFAULT_BUILTIN_VOICE } from '../engine/builtin-voice';
import { voicesFolder } from '../engine/installed-voices';
import { createNaturalVoiceManager } from '../engine/natural-voice-manager';
import { createLanguageDetection } from '../engine/language-detection';
import { DEFAULT_KOKORO_SOURCE } from '../engine/kokoro-catalogue';
import { createNaturalVoices } from '../engine/natural-voices';
import { DEFAULT_CATALOGUE_URL } from '../engine/piper-catalogue';
import { locateWorker, startWorker } from '../engine/worker-location';
import { LIBRARY_FILE, libraryPath, makePrivateFolder } from '../history/library-path';
import { libraryProblemSentence } from '../history/library-health';
import { openLibrary, type LibraryStore } from '../history/library-store';
import { createReadingWriter, type ReadingWriter } from '../history/reading-writer';
import { createAloudCore } from '../service/aloud-core';
import { openProviderSettings, type ProviderSettings } from '../settings/provider-settings';
import { startMainApp } from './main-app';
import { devSqliteBinding } from './paths';
import { safeStorageCipher } from './safe-storage-cipher';

const mainDir = dirname(fileURLToPath(import.meta.url));
const builtin = createBuiltinVoice();

/** The data folder: Electron's userData, or $ALOUD_DATA_DIR (as the command line reads it). */
const dataDir = (): string => (process.env['ALOUD_DATA_DIR'] ? dirname(libraryPath()) : app.getPath('userData'));
// The natural voices (Piper, Kokoro) installed under the data folder; their worker starts with the first reading.
const natural = createNaturalVoices({ folder: voicesFolder(dataDir()) });
const languages = createLanguageDetection();

/**
 * The library; without it (e.g. better-sqlite3 not yet rebuilt for Electron, a damaged file) Aloud
 * still reads, unsaved, and `problem` says why in words the Library view and a notification show.
 */
function openHistory(): { store: LibraryStore | null; writer: ReadingWriter | null; problem: string | null } {
  try {
    // The command line opens the same file (electron/history/library-path.ts), ALOUD_DATA_DIR included.
    const path = join(dataDir(), LIBRARY_FILE);
    makePrivateFolder(dirname(path));
    const nativeBinding = app.isPackaged ? undefined : devSqliteBinding(resolve(app.getAppPath()), process.versions.electron);
    const library = openLibrary({ path, nativeBinding });
    // Long texts are written by a thread of its own, with its own connection to the same file.
    return { store: library, writer: createReadingWriter({
        path,
        ...(nativeBinding ? { nativeBinding } : {}),
        startThread: () => startWorker(locateWorker('reading-writer-worker'), {}),
      }), problem: null };
  } catch (err) {
    console.error('Aloud: the library could not be opened; readings will not be saved', scrubbedError(err));
    return { store: null, writer: null, problem: libraryProblemSentence(err) };
  }
}

/** Providers, keys (sealed by safeStorage), voice, rate and limits; beside the library. */
function openSettings(): ProviderSettings | null {
  try {
    return openProviderSettings({ dataDir: dataDir(), cipher: safeStorageCipher() });
  } catch (err) {
    console.error('Aloud: the settings could not be opened; cloud voices are unavailable', scrubbedError(err));
    return null;
  }
}

let store: LibraryStore | null = null;
let writer: ReadingWriter | null = null;

startMainApp({
  // The whole core: readings (cloud voices from the settings, the built-in voice finishing a reading
  // whose provider fails, saved readings replayed), the library and the settings.
  createCore: ({ chooseFolder, notify, desktop }) => {
    // Start the engine now so the first reading does not wait for it.
    void builtin.warmUp().catch((err: unknown) => console.error('Aloud: the built-in voice failed to start', scrubbedError(err)));
    const history = openHistory();
    store = history.store;
    writer = history.writer;
    const cipher = safeStorageCipher();
    const settings = openSettings();
    // The detector's data loads now, in its worker, so the first real question is answered at once.
    void languages.detect('Aloud reads text aloud.');
    return createAloudCore({
      builtin: { synthesizer: builtin, voice: DEFAULT_BUILTIN_VOICE },
      moreSynthesizers: natural.synthesizers,
      store,
      libraryProblem: history.problem,
      settings,
      naturalVoices: createNaturalVoiceManager({
        folder: voicesFolder(dataDir()),
        catalogueUrl: () => settings?.voiceCatalogueUrl ?? DEFAULT_CATALOGUE_URL,
        kokoroSource: () => settings?.kokoroSourceUrl ?? DEFAULT_KOKORO_SOURCE,
      }),
      languageDetector: languages,
      keyStorageAvailable: () => cipher.available(),
      chooseExportFolder: () => chooseFolder('Export readings to a folder'),
      desktop,
      ...(writer ? { readingWriter: writer } : {}),
      onLibraryProblem: notify,
      onError: (err) => console.error('Aloud:', scrubbedError(err)),
    });
  },
  platform: process.platform,
  argv: process.argv,
  mainDir,
  appRoot: resolve(app.getAppPath()),
  devServerUrl: process.env['ELECTRON_RENDERER_URL'],
  async onQuit() {
    // The core has closed (main-app): every write is done, so the library can close.
    await writer?.close();
    store?.close();
    await Promise.all([builtin.close(), natural.close(), languages.close()]);
  },
}).catch((err: unknown) => {
  console.error('Aloud failed to start', scrubbedError(err));
  app.exit(1);
});
