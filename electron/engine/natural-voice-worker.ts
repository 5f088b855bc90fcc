// The natural voices' engine on its own thread, for both families (Piper and Kokoro): eSpeak NG for
// the phonemes (as Piper and kokoro-js do) and onnxruntime-node for the model, so neither ever blocks
// the main process.
// A job is spoken a run at a time (a sentence, or a clause of a long one: piper-phonemes.ts), each
// sentence phonemized just before its runs, each run's audio posted as soon as the model returns it
// with the word timings settled so far. Timings come from the model itself: a patched Piper model
// (onnx-alignment-patch.ts) outputs the frames of every phoneme id, as Kokoro's timestamped export
// does, and eSpeak's events say which word every phoneme belongs to; a model without them gets its
// run's audio shared out over its ids. An abort, through the shared control array, is seen before
// every run; a run in progress finishes (the runtime cannot be interrupted) and is thrown away. A
// worker that takes too long is set aside by the host to end after its run (never terminated inside
// one: that kills the process), and the next job goes to a new worker.
import { readFile } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';
import { EspeakPhonemizer } from './espeak-phonemizer';
import { EspeakWordTimings } from './espeak-word-timings';
import { trainersEspeak } from './piper-espeak-data';
import { normalizePeak } from './piper-loudness';
import { KOKORO_FRAME_SAMPLES, KOKORO_SAMPLE_RATE, STYLE_DIM, STYLE_FILE_BYTES, styleRow } from './kokoro-pack';
import { kokoroInput } from './kokoro-phonemes';
import { speechRuns } from './natural-voice-runs';
import type { FromNaturalVoiceWorker, NaturalVoiceModel, ToNaturalVoiceWorker } from './natural-voice-protocol';
import { estimatedSamplesPerId, idStartSamples, modelInput, type ModelInput, type PhonemizedWord } from './piper-phonemes';
import { ABORT_SLOT, type EngineWorkerData } from './worker-protocol';
import { messageOf } from '../../shared/ipc-error';

const port = parentPort!;
const control = new Int32Array((workerData as EngineWorkerData).control);
const send = (message: FromNaturalVoiceWorker, transfer?: ArrayBuffer[]) => port.postMessage(message, transfer);

const phonemizer = new EspeakPhonemizer(await trainersEspeak());

interface LoadedModel {
  path: string;
  session: ort.InferenceSession;
  /** The output with the frames of each phoneme id, when the model has one (patched, or timestamped). */
  alignment: string | undefined;
  takesSpeaker: boolean;
}
let loaded: LoadedModel | undefined;

/** Each family's inputs and audio output, as its exports name them. */
const FAMILY = {
  piper: { name: 'Piper', inputs: ['input', 'input_lengths', 'scales'], audio: 'output' },
  kokoro: { name: 'Kokoro', inputs: ['input_ids', 'style', 'speed'], audio: 'waveform' },
} as const;

async function load(path: string, family: NaturalVoiceModel['family']): Promise<LoadedModel> {
  if (loaded?.path === path) return loaded;
  await loaded?.session.release();
  loaded = undefined;
  let session: ort.InferenceSession;
  try {
    const bytes = await readFile(path);
    session = await ort.InferenceSession.create(bytes, {
      // The runtime's own log lines (warnings about the graph's initializers and the like) are no
      // business of the user's: errors only (0 verbose ... 3 error, 4 fatal).
      logSeverityLevel: 3,
      // Threads that spin while waiting burn a core for nothing between runs.
      extra: { session: { intra_op: { allow_spinning: '0' } } },
    });
  } catch (error) {
    throw new Error(`the voice file ${path} could not be loaded (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); reinstall the voice`, { cause: error });
  }
  const { name, inputs, audio } = FAMILY[family];
  const missing = inputs.filter((input) => !session.inputNames.includes(input));
  if (missing.length > 0 || !session.outputNames.includes(audio)) {
    await session.release();
    throw new Error(`the voice file ${path} is not a ${name} voice (it has no '${missing[0] ?? audio}')`);
  }
  loaded = {
    path,
    session,
    alignment: session.outputNames.find((output) => output !== audio),
    takesSpeaker: session.inputNames.includes('sid'),
  };
  return loaded;
}

// A voice's style vectors, kept while it is the voice in use.
let styles: { path: string; vectors: Float32Array } | undefined;

async function loadStyles(path: string): Promise<Float32Array> {
  if (styles?.path === path) return styles.vectors;
  const bytes = await readFile(path).catch((error: unknown) => {
    throw new Error(`the voice's style file ${path} could not be read (${messageOf(error)}); reinstall the voice`);
  });
  if (bytes.length !== STYLE_FILE_BYTES) throw new Error(`the voice's style file ${path} is damaged (${bytes.length} bytes, not ${STYLE_FILE_BYTES}); reinstall the voice`);
  // A copy: the file's buffer may be shared and unaligned.
  const vectors = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
  styles = { path, vectors };
  return vectors;
}

const aborted = (id: number) => Atomics.load(control, ABORT_SLOT) === id;

const espeakVoiceOf = (voice: NaturalVoiceModel) => (voice.family === 'piper' ? voice.config.espeakVoice : voice.espeakVoice);
const sampleRateOf = (voice: NaturalVoiceModel) => (voice.family === 'piper' ? voice.config.sampleRate : KOKORO_SAMPLE_RATE);
/** Audio samples per frame of the model's durations. */
const frameSamplesOf = (voice: NaturalVoiceModel) => (voice.family === 'piper' ? voice.config.hopLength : KOKORO_FRAME_SAMPLES);

