// AI TTS Microservice streaming, a two-step flow: POST /api/v1/tts/stream creates a job (HTTP 202)
// whose answer carries a single-use, short-lived `stream_url`; GET on it streams the audio. A cache
// hit (or an idempotent replay) has no stream_url: the finished audio comes from the job's
// `audio_endpoint`. The same durable file rescues a live stream that is refused, expired or cut:
// "what streams is what gets saved", so the client skips the bytes it already has and carries on.
// Every POST carries an Idempotency-Key, the same on every retry of one segment, so a retry never
// pays twice. Streaming limits are in UTF-8 bytes per upstream provider; longer text is sent as
// several jobs, one after the other. No timings: words are estimated from the audio.
import { randomUUID } from 'node:crypto';
import { clampRate } from '../../shared/speed';
import type { Voice } from '../../shared/voice';
import type { SynthesisPart, SynthesisRequest, Synthesizer, VoiceRate } from '../speech/synthesizer';
import { SynthesisError, type SynthesisErrorKind } from '../speech/synthesis-error';
import { encodedWithTextTimings, withEstimatedTimings, type PcmPiece } from './estimate-timings';
import { fetchJson, isRecord, openStream, readingByErrorCode, sleep, type ErrorBodyReading, type RetryPolicy } from './http';
import { RawAudioDecoder } from './raw-audio';

export const AITTS_DEFAULT_BASE_URL = 'https://aitts.theproductivepixel.com';
/** Streaming maximum in UTF-8 bytes, per upstream provider (the voice id's prefix). */
export const AITTS_STREAM_BYTE_LIMITS: Record<string, number> = { google: 5000, polly: 3000, kokoro: 5000, gemini: 4000 };
const DEFAULT_BYTE_LIMIT = 3000;
/** What one segment may be: the smallest byte limit, so ASCII text never needs a second job. */
export const AITTS_MAX_CHARS = 3000;
/** `speed` (Google's streaming tops out at 2x). Automatic speed stretches: a change costs a new synthesis. */
export const AITTS_RATE: VoiceRate = { min: 0.25, max: 2, auto: false };

/**
 * Whether a voice takes `speed`: Polly premium and ultra voices and Google ultra voices refuse it with
 * a 400 (the service's provider capabilities). `modelType` is from the voice list, when it was read.
 */
export function aittsVoiceTakesSpeed(voiceId: string, modelType: string | undefined): boolean {
  const upstream = voiceId.slice(0, voiceId.indexOf(':'));
  if (upstream === 'polly') return false;
  return !(upstream === 'google' && modelType === 'ultra');
}

const ENCODED_MIME: Record<string, string> = { mp3: 'audio/mpeg', ogg_opus: 'audio/ogg; codecs=opus' };

export interface AittsOptions {
  apiKey: string;
  baseUrl?: string;
  /** `wav` (PCM in RIFF) or bare `pcm` (gapless, and their pauses time the words); or `mp3` / `ogg_opus`, passed on encoded. */
  outputFormat?: 'wav' | 'pcm' | 'mp3' | 'ogg_opus';
  sampleRateHertz?: number;
  retry?: Partial<RetryPolicy>;
  stallTimeoutMs?: number;
  /** How long to wait for a job to complete before fetching its durable audio. */
  jobTimeoutMs?: number;
  /** Idempotency keys (a fresh one per segment); injectable for tests. */
  newKey?: () => string;
}

export interface StreamJob {
  jobId: string;
  status: string;
  pollUrl: string;
  audioEndpoint: string;
  streamUrl?: string;
  transportFormat?: string;
  transportSampleRate?: number;
}

const PROVIDER = 'aitts';

