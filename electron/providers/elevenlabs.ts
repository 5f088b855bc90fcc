// ElevenLabs streaming with timestamps (POST /v1/text-to-speech/{voice_id}/stream/with-timestamps):
// one JSON object per line (no "data:" prefix despite the OpenAPI label), each with audio_base64
// and a character `alignment` over the caller's text (`normalized_alignment` follows the
// normalised text and does not line up with it, so it is not used). Characters are grouped into
// words here. PCM output (pcm_24000 by default) keeps playback and timing simple; MP3 works too.
// voice_settings replace the voice's stored settings for the request, a field left out taking the
// API's default: so none are sent at the normal speed, and another speed is sent with the voice's
// stored settings (GET /v1/voices/{id}/settings, fetched once per voice), never alone.
import { clampRate } from '../../shared/speed';
import type { Voice } from '../../shared/voice';
import type { SynthesisPart, SynthesisRequest, Synthesizer, VoiceRate } from '../speech/synthesizer';
import { createCharacterGrouper, createWordAligner, type TimedToken } from './align-words';
import { base64Bytes } from './base64';
import { createDurationCounter } from './encoded-duration';
import { SynthesisError, type SynthesisErrorKind } from '../speech/synthesis-error';
import { fetchJson, isRecord, openStream, withRetry, type ErrorBodyParser, type RetryPolicy } from './http';
import { ndjsonValues, NdjsonError } from './ndjson';
import { createPcmDecoder } from '../../shared/audio/pcm';
import { createWordGate } from './word-gate';

export type ElevenLabsOutputFormat = `pcm_${8000 | 16000 | 22050 | 24000 | 32000 | 44100 | 48000}` | `mp3_${string}`;

export interface ElevenLabsOptions {
  apiKey: string;
  baseUrl?: string;
  modelId?: string;
  outputFormat?: ElevenLabsOutputFormat;
  stallTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
}

const PROVIDER = 'elevenlabs';
/** Under every model's limit (multilingual v2: 10,000); shorter requests also start sooner. */
export const ELEVENLABS_MAX_CHARS = 5000;
/** voice_settings.speed. Automatic speed stretches: the range is narrow and a change costs a new synthesis. */
export const ELEVENLABS_RATE: VoiceRate = { min: 0.7, max: 1.2, auto: false };

