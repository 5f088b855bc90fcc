// The tiny Kokoro packs of test/fixtures/voices (made by make-tiny-kokoro.py), installed as an install
// from the catalogue leaves them, and a reader of their audio: each phoneme id sounds as its own sine
// for whole frames of 600 samples, at the amplitude of the style row the engine chose.
import { cpSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { finishInstall, stagingFolder } from '../../electron/engine/voice-install';
import { FIXTURE_VOICES } from './tiny-piper';

export const KOKORO_KEY = 'kokoro-82m-q8';

export interface KokoroTables {
  sampleRate: number;
  frameSamples: number;
  frames: number[];
  frequencies: number[];
  /** Voice name -> the value of its style row 0 (row r adds r / 5100). */
  voices: Record<string, number>;
}

export const kokoroTables = JSON.parse(readFileSync(join(FIXTURE_VOICES, 'kokoro-tables.json'), 'utf8')) as KokoroTables;

/** Installs a fixture pack under `key` through the installer's own last step (checks, then rename into place). */
export async function installTinyKokoro(folder: string, { key = KOKORO_KEY, pack = 'kokoro-tiny' } = {}) {
  const staging = stagingFolder(folder, key);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  cpSync(join(FIXTURE_VOICES, pack), staging, { recursive: true });
  cpSync(join(staging, `${pack}.onnx`), join(staging, `${key}.onnx`));
  rmSync(join(staging, `${pack}.onnx`));
  return finishInstall(folder, key, staging, 'kokoro');
}

export interface HeardKokoroId {
  id: number;
  startSample: number;
  frames: number;
  /** The sine's amplitude: the style row's first value. */
  amplitude: number;
}

/** The ids in one run's audio, frame by frame: each frame matched to the table frequency whose sine fits it best. */
export function heardKokoroIds(audio: Float32Array): HeardKokoroId[] {
  const { frameSamples, sampleRate, frequencies } = kokoroTables;
  const heard: HeardKokoroId[] = [];
  for (let frame = 0; frame * frameSamples < audio.length; frame++) {
    let best = -1;
    let bestFit = -Infinity;
    let bestAmplitude = 0;
    frequencies.forEach((hz, id) => {
      let dot = 0;
      let norm = 0;
      for (let i = 0; i < frameSamples; i += 3) {
        const t = frame * frameSamples + i;
        const s = Math.sin((2 * Math.PI * hz * t) / sampleRate);
        dot += audio[t]! * s;
        norm += s * s;
      }
      const fit = (dot * dot) / norm;
      if (fit > bestFit) [best, bestFit, bestAmplitude] = [id, fit, dot / norm];
    });
    const last = heard[heard.length - 1];
    if (last && last.id === best) last.frames++;
    else heard.push({ id: best, startSample: frame * frameSamples, frames: 1, amplitude: bestAmplitude });
  }
  return heard;
}

const PAD = 0;
const SPACE = 16;

/** Where each word starts in a run, from its ids alone: the first id after the opening pad and after every space. */
export function kokoroWordStarts(heard: readonly HeardKokoroId[]): number[] {
  const starts: number[] = [];
  for (let i = 1; i < heard.length; i++) {
    const before = heard[i - 1]!.id;
    if (((i === 1 && before === PAD) || before === SPACE) && heard[i]!.id !== PAD) starts.push(heard[i]!.startSample);
  }
  return starts;
}

/** How many ids a run had (pads included), at speed 1: each lasts its table frames, repeats merged. */
export function idCount(heard: readonly HeardKokoroId[]): number {
  return heard.reduce((n, h) => n + Math.round(h.frames / kokoroTables.frames[h.id]!), 0);
}
