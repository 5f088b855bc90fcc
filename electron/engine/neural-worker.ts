// The neural voices' engine on its own thread: eSpeak NG for the phonemes (as Piper itself does) and
// onnxruntime-node for the model, so neither ever blocks the main process.
// A job is spoken a run at a time (a sentence, or a clause of a long one: piper-phonemes.ts), each
// sentence phonemized just before its runs, each run's audio posted as soon as the model returns it
// with the word timings settled so far. Timings
// come from the model itself: a patched model (onnx-alignment-patch.ts) also outputs the frames of
// every phoneme id, and eSpeak's events say which word every phoneme belongs to. An abort, through
// the shared control array, is seen before every run; a run in progress finishes (the runtime cannot
// be interrupted) and is thrown away, and the host terminates a worker that takes too long.
import { readFile } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import init from '@echogarden/espeak-ng-emscripten';
import * as ort from 'onnxruntime-node';
import { EVENT_ID_BYTE, EVENT_ID_BYTES, EVENT_TEXT_POSITION, EVENT_TYPE } from './espeak-events';
import { prepareEspeakInput, sourcePosition } from './espeak-input';
import { EspeakWordTimings } from './espeak-word-timings';
import type { FromNeuralWorker, NeuralVoiceModel, ToNeuralWorker } from './neural-protocol';
import { estimatedSamplesPerId, idStartSamples, modelInput, PhonemeCollector, phonemeRuns, RUN_SIZES, type PhonemizedWord } from './piper-phonemes';
import { ABORT_SLOT, type EngineWorkerData } from './worker-protocol';

const port = parentPort!;
const control = new Int32Array((workerData as EngineWorkerData).control);
const send = (message: FromNeuralWorker, transfer?: ArrayBuffer[]) => port.postMessage(message, transfer);
const utf8 = new TextDecoder();

const engine = await init();
const espeak = new engine.eSpeakNGWorker();
const eventWords = espeak.getSizeOfEventStruct_() / 4;
let currentEspeakVoice = '';

interface LoadedModel {
  path: string;
  session: ort.InferenceSession;
  /** The output with the frames of each phoneme id, when the model has one (patched). */
  alignment: string | undefined;
  takesSpeaker: boolean;
}
let loaded: LoadedModel | undefined;

async function load(path: string): Promise<LoadedModel> {
  if (loaded?.path === path) return loaded;
  await loaded?.session.release();
  loaded = undefined;
  let session: ort.InferenceSession;
  try {
    const bytes = await readFile(path);
    session = await ort.InferenceSession.create(bytes, {
      // Threads that spin while waiting burn a core for nothing between runs.
      extra: { session: { intra_op: { allow_spinning: '0' } } },
    });
  } catch (error) {
    throw new Error(`the voice file ${path} could not be loaded (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); reinstall the voice`, { cause: error });
  }
  const missing = ['input', 'input_lengths', 'scales'].filter((name) => !session.inputNames.includes(name));
  if (missing.length > 0 || !session.outputNames.includes('output')) {
    await session.release();
    throw new Error(`the voice file ${path} is not a Piper voice (it has no '${missing[0] ?? 'output'}')`);
  }
  loaded = {
    path,
    session,
    alignment: session.outputNames.find((name) => name !== 'output'),
    takesSpeaker: session.inputNames.includes('sid'),
  };
  return loaded;
}

const aborted = (id: number) => Atomics.load(control, ABORT_SLOT) === id;

/**
 * The words of text[start, end) with their phonemes, from eSpeak's events while it speaks that part
 * (offsets into the whole text); undefined when the job was aborted meanwhile.
 */
function phonemize(id: number, text: string, start: number, end: number, espeakVoice: string): PhonemizedWord[] | undefined {
  if (espeakVoice !== currentEspeakVoice) {
    if (espeak.set_voice(espeakVoice) !== 0) throw new Error(`eSpeak NG has no voice '${espeakVoice}' for this voice's phonemes`);
    currentEspeakVoice = espeakVoice;
  }
  const prepared = prepareEspeakInput(text.slice(start, end));
  const collector = new PhonemeCollector(text);
  let stopped = false;
  const callback = engine.addFunction((_audio: number, _length: number, eventsPtr: number) => {
    if (aborted(id)) {
      stopped = true;
      return 1;
    }
    const heap32 = engine.HEAP32;
    for (let at = eventsPtr >> 2; eventsPtr !== 0; at += eventWords) {
      const type = heap32[at + EVENT_TYPE]!;
      if (type === engine.espeakEVENT_LIST_TERMINATED) break;
      const offset = start + sourcePosition(prepared, heap32[at + EVENT_TEXT_POSITION]!);
      if (type === engine.espeakEVENT_WORD) collector.word(offset);
      else if (type === engine.espeakEVENT_PHONEME) collector.phoneme(phonemeName((at << 2) + EVENT_ID_BYTE), offset);
    }
    return 0;
  }, 'iiii');
  try {
    espeak.synth_(prepared.input, callback);
  } finally {
    engine.removeFunction(callback);
  }
  return stopped ? undefined : collector.words();
}

