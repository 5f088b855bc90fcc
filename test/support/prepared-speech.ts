// Speech made once and kept on disk, for tests that play long readings in real time: the text is cut
// into the segments the service will request (segmentText, the same maxChars), each segment is
// spoken by the built-in voice (its parts kept as the engine streamed them) and, for the compressed
// wire formats, encoded with ffmpeg. The result lives under node_modules/.cache/aloud-long-formats/,
// keyed by a hash of everything that shapes it, so later runs only read files: no live synthesis or
// encoding competes with playback for the CPU.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WordTiming } from '../../shared/chunk';
import { encodeS16le } from '../../shared/audio/pcm';
import { createBuiltinVoice } from '../../electron/engine/builtin-voice';
import { segmentText } from '../../electron/speech/segment-text';
import type { SynthesisPart, Synthesizer } from '../../electron/speech/synthesizer';
import { encoderArgs, type EncodedFormat } from '../fakes/encode-audio';
import { resample, speechFromSynthesizer, type SpeechSource } from '../fakes/spoken-audio';
import { joinFloat32 } from '../../shared/audio/pcm';
import { concatBytes } from '../../shared/bytes';

export const PREPARED_CACHE_DIR = fileURLToPath(new URL('../../node_modules/.cache/aloud-long-formats', import.meta.url));
/** Bump when the layout on disk or the way speech is made changes. */
const LAYOUT = 2;

export interface EncodingSpec {
  format: EncodedFormat;
  /** The wire rate the samples are resampled to before encoding (as the fake does). */
  sampleRate: number;
}

export interface PrepareOptions {
  text: string;
  /** Segment length limit: the maxChars of the synthesizers that will be asked for this text. */
  maxChars: number;
  /** A built-in voice id, e.g. en-us. */
  voice: string;
  /** Compressed versions to prepare: what encode() will be asked for. */
  encodings: EncodingSpec[];
}

export interface PreparedPart {
  samples: Float32Array<ArrayBuffer>;
  /** As the built-in voice gave them: offsets into the segment's text, ms from the segment's start. */
  words: WordTiming[];
}

export interface PreparedSegment {
  text: string;
  /** The same parts for every segment with the same text: a segment's speech depends on its text alone. */
  parts: PreparedPart[];
  frames: number;
}

export interface PreparedSpeech {
  sampleRate: number;
  /** In reading order. */
  segments: PreparedSegment[];
  /** Frames of the whole reading at sampleRate. */
  frames: number;
  /** Whether this call made the speech (true) or read it from the cache. */
  made: boolean;
  /** When made: ms spent speaking and encoding. */
  making?: { speakMs: number; encodeMs: number };
  /** Where it is kept. */
  dir: string;
  /** Replays the prepared parts for a segment's text, as fast as they are taken; anything else is an error. */
  voice(provider: string, voiceId: string): Synthesizer;
  /** The prepared speech of a segment's text as one buffer, for the fakes. */
  speech: SpeechSource;
  /**
   * A drop-in for the fakes' encodeAudio that returns the prepared bytes for samples it has seen
   * (matched by content), and fails for any others rather than encode during a reading.
   */
  encode(samples: Float32Array, sampleRate: number, format: EncodedFormat): Promise<Uint8Array>;
}

interface Manifest {
  layout: number;
  sampleRate: number;
  /** Each distinct segment text once (texts repeat in long generated prose), samples in speech.f32 in this order. */
  speeches: { text: string; parts: { frames: number; words: WordTiming[] }[] }[];
  /** Per encoding ("mp3@24000"): byte length of each speech's file, in speech order. */
  encoded: Record<string, number[]>;
}

const encodingKey = (e: EncodingSpec): string => `${e.format}@${e.sampleRate}`;

export async function prepareSpeech(opts: PrepareOptions): Promise<PreparedSpeech> {
  const texts = segmentText(opts.text, { maxChars: opts.maxChars }).map((s) => s.text);
  const key = createHash('sha256')
    .update(JSON.stringify({ LAYOUT, texts, voice: opts.voice, engine: espeakVersion(), encodings: opts.encodings.map((e) => [encodingKey(e), encoderArgs(e.format)]) }))
    .digest('hex')
    .slice(0, 24);
  const dir = join(PREPARED_CACHE_DIR, key);
  const made = !existsSync(join(dir, 'manifest.json'));
  const making = made ? await make(dir, texts, opts) : undefined;
  return { ...load(dir, made, texts, opts.maxChars), ...(making ? { making } : {}) };
}

