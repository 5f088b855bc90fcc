// Whether a file is a voice model Aloud can speak with, asked of the runtime that will run it: the
// model is loaded into an onnxruntime-node session (as the voice worker loads it) and its inputs and
// outputs compared with the family's. A file that fails (text, a program, a cut-short download, an
// empty file, another kind of model) is refused at install, in one sentence, before it is called
// installed. Onnxruntime's own log lines (coloured, to stderr) are kept to errors it does not also throw.
import { basename } from 'node:path';

export class VoiceModelError extends Error {
  override name = 'VoiceModelError';
}

/** Each family's inputs and audio output, as its ONNX exports name them. */
export const VOICE_MODEL_SHAPES = {
  piper: { name: 'Piper', inputs: ['input', 'input_lengths', 'scales'], audio: 'output' },
  kokoro: { name: 'Kokoro', inputs: ['input_ids', 'style', 'speed'], audio: 'waveform' },
} as const;

/** Onnxruntime's severity levels: 3 is "error"; warnings and its verbose lines are not printed. */
const ERRORS_ONLY = 3;

/** The runtime's reason, in words a person can read, or null when it is only the runtime's internals. */
function loadProblem(error: unknown): string {
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]!.replace(/^Load model from .*? failed:\s*/, '');
  if (/protobuf parsing failed/i.test(message)) return 'it is not an ONNX model';
  if (message.length > 160 || /onnxruntime_src|\.cc:\d+/.test(message)) return 'onnxruntime cannot read it';
  return `onnxruntime cannot read it (${message.replace(/\.$/, '')})`;
}

/** Loads `path` as the family's model and lets it go; throws VoiceModelError with the reason. */
export async function checkVoiceModel(path: string, family: keyof typeof VOICE_MODEL_SHAPES, sizeBytes: number): Promise<void> {
  const name = basename(path);
  const refuse = (why: string) => new VoiceModelError(`${name} is not a voice model Aloud can load: ${why}.`);
  if (sizeBytes === 0) throw refuse('it is empty');
  // Loaded only here: the command line starts without the runtime.
  const ort = await import('onnxruntime-node');
  let session: Awaited<ReturnType<typeof ort.InferenceSession.create>>;
  try {
    session = await ort.InferenceSession.create(path, { logSeverityLevel: ERRORS_ONLY, extra: { session: { intra_op: { allow_spinning: '0' } } } });
  } catch (error) {
    throw refuse(loadProblem(error));
  }
  try {
    const shape = VOICE_MODEL_SHAPES[family];
    const missing = [...shape.inputs.filter((input) => !session.inputNames.includes(input)), ...(session.outputNames.includes(shape.audio) ? [] : [shape.audio])];
    if (missing.length > 0) throw refuse(`it is an ONNX model, but not a ${shape.name} voice (it has no '${missing[0]}')`);
  } finally {
    await session.release();
  }
}
