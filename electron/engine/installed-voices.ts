// The neural voices installed on this machine: one folder per voice under <data>/voices, named by its
// catalogue key (en_US-lessac-medium), holding KEY.onnx and KEY.onnx.json. A folder appears whole
// (the installer renames it into place), so a half-installed voice is never listed. A voice whose
// files are unreadable is reported with the reason rather than left out silently.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parsePiperConfig, type PiperConfig } from './piper-config';

export const VOICES_FOLDER = 'voices';

export interface InstalledVoice {
  key: string;
  modelPath: string;
  config: PiperConfig;
  /** Bytes on disk, all files of the folder. */
  sizeBytes: number;
}

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
      if (!files.includes(`${key}.onnx.json`)) throw new Error('its settings file (.onnx.json) is missing');
      const config = parsePiperConfig(readFileSync(`${modelPath}.json`, 'utf8'));
      const sizeBytes = files.reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
      voices.push({ key, modelPath, config, sizeBytes });
    } catch (error) {
      problems.push({ key, problem: error instanceof Error ? error.message : String(error) });
    }
  }
  return { voices, problems };
}
