// Where an engine worker's code is and how to start it, in the three places Aloud runs:
// - bundled by electron-vite: out/main/NAME.js beside the entry (or one level up when this module
//   lands in a shared chunk), used by the app and by the CLI (out/main/cli.js);
// - from TypeScript source (Vitest, `npm run bench`): NAME.ts beside this file, run through tsx,
//   registered inside the worker since a worker does not inherit the parent's loaders.
// In a packaged app the worker is taken from app.asar.unpacked when packaging put it there.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

const here = dirname(fileURLToPath(import.meta.url));

/** The worker threads, each an entry of electron.vite.config.ts. */
export type WorkerName = 'espeak-worker' | 'natural-voice-worker' | 'language-worker' | 'reading-writer-worker';

/**
 * The worker's file: the bundled one, else its TypeScript source in `sourceFolder` (this folder unless
 * the caller names another: the library's writer lives with the library).
 */
export function locateWorker(name: WorkerName, sourceFolder = here): string {
  const candidates = [join(here, `${name}.js`), join(here, '..', `${name}.js`), join(sourceFolder, `${name}.ts`)];
  const found = candidates.find((file) => existsSync(file));
  if (!found) throw new Error(`The engine's worker is missing (looked for ${candidates.join(', ')})`);
  return unpackedTwin(found);
}

/** In a packaged app, prefer the copy outside the asar archive if packaging left one (asarUnpack). */
export function unpackedTwin(file: string): string {
  const twin = file.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
  return twin !== file && existsSync(twin) ? twin : file;
}

export function startWorker(file: string, options: WorkerOptions): Worker {
  if (!file.endsWith('.ts')) return new Worker(file, options);
  // tsx/esm/api's "import" build; resolve() gives the "require" one, which sits beside it.
  const tsxApi = createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs');
  const bootstrap =
    `import(${JSON.stringify(pathToFileURL(tsxApi).href)})` +
    `.then(({ register }) => { register(); return import(${JSON.stringify(pathToFileURL(file).href)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}
