// Putting a voice into <data>/voices and taking it out. Files are gathered in a staging folder
// (voices/.incoming/KEY), checked, a Piper model patched for word timings, and only then is the folder
// renamed into place: a voice is either wholly installed or not at all, whatever happens midway.
// Kokoro packs are installed one at a time: a new variant replaces the one there was.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { copyFile, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { isVoiceKey, listInstalledVoices } from './installed-voices';
import { parseKokoroVocab } from './kokoro-pack';
import { checkVoiceModel, VoiceModelError } from './model-check';
import { AlignmentPatchError, addAlignmentOutput, graphOutputs } from './onnx-alignment-patch';
import { readPiperConfigAsync } from './piper-config';
import { messageOf } from '../../shared/ipc-error';

export class VoiceInstallError extends Error {
  override name = 'VoiceInstallError';
}

/** What the alignment patch did: exact word timings, or why the timings will be estimated. */
export type Alignment = { kind: 'exact' } | { kind: 'estimated'; reason: string };

export interface InstalledResult {
  key: string;
  alignment: Alignment;
}

export function stagingFolder(folder: string, key: string): string {
  return join(folder, '.incoming', key);
}

/**
 * Moves a staged voice (KEY.onnx and KEY.onnx.json in `staging`) into place: the settings must be a
 * Piper voice's, the model is patched to give its phoneme timings (kept as it is if that fails), the
 * model as it will be used must load in onnxruntime, and an earlier install of the same key is replaced.
 */
export async function finishInstall(folder: string, key: string, staging: string, family: 'piper' | 'kokoro' = 'piper'): Promise<InstalledResult> {
  const modelPath = join(staging, `${key}.onnx`);
  let alignment: Alignment;
  try {
    if (family === 'kokoro') {
      parseKokoroVocab(await readFile(join(staging, 'tokenizer.json'), 'utf8'));
      await checkVoiceModel(modelPath, 'kokoro', (await stat(modelPath)).size);
      alignment = kokoroTimings(await readFile(modelPath));
    } else {
      await readPiperConfigAsync(`${modelPath}.json`);
      alignment = await patchForTimings(modelPath);
      await checkVoiceModel(modelPath, 'piper', (await stat(modelPath)).size);
    }
  } catch (error) {
    // The model's own sentence says all; any other says which voice it is about.
    if (error instanceof VoiceModelError) throw new VoiceInstallError(error.message, { cause: error });
    throw new VoiceInstallError(`The voice ${key} cannot be used: ${messageOf(error)}.`);
  }
  // Only one Kokoro pack: its voices' ids are their names (af_heart), which must say which model speaks.
  const replaced = family === 'kokoro' ? listInstalledVoices(folder).voices.filter((v) => v.family === 'kokoro').map((v) => v.key) : [];
  const target = join(folder, key);
  const old = join(folder, `.removing-${key}-${process.pid}-${Date.now()}`);
  if (existsSync(target)) await rename(target, old);
  await rename(staging, target);
  await rm(old, { recursive: true, force: true });
  for (const other of replaced) if (other !== key) await removeVoice(folder, other);
  return { key, alignment };
}

/** Kokoro's timestamped export outputs each id's frames ('durations'); the plain one does not. */
function kokoroTimings(model: Uint8Array): Alignment {
  const outputs = graphOutputs(model);
  if (!outputs.includes('waveform')) throw new Error('its model is not a Kokoro export (it has no waveform output)');
  return outputs.includes('durations') ? { kind: 'exact' } : { kind: 'estimated', reason: 'this Kokoro model gives no word durations (the timestamped export does)' };
}

/** Patches the model in place (through a temporary file and a rename); the original stays if it fails. */
async function patchForTimings(modelPath: string): Promise<Alignment> {
  try {
    const patch = addAlignmentOutput(await readFile(modelPath));
    if (patch.kind === 'patched') {
      await writeFile(`${modelPath}.patching`, patch.model);
      await rename(`${modelPath}.patching`, modelPath);
    }
    return { kind: 'exact' };
  } catch (error) {
    await rm(`${modelPath}.patching`, { force: true });
    if (error instanceof AlignmentPatchError) return { kind: 'estimated', reason: error.message };
    throw error;
  }
}

/** Installs a voice downloaded by hand: FILE.onnx with FILE.onnx.json beside it. */
export async function installVoiceFile(folder: string, modelFile: string): Promise<InstalledResult> {
  const name = basename(modelFile);
  if (!name.endsWith('.onnx')) throw new VoiceInstallError(`${modelFile} is not a voice model: a Piper voice is a .onnx file with its .onnx.json beside it.`);
  const key = name.slice(0, -'.onnx'.length);
  if (!isVoiceKey(key)) throw new VoiceInstallError(`Rename ${name} first: a voice's name may hold only letters, digits, '_', '-' and '.'.`);
  if (!existsSync(modelFile)) throw new VoiceInstallError(`There is no file ${modelFile}.`);
  if (!existsSync(`${modelFile}.json`)) {
    throw new VoiceInstallError(`${name} has no settings file beside it: download ${name}.json from the same place and put it in ${dirname(modelFile) || '.'}.`);
  }
  const staging = stagingFolder(folder, key);
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  try {
    await copyFile(modelFile, join(staging, `${key}.onnx`));
    await copyFile(`${modelFile}.json`, join(staging, `${key}.onnx.json`));
    return await finishInstall(folder, key, staging);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** What `removeVoice` took away: the installed voice, and what an unfinished download left (its bytes). */
export interface Removed {
  installed: boolean;
  leftoverBytes: number;
}

/** Bytes of a folder and everything in it; 0 when it is not there. */
const statSizeSync = (path: string) => statSync(path, { throwIfNoEntry: false })?.size ?? 0;

function bytesIn(dir: string): number {
  let sum = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) sum += bytesIn(path);
    else if (entry.isFile()) sum += statSizeSync(path);
  }
  return sum;
}

/**
 * Removes an installed voice, and what an unfinished or failed download of it left in the staging
 * folder; also clears removals an earlier process did not finish. Deleting needs no free space, so
 * it works on a full disk.
 */
export async function removeVoice(folder: string, key: string): Promise<Removed> {
  if (!isVoiceKey(key)) return { installed: false, leftoverBytes: 0 };
  const staging = stagingFolder(folder, key);
  const leftoverBytes = bytesIn(staging);
  await rm(staging, { recursive: true, force: true });
  for (const name of existsSync(folder) ? readdirSync(folder) : []) {
    if (name.startsWith(`.removing-${key}-`)) await rm(join(folder, name), { recursive: true, force: true });
  }
  const target = join(folder, key);
  if (!existsSync(target)) return { installed: false, leftoverBytes };
  // Renamed away first, so the voice disappears at once and whole even if deleting takes a while.
  const doomed = join(folder, `.removing-${key}-${process.pid}-${Date.now()}`);
  await rename(target, doomed);
  await rm(doomed, { recursive: true, force: true });
  return { installed: true, leftoverBytes };
}
