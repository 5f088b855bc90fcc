// Sarvam (Bulbul) HTTP streaming: POST /text-to-speech/stream with the `api-subscription-key` header
// answers with raw binary audio in the chosen codec: `wav` (default) or `linear16` (PCM plays
// gaplessly and its pauses time the words), or `mp3`, passed on encoded.
// Errors are JSON; a bad key is 403. There are no timings, so words are estimated from the audio.
import { clampRate } from '../../shared/speed';
import type { Voice } from '../../shared/voice';
import type { SynthesisPart, SynthesisRequest, Synthesizer, VoiceRate } from '../speech/synthesizer';
import { SynthesisError, type SynthesisErrorKind } from '../speech/synthesis-error';
import { encodedWithTextTimings, withEstimatedTimings, type PcmPiece } from './estimate-timings';
import { openStream, readingByErrorCode, withRetry, type ErrorBodyReading, type RetryPolicy } from './http';
import { decodeRawAudio } from './raw-audio';

export const SARVAM_DEFAULT_BASE_URL = 'https://api.sarvam.ai';
export const SARVAM_MAX_CHARS = 3500;
export const SARVAM_LANGUAGES = ['bn-IN', 'en-IN', 'gu-IN', 'hi-IN', 'kn-IN', 'ml-IN', 'mr-IN', 'od-IN', 'pa-IN', 'ta-IN', 'te-IN'];
/** Bulbul v3 speakers (Sarvam has no voice-list endpoint). */
export const SARVAM_V3_SPEAKERS = ['shubh', 'aditya', 'ritu', 'priya', 'neha', 'rahul', 'pooja', 'rohan', 'simran', 'kavya', 'amit', 'dev', 'ishita', 'shreya', 'ratan', 'varun', 'manan', 'sumit', 'roopa', 'kabir', 'aayan', 'ashutosh', 'advait', 'amelia', 'sophia', 'anand', 'tanya', 'tarun', 'sunny', 'mani', 'gokul', 'vijay', 'shruti', 'suhani', 'mohit', 'kavitha', 'rehan', 'soham', 'rupali'];
export const SARVAM_V2_SPEAKERS = ['anushka', 'abhilash', 'manisha', 'vidya', 'arya', 'karun', 'hitesh'];

export interface SarvamOptions {
  apiKey: string;
  baseUrl?: string;
  model?: 'bulbul:v3' | 'bulbul:v2';
  /** The language of the text, e.g. hi-IN (default en-IN). A voice id may also name it: `hi-IN:shubh`. */
  languageCode?: string;
  /** A pronunciation dictionary (v3). */
  dictId?: string;
  codec?: 'wav' | 'linear16' | 'mp3';
  sampleRate?: 8000 | 16000 | 22050 | 24000;
  retry?: Partial<RetryPolicy>;
  stallTimeoutMs?: number;
}

const PROVIDER = 'sarvam';
/** `pace`, by model. Automatic speed stretches: a change costs a new synthesis. */
const SARVAM_V2_RATE: VoiceRate = { min: 0.3, max: 3, auto: false };
const SARVAM_RATE: VoiceRate = { min: 0.5, max: 2, auto: false };

export function createSarvamSynthesizer(opts: SarvamOptions): Synthesizer {
  const base = (opts.baseUrl ?? SARVAM_DEFAULT_BASE_URL).replace(/\/+$/u, '');
  const model = opts.model ?? 'bulbul:v3';
  const codec = opts.codec ?? 'wav';
  const sampleRate = opts.sampleRate ?? 22050;
  const paceRange = model === 'bulbul:v2' ? SARVAM_V2_RATE : SARVAM_RATE;

  async function listVoices(): Promise<Voice[]> {
    const speakers = model === 'bulbul:v2' ? SARVAM_V2_SPEAKERS : SARVAM_V3_SPEAKERS;
    return speakers.map((id) => ({ id, provider: PROVIDER, name: id[0]!.toUpperCase() + id.slice(1), languages: [...SARVAM_LANGUAGES] }));
  }

  async function* synthesize(req: SynthesisRequest): AsyncGenerator<SynthesisPart> {
    if (req.text.length > SARVAM_MAX_CHARS) throw new SynthesisError(PROVIDER, 'bad-request', `text longer than ${SARVAM_MAX_CHARS} characters`);
    const colon = req.voice.indexOf(':');
    const speaker = colon >= 0 ? req.voice.slice(colon + 1) : req.voice;
    const language = colon >= 0 ? req.voice.slice(0, colon) : (opts.languageCode ?? 'en-IN');
    const pace = clampRate(req.synthRate, paceRange);
    const body: Record<string, unknown> = {
      text: req.text,
      target_language_code: language,
      speaker: speaker.toLowerCase(),
      model,
      pace,
      speech_sample_rate: sampleRate,
      output_audio_codec: codec,
    };
    if (opts.dictId) body['dict_id'] = opts.dictId;
    const open = () =>
      openStream({
        provider: PROVIDER,
        url: `${base}/text-to-speech/stream`,
        method: 'POST',
        headers: { 'api-subscription-key': opts.apiKey },
        body,
        signal: req.signal,
        accept: codec === 'mp3' ? ['audio/mpeg', 'audio/mp3'] : ['audio/', 'application/octet-stream'],
        parseErrorBody,
        stallTimeoutMs: opts.stallTimeoutMs,
      });
    if (codec === 'mp3') {
      yield* withRetry(PROVIDER, req.signal, opts.retry ?? {}, async function* () {
        const res = await open();
        yield* encodedWithTextTimings(PROVIDER, req.text, req.synthRate, 'audio/mpeg', res.body);
      });
      return;
    }
    const attempt = async function* (): AsyncGenerator<PcmPiece> {
      const res = await open();
      const rate = l16Rate(res.headers.get('content-type')) ?? sampleRate;
      yield* decodeRawAudio(PROVIDER, res.body, 'sniff', rate);
    };
    yield* withEstimatedTimings(req.text, req.synthRate, withRetry(PROVIDER, req.signal, opts.retry ?? {}, attempt));
  }

  return { provider: PROVIDER, maxChars: SARVAM_MAX_CHARS, rate: paceRange, listVoices, synthesize };
}


/** `audio/L16;rate=24000` names its own rate. */
function l16Rate(type: string | null): number | undefined {
  const m = /rate=(\d+)/iu.exec(type ?? '');
  return m ? Number(m[1]) : undefined;
}

const kindsByCode: Record<string, SynthesisErrorKind> = {
  invalid_api_key_error: 'auth',
  insufficient_quota_error: 'billing',
  rate_limit_exceeded_error: 'quota',
  invalid_request_error: 'bad-request',
  unprocessable_entity_error: 'bad-request',
};

/** `{"error":{"message","code"}}`; the code names the kind (a 503 may be a rate limit). */
function parseErrorBody(_status: number, body: unknown): ErrorBodyReading | undefined {
  const reading = readingByErrorCode(body, kindsByCode);
  return reading.kind === 'bad-request' && /\bspeaker\b/iu.test(reading.message ?? '') ? { ...reading, kind: 'unknown-voice' } : reading;
}