async function make(dir: string, texts: string[], opts: PrepareOptions): Promise<{ speakMs: number; encodeMs: number }> {
  const started = performance.now();
  const voice = createBuiltinVoice();
  const manifest: Manifest = { layout: LAYOUT, sampleRate: 0, speeches: [], encoded: {} };
  const audio: Float32Array[] = [];
  try {
    await voice.warmUp();
    // eSpeak's output for a text varies by a few samples with what it spoke before, so a text that
    // repeats is spoken once and that speech serves every occurrence, as the fakes' caches would.
    for (const text of new Set(texts)) {
      const parts: Manifest['speeches'][number]['parts'] = [];
      for await (const part of voice.synthesize({ text, voice: opts.voice, synthRate: 1, signal: new AbortController().signal })) {
        if (part.audio.kind !== 'pcm' || part.audio.channels !== 1) throw new Error('prepared-speech: the built-in voice must give mono PCM');
        manifest.sampleRate = part.audio.sampleRate;
        audio.push(part.audio.samples);
        parts.push({ frames: part.audio.samples.length, words: part.words });
      }
      manifest.speeches.push({ text, parts });
    }
  } finally {
    await voice.close();
  }
  const spoken = performance.now();
  // Written beside, then renamed: a run killed halfway leaves no half-made entry behind.
  const temp = `${dir}.tmp-${process.pid}`;
  rmSync(temp, { recursive: true, force: true });
  mkdirSync(temp, { recursive: true });
  // Encode what the fakes will be asked for: each segment's whole speech, resampled to the wire rate,
  // as encodeAudio would, but every segment of a format in one ffmpeg run (a process per segment
  // took most of the time on a busy machine).
  const files: Record<string, Uint8Array[]> = {};
  const bySpeech = joinSpeeches(manifest, joinFloat32(audio));
  for (const enc of opts.encodings) {
    const k = encodingKey(enc);
    files[k] = await encodeEach(bySpeech.map((samples) => resample(samples, manifest.sampleRate, enc.sampleRate)), enc, join(temp, 'encoding'));
    manifest.encoded[k] = files[k].map((f) => f.length);
  }
  rmSync(join(temp, 'encoding'), { recursive: true, force: true });
  const pcm = joinFloat32(audio);
  writeFileSync(join(temp, 'speech.f32'), new Uint8Array(pcm.buffer, pcm.byteOffset, pcm.byteLength));
  for (const [k, list] of Object.entries(files)) writeFileSync(join(temp, `${k}.bin`), concatBytes(list));
  writeFileSync(join(temp, 'manifest.json'), JSON.stringify(manifest));
  rmSync(dir, { recursive: true, force: true });
  renameSync(temp, dir);
  return { speakMs: spoken - started, encodeMs: performance.now() - spoken };
}

