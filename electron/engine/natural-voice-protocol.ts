// Messages between the natural voices (main side: Piper's and Kokoro's) and their worker thread.
import type { PiperConfig } from './piper-config';
import type { WorkerMessage } from './worker-protocol';

/** A model and how to run it for one job. */
export type NaturalVoiceModel =
  | {
      family: 'piper';
      /** The .onnx file. */
      modelPath: string;
      config: PiperConfig;
      speakerId: number | undefined;
      /** The voice's own length scale divided by the rate: a shorter one speaks faster. */
      lengthScale: number;
    }
  | {
      family: 'kokoro';
      modelPath: string;
      /** Phoneme symbol -> id. */
      vocab: ReadonlyMap<string, number>;
      /** voices/NAME.bin: the voice's style vectors. */
      stylePath: string;
      espeakVoice: string;
      /** Kokoro's own speed input: 2 speaks twice as fast. */
      speed: number;
    };

export type ToNaturalVoiceWorker =
  /** Speaks `text` with the model. */
  | { type: 'synth'; id: number; text: string; voice: NaturalVoiceModel }
  /** Loads the model and runs it once on `text` so the first reading starts at full speed. */
  | { type: 'warm'; id: number; text: string; voice: NaturalVoiceModel };

export type FromNaturalVoiceWorker = WorkerMessage;
