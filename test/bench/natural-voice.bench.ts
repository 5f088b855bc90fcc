// The natural voices' cost on this CPU (Piper's, then Kokoro's), beside the built-in eSpeak voice in the same run:
// - compute per second of audio (this process's CPU: the natural voices' worker and the text pipeline) and the
//   real-time factor, over the same English text;
// - the first audio of a 10,000-word text, warm (the model loaded, as after the app's warm-up);
// - the command line cold, as `xsel | aloud say` runs it: spawn to the first byte of audio, with the
//   built-in voice and with the natural one, beside the native espeak-ng program.
// The model is Piper's real medium architecture with random weights (63 MB), which costs what a real
// medium voice costs; make it once with test/bench/make-piper-medium.py (it says how). Without it the
// bench runs the tiny fixture voice, which measures the pipeline's own overhead only.
// Kokoro: Kokoro-82M's real architecture with random weights (325 MB fp32, its q8 by dynamic
// quantization as onnx-community's model_quantized.onnx), made with test/bench/make-kokoro-random.py
// and test/bench/quantize-kokoro.py; without them its part is skipped.
// Aims (issue 12): first audio under 300 ms warm; at most 0.3 s of compute per second of audio; Kokoro
// faster than real time.
// First, conformance (issue 24): per language, the sentences of test/fixtures/phonemes/corpus.json whose
// model input is identical to the voices' own phonemizers' (piper-phonemize, kokoro-js); aim 98%.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBuiltinVoice, DEFAULT_BUILTIN_VOICE } from '../../electron/engine/builtin-voice';
import { voicesFolder } from '../../electron/engine/installed-voices';
import { createPiperVoices } from '../../electron/engine/piper-voices';
import { createKokoroVoices } from '../../electron/engine/kokoro-voices';
import { finishInstall, installVoiceFile, stagingFolder } from '../../electron/engine/voice-install';
import { startReading } from '../../electron/speech/reading';
import type { Synthesizer } from '../../electron/speech/synthesizer';
import { englishText } from '../support/english-text';
import { FIXTURE_VOICES, TINY_VOICE } from '../support/tiny-piper';
import { median, report, reportRatio } from './format';
import { kokoroFigures, percent, PIPER_LANGUAGES, piperFigures, type LanguageFigures } from '../phonemes/conformance';

const here = import.meta.dirname;
const MEDIUM = join(here, 'models', 'en_US-randommedium-medium.onnx');
const KOKORO_PACKS = ['kokoro-random-q8', 'kokoro-random-fp32'].map((key) => ({ key, folder: join(here, 'models', key) }));
const root = join(here, '../..');
const RUNS = 5;

interface Cost {
  cpuMs: number;
  wallMs: number;
  audioMs: number;
}

/** One whole reading through the pipeline, as the command line writing a file runs it. */
async function readAll(synthesizer: Synthesizer, voice: string, text: string): Promise<Cost> {
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const reading = startReading({ readingId: 'bench', text, synthesizer, voice, synthRate: 1, lookahead: Infinity });
  let audioMs = 0;
  for await (const chunk of reading.chunks()) {
    if (chunk.audio.kind !== 'pcm') throw new Error('local voices send PCM');
    audioMs += (chunk.audio.samples.length / chunk.audio.sampleRate) * 1000;
  }
  await reading.done;
  const cpu = process.cpuUsage(cpu0);
  return { cpuMs: (cpu.user + cpu.system) / 1000, wallMs: performance.now() - start, audioMs };
}

async function firstAudio(synthesizer: Synthesizer, voice: string, text: string): Promise<number> {
  const start = performance.now();
  const reading = startReading({ readingId: 'bench-first', text, synthesizer, voice, synthRate: 1 });
  for await (const _ of reading.chunks()) break;
  const ms = performance.now() - start;
  reading.cancel();
  await reading.done;
  return ms;
}

/** Spawn to the first byte on stdout past `headerBytes` (the WAV header of espeak-ng --stdout). */
function firstByte(command: string, args: string[], env: NodeJS.ProcessEnv, headerBytes = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let bytes = 0;
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      bytes += d.length;
      if (bytes > headerBytes) {
        resolve(performance.now() - start);
        child.kill();
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (bytes <= headerBytes) reject(new Error(`${command} ${args.join(' ')} gave no audio (code ${code}): ${stderr}`));
    });
  });
}

/** Sentences identical to the trainers' phonemizers, per language, and in all. */
async function conformance(): Promise<void> {
  const line = (f: Pick<LanguageFigures, 'identical' | 'sentences'>, label: string) => console.log(`${label}: ${f.identical}/${f.sentences} sentences identical (${percent(f)})`);
  // One language after the other: the oracles' WebAssembly modules serve one call at a time.
  const piper: LanguageFigures[] = [];
  for (const language of PIPER_LANGUAGES) piper.push(await piperFigures(language));
  const kokoro = [await kokoroFigures('a'), await kokoroFigures('b')];
  for (const [name, figures] of [
    ['Piper against piper-phonemize', piper],
    ['Kokoro against kokoro-js', kokoro],
  ] as const) {
    for (const f of figures) line(f, `conformance, ${name}, ${f.language}`);
    line({ identical: figures.reduce((n, f) => n + f.identical, 0), sentences: figures.reduce((n, f) => n + f.sentences, 0) }, `conformance, ${name}, all (aim: 98%)`);
  }
}

