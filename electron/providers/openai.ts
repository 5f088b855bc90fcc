// OpenAI-compatible speech (OpenAI, Kokoro-FastAPI, LocalAI, openedai-speech): POST {base}/audio/speech.
// Binary 24 kHz s16le `pcm` by default (no header: the easiest path to gapless playback), or `wav`,
// or `mp3` / `opus` passed on encoded;
// `stream_format: sse` sends base64 audio in `speech.audio.delta` events (`audio` or `delta` key).
// The schema has no timings, so words are estimated from the audio.
import { clampRate } from '../../shared/speed';
import type { Voice } from '../../shared/voice';
import type { SynthesisPart, SynthesisRequest, Synthesizer, VoiceRate } from '../speech/synthesizer';
import { SynthesisError } from '../speech/synthesis-error';
import { encodedWithTextTimings, withEstimatedTimings, type PcmPiece } from './estimate-timings';
import { defaultErrorReading, fetchJson, isRecord, openStream, withRetry, type ErrorBodyReading, type RetryPolicy } from './http';
import { decodeRawAudio } from './raw-audio';
import { sseEvents } from './sse';

export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';
export const OPENAI_MAX_CHARS = 4096;
/** `speed`. Automatic speed stretches, though the range is wide: a change costs a new synthesis. */
export const OPENAI_RATE: VoiceRate = { min: 0.25, max: 4, auto: false };
/** `pcm` from the OpenAI API is 24 kHz s16le mono; compatible servers follow it. */
export const OPENAI_PCM_RATE = 24000;
export const OPENAI_STANDARD_VOICES = ['alloy', 'ash', 'ballad', 'coral', 'echo', 'fable', 'onyx', 'nova', 'sage', 'shimmer', 'verse', 'marin', 'cedar'];

export interface OpenAiOptions {
  apiKey?: string;
  /** Up to and including /v1, e.g. http://localhost:8880/v1 for Kokoro-FastAPI. */
  baseUrl?: string;
  model?: string;
  /** Style prompt for gpt-4o-mini-tts. */
  instructions?: string;
  responseFormat?: 'pcm' | 'wav' | 'mp3' | 'opus';
  /** `sse` wraps the audio in server-sent events (not for tts-1 / tts-1-hd). */
  streamFormat?: 'audio' | 'sse';
  /** The sample rate of `pcm` when a server differs from OpenAI's 24 kHz. */
  pcmSampleRate?: number;
  retry?: Partial<RetryPolicy>;
  stallTimeoutMs?: number;
}

const PROVIDER = 'openai';

export function createOpenAiSynthesizer(opts: OpenAiOptions = {}): Synthesizer {
  const base = (opts.baseUrl ?? OPENAI_DEFAULT_BASE_URL).replace(/\/+$/u, '');
  const headers = (): Record<string, string> => (opts.apiKey ? { Authorization: `Bearer ${opts.apiKey}` } : {});
  const format = opts.responseFormat ?? 'pcm';
  const streamFormat = opts.streamFormat ?? 'audio';
  const pcmRate = opts.pcmSampleRate ?? OPENAI_PCM_RATE;

  async function listVoices(signal: AbortSignal = new AbortController().signal): Promise<Voice[]> {
    const toVoice = (id: string, name = id): Voice => ({ id, provider: PROVIDER, name, languages: [] });
    try {
      // Kokoro-FastAPI and LocalAI list their voices here; OpenAI itself has no such route.
      const body = await fetchJson({ provider: PROVIDER, url: `${base}/audio/voices`, headers: headers(), signal, parseErrorBody }, opts.retry);
      const list = isRecord(body) ? body['voices'] : body;
      if (Array.isArray(list)) {
        const voices = list.flatMap((v): Voice[] => {
          if (typeof v === 'string') return [toVoice(v)];
          if (isRecord(v) && typeof (v['id'] ?? v['name']) === 'string') {
            const id = String(v['id'] ?? v['name']);
            return [toVoice(id, typeof v['name'] === 'string' ? v['name'] : id)];
          }
          return [];
        });
        if (voices.length > 0) return voices;
      }
    } catch (err) {
      if (!(err instanceof SynthesisError) || (err.options.status !== 404 && err.options.status !== 405)) throw err;
      // No voice list here: check the key on /models (free), then offer the standard voices.
      try {
        await fetchJson({ provider: PROVIDER, url: `${base}/models`, headers: headers(), signal, parseErrorBody }, opts.retry);
      } catch (e) {
        if (!(e instanceof SynthesisError) || e.options.status !== 404) throw e;
      }
    }
    return OPENAI_STANDARD_VOICES.map((v) => toVoice(v));
  }

  async function* synthesize(req: SynthesisRequest): AsyncGenerator<SynthesisPart> {
    if (req.text.length > OPENAI_MAX_CHARS) throw new SynthesisError(PROVIDER, 'bad-request', `text longer than ${OPENAI_MAX_CHARS} characters`);
    const body: Record<string, unknown> = {
      model: opts.model ?? 'gpt-4o-mini-tts',
      input: req.text,
      voice: req.voice,
      response_format: format,
      speed: clampRate(req.synthRate, OPENAI_RATE),
    };
    if (opts.instructions) body['instructions'] = opts.instructions;
    if (streamFormat === 'sse') body['stream_format'] = 'sse';
    /** The audio bytes, unwrapped from SSE when the server sent events. */
    const audioBytes = async (): Promise<AsyncIterable<Uint8Array>> => {
      const res = await openStream({
        provider: PROVIDER,
        url: `${base}/audio/speech`,
        method: 'POST',
        headers: headers(),
        body,
        signal: req.signal,
        // A server that ignores stream_format answers with audio: read whichever came.
        accept: ['audio/', 'application/octet-stream', 'text/event-stream', 'binary/octet-stream'],
        parseErrorBody,
        stallTimeoutMs: opts.stallTimeoutMs,
      });
      const type = (res.headers.get('content-type') ?? '').toLowerCase();
      return type.startsWith('text/event-stream') ? sseAudio(res.body) : res.body;
    };
    if (format === 'mp3' || format === 'opus') {
      const mime = format === 'mp3' ? 'audio/mpeg' : 'audio/ogg; codecs=opus';
      yield* withRetry(PROVIDER, req.signal, opts.retry ?? {}, async function* () {
        yield* encodedWithTextTimings(PROVIDER, req.text, req.synthRate, mime, await audioBytes());
      });
      return;
    }
    const attempt = async function* (): AsyncGenerator<PcmPiece> {
      yield* decodeRawAudio(PROVIDER, await audioBytes(), 'sniff', pcmRate);
    };
    yield* withEstimatedTimings(req.text, req.synthRate, withRetry(PROVIDER, req.signal, opts.retry ?? {}, attempt));
  }

  return { provider: PROVIDER, maxChars: OPENAI_MAX_CHARS, rate: OPENAI_RATE, listVoices, synthesize };
}