export function createElevenLabsSynthesizer(opts: ElevenLabsOptions): Synthesizer {
  const baseUrl = (opts.baseUrl ?? 'https://api.elevenlabs.io').replace(/\/+$/, '');
  const outputFormat = opts.outputFormat ?? 'pcm_24000';
  // Refused here rather than after a request has been paid for.
  if (!/^(pcm_\d+|mp3_\d+_\d+)$/u.test(outputFormat)) throw new Error(`ElevenLabs output format ${outputFormat} is not supported (use pcm_* or mp3_*)`);
  const headers = { 'xi-api-key': opts.apiKey };
  const storedSettings = new Map<string, Promise<Record<string, unknown>>>();

  /** A voice's stored settings, once; a failed fetch is forgotten so the next request asks again. */
  function settingsOf(voice: string, signal: AbortSignal): Promise<Record<string, unknown>> {
    let got = storedSettings.get(voice);
    if (!got) {
      got = fetchJson({ provider: PROVIDER, url: `${baseUrl}/v1/voices/${encodeURIComponent(voice)}/settings`, headers, signal, parseErrorBody: parseElevenLabsError }, opts.retry).then(
        (body) => (isRecord(body) ? body : {}),
      );
      storedSettings.set(voice, got);
      got.catch(() => storedSettings.delete(voice));
    }
    return got;
  }

  return {
    provider: PROVIDER,
    maxChars: ELEVENLABS_MAX_CHARS,
    rate: ELEVENLABS_RATE,

    async listVoices(signal = new AbortController().signal): Promise<Voice[]> {
      const body = await fetchJson({ provider: PROVIDER, url: `${baseUrl}/v1/voices`, headers, signal, parseErrorBody: parseElevenLabsError }, opts.retry);
      const voices = isRecord(body) && Array.isArray(body['voices']) ? body['voices'].filter(isRecord) : [];
      return voices.flatMap((v) => {
        const id = typeof v['voice_id'] === 'string' ? v['voice_id'] : undefined;
        if (!id) return [];
        const verified = Array.isArray(v['verified_languages']) ? v['verified_languages'].filter(isRecord) : [];
        const languages = [...new Set(verified.map((l) => l['locale'] ?? l['language']).filter((l): l is string => typeof l === 'string'))];
        return [{ id, provider: PROVIDER, name: typeof v['name'] === 'string' ? v['name'] : id, languages }];
      });
    },

    synthesize(req: SynthesisRequest): AsyncIterable<SynthesisPart> {
      const speed = clampRate(req.synthRate, ELEVENLABS_RATE);
      const body: Record<string, unknown> = { text: req.text, model_id: opts.modelId ?? 'eleven_multilingual_v2' };
      const url = `${baseUrl}/v1/text-to-speech/${encodeURIComponent(req.voice)}/stream/with-timestamps?output_format=${encodeURIComponent(outputFormat)}`;
      return withRetry(PROVIDER, req.signal, opts.retry ?? {}, async function* () {
        if (speed !== 1) body['voice_settings'] = { ...(await settingsOf(req.voice, req.signal)), speed };
        const res = await openStream({
          provider: PROVIDER,
          url,
          method: 'POST',
          headers,
          body,
          signal: req.signal,
          accept: ['application/json', 'application/x-ndjson', 'text/event-stream', 'text/plain'],
          parseErrorBody: parseElevenLabsError,
          stallTimeoutMs: opts.stallTimeoutMs,
        });
        yield* elevenLabsParts(res.body, req.text, outputFormat);
      });
    },
  };
}

/** Turns the lines of one streamed response into parts. Exported for fixtures and the bench. */
export async function* elevenLabsParts(bytes: AsyncIterable<Uint8Array>, text: string, outputFormat: string): AsyncGenerator<SynthesisPart> {
  const pcmRate = /^pcm_(\d+)$/u.exec(outputFormat)?.[1];
  const mime = outputFormat.startsWith('mp3_') ? 'audio/mpeg' : undefined;
  if (!pcmRate && !mime) throw new SynthesisError(PROVIDER, 'bad-request', `output format ${outputFormat} is not supported`);
  const sampleRate = Number(pcmRate ?? 0);
  const pcm = createPcmDecoder('s16le');
  const counter = mime ? createDurationCounter(mime) : undefined;
  const aligner = createWordAligner(text);
  const gate = createWordGate();
  const chars = createAlignmentGrouper();
  let audioMs = 0;

  try {
    for await (const msg of ndjsonValues(bytes)) {
      if (!isRecord(msg)) continue;
      if (typeof msg['audio_base64'] !== 'string' && (msg['detail'] !== undefined || msg['error'] !== undefined)) throw streamError(msg);
      const chunkStartMs = audioMs;
      let part: Omit<SynthesisPart, 'words'> | undefined;
      if (typeof msg['audio_base64'] === 'string' && msg['audio_base64'].length > 0) {
        const audio = base64Bytes(msg['audio_base64']);
        if (mime) {
          const durationMs = counter!.push(audio);
          audioMs += durationMs;
          part = { audio: { kind: 'encoded', mime, bytes: audio }, durationMs };
        } else {
          const samples = pcm.push(audio);
          audioMs += (samples.length / sampleRate) * 1000;
          if (samples.length > 0) part = { audio: { kind: 'pcm', sampleRate, channels: 1, samples } };
        }
      }
      const a = msg['alignment'];
      if (isRecord(a)) gate.add(aligner.align(chars.push(a, chunkStartMs)));
      const words = gate.release(audioMs);
      if (part) yield { ...part, words };
      else if (words.length > 0) yield { ...empty(mime, sampleRate), words };
    }
  } catch (err) {
    if (err instanceof NdjsonError) throw new SynthesisError(PROVIDER, 'server', `malformed stream: ${err.message}`, { cause: err });
    throw err;
  }
  gate.add(aligner.align(chars.flush()));
  const rest = gate.flush();
  if (rest.length > 0) yield { ...empty(mime, sampleRate), words: rest };
}

