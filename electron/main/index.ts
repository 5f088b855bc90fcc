// Electron's entry point (out/main/index.js): the real voices and library, then the tray app.
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app } from 'electron';
import { voiceKey } from '../../shared/voice';
import { createBuiltinVoice, DEFAULT_BUILTIN_VOICE } from '../engine/builtin-voice';
import { LIBRARY_FILE, libraryPath } from '../history/library-path';
import { openLibrary, type LibraryStore } from '../history/library-store';
import { libraryReadingCache, type ReadingCache } from '../history/reading-cache';
import { recordReadings, type ReadingRecorder } from '../service/record-readings';
import { startMainApp } from './main-app';
import { devSqliteBinding } from './paths';

const mainDir = dirname(fileURLToPath(import.meta.url));
const builtin = createBuiltinVoice();

/** The library; without it (e.g. better-sqlite3 not yet rebuilt for Electron) Aloud still reads, unsaved. */
function openHistory(): { store: LibraryStore; recorder: ReadingRecorder; cache: ReadingCache } | null {
  try {
    // The command line opens the same file (electron/history/library-path.ts), ALOUD_DATA_DIR included.
    const path = process.env['ALOUD_DATA_DIR'] ? libraryPath() : join(app.getPath('userData'), LIBRARY_FILE);
    mkdirSync(dirname(path), { recursive: true });
    const nativeBinding = app.isPackaged ? undefined : devSqliteBinding(resolve(app.getAppPath()), process.versions.electron);
    const store = openLibrary({ path, nativeBinding });
    return { store, recorder: recordReadings(store, (err) => console.error('Aloud: saving a reading failed', err)), cache: libraryReadingCache(store) };
  } catch (err) {
    console.error('Aloud: the library could not be opened; readings will not be saved', err);
    return null;
  }
}

let history: ReturnType<typeof openHistory> = null;

startMainApp({
  createSynthesizers: () => {
    // Start the engine now so the first reading does not wait for it.
    void builtin.warmUp().catch((err: unknown) => console.error('Aloud: the built-in voice failed to start', err));
    history = openHistory();
    return [builtin];
  },
  observe: (reading) => history?.recorder.observe(reading) ?? null,
  history: { replay: (request) => history?.cache.replay(request) ?? null },
  // A cloud voice that fails part way hands the rest of the text to the built-in voice.
  fallback: () => ({ synthesizer: builtin, voice: DEFAULT_BUILTIN_VOICE }),
  defaultVoice: voiceKey({ provider: 'builtin', id: DEFAULT_BUILTIN_VOICE }),
  platform: process.platform,
  argv: process.argv,
  mainDir,
  appRoot: resolve(app.getAppPath()),
  devServerUrl: process.env['ELECTRON_RENDERER_URL'],
  async onQuit() {
    if (history) {
      await history.recorder.idle();
      history.store.close();
    }
    await builtin.close();
  },
}).catch((err: unknown) => {
  console.error('Aloud failed to start', err);
  app.exit(1);
});
