// The built-in voice (eSpeak NG compiled to JavaScript, in a worker, kept warm) against the native
// espeak-ng program on the same 10,000-word text, in the same run:
// - time to first audio: ours through the real pipeline (startReading: segmenting + synthesis), the
//   native program from spawn to its first byte of audio after the WAV header;
// - real-time factor (synthesis time / audio duration) over the whole text;
// - time to first audio for the 10,000-word text against a 10-word text (must not grow with length),
//   and the voice's own share of it (first part of the first sentence, without the text pipeline).
// Aims (issue 2): first audio within 1.5x of native; throughput at least half of native (RTF <= 2x).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBuiltinVoice, DEFAULT_BUILTIN_VOICE, type BuiltinVoice } from '../../electron/engine/builtin-voice';
import { startReading } from '../../electron/speech/reading';
import { englishText } from '../support/english-text';
import { median, report, reportRatio } from './format';

const WAV_HEADER_BYTES = 44;
const SAMPLE_RATE = 22050;
const FIRST_AUDIO_RUNS = 9;

interface Throughput {
  firstAudioMs: number;
  totalMs: number;
  audioMs: number;
  /** CPU time spent (user + system), which a loaded machine does not inflate the way it does wall time. */
  cpuMs?: number;
  /** Time and audio of the second half of the text only, once the JIT has settled. */
  secondHalf?: { totalMs: number; audioMs: number };
}

/** One whole reading through the pipeline, as the CLI writing a file runs it. */
async function readAll(voice: BuiltinVoice, text: string): Promise<Throughput> {
  const start = performance.now();
  // This process's CPU: the worker thread that synthesizes, plus the pipeline on the main thread.
  const cpuStart = process.cpuUsage();
  const reading = startReading({ readingId: 'bench', text, synthesizer: voice, voice: DEFAULT_BUILTIN_VOICE, rate: 1, lookahead: Infinity });
  let firstAudioMs = NaN;
  let samples = 0;
  let half: { at: number; samples: number } | undefined;
  const halfway = Math.floor(reading.segments.length / 2);
  for await (const chunk of reading.chunks()) {
    if (chunk.audio.kind !== 'pcm') throw new Error('the built-in voice sends PCM');
    if (Number.isNaN(firstAudioMs)) firstAudioMs = performance.now() - start;
    if (!half && chunk.segment >= halfway) half = { at: performance.now(), samples };
    samples += chunk.audio.samples.length;
  }
  await reading.done;
  const end = performance.now();
  const cpu = process.cpuUsage(cpuStart);
  const ms = (n: number) => (n / SAMPLE_RATE) * 1000;
  return {
    firstAudioMs,
    totalMs: end - start,
    audioMs: ms(samples),
    cpuMs: (cpu.user + cpu.system) / 1000,
    secondHalf: half && { totalMs: end - half.at, audioMs: ms(samples - half.samples) },
  };
}

/** Time from asking for a reading to its first chunk of audio; the reading is then stopped. */
async function firstAudio(voice: BuiltinVoice, text: string): Promise<number> {
  const start = performance.now();
  const reading = startReading({ readingId: 'bench-first', text, synthesizer: voice, voice: DEFAULT_BUILTIN_VOICE, rate: 1 });
  for await (const _ of reading.chunks()) break;
  const ms = performance.now() - start;
  reading.cancel();
  await reading.done;
  return ms;
}

/** Time from a synthesis request to its first part: the voice alone, without the text pipeline. */
async function firstPart(voice: BuiltinVoice, text: string): Promise<number> {
  const controller = new AbortController();
  const start = performance.now();
  for await (const _ of voice.synthesize({ text, voice: DEFAULT_BUILTIN_VOICE, rate: 1, signal: controller.signal })) break;
  return performance.now() - start;
}

/**
 * espeak-ng --stdout on a file: time to the first audio byte, or to the end of all audio. It runs
 * under bash so that bash's `times` can report the program's CPU time on stderr.
 */
function nativeRun(file: string, untilEnd: boolean): Promise<Throughput> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const script = `espeak-ng -v ${DEFAULT_BUILTIN_VOICE} --stdout -f "$1"; times >&2`;
    const child = spawn('bash', ['-c', script, 'bench', file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
    let bytes = 0;
    let firstAudioMs = NaN;
    child.stdout.on('data', (data: Buffer) => {
      bytes += data.length;
      if (Number.isNaN(firstAudioMs) && bytes > WAV_HEADER_BYTES) {
        firstAudioMs = performance.now() - start;
        if (!untilEnd) child.kill();
      }
    });
    child.on('error', reject);
    child.on('close', () => {
      const audioMs = ((bytes - WAV_HEADER_BYTES) / 2 / SAMPLE_RATE) * 1000;
      resolve({ firstAudioMs, totalMs: performance.now() - start, audioMs, cpuMs: childrenCpuMs(stderr) });
    });
  });
}