export function createAittsSynthesizer(opts: AittsOptions): Synthesizer {
  const base = (opts.baseUrl ?? AITTS_DEFAULT_BASE_URL).replace(/\/+$/u, '');
  const auth = { Authorization: `Bearer ${opts.apiKey}` };
  const format = opts.outputFormat ?? 'wav';
  const newKey = opts.newKey ?? randomUUID;
  const abs = (path: string): string => new URL(path, `${base}/`).toString();
  /** Each listed voice's model type (premium, ultra), for which voices take speed. */
  const modelTypes = new Map<string, string>();
  const takesSpeed = (voice: string) => aittsVoiceTakesSpeed(voice, modelTypes.get(voice));

  async function listVoices(signal: AbortSignal = new AbortController().signal): Promise<Voice[]> {
    const body = await fetchJson({ provider: PROVIDER, url: `${base}/api/v1/voices`, headers: auth, signal, parseErrorBody }, opts.retry);
    const voices = unwrap(body)['voices'];
    if (!Array.isArray(voices)) throw new SynthesisError(PROVIDER, 'server', 'malformed voice list');
    return voices.flatMap((v): Voice[] => {
      if (!isRecord(v) || typeof v['voice_id'] !== 'string') return [];
      if (typeof v['model_type'] === 'string') modelTypes.set(v['voice_id'], v['model_type']);
      const name = typeof v['name'] === 'string' ? v['name'] : v['voice_id'];
      const family = typeof v['family'] === 'string' ? ` (${v['family']})` : '';
      const languages = typeof v['language'] === 'string' ? [v['language']] : [];
      return [{ id: v['voice_id'], provider: PROVIDER, name: `${name}${family}`, languages }];
    });
  }

  async function createJob(text: string, voice: string, rate: number, key: string, signal: AbortSignal): Promise<StreamJob> {
    const body: Record<string, unknown> = { text, voice_id: voice, output_format: format };
    // Only where the voice takes it, and only when it changes anything: some voices refuse it outright.
    const speed = clampRate(rate, AITTS_RATE);
    if (speed !== 1 && takesSpeed(voice)) body['speed'] = speed;
    if (opts.sampleRateHertz) body['sample_rate_hertz'] = opts.sampleRateHertz;
    // fetchJson retries 429/5xx with the same headers: the same Idempotency-Key, so no double charge.
    const res = await fetchJson(
      { provider: PROVIDER, url: `${base}/api/v1/tts/stream`, method: 'POST', headers: { ...auth, 'Idempotency-Key': key }, body, signal, parseErrorBody },
      // A lost answer is safe to ask again for: the key makes the server return the same job.
      { retryOn: ['quota', 'server', 'network'], ...opts.retry },
    );
    return parseStreamJob(res);
  }

  /** Polls the job until it has completed (its durable audio exists). */
  async function waitForCompletion(job: StreamJob, signal: AbortSignal): Promise<void> {
    if (job.status === 'completed') return;
    const until = Date.now() + (opts.jobTimeoutMs ?? 120_000);
    for (let delay = 100; ; delay = Math.min(1000, delay * 2)) {
      const d = unwrap(await fetchJson({ provider: PROVIDER, url: abs(job.pollUrl), headers: auth, signal, parseErrorBody }, opts.retry));
      if (d['status'] === 'completed') return;
      if (d['status'] === 'failed') {
        const err = isRecord(d['error']) && typeof d['error']['message'] === 'string' ? d['error']['message'] : 'the job failed';
        throw new SynthesisError(PROVIDER, 'server', err);
      }
      if (Date.now() + delay > until) throw new SynthesisError(PROVIDER, 'stalled', 'the job did not complete in time');
      await sleep(delay, signal);
    }
  }

  /** The job's audio bytes: live if it can, then (or else) from the durable file, never twice. */
  async function* jobBytes(job: StreamJob, signal: AbortSignal, onDurable: () => void): AsyncGenerator<Uint8Array> {
    if (job.streamUrl) {
      try {
        // A pre-signed URL: no Authorization header.
        const res = await openStream({
          provider: PROVIDER,
          url: job.streamUrl,
          signal,
          accept: ['audio/', 'application/octet-stream'],
          parseErrorBody,
          stallTimeoutMs: opts.stallTimeoutMs,
        });
        yield* res.body;
        return;
      } catch (err) {
        if (signal.aborted || !(err instanceof SynthesisError)) throw err;
        // Refused (used, expired), wrong type, cut or stalled: the durable file has it all.
      }
    }
    await waitForCompletion(job, signal);
    onDurable();
    const res = await openStream({
      provider: PROVIDER,
      url: abs(job.audioEndpoint),
      headers: auth,
      signal,
      accept: ['audio/', 'application/octet-stream', 'binary/octet-stream'],
      parseErrorBody,
      stallTimeoutMs: opts.stallTimeoutMs,
    });
    // The durable file starts over; the decoder is told, so it can skip what it has played.
    yield* res.body;
  }

  /** One job's parts: PCM decoded (words from its pauses), or MP3/Opus passed on encoded. */
  async function* jobParts(text: string, voice: string, rate: number, signal: AbortSignal): AsyncGenerator<SynthesisPart> {
    const job = await createJob(text, voice, rate, newKey(), signal);
    const transport = job.transportFormat ?? format;
    if (transport === 'wav' || transport === 'pcm') {
      const decoder = new RawAudioDecoder(PROVIDER, transport, job.transportSampleRate ?? opts.sampleRateHertz ?? 24000);
      const pieces = async function* (): AsyncGenerator<PcmPiece> {
        for await (const bytes of jobBytes(job, signal, () => decoder.restart())) {
          const piece = decoder.push(bytes);
          if (piece.samples.length > 0) yield piece;
        }
        const tail = decoder.end();
        if (tail.samples.length > 0) yield tail;
      };
      yield* withEstimatedTimings(text, rate, pieces());
      return;
    }
    const mime = ENCODED_MIME[transport];
    if (!mime) throw new SynthesisError(PROVIDER, 'bad-request', `unsupported stream format "${transport}"`);
    // The durable file starts over: skip exactly the bytes already passed on.
    let delivered = 0;
    let skip = 0;
    const bytes = async function* (): AsyncGenerator<Uint8Array> {
      for await (const b of jobBytes(job, signal, () => (skip = delivered))) {
        const n = Math.min(skip, b.byteLength);
        skip -= n;
        if (b.byteLength > n) {
          delivered += b.byteLength - n;
          yield b.subarray(n);
        }
      }
      if (skip > 0) throw new SynthesisError(PROVIDER, 'server', 'the saved audio is shorter than the stream');
    };
    yield* encodedWithTextTimings(PROVIDER, text, rate, mime, bytes());
  }

  async function* synthesize(req: SynthesisRequest): AsyncGenerator<SynthesisPart> {
    const limit = AITTS_STREAM_BYTE_LIMITS[req.voice.split(':')[0] ?? ''] ?? DEFAULT_BYTE_LIMIT;
    // Each job's word times count from its own audio: shift them by the audio of the jobs before.
    let jobStartMs = 0;
    for (const piece of splitUtf8(req.text, limit)) {
      let jobMs = 0;
      for await (const part of jobParts(piece.text, req.voice, req.synthRate, req.signal)) {
        const words = part.words.map((w) => ({ ...w, charStart: w.charStart + piece.offset, charEnd: w.charEnd + piece.offset, startMs: w.startMs + jobStartMs, endMs: w.endMs + jobStartMs }));
        yield { ...part, words };
        jobMs += part.audio.kind === 'pcm' ? (part.audio.samples.length / part.audio.sampleRate) * 1000 : (part.durationMs ?? 0);
      }
      jobStartMs += jobMs;
    }
  }

  return { provider: PROVIDER, maxChars: AITTS_MAX_CHARS, rate: AITTS_RATE, rateOf: (voice) => (takesSpeed(voice) ? AITTS_RATE : undefined), listVoices, synthesize };
}

