// The tiny Piper-format voices of test/fixtures/voices (made by make-tiny-piper.py), and a reader of
// their audio: each phoneme id sounds as its own sine for whole frames, so the ids the model spoke,
// and the sample where each began, can be read back from the audio alone.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { installVoiceFile } from '../../electron/engine/voice-install';

export const FIXTURE_VOICES = join(import.meta.dirname, '../fixtures/voices');
export const TINY_VOICE = 'en_US-tiny-low';
export const TINY_DUO_VOICE = 'en_US-tinyduo-low';

export interface TinyTables {
  sampleRate: number;
  hopLength: number;
  frames: number[];
  frequencies: number[];
  speakerFactors: number[];
}

export const tinyTables = JSON.parse(readFileSync(join(FIXTURE_VOICES, 'tables.json'), 'utf8')) as TinyTables;

/** Installs a fixture voice into `folder` the way a user's hand-downloaded voice is installed. */
export function installTinyVoice(folder: string, key = TINY_VOICE) {
  return installVoiceFile(folder, join(FIXTURE_VOICES, `${key}.onnx`));
}

export interface HeardId {
  id: number;
  startSample: number;
  frames: number;
}

/**
 * The ids in `audio`, frame by frame: each frame is matched to the table frequency (times the
 * speaker's factor) whose sine, at the frame's absolute sample times, fits it best.
 */
export function heardIds(audio: Float32Array, speakerFactor = 1): HeardId[] {
  const { hopLength, sampleRate, frequencies } = tinyTables;
  const heard: HeardId[] = [];
  // The model's sine restarts its phase at each run's sample 0, so `audio` must be one run.
  for (let frame = 0; frame * hopLength < audio.length; frame++) {
    let best = -1;
    let bestError = Infinity;
    frequencies.forEach((hz, id) => {
      let error = 0;
      for (let i = 0; i < hopLength; i += 4) {
        const t = frame * hopLength + i;
        const d = audio[t]! - 0.3 * Math.sin((2 * Math.PI * hz * speakerFactor * t) / sampleRate);
        error += d * d;
      }
      if (error < bestError) [best, bestError] = [id, error];
    });
    const last = heard[heard.length - 1];
    if (last && last.id === best) last.frames++;
    else heard.push({ id: best, startSample: frame * hopLength, frames: 1 });
  }
  return heard;
}

/**
 * Where each word starts in a run, from its ids alone: the first id after BOS+pad, and after every
 * space+pad (Piper's sequence: ^ _ p _ p _ ␣ _ p _ ... $).
 */
export function wordStartSamples(heard: readonly HeardId[]): number[] {
  const BOS = 1;
  const PAD = 0;
  const SPACE = 3;
  const starts: number[] = [];
  for (let i = 2; i < heard.length; i++) {
    const before = heard[i - 2]!.id;
    if (heard[i - 1]!.id === PAD && (before === BOS || before === SPACE) && heard[i]!.id !== 2) starts.push(heard[i]!.startSample);
  }
  return starts;
}
