// The built-in voice (eSpeak NG compiled to JavaScript, in a worker, kept warm) against the native
// espeak-ng program on the same 10,000-word text, in the same run:
// - time to first audio: ours through the real pipeline (startReading: segmenting + synthesis), the
//   native program from spawn to its first byte of audio after the WAV header;
// - real-time factor (synthesis time / audio duration) over the whole text;
// - time to first audio for the 10,000-word text against a 10-word text (must not grow with length),
//   and the voice's own share of it (first part of the first sentence, without the text pipeline).
// - the same text through espeak-ng@1.0.2 (eSpeak NG's command-line program compiled to real
//   WebAssembly, devDependency), what a WebAssembly build of the engine would give: in one run, and
//   fed our segments one per line with its synthesis callback swapped for ours (audio and word
//   events, as our worker takes them). It is not the built-in voice: it exports only main(), so its
//   voice and rate are fixed per instance and lines are at most 999 bytes.
// Aims (issue 2): first audio within 1.5x of native; throughput at least half of native (RTF <= 2x).
// The load average is printed: on a shared 2-core machine, wall-clock figures mean little above 2.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createBuiltinVoice, DEFAULT_BUILTIN_VOICE, type BuiltinVoice } from '../../electron/engine/builtin-voice';
import { startReading } from '../../electron/speech/reading';
import { segmentText } from '../../electron/speech/segment-text';
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
  const reading = startReading({ readingId: 'bench', text, synthesizer: voice, voice: DEFAULT_BUILTIN_VOICE, synthRate: 1, lookahead: Infinity });
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
  const reading = startReading({ readingId: 'bench-first', text, synthesizer: voice, voice: DEFAULT_BUILTIN_VOICE, synthRate: 1 });
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
  for await (const _ of voice.synthesize({ text, voice: DEFAULT_BUILTIN_VOICE, synthRate: 1, signal: controller.signal })) break;
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

interface WasmCliModule {
  FS: { writeFile(path: string, data: string): void; readFile(path: string): Uint8Array };
}
interface WasmCliOptions {
  arguments: string[];
  preRun?: ((module: WasmCliModule) => void)[];
  print?: (line: string) => void;
  printErr?: (line: string) => void;
  /** Emscripten's stdin device: one byte per call, null to end the read in hand (EOF if it has no bytes). */
  stdin?: () => number | null;
  instantiateWasm?: (imports: WebAssembly.Imports, done: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void) => object;
}
type WasmCli = (options: WasmCliOptions) => Promise<WasmCliModule>;

/** espeak-ng@1.0.2 (devDependency), or undefined when it is not installed. */
async function loadWasmCli(): Promise<WasmCli | undefined> {
  const name = 'espeak-ng';
  try {
    return ((await import(name)) as { default: WasmCli }).default;
  } catch {
    return undefined;
  }
}

/**
 * One run of the WebAssembly espeak-ng program over `text`, writing a WAV file in its in-memory file
 * system, as `espeak-ng -v en-us -w out.wav -f in.txt`; each run instantiates the module anew
 * (compiling it and loading the voice data), as a native run starts a process.
 */
async function wasmCliRun(cli: WasmCli, text: string): Promise<Throughput> {
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const module = await cli({
    arguments: ['-v', DEFAULT_BUILTIN_VOICE, '-w', '/out.wav', '-f', '/in.txt'],
    preRun: [(m) => m.FS.writeFile('/in.txt', text)],
    print: () => {},
    printErr: (line) => console.log(`espeak-ng (wasm): ${line}`),
  });
  const totalMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  const bytes = module.FS.readFile('/out.wav').length;
  return { firstAudioMs: NaN, totalMs, audioMs: ((bytes - WAV_HEADER_BYTES) / 2 / SAMPLE_RATE) * 1000, cpuMs: (cpu.user + cpu.system) / 1000 };
}

/** A wasm function (i32, i32, i32) -> i32 that calls `fn`, to put in a module's function table. */
function wasmCallback(fn: (a: number, b: number, c: number) => number): WebAssembly.ExportValue {
  // (module (import "e" "f" (func (param i32 i32 i32) (result i32))) (export "f" (func 0)))
  const bytes = [0, 97, 115, 109, 1, 0, 0, 0, 1, 8, 1, 96, 3, 127, 127, 127, 1, 127, 2, 7, 1, 1, 101, 1, 102, 0, 0, 7, 5, 1, 1, 102, 0, 0];
  return new WebAssembly.Instance(new WebAssembly.Module(new Uint8Array(bytes)), { e: { f: fn } }).exports.f!;
}

/**
 * The WebAssembly program used as a built-in voice would use it, to see what such a build costs
 * sentence by sentence: one instance kept running in its line-by-line stdin mode, fed one segment
 * per line, its SynthCallback (found in the exported function table: the (i32, i32, i32) entry
 * called with a NULL wave at the end of a line) replaced by ours, which takes the audio and the
 * engine's word events, as the built-in voice's worker does. Measured from the first segment on.
 */