const int64Row = (ids: readonly number[]) => new ort.Tensor('int64', BigInt64Array.from(ids, BigInt), [1, ids.length]);

/** The model's input for one run; a Kokoro voice's style vectors must be loaded (loadStyles). */
function feeds(model: LoadedModel, ids: number[], voice: NaturalVoiceModel): Record<string, ort.Tensor> {
  if (voice.family === 'kokoro') {
    return {
      input_ids: int64Row(ids),
      style: new ort.Tensor('float32', styleRow(styles!.vectors, ids.length), [1, STYLE_DIM]),
      speed: new ort.Tensor('float32', Float32Array.of(voice.speed), [1]),
    };
  }
  const { config } = voice;
  const input: Record<string, ort.Tensor> = {
    input: int64Row(ids),
    input_lengths: new ort.Tensor('int64', BigInt64Array.of(BigInt(ids.length)), [1]),
    scales: new ort.Tensor('float32', Float32Array.of(config.noiseScale, voice.lengthScale, config.noiseW), [3]),
  };
  if (model.takesSpeaker) input['sid'] = new ort.Tensor('int64', BigInt64Array.of(BigInt(voice.speakerId ?? config.defaultSpeakerId)), [1]);
  return input;
}

function inputOf(run: readonly PhonemizedWord[], voice: NaturalVoiceModel): ModelInput {
  return voice.family === 'kokoro' ? kokoroInput(run, voice.vocab, voice.espeakVoice) : modelInput(run, voice.config.phonemeIds, voice.config.vowelClusters);
}

async function prepare(voice: NaturalVoiceModel): Promise<LoadedModel> {
  const model = await load(voice.modelPath, voice.family);
  if (voice.family === 'kokoro') await loadStyles(voice.stylePath);
  return model;
}

async function runSynth(job: Extract<ToNaturalVoiceWorker, { type: 'synth' }>): Promise<void> {
  const { voice } = job;
  const model = await prepare(voice);
  const timeline = new EspeakWordTimings(job.text);
  const toMs = (samples: number) => (samples / sampleRateOf(voice)) * 1000;
  let total = 0;
  for (const run of speechRuns(phonemizer, job.text, voice.family, espeakVoiceOf(voice), () => aborted(job.id))) {
    if (run === 'aborted' || aborted(job.id)) break;
    const { ids, wordStarts } = inputOf(run, voice);
    const result = await model.session.run(feeds(model, ids, voice));
    if (aborted(job.id)) break;
    const audio = Float32Array.from(result[FAMILY[voice.family].audio]!.data as Float32Array);
    // Piper scales each chunk to full range (piper-loudness.ts); kokoro-js leaves Kokoro's as it is.
    if (voice.family === 'piper') normalizePeak(audio);
    // Piper's frames are floats (w_ceil), Kokoro's durations int64.
    const frames = model.alignment ? (result[model.alignment]?.data as Float32Array | BigInt64Array | undefined) : undefined;
    const frameSamples = frameSamplesOf(voice);
    const samplesPerId = frames?.length === ids.length ? Float64Array.from({ length: ids.length }, (_, i) => Number(frames[i]) * frameSamples) : estimatedSamplesPerId(ids.length, audio.length);
    const starts = idStartSamples(samplesPerId);
    run.forEach((word, i) => timeline.word(word.offset, toMs(total + starts[wordStarts[i]!]!)));
    total += audio.length;
    // Out at once: the listener waits for it. The run's last word is settled (its end known) only
    // when the next word starts, so it goes with the next part, or with 'done'.
    const words = timeline.takeSettled(toMs(total));
    send({ type: 'audio', id: job.id, samples: audio, words }, [audio.buffer]);
  }
  if (aborted(job.id)) {
    send({ type: 'done', id: job.id, aborted: true, samples: total });
    return;
  }
  const words = timeline.finish(toMs(total));
  send({ type: 'done', id: job.id, aborted: false, samples: total, ...(words.length > 0 ? { last: { samples: new Float32Array(0), words } } : {}) });
}

/** eSpeak here is JavaScript, not WebAssembly: a few passes get its hot paths compiled (as the built-in voice's warm-up does). */
const WARM_UP_PASSES = 4;

async function runWarm(job: Extract<ToNaturalVoiceWorker, { type: 'warm' }>): Promise<void> {
  const model = await prepare(job.voice);
  let words: PhonemizedWord[] = [];
  for (let pass = 0; pass < WARM_UP_PASSES && !aborted(job.id); pass++) words = phonemizer.phonemize(job.text, 0, job.text.length, espeakVoiceOf(job.voice), () => aborted(job.id)) ?? [];
  const { ids } = inputOf(words, job.voice);
  if (!aborted(job.id)) await model.session.run(feeds(model, ids, job.voice));
  send({ type: 'done', id: job.id, aborted: aborted(job.id), samples: 0 });
}

// One job at a time: the host sends the next only after this one's 'done' or 'error'.
port.on('message', (job: ToNaturalVoiceWorker) => {
  (job.type === 'synth' ? runSynth(job) : runWarm(job)).catch((error: unknown) => {
    const message = messageOf(error);
    send({ type: 'error', id: job.id, kind: 'server', message });
  });
});

send({ type: 'ready', sampleRate: 0 });
