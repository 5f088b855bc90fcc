// Electron's entry point (out/main/index.js): the real voices, then the tray app.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app } from 'electron';
import { voiceKey } from '../../shared/voice';
import { createBuiltinVoice, DEFAULT_BUILTIN_VOICE } from '../engine/builtin-voice';
import { startMainApp } from './main-app';

const mainDir = dirname(fileURLToPath(import.meta.url));
const builtin = createBuiltinVoice();

startMainApp({
  createSynthesizers: () => {
    // Start the engine now so the first reading does not wait for it.
    void builtin.warmUp().catch((err: unknown) => console.error('Aloud: the built-in voice failed to start', err));
    return [builtin];
  },
  defaultVoice: voiceKey({ provider: 'builtin', id: DEFAULT_BUILTIN_VOICE }),
  platform: process.platform,
  argv: process.argv,
  mainDir,
  appRoot: resolve(app.getAppPath()),
  devServerUrl: process.env['ELECTRON_RENDERER_URL'],
  closeSynthesizers: () => builtin.close(),
}).catch((err: unknown) => {
  console.error('Aloud failed to start', err);
  app.exit(1);
});