const sentences = new Intl.Segmenter(undefined, { granularity: 'sentence' });

/**
 * The model's runs of a text, made as they are needed: a sentence is phonemized only when the run
 * before it is done, and the first run ends at the first clause, so the first audio waits for one
 * clause's synthesis, not the whole text's phonemes or a long sentence's audio.
 */
function* runsOf(id: number, text: string, espeakVoice: string): Generator<PhonemizedWord[] | 'aborted'> {
  let first = true;
  for (const { index, segment } of sentences.segment(text)) {
    const words = phonemize(id, text, index, index + segment.length, espeakVoice);
    if (!words) {
      yield 'aborted';
      return;
    }
    yield* phonemeRuns(words, first ? { ...RUN_SIZES, firstClausePhonemes: 0 } : RUN_SIZES);
    first = false;
  }
}

function phonemeName(byte: number): string {
  const bytes = engine.HEAPU8.subarray(byte, byte + EVENT_ID_BYTES);
  const end = bytes.indexOf(0);
  return utf8.decode(end < 0 ? bytes : bytes.subarray(0, end));
}

function feeds(model: LoadedModel, ids: number[], voice: NeuralVoiceModel, lengthScale: number, speakerId: number | undefined) {
  const { config } = voice;
  const input: Record<string, ort.Tensor> = {
    input: new ort.Tensor('int64', BigInt64Array.from(ids, BigInt), [1, ids.length]),
    input_lengths: new ort.Tensor('int64', BigInt64Array.of(BigInt(ids.length)), [1]),
    scales: new ort.Tensor('float32', Float32Array.of(config.noiseScale, lengthScale, config.noiseW), [3]),
  };
  if (model.takesSpeaker) input['sid'] = new ort.Tensor('int64', BigInt64Array.of(BigInt(speakerId ?? 0)), [1]);
  return input;
}

async function runSynth(job: Extract<ToNeuralWorker, { type: 'synth' }>): Promise<void> {
  const { config } = job.voice;
  const model = await load(job.voice.modelPath);
  const timeline = new EspeakWordTimings(job.text);
  const toMs = (samples: number) => (samples / config.sampleRate) * 1000;
  let total = 0;
  for (const run of runsOf(job.id, job.text, config.espeakVoice)) {
    if (run === 'aborted' || aborted(job.id)) break;
    const { ids, wordStarts } = modelInput(run, config.phonemeIds);
    const result = await model.session.run(feeds(model, ids, job.voice, job.lengthScale, job.speakerId));
    if (aborted(job.id)) break;
    const audio = Float32Array.from(result['output']!.data as Float32Array);
    const frames = model.alignment ? (result[model.alignment]?.data as Float32Array | undefined) : undefined;
    const samplesPerId = frames?.length === ids.length ? frames.map((f) => f * config.hopLength) : estimatedSamplesPerId(ids.length, audio.length);
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

async function runWarm(job: Extract<ToNeuralWorker, { type: 'warm' }>): Promise<void> {
  const model = await load(job.voice.modelPath);
  let words: PhonemizedWord[] = [];
  for (let pass = 0; pass < WARM_UP_PASSES && !aborted(job.id); pass++) words = phonemize(job.id, job.text, 0, job.text.length, job.voice.config.espeakVoice) ?? [];
  const { ids } = modelInput(words, job.voice.config.phonemeIds);
  if (!aborted(job.id)) await model.session.run(feeds(model, ids, job.voice, job.voice.config.lengthScale, undefined));
  send({ type: 'done', id: job.id, aborted: aborted(job.id), samples: 0 });
}

// One job at a time: the host sends the next only after this one's 'done' or 'error'.
port.on('message', (job: ToNeuralWorker) => {
  (job.type === 'synth' ? runSynth(job) : runWarm(job)).catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    send({ type: 'error', id: job.id, kind: 'server', message });
  });
});

send({ type: 'ready', sampleRate: 0 });
