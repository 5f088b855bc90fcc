// Together AI speech (POST /v1/audio/speech, response_format raw). Streamed (stream:true): server-sent
// events whose JSON carries base64 PCM in `delta` (the current shape), `b64` (the SDK's
// audio.tts.chunk) or `audio` (an older guide); `conversation.item.word_timestamps` with
// alignment:"word"; errors as `error` events (or `conversation.item.tts.failed`). As the official SDK
// does, any content type but an HTML page is read as events, and `data: [DONE]` is not required: a
// stream that ends cleanly is whole, a cut connection is a network error. Cartesia models are served
// over REST only (issue 15, Together's TTS docs): their answer is the raw PCM body, read as it
// arrives, with the word timings estimated (alignment is for streams only).
import { withEstimatedTimings, type PcmPiece } from './estimate-timings';
import type { Voice } from '../../shared/voice';
import type { SynthesisPart, SynthesisRequest, Synthesizer } from '../speech/synthesizer';
import { createWordAligner } from './align-words';
import { base64Bytes } from './base64';
import { SynthesisError, type SynthesisErrorKind } from '../speech/synthesis-error';
import { fetchJson, isRecord, openStream, withRetry, type ErrorBodyParser, type RetryPolicy } from './http';
import { createPcmDecoder } from '../../shared/audio/pcm';
import { sseEvents } from './sse';
import { createWordGate } from './word-gate';

export interface TogetherOptions {
  apiKey: string;
  /** Including the version path, as the SDK takes it (default https://api.together.xyz/v1). */
  baseUrl?: string;
  model?: string;
  /** Orpheus and Kokoro always send s16le; f32le is for models that honour it (Cartesia). */
  encoding?: 's16le' | 'f32le';
  /** Orpheus and Kokoro are fixed at 24 kHz. */
  sampleRate?: number;
  /** Ask for word timestamps (alignment: "word"). Default true. */
  wordTimestamps?: boolean;
  stallTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
}

const PROVIDER = 'together';
export const TOGETHER_MAX_CHARS = 4000;
export const TOGETHER_DEFAULT_MODEL = 'canopylabs/orpheus-3b-0.1-ft';
const FIXED_PCM_MODELS = ['canopylabs/orpheus', 'hexgrad/kokoro', 'minimax/'];
/** Models Together serves over REST only: stream:true is refused. */
const REST_ONLY_MODELS = ['cartesia/'];

export function createTogetherSynthesizer(opts: TogetherOptions): Synthesizer {
  const baseUrl = (opts.baseUrl ?? 'https://api.together.xyz/v1').replace(/\/+$/, '');
  const model = opts.model ?? TOGETHER_DEFAULT_MODEL;
  // These models send s16le at 24 kHz whatever is asked; decoding by the request would be noise.
  const fixed = FIXED_PCM_MODELS.some((m) => model.toLowerCase().startsWith(m));
  const encoding = fixed ? 's16le' : (opts.encoding ?? 's16le');
  const sampleRate = fixed ? 24000 : (opts.sampleRate ?? 24000);
  const headers = { Authorization: `Bearer ${opts.apiKey}` };
  const restOnly = REST_ONLY_MODELS.some((m) => model.toLowerCase().startsWith(m));
  const pcmRequest = { response_format: 'raw', response_encoding: encoding === 's16le' ? 'pcm_s16le' : 'pcm_f32le', sample_rate: sampleRate };

  /** A REST-only model: the whole answer is raw PCM, decoded as it arrives, the words estimated. */
  function synthesizeRest(req: SynthesisRequest): AsyncIterable<SynthesisPart> {
    const body = { model, input: req.text, voice: req.voice, stream: false, ...pcmRequest };
    const attempt = async function* (): AsyncGenerator<PcmPiece> {
      const res = await openStream({
        provider: PROVIDER,
        url: `${baseUrl}/audio/speech`,
        method: 'POST',
        headers,
        body,
        signal: req.signal,
        refuse: ['text/html', 'application/json'],
        parseErrorBody: parseTogetherError,
        stallTimeoutMs: opts.stallTimeoutMs,
      });
      const pcm = createPcmDecoder(encoding);
      for await (const bytes of res.body) {
        const samples = pcm.push(bytes);
        if (samples.length > 0) yield { samples, sampleRate };
      }
    };
    return withEstimatedTimings(req.text, req.synthRate, withRetry(PROVIDER, req.signal, opts.retry ?? {}, attempt));
  }

  return {
    provider: PROVIDER,
    maxChars: TOGETHER_MAX_CHARS,

    async listVoices(signal = new AbortController().signal): Promise<Voice[]> {
      const url = `${baseUrl}/voices?model=${encodeURIComponent(model)}`;
      const body = await fetchJson({ provider: PROVIDER, url, headers, signal, parseErrorBody: parseTogetherError }, opts.retry);
      const data = isRecord(body) && Array.isArray(body['data']) ? body['data'].filter(isRecord) : [];
      return data
        .filter((d) => d['model'] === undefined || d['model'] === model)
        .flatMap((d) => (Array.isArray(d['voices']) ? d['voices'].filter(isRecord) : []))
        .flatMap((v) => {
          // The speech endpoint takes the voice's name ("tara"); ids are opaque.
          const name = typeof v['name'] === 'string' ? v['name'] : typeof v['id'] === 'string' ? v['id'] : undefined;
          return name ? [{ id: name, provider: PROVIDER, name, languages: [] }] : [];
        });
    },

    synthesize(req: SynthesisRequest): AsyncIterable<SynthesisPart> {
      if (restOnly) return synthesizeRest(req);
      const body: Record<string, unknown> = { model, input: req.text, voice: req.voice, stream: true, ...pcmRequest };
      if (opts.wordTimestamps ?? true) body['alignment'] = 'word';
      return withRetry(PROVIDER, req.signal, opts.retry ?? {}, async function* () {
        const res = await openStream({
          provider: PROVIDER,
          url: `${baseUrl}/audio/speech`,
          method: 'POST',
          headers: { ...headers, Accept: 'text/event-stream' },
          body,
          signal: req.signal,
          // The content type of the stream is not documented; the SDK reads any as events.
          refuse: ['text/html'],
          parseErrorBody: parseTogetherError,
          stallTimeoutMs: opts.stallTimeoutMs,
        });
        yield* togetherParts(res.body, req.text, { encoding, sampleRate });
      });
    },
  };
}

