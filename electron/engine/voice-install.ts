// Putting a voice into <data>/voices and taking it out. Files are gathered in a staging folder
// (voices/.incoming/KEY), checked, a Piper model patched for word timings, and only then is the folder
// renamed into place: a voice is either wholly installed or not at all, whatever happens midway.
// Kokoro packs are installed one at a time: a new variant replaces the one there was.
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { isVoiceKey, listInstalledVoices } from './installed-voices';
import { parseKokoroVocab } from './kokoro-pack';
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
 * Piper voice's, the model is patched to give its phoneme timings (kept as it is if that fails), and
 * an earlier install of the same key is replaced.
 */
export async function finishInstall(folder: string, key: string, staging: string, family: 'piper' | 'kokoro' = 'piper'): Promise<InstalledResult> {
  const modelPath = join(staging, `${key}.onnx`);
  let alignment: Alignment;
  try {
    if (family === 'kokoro') {
      parseKokoroVocab(await readFile(join(staging, 'tokenizer.json'), 'utf8'));
      alignment = kokoroTimings(await readFile(modelPath));
    } else {
      await readPiperConfigAsync(`${modelPath}.json`);
      alignment = await patchForTimings(modelPath);
    }
  } catch (error) {
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

/** Removes an installed voice; false when it was not installed. */
export async function removeVoice(folder: string, key: string): Promise<boolean> {
  if (!isVoiceKey(key)) return false;
  const target = join(folder, key);
  if (!existsSync(target)) return false;
  // Renamed away first, so the voice disappears at once and whole even if deleting takes a while.
  const doomed = join(folder, `.removing-${key}-${process.pid}-${Date.now()}`);
  await rename(target, doomed);
  await rm(doomed, { recursive: true, force: true });
  return true;
}