function empty(mime: string | undefined, sampleRate: number): Omit<SynthesisPart, 'words'> {
  return mime
    ? { audio: { kind: 'encoded', mime, bytes: new Uint8Array(0) }, durationMs: 0 }
    : { audio: { kind: 'pcm', sampleRate, channels: 1, samples: new Float32Array(0) } };
}

/**
 * ElevenLabs alignment to word tokens. Times are from the start of the utterance; should a chunk's
 * times restart (they go backwards), they are taken as relative to that chunk's audio.
 */
function createAlignmentGrouper() {
  const words = createCharacterGrouper();
  let lastEndMs = 0;
  return {
    push(a: Record<string, unknown>, chunkStartMs: number): TimedToken[] {
      const chars = Array.isArray(a['characters']) ? a['characters'].map(String) : [];
      const starts = Array.isArray(a['character_start_times_seconds']) ? a['character_start_times_seconds'].map(Number) : [];
      const ends = Array.isArray(a['character_end_times_seconds']) ? a['character_end_times_seconds'].map(Number) : [];
      const offset = chars.length > 0 && (starts[0] ?? 0) * 1000 < lastEndMs - 1 ? chunkStartMs : 0;
      const startsMs = chars.map((_, i) => offset + ms(starts[i]));
      const endsMs = chars.map((_, i) => offset + ms(ends[i] ?? starts[i]));
      for (const e of endsMs) lastEndMs = Math.max(lastEndMs, e - offset);
      return words.push(chars, startsMs, endsMs);
    },
    flush: () => words.flush(),
  };
}

function kindForDetail(status: unknown, httpStatus: number): SynthesisErrorKind | undefined {
  const s = typeof status === 'string' ? status : '';
  if (/voice_not_found|model_not_found/u.test(s)) return 'unknown-voice';
  // "quota_exceeded" (a 401) means the plan's credits are spent: no retry helps.
  if (/quota_exceeded|credits|payment/u.test(s)) return 'billing';
  if (/quota|too_many|rate_limit|system_busy/u.test(s)) return 'quota';
  if (/api_key|authori|unauthor/u.test(s)) return 'auth';
  if (/not_allowed|invalid|unsupported/u.test(s)) return 'bad-request';
  if (httpStatus === 422) return 'bad-request';
  return undefined;
}

/** {"detail":{"status","message"}}, or FastAPI's {"detail":[{"msg"}]} for validation. */
export const parseElevenLabsError: ErrorBodyParser = (status, body) => {
  if (!isRecord(body)) return undefined;
  const detail = body['detail'];
  if (isRecord(detail)) {
    const message = typeof detail['message'] === 'string' ? detail['message'] : undefined;
    const kind = kindForDetail(detail['status'], status);
    return { ...(message ? { message } : {}), ...(kind ? { kind } : {}) };
  }
  if (Array.isArray(detail) && isRecord(detail[0])) return { kind: 'bad-request', message: String(detail[0]['msg'] ?? 'invalid request') };
  if (typeof detail === 'string') return { message: detail };
  return undefined;
};

function streamError(msg: Record<string, unknown>): SynthesisError {
  const reading = parseElevenLabsError(200, msg, '') ?? (isRecord(msg['error']) ? { message: String(msg['error']['message'] ?? '') } : undefined);
  return new SynthesisError(PROVIDER, reading?.kind ?? 'server', reading?.message || 'error in the stream');
}

function ms(s: number | undefined): number {
  return Number.isFinite(s) ? Math.max(0, s! * 1000) : 0;
}