async function wasmCliSegments(cli: WasmCli, segments: string[]): Promise<Throughput & { wordEvents: number }> {
  const wasmFile = join(dirname(createRequire(import.meta.url).resolve('espeak-ng')), 'espeak-ng.wasm');
  const compiled = await WebAssembly.compile(readFileSync(wasmFile));
  let table: WebAssembly.Table | undefined;
  let memory: WebAssembly.Memory | undefined;
  const encoder = new TextEncoder();
  const probe: { index: number; original: (a: number, b: number, c: number) => number; endCall: boolean }[] = [];
  let samples = 0;
  let wordEvents = 0;
  const ours = (wave: number, count: number, events: number): number => {
    const heap32 = new Int32Array(memory!.buffer);
    // espeak_EVENT on wasm32 is 9 int32s: type first; 0 ends the list, 1 is a word.
    for (let at = events >> 2; events !== 0 && heap32[at] !== 0; at += 9) if (heap32[at] === 1) wordEvents++;
    if (wave !== 0) samples += count;
    return 0;
  };
  let line: Uint8Array = encoder.encode('Probe.\n');
  let at = 0;
  let next = 0;
  let start = 0;
  let cpuStart = process.cpuUsage();
  const stdin = (): number | null => {
    if (at < line.length) return line[at++]!;
    if (at++ === line.length) return null; // ends this read: the program synthesizes the line
    if (next === 0) {
      // The probe line is done: keep the callback, put the other entries back, start the clock.
      const found = probe.find((p) => p.endCall);
      if (!found) throw new Error('the WebAssembly program never called a synthesis callback');
      for (const p of probe) table!.set(p.index, p === found ? wasmCallback(ours) : p.original);
      start = performance.now();
      cpuStart = process.cpuUsage();
    }
    if (next === segments.length) return null;
    line = encoder.encode(segments[next++]!.replace(/\n/g, ' ') + '\n');
    if (line.length > 1000) throw new Error('the program reads lines of at most 999 bytes');
    at = 1;
    return line[0]!;
  };
  await cli({
    arguments: ['-v', DEFAULT_BUILTIN_VOICE, '-w', '/out.wav'],
    stdin,
    print: () => {},
    printErr: (text) => console.log(`espeak-ng (wasm): ${text}`),
    instantiateWasm(imports, done) {
      void WebAssembly.instantiate(compiled, imports).then((instance) => {
        table = instance.exports.__indirect_function_table as WebAssembly.Table;
        memory = instance.exports.memory as WebAssembly.Memory;
        // Trace every (i32, i32, i32) entry while the probe line is spoken.
        for (let index = 0; index < table.length; index++) {
          const original = table.get(index) as ((a: number, b: number, c: number) => number) | null;
          if (!original || original.length !== 3) continue;
          const entry = { index, original, endCall: false };
          probe.push(entry);
          table.set(index, wasmCallback((a, b, c) => {
            if (a === 0 && c !== 0) entry.endCall = true;
            return original(a, b, c);
          }));
        }
        done(instance, compiled);
      });
      return {};
    },
  });
  const cpu = process.cpuUsage(cpuStart);
  return { firstAudioMs: NaN, totalMs: performance.now() - start, audioMs: (samples / SAMPLE_RATE) * 1000, cpuMs: (cpu.user + cpu.system) / 1000, wordEvents };
}

function reportLoad(when: string): void {
  console.log(`load average (1, 5, 15 min) ${when}: ${loadavg().map((l) => l.toFixed(2)).join(', ')} on this machine's shared cores`);
}

export default async function builtinVoiceBench(): Promise<void> {
  reportLoad('at the start');
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
      const cli = await loadWasmCli();
      if (cli) {
        // Its start (compile + voice data) on a one-word text, then the whole text in one run.
        const started = await wasmCliRun(cli, 'Hello.');
        const wasm = await wasmCliRun(cli, longText);
        const wasmRtf = (wasm.totalMs / wasm.audioMs) * 1000;
        report('espeak-ng@1.0.2 WebAssembly program: start, one-word text', started.totalMs, 'ms');
        reportRatio('real-time factor, 10,000 words (WebAssembly program, one run)', wasmRtf, 'ms/s', 'native espeak-ng', nativeRtf);
        reportRatio('real-time factor, WebAssembly program', wasmRtf, 'ms/s', 'built-in', oursRtf);
        if (wasm.cpuMs !== undefined && theirs.cpuMs !== undefined) {
          reportRatio('CPU per second of audio (WebAssembly program)', (wasm.cpuMs / wasm.audioMs) * 1000, 'ms/s', 'native espeak-ng', (theirs.cpuMs / theirs.audioMs) * 1000);
        }
        report('audio length, WebAssembly program / native', wasm.audioMs / theirs.audioMs, 'x');
        const segments = segmentText(longText, { maxChars: voice.maxChars }).map((segment) => segment.text);
        const bySegment = await wasmCliSegments(cli, segments);
        const bySegmentRtf = (bySegment.totalMs / bySegment.audioMs) * 1000;
        reportRatio(`real-time factor, WebAssembly program fed our ${segments.length} segments with word events`, bySegmentRtf, 'ms/s', 'native espeak-ng', nativeRtf);
        reportRatio('real-time factor, WebAssembly program by segment', bySegmentRtf, 'ms/s', 'built-in', oursRtf);
        if (bySegment.cpuMs !== undefined && ours.cpuMs !== undefined) {
          reportRatio('CPU per second of audio (WebAssembly program by segment)', (bySegment.cpuMs / bySegment.audioMs) * 1000, 'ms/s', 'built-in', (ours.cpuMs / ours.audioMs) * 1000);
        }
        report('word events from it, per word of the text', bySegment.wordEvents / longText.split(/\s+/).length, 'x');
      } else {
        console.log('espeak-ng@1.0.2 (the WebAssembly program) is not installed: its line is missing');
      }
    } else {
      report('real-time factor, 10,000 words (built-in)', oursRtf, 'ms/s');
    }
    console.log('aims: first audio <= 1.5x native; real-time factor <= 2x native; 10,000-word first audio about the 10-word one');
    reportLoad('at the end');
  } finally {
    await voice.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
