// The whole main-process core for the e2e harness, as Electron main assembles it (createAloudCore),
// reached through the IPC router: the built-in voice, the natural voices installed in the data folder
// (and their manager, whose catalogue address is the settings'), a library on disk and a settings
// file, with a stand-in for safeStorage. The built-in voice can be switched off, to prove that the library plays
// without synthesizing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBuiltinVoice, DEFAULT_BUILTIN_VOICE } from '../../electron/engine/builtin-voice';
import { voicesFolder } from '../../electron/engine/installed-voices';
import { createLanguageDetection } from '../../electron/engine/language-detection';
import { createNaturalVoiceManager } from '../../electron/engine/natural-voice-manager';
import { DEFAULT_KOKORO_SOURCE } from '../../electron/engine/kokoro-catalogue';
import { createNaturalVoices } from '../../electron/engine/natural-voices';
import { DEFAULT_CATALOGUE_URL } from '../../electron/engine/piper-catalogue';
import { openLibrary, type LibraryStore } from '../../electron/history/library-store';
import { createAloudCore, type AloudCore } from '../../electron/service/aloud-core';
import { createIpcRouter } from '../../electron/service/ipc-router';
import type { DesktopPort } from '../../electron/service/desktop-port';
import type { KeyCipher } from '../../electron/settings/key-cipher';
import { openProviderSettings } from '../../electron/settings/provider-settings';
import type { Synthesizer } from '../../electron/speech/synthesizer';
import type { Core, HarnessEmit } from './harness';
import { listenAll } from '../support/listen-all';

export interface AppCore extends Core {
  app: AloudCore;
  store: LibraryStore;
  dataDir: string;
  /** While false, the built-in voice refuses to list voices or synthesize (offline replay). */
  voiceOn: boolean;
  /** Where library:export writes (the stand-in for main's folder dialog). */
  exportFolder: string | null;
  /** Every request the built-in voice received: its text, voice and the synthRate it was asked for. */
  requests: { text: string; voice: string; synthRate: number }[];
}

/** Reversible and unlike the plain text, as safeStorage's output is. */
export function testCipher(): KeyCipher {
  return {
    available: () => true,
    encrypt: (plain) => Buffer.concat([Buffer.from('v10'), Buffer.from(plain, 'utf8').map((b) => b ^ 0x5a)]),
    decrypt: (sealed) => Buffer.from(sealed.subarray(3).map((b) => b ^ 0x5a)).toString('utf8'),
  };
}

/**
 * `dataDir`: a data folder prepared beforehand (a library left by a crash); removed on close all the same.
 * `desktop`: the hotkeys and the start at login, as main gives them (none by default).
 */
export async function createAppCore(emit: HarnessEmit, opts: { dataDir?: string; desktop?: DesktopPort } = {}): Promise<AppCore> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'aloud-e2e-app-'));
  const engine = createBuiltinVoice();
  await engine.warmUp();
  const store = openLibrary({ path: join(dataDir, 'library.sqlite') });
  const settings = openProviderSettings({ dataDir, cipher: testCipher() });
  const core = {} as AppCore;
  const voice: Synthesizer = {
    provider: engine.provider,
    maxChars: engine.maxChars,
    ...(engine.rate ? { rate: engine.rate } : {}),
    listVoices: (signal) => (core.voiceOn ? engine.listVoices(signal) : Promise.reject(new Error('the built-in voice is switched off'))),
    synthesize: (req) => {
      if (!core.voiceOn) throw new Error('the built-in voice is switched off');
      core.requests.push({ text: req.text, voice: req.voice, synthRate: req.synthRate });
      return engine.synthesize(req);
    },
  };
  const natural = createNaturalVoices({ folder: voicesFolder(dataDir) });
  const languages = createLanguageDetection();
  // As the app does at start: the detector's data loads now, in its worker.
  void languages.detect('Aloud reads text aloud.');
  const app = listenAll(createAloudCore({
    builtin: { synthesizer: voice, voice: DEFAULT_BUILTIN_VOICE },
    moreSynthesizers: natural.synthesizers,
    languageDetector: languages,
    // Which voice reads a language is what these tests check, on a machine that may be busy: the
    // reading waits for the detector's answer rather than the app's 150 ms.
    languageWaitMs: 60_000,
    naturalVoices: createNaturalVoiceManager({
      folder: voicesFolder(dataDir),
      catalogueUrl: () => settings.voiceCatalogueUrl ?? DEFAULT_CATALOGUE_URL,
      kokoroSource: () => settings.kokoroSourceUrl ?? DEFAULT_KOKORO_SOURCE,
    }),
    store,
    settings,
    keyStorageAvailable: () => true,
    chooseExportFolder: async () => core.exportFolder,
    ...(opts.desktop ? { desktop: opts.desktop } : {}),
  }), emit as never);
  const router = createIpcRouter(app);
  return Object.assign(core, {
    app,
    store,
    dataDir,
    voiceOn: true,
    requests: [],
    exportFolder: join(dataDir, 'export'),
    invoke: (channel: string, args: unknown) => router.invoke(channel, args),
    async close() {
      await app.close();
      store.close();
      await Promise.all([engine.close(), natural.close(), languages.close()]);
      rmSync(dataDir, { recursive: true, force: true });
    },
  });
}