/** The audio bytes inside OpenAI's speech SSE events. */
async function* sseAudio(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  for await (const ev of sseEvents(source, { stopAtDone: true })) {
    let msg: unknown;
    try {
      msg = JSON.parse(ev.data);
    } catch (err) {
      throw new SynthesisError(PROVIDER, 'server', 'malformed event in the audio stream', { cause: err });
    }
    if (!isRecord(msg)) throw new SynthesisError(PROVIDER, 'server', 'malformed event in the audio stream');
    const type = typeof msg['type'] === 'string' ? msg['type'] : ev.event;
    if (type === 'error' || isRecord(msg['error'])) {
      const reading = defaultErrorReading(msg);
      throw new SynthesisError(PROVIDER, 'server', reading?.message ?? 'error in the audio stream');
    }
    if (type === 'speech.audio.done') return;
    const b64 = typeof msg['audio'] === 'string' ? msg['audio'] : typeof msg['delta'] === 'string' ? msg['delta'] : undefined;
    if (b64 !== undefined) {
      if (!/^[A-Za-z0-9+/]*={0,2}$/u.test(b64)) throw new SynthesisError(PROVIDER, 'server', 'malformed audio in the stream');
      yield Buffer.from(b64, 'base64');
    }
    // Other event types are ignored, as the protocol allows new ones.
  }
}

/** OpenAI `{error:{message,type,code}}` and Kokoro's FastAPI `{detail:{error,message}}`. */
function parseErrorBody(status: number, body: unknown): ErrorBodyReading | undefined {
  const reading = defaultErrorReading(body);
  if (!isRecord(body)) return reading;
  const err = isRecord(body['error']) ? body['error'] : isRecord(body['detail']) ? body['detail'] : undefined;
  const code = err ? String(err['code'] ?? err['error'] ?? err['type'] ?? '') : '';
  const message = reading?.message ?? '';
  // OpenAI's "insufficient_quota" (a 429) is an empty balance, which no retry fills.
  if (code === 'insufficient_quota') return { ...reading, kind: 'billing' };
  if (code === 'rate_limit_exceeded') return { ...reading, kind: 'quota' };
  if (code === 'invalid_api_key') return { ...reading, kind: 'auth' };
  // A bad voice is a 400 here, not a 404.
  if (status === 400 && /\bvoice\b/iu.test(message) && /(not found|invalid|unknown|not supported|must be one of)/iu.test(message)) return { ...reading, kind: 'unknown-voice' };
  // A 404 on /audio/speech is a wrong base URL or model, not a voice.
  if (status === 404) return { ...reading, kind: 'bad-request' };
  return reading;
}