/** Splits text into pieces of at most `limit` UTF-8 bytes, at sentence ends, else at spaces. */
export function splitUtf8(text: string, limit: number): { text: string; offset: number }[] {
  const enc = new TextEncoder();
  const out: { text: string; offset: number }[] = [];
  let from = 0;
  while (from < text.length) {
    if (enc.encode(text.slice(from)).length <= limit) {
      out.push({ text: text.slice(from), offset: from });
      break;
    }
    // The longest prefix within the limit (counting bytes char by char).
    let bytes = 0;
    let end = from;
    while (end < text.length) {
      const cp = text.codePointAt(end)!;
      const len = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      if (bytes + len > limit) break;
      bytes += len;
      end += cp > 0xffff ? 2 : 1;
    }
    const window = text.slice(from, end);
    let cut = -1;
    for (const m of window.matchAll(/[.!?…]["'”’)\]]*\s+|[。！？।॥]["'”’)\]]*\s*/gu)) cut = m.index + m[0].length;
    if (cut <= 0) cut = window.lastIndexOf(' ') + 1;
    if (cut <= 0) cut = window.length;
    out.push({ text: text.slice(from, from + cut), offset: from });
    from += cut;
  }
  return out;
}

/** The 202 answer of POST /tts/stream (a cache hit or a replay has no stream_url). */
export function parseStreamJob(body: unknown): StreamJob {
  const d = unwrap(body);
  if (typeof d['job_id'] !== 'string') throw new SynthesisError(PROVIDER, 'server', 'the job answer has no job_id');
  const jobId = d['job_id'];
  const str = (k: string): string | undefined => (typeof d[k] === 'string' && d[k] ? d[k] : undefined);
  return {
    jobId,
    status: str('status') ?? 'pending',
    pollUrl: str('poll_url') ?? `/api/v1/tts/${jobId}`,
    audioEndpoint: str('audio_endpoint') ?? `/api/v1/tts/${jobId}/audio`,
    streamUrl: str('stream_url'),
    transportFormat: str('transport_format'),
    transportSampleRate: typeof d['transport_sample_rate_hertz'] === 'number' ? d['transport_sample_rate_hertz'] : undefined,
  };
}

function unwrap(body: unknown): Record<string, unknown> {
  if (!isRecord(body)) throw new SynthesisError(PROVIDER, 'server', 'malformed answer');
  if (body['success'] === false) {
    const reading = parseErrorBody(200, body);
    throw new SynthesisError(PROVIDER, reading?.kind ?? 'server', reading?.message ?? 'the request failed');
  }
  const data = body['data'];
  if (!isRecord(data)) throw new SynthesisError(PROVIDER, 'server', 'malformed answer');
  return data;
}

const kindsByCode: Record<string, SynthesisErrorKind> = {
  UNAUTHORIZED: 'auth',
  INVALID_API_KEY: 'auth',
  RATE_LIMITED: 'quota',
  INSUFFICIENT_CREDITS: 'billing',
  VOICE_NOT_FOUND: 'unknown-voice',
  PROVIDER_DISABLED: 'bad-request',
  PROMPT_NOT_SUPPORTED: 'bad-request',
  TEXT_TOO_LONG: 'bad-request',
};

/** `{"success":false,"error":{"code","message"}}`. */
function parseErrorBody(_status: number, body: unknown): ErrorBodyReading | undefined {
  return readingByErrorCode(body, kindsByCode);
}

