// Messages between the neural voices (main side) and their worker thread.
import type { PiperConfig } from './piper-config';
import type { WorkerMessage } from './worker-protocol';

export interface NeuralVoiceModel {
  /** The .onnx file. */
  modelPath: string;
  config: PiperConfig;
}

export type ToNeuralWorker =
  /** Speaks `text` with the model; `lengthScale` (the voice's own, divided by the rate) sets the pace. */
  | { type: 'synth'; id: number; text: string; voice: NeuralVoiceModel; speakerId: number | undefined; lengthScale: number }
  /** Loads the model and runs it once on `text` so the first reading starts at full speed. */
  | { type: 'warm'; id: number; text: string; voice: NeuralVoiceModel };

export type FromNeuralWorker = WorkerMessage;