export default async function run(): Promise<void> {
  await conformance();
  const real = existsSync(MEDIUM);
  const dataDir = mkdtempSync(join(tmpdir(), 'aloud-bench-natural-'));
  const folder = voicesFolder(dataDir);
  const model = real ? MEDIUM : join(FIXTURE_VOICES, `${TINY_VOICE}.onnx`);
  const { key } = await installVoiceFile(folder, model);
  console.log(
    real
      ? `Voice: Piper medium architecture, random weights (${model}); load average ${loadavg()[0]!.toFixed(1)}`
      : `Voice: the tiny fixture (pipeline overhead only). For a real model's cost: python3 test/bench/make-piper-medium.py --piper-src <piper1-gpl>/src`,
  );
  const natural = createPiperVoices({ folder });
  const builtin = createBuiltinVoice();
  try {
    await Promise.all([natural.warmUp(key), builtin.warmUp()]);

    // Compute per second of audio, over the same 600 words.
    const text = englishText(600, 7);
    const n = await readAll(natural, key, text);
    const b = await readAll(builtin, DEFAULT_BUILTIN_VOICE, text);
    reportRatio('natural voice: CPU per second of audio', n.cpuMs / (n.audioMs / 1000), 'ms', 'built-in voice', b.cpuMs / (b.audioMs / 1000));
    reportRatio('natural voice: real-time factor (wall / audio)', n.wallMs / n.audioMs, '', 'built-in voice', b.wallMs / b.audioMs);
    report('natural voice: compute per second of audio', n.cpuMs / n.audioMs, 's', 'at most 0.3 s on 2 cores');

    // First audio of a long text, warm, the engine idle (a second's pause: a reading stopped just
    // before leaves its model run in flight, which cannot be interrupted; measured apart below).
    const book = englishText(10_000, 3);
    const nFirst: number[] = [];
    const bFirst: number[] = [];
    const nAfterStop: number[] = [];
    const idle = () => new Promise((r) => setTimeout(r, 1000));
    for (let i = 0; i < RUNS; i++) {
      await idle();
      nFirst.push(await firstAudio(natural, key, book));
      nAfterStop.push(await firstAudio(natural, key, book));
      await idle();
      bFirst.push(await firstAudio(builtin, DEFAULT_BUILTIN_VOICE, book));
    }
    reportRatio('natural voice: first audio of a 10,000-word text, warm (median)', median(nFirst), 'ms', 'built-in voice', median(bFirst));
    report('natural voice: first audio, warm', median(nFirst), 'ms', 'under 300 ms');
    reportRatio('natural voice: first audio right after stopping a reading (median)', median(nAfterStop), 'ms', 'from idle', median(nFirst));

    // Kokoro, each variant made: its cost per second of audio and its first audio, beside the built-in voice.
    for (const pack of KOKORO_PACKS.filter((p) => existsSync(join(p.folder, `${p.key}.onnx`)))) {
      const staging = stagingFolder(folder, pack.key);
      cpSync(pack.folder, staging, { recursive: true });
      await finishInstall(folder, pack.key, staging, 'kokoro');
      const kokoro = createKokoroVoices({ folder });
      try {
        await kokoro.warmUp('af_heart');
        const k = await readAll(kokoro, 'af_heart', text);
        reportRatio(`${pack.key}: CPU per second of audio`, k.cpuMs / (k.audioMs / 1000), 'ms', 'built-in voice', b.cpuMs / (b.audioMs / 1000));
        reportRatio(`${pack.key}: real-time factor (wall / audio)`, k.wallMs / k.audioMs, '', 'built-in voice', b.wallMs / b.audioMs);
        const kFirst: number[] = [];
        for (let i = 0; i < RUNS; i++) {
          await idle();
          kFirst.push(await firstAudio(kokoro, 'af_heart', book));
        }
        reportRatio(`${pack.key}: first audio of a 10,000-word text, warm (median)`, median(kFirst), 'ms', 'built-in voice', median(bFirst));
      } finally {
        await kokoro.close();
      }
    }
  } finally {
    await Promise.all([natural.close(), builtin.close()]);
  }

  // The command line cold, as a user's `xsel | aloud say` runs it.
  const cli = join(root, 'bin', 'aloud.mjs');
  if (!existsSync(join(root, 'out', 'main', 'cli.js'))) {
    console.log('command line: skipped (run npm run build first)');
    return;
  }
  const sentence = 'The command line starts, reads this sentence and speaks it.';
  const file = join(dataDir, 'sentence.txt');
  writeFileSync(file, sentence);
  const env = { ...process.env, ALOUD_DATA_DIR: dataDir };
  const native: number[] = [];
  const cliBuiltin: number[] = [];
  const cliNatural: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    native.push(await firstByte('espeak-ng', ['-v', DEFAULT_BUILTIN_VOICE, '--stdout', '-f', file], env, 44));
    cliBuiltin.push(await firstByte(process.execPath, [cli, 'say', '--no-history', sentence], env));
    cliNatural.push(await firstByte(process.execPath, [cli, 'say', '--no-history', '--voice', `piper/${key}`, sentence], env));
  }
  reportRatio('aloud say, cold, first audio byte (built-in voice)', median(cliBuiltin), 'ms', 'native espeak-ng', median(native));
  reportRatio('aloud say, cold, first audio byte (natural voice)', median(cliNatural), 'ms', 'native espeak-ng', median(native));
}
