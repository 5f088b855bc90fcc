import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBuiltinVoice } from './builtin-voice';
import { locateWorker, unpackedTwin } from './worker-location';

describe('locating the eSpeak worker', () => {
  it('finds the TypeScript source beside this module when nothing is built here', () => {
    expect(locateWorker('espeak-worker')).toBe(fileURLToPath(new URL('./espeak-worker.ts', import.meta.url)));
  });

  it('prefers the copy outside the asar archive when packaging unpacked one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aloud-asar-'));
    try {
      const packed = join(dir, 'app.asar', 'out', 'main', 'espeak-worker.js');
      mkdirSync(join(dir, 'app.asar', 'out', 'main'), { recursive: true });
      writeFileSync(packed, '');
      expect(unpackedTwin(packed)).toBe(packed);
      const unpacked = join(dir, 'app.asar.unpacked', 'out', 'main', 'espeak-worker.js');
      mkdirSync(join(dir, 'app.asar.unpacked', 'out', 'main'), { recursive: true });
      writeFileSync(unpacked, '');
      expect(unpackedTwin(packed)).toBe(unpacked);
      expect(unpackedTwin(unpacked)).toBe(unpacked);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // `npm test` builds before it runs the tests: this proves the bundled worker (what the app and the
  // CLI start) loads the engine and finds its voice data from node_modules.
  const bundled = fileURLToPath(new URL('../../out/main/espeak-worker.js', import.meta.url));
  it.skipIf(!existsSync(bundled))('speaks from the bundled worker in out/main', async () => {
    const voice = createBuiltinVoice({ workerFile: bundled });
    try {
      const words = [];
      for await (const part of voice.synthesize({ text: 'Built and bundled.', voice: 'en-us', synthRate: 1, signal: new AbortController().signal })) {
        words.push(...part.words.map((w) => w.text));
      }
      expect(words).toEqual(['Built', 'and', 'bundled']);
    } finally {
      await voice.close();
    }
  });
});