function load(dir: string, made: boolean, texts: string[], maxChars: number): PreparedSpeech {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  if (manifest.layout !== LAYOUT) throw new Error(`prepared-speech: ${dir} has layout ${manifest.layout}, not ${LAYOUT}`);
  const raw = readFileSync(join(dir, 'speech.f32'));
  const all = new Float32Array(raw.byteLength / 4);
  new Uint8Array(all.buffer).set(raw);
  const { sampleRate } = manifest;
  let at = 0;
  const speeches: PreparedSegment[] = manifest.speeches.map((s) => {
    const parts = s.parts.map((p) => {
      const samples = all.subarray(at, at + p.frames);
      at += p.frames;
      return { samples, words: p.words };
    });
    return { text: s.text, parts, frames: parts.reduce((n, p) => n + p.samples.length, 0) };
  });
  if (at !== all.length) throw new Error(`prepared-speech: ${dir}/speech.f32 holds ${all.length} samples, the manifest ${at}`);
  const byText = new Map(speeches.map((s) => [s.text, s]));
  const segments = texts.map((t) => byText.get(t) ?? fail(`prepared-speech: ${dir} lacks the segment "${t.slice(0, 60)}"`));

  // Prepared bytes by the content of the samples the fake will encode, per format and rate.
  const encoded = new Map<string, Uint8Array>();
  const bySpeech = joinSpeeches(manifest, all);
  for (const [k, lengths] of Object.entries(manifest.encoded)) {
    const [format, rate] = k.split('@') as [EncodedFormat, string];
    const bytes = new Uint8Array(readFileSync(join(dir, `${k}.bin`)));
    let offset = 0;
    lengths.forEach((length, i) => {
      encoded.set(contentKey(resample(bySpeech[i]!, sampleRate, Number(rate)), Number(rate), format), bytes.subarray(offset, offset + length));
      offset += length;
    });
  }

  const voice = (provider: string, voiceId: string): Synthesizer => ({
    provider,
    maxChars,
    listVoices: () => Promise.resolve([{ id: voiceId, provider, name: 'The built-in voice, prepared', languages: ['en'] }]),
    async *synthesize(req): AsyncIterable<SynthesisPart> {
      const segment = byText.get(req.text);
      if (!segment) throw new Error(`prepared-speech: no speech prepared for "${req.text.slice(0, 60)}"`);
      for (const part of segment.parts) {
        if (req.signal.aborted) return;
        yield { audio: { kind: 'pcm', sampleRate, channels: 1, samples: part.samples }, words: part.words };
        await new Promise((r) => setImmediate(r));
      }
    },
  });

  return {
    sampleRate,
    segments,
    frames: segments.reduce((n, s) => n + s.frames, 0),
    made,
    dir,
    voice,
    speech: speechFromSynthesizer(voice('prepared', 'speech'), 'speech'),
    encode(samples, rate, format) {
      const bytes = encoded.get(contentKey(samples, rate, format));
      if (!bytes) return Promise.reject(new Error(`prepared-speech: no ${format} at ${rate} Hz prepared for these ${samples.length} samples`));
      return Promise.resolve(bytes);
    },
  };
}

/** Encodes each buffer as a stream of its own, with encodeAudio's settings, in one ffmpeg run. */
async function encodeEach(pieces: Float32Array[], enc: EncodingSpec, scratch: string): Promise<Uint8Array[]> {
  mkdirSync(scratch, { recursive: true });
  const args = ['-hide_banner', '-loglevel', 'error'];
  pieces.forEach((samples, i) => {
    const input = join(scratch, `${i}.s16`);
    writeFileSync(input, encodeS16le(samples));
    args.push('-f', 's16le', '-ar', String(enc.sampleRate), '-ac', '1', '-i', input);
  });
  const outputs = pieces.map((_, i) => join(scratch, `${i}.out`));
  outputs.forEach((output, i) => args.push('-map', `${i}:a`, ...encoderArgs(enc.format), '-y', output));
  await new Promise<void>((resolve, reject) => {
    const p = spawn('ffmpeg', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    const err: Buffer[] = [];
    p.stderr.on('data', (b: Buffer) => err.push(b));
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg exited ${code}: ${Buffer.concat(err).toString()}`))));
  });
  return outputs.map((output) => new Uint8Array(readFileSync(output)));
}

/** Each speech as one buffer (views into `all`). */
function joinSpeeches(manifest: Manifest, all: Float32Array): Float32Array[] {
  let at = 0;
  return manifest.speeches.map((s) => {
    const frames = s.parts.reduce((n, p) => n + p.frames, 0);
    const view = all.subarray(at, at + frames);
    at += frames;
    return view;
  });
}

function contentKey(samples: Float32Array, rate: number, format: EncodedFormat): string {
  const hash = createHash('sha1').update(new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength)).digest('hex');
  return `${format}@${rate}:${hash}`;
}

function fail(message: string): never {
  throw new Error(message);
}

function espeakVersion(): string {
  const pkg = fileURLToPath(new URL('../../node_modules/@echogarden/espeak-ng-emscripten/package.json', import.meta.url));
  return (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
}