/** Turns the events of one streamed response into parts. Exported for fixtures and the bench. */
export async function* togetherParts(
  bytes: AsyncIterable<Uint8Array>,
  text: string,
  format: { encoding: 's16le' | 'f32le'; sampleRate: number },
): AsyncGenerator<SynthesisPart> {
  const aligner = createWordAligner(text);
  const gate = createWordGate();
  const pcm = createPcmDecoder(format.encoding);
  let audioSamples = 0;
  const audioMs = (): number => (audioSamples / format.sampleRate) * 1000;
  const part = (samples: Float32Array<ArrayBuffer>): SynthesisPart => ({
    audio: { kind: 'pcm', sampleRate: format.sampleRate, channels: 1, samples },
    words: gate.release(audioMs()),
  });

  for await (const ev of sseEvents(bytes)) {
    const data = ev.data.trim();
    if (data === '[DONE]') break;
    if (!data) continue;
    let msg: unknown;
    try {
      msg = JSON.parse(data);
    } catch (err) {
      throw new SynthesisError(PROVIDER, 'server', 'malformed event in the stream', { cause: err });
    }
    if (!isRecord(msg)) continue;
    const type = typeof msg['type'] === 'string' ? msg['type'] : ev.event;
    if (msg['error'] || type === 'error' || type === 'conversation.item.tts.failed') throw streamError(msg['error']);

    if (type === 'conversation.item.word_timestamps') {
      const words = Array.isArray(msg['words']) ? msg['words'].map(String) : [];
      const starts = Array.isArray(msg['start_seconds']) ? msg['start_seconds'].map(Number) : [];
      const ends = Array.isArray(msg['end_seconds']) ? msg['end_seconds'].map(Number) : [];
      gate.add(aligner.align(words.map((w, i) => ({ text: w, startMs: sec(starts[i]), endMs: sec(ends[i] ?? starts[i]) }))));
      const released = gate.release(audioMs());
      if (released.length > 0) yield { ...part(new Float32Array(0)), words: released };
      continue;
    }
    const b64 = [msg['delta'], msg['b64'], msg['audio']].find((v): v is string => typeof v === 'string');
    if (b64 === undefined) continue; // other event types (done markers, session info) carry nothing to play
    const samples = pcm.push(base64Bytes(b64));
    if (samples.length === 0) continue;
    audioSamples += samples.length;
    yield part(samples);
  }
  // Without [DONE] a clean end is the end; but a stream with no audio at all is no answer.
  if (audioSamples === 0) throw new SynthesisError(PROVIDER, 'server', 'the stream carried no audio');
  const rest = gate.flush();
  if (rest.length > 0) yield { ...part(new Float32Array(0)), words: rest };
}

function kindForCode(code: unknown): SynthesisErrorKind | undefined {
  const c = typeof code === 'string' ? code : '';
  if (/rate_limit|quota|insufficient|credit|spend/u.test(c)) return 'quota';
  if (/api_key|auth|unauthor|permission/u.test(c)) return 'auth';
  if (/model_not_found|voice/u.test(c)) return 'unknown-voice';
  return undefined;
}

/** OpenAI-style {error:{message,type,param,code}}; a 402 (credit or spending limit) is billing whatever its code (http.ts). */
export const parseTogetherError: ErrorBodyParser = (_status, body) => {
  const err = isRecord(body) && isRecord(body['error']) ? body['error'] : undefined;
  const message = typeof err?.['message'] === 'string' ? err['message'] : undefined;
  const kind = kindForCode(err?.['code']) ?? kindForCode(err?.['type']);
  return message || kind ? { ...(message ? { message } : {}), ...(kind ? { kind } : {}) } : undefined;
};

function streamError(err: unknown): SynthesisError {
  const e = isRecord(err) ? err : {};
  const message = typeof e['message'] === 'string' ? e['message'] : 'error in the stream';
  return new SynthesisError(PROVIDER, kindForCode(e['code']) ?? kindForCode(e['type']) ?? 'server', message);
}

function sec(s: number | undefined): number {
  return Number.isFinite(s) ? Math.max(0, s! * 1000) : 0;
}