/** The children's user + system time from bash's `times` (its second line: "0m1.234s 0m0.056s"). */
function childrenCpuMs(timesOutput: string): number | undefined {
  const line = timesOutput.trim().split('\n').at(-1) ?? '';
  const parts = [...line.matchAll(/(\d+)m([\d.]+)s/g)];
  if (parts.length !== 2) return undefined;
  return parts.reduce((sum, m) => sum + (Number(m[1]) * 60 + Number(m[2])) * 1000, 0);
}

export default async function builtinVoiceBench(): Promise<void> {
  const longText = englishText(10_000);
  const shortText = 'The rain stopped, and we walked home across the fields.'; // 10 words
  const dir = mkdtempSync(join(tmpdir(), 'aloud-bench-'));
  const longFile = join(dir, 'long.txt');
  const shortFile = join(dir, 'short.txt');
  writeFileSync(longFile, longText);
  writeFileSync(shortFile, shortText);
  const native = spawnSync('espeak-ng', ['--version']).status === 0;
  if (!native) console.log('espeak-ng is not installed (apt-get install espeak-ng): native figures are missing');

  const voice = createBuiltinVoice();
  try {
    let t = performance.now();
    await voice.listVoices();
    report('cold start (worker + engine + voice data)', performance.now() - t, 'ms');
    t = performance.now();
    await voice.warmUp();
    report('warm-up (JIT)', performance.now() - t, 'ms');

    // Interleaved, so that a burst of load on a shared machine hits every figure alike.
    const firstSentence = longText.slice(0, longText.indexOf('.') + 1);
    const samples = { oursLong: [] as number[], oursShort: [] as number[], voice: [] as number[], nativeLong: [] as number[], nativeShort: [] as number[] };
    for (let run = 0; run < FIRST_AUDIO_RUNS; run++) {
      samples.oursLong.push(await firstAudio(voice, longText));
      samples.oursShort.push(await firstAudio(voice, shortText));
      samples.voice.push(await firstPart(voice, firstSentence));
      if (native) {
        samples.nativeLong.push((await nativeRun(longFile, false)).firstAudioMs);
        samples.nativeShort.push((await nativeRun(shortFile, false)).firstAudioMs);
      }
    }
    const oursFirstLong = median(samples.oursLong);
    const oursFirstShort = median(samples.oursShort);
    const voiceFirst = median(samples.voice);
    const nativeFirstLong = median(samples.nativeLong);
    const nativeFirstShort = median(samples.nativeShort);

    const ours = await readAll(voice, longText);
    const theirs = native ? await nativeRun(longFile, true) : undefined;
    // Real-time factors are printed as ms of synthesis per second of audio (0.02 = 20 ms/s).
    const oursRtf = (ours.totalMs / ours.audioMs) * 1000;

    console.log(`text: ${longText.split(/\s+/).length} words, ${longText.length} characters; ${(ours.audioMs / 60000).toFixed(1)} min of speech`);
    reportRatio('first audio, 10,000 words (built-in, median)', oursFirstLong, 'ms', 'native espeak-ng', nativeFirstLong);
    reportRatio('first audio, 10 words (built-in, median)', oursFirstShort, 'ms', 'native espeak-ng', nativeFirstShort);
    reportRatio('first audio, built-in: 10,000 words', oursFirstLong, 'ms', '10 words', oursFirstShort);
    // The same without the text pipeline (cleaning and segmenting the first block of the text).
    reportRatio('first audio, voice alone on the first sentence', voiceFirst, 'ms', 'native espeak-ng, 10,000 words', nativeFirstLong);
    if (theirs) {
      const nativeRtf = (theirs.totalMs / theirs.audioMs) * 1000;
      reportRatio('real-time factor, 10,000 words (built-in)', oursRtf, 'ms/s', 'native espeak-ng', nativeRtf);
      reportRatio('throughput (x real time)', 1000 / oursRtf, 'x', 'native espeak-ng', 1000 / nativeRtf);
      if (ours.secondHalf) {
        // The engine is JavaScript (wasm2js): V8 keeps re-optimizing its synthesis loop for a while.
        const settled = (ours.secondHalf.totalMs / ours.secondHalf.audioMs) * 1000;
        reportRatio('real-time factor, second half of the text (JIT settled)', settled, 'ms/s', 'native espeak-ng, whole text', nativeRtf);
      }
      if (ours.cpuMs !== undefined && theirs.cpuMs !== undefined) {
        reportRatio('CPU per second of audio (built-in)', (ours.cpuMs / ours.audioMs) * 1000, 'ms/s', 'native espeak-ng', (theirs.cpuMs / theirs.audioMs) * 1000);
      }
      report('audio length, built-in / native', ours.audioMs / theirs.audioMs, 'x');
    } else {
      report('real-time factor, 10,000 words (built-in)', oursRtf, 'ms/s');
    }
    console.log('aims: first audio <= 1.5x native; real-time factor <= 2x native; 10,000-word first audio about the 10-word one');
  } finally {
    await voice.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
