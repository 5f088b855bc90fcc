// The natural voices installed on this machine: one folder per voice under <data>/voices, named by its
// catalogue key. A Piper voice (en_US-lessac-medium) holds KEY.onnx and KEY.onnx.json; a Kokoro pack
// (kokoro-82m-q8) holds KEY.onnx, tokenizer.json and voices/NAME.bin (kokoro-pack.ts). A folder
// appears whole (the installer renames it into place), so a half-installed voice is never listed. A
// voice whose files are unreadable is reported with the reason rather than left out silently.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { kokoroVoiceInfo, MAX_VOCAB_BYTES, parseKokoroVocab, STYLE_FILE_BYTES, type KokoroVoiceInfo } from './kokoro-pack';
import { readPiperConfig, type PiperConfig } from './piper-config';
import { messageOf } from '../../shared/ipc-error';

export const VOICES_FOLDER = 'voices';

export interface InstalledPiperVoice {
  family: 'piper';
  key: string;
  modelPath: string;
  config: PiperConfig;
  /** Bytes on disk, all files of the folder. */
  sizeBytes: number;
}

export interface InstalledKokoroVoice extends KokoroVoiceInfo {
  /** voices/NAME.bin: its 510 style vectors. */
  stylePath: string;
}

export interface InstalledKokoroPack {
  family: 'kokoro';
  key: string;
  modelPath: string;
  /** Phoneme symbol -> id. */
  vocab: Map<string, number>;
  voices: InstalledKokoroVoice[];
  sizeBytes: number;
}

export type InstalledVoice = InstalledPiperVoice | InstalledKokoroPack;

export interface VoiceProblem {
  key: string;
  /** In words, e.g. "its model file is missing". */
  problem: string;
}

export interface InstalledVoices {
  voices: InstalledVoice[];
  problems: VoiceProblem[];
}

export function voicesFolder(dataDir: string): string {
  return join(dataDir, VOICES_FOLDER);
}

/** Catalogue keys are file names: letters, digits, _ - and . only, never a path. */
export function isVoiceKey(key: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/.test(key) && !key.includes('..');
}

export function listInstalledVoices(folder: string): InstalledVoices {
  const voices: InstalledVoice[] = [];
  const problems: VoiceProblem[] = [];
  let entries: string[];
  try {
    entries = readdirSync(folder);
  } catch {
    return { voices, problems }; // no voice installed yet
  }
  for (const key of entries.sort()) {
    // Dot folders are the installer's work in progress (.incoming) and removals under way.
    if (key.startsWith('.') || !isVoiceKey(key)) continue;
    const dir = join(folder, key);
    try {
      if (!statSync(dir).isDirectory()) continue;
      const modelPath = join(dir, `${key}.onnx`);
      const files = readdirSync(dir);
      if (!files.includes(`${key}.onnx`)) throw new Error('its model file is missing');
      if (files.includes('tokenizer.json')) {
        voices.push(readKokoroPack(key, dir, modelPath));
        continue;
      }
      if (!files.includes(`${key}.onnx.json`)) throw new Error('its settings file (.onnx.json) is missing');
      const config = readPiperConfig(`${modelPath}.json`);
      voices.push({ family: 'piper', key, modelPath, config, sizeBytes: folderBytes(dir) });
    } catch (error) {
      problems.push({ key, problem: messageOf(error) });
    }
  }
  return { voices, problems };
}

function folderBytes(dir: string): number {
  let sum = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    sum += entry.isDirectory() ? folderBytes(path) : statSync(path).size;
  }
  return sum;
}

function readKokoroPack(key: string, dir: string, modelPath: string): InstalledKokoroPack {
  // Read at every listing: a file far larger than any vocabulary is refused before it is read.
  const tokenizer = join(dir, 'tokenizer.json');
  if (statSync(tokenizer).size > MAX_VOCAB_BYTES) throw new Error('its tokenizer.json is too large to be a phoneme vocabulary');
  const vocab = parseKokoroVocab(readFileSync(tokenizer, 'utf8'));
  const voices: InstalledKokoroVoice[] = [];
  let styleFiles: string[] = [];
  try {
    styleFiles = readdirSync(join(dir, 'voices')).filter((f) => f.endsWith('.bin')).sort();
  } catch {
    // no voices folder: said below
  }
  for (const file of styleFiles) {
    const info = kokoroVoiceInfo(file.slice(0, -'.bin'.length));
    const stylePath = join(dir, 'voices', file);
    // A style file of another size is not one; it is left out rather than read wrongly.
    if (info && statSync(stylePath).size === STYLE_FILE_BYTES) voices.push({ ...info, stylePath });
  }
  if (voices.length === 0) throw new Error('it has no voice (voices/NAME.bin) in a language Aloud can give it phonemes for');
  return { family: 'kokoro', key, modelPath, vocab, voices, sizeBytes: folderBytes(dir) };
}
