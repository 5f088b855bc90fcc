// Inworld TTS over HTTP streaming (POST /tts/v1/voice:stream): newline-delimited JSON, each line a
// {"result":{audioContent, timestampInfo?, usage?}} or an {"error":{code, message}}. LINEAR16 chunks
// each carry their own WAV header; MP3 and OGG_OPUS are byte continuations of one file. Timestamps
// come per chunk (SYNC) or in trailing timestamp-only lines (ASYNC); either way the arrays of all
// lines are concatenated, and times count from the start of the whole utterance.
import { clampRate } from '../../shared/speed';
import type { Voice } from '../../shared/voice';
import type { SynthesisPart, SynthesisRequest, Synthesizer, VoiceRate } from '../speech/synthesizer';
import { createCharacterGrouper, createWordAligner, isSpeakable, type TimedToken } from './align-words';
import { base64Bytes } from './base64';
import { createDurationCounter, type DurationCounter } from './encoded-duration';
import { SynthesisError, type SynthesisErrorKind } from '../speech/synthesis-error';
import { fetchJson, isRecord, openStream, withRetry, type ErrorBodyParser, type RetryPolicy } from './http';
import { ndjsonValues, NdjsonError } from './ndjson';
import { createPcmDecoder, type PcmDecoder } from '../../shared/audio/pcm';
import { stripWavHeader } from '../../shared/audio/wav';

export type InworldEncoding = 'LINEAR16' | 'PCM' | 'MP3' | 'OGG_OPUS';

export interface InworldOptions {
  /** The key as the Inworld portal gives it: already Base64, sent as is after "Basic". */
  apiKey: string;
  baseUrl?: string;
  modelId?: string;
  audioEncoding?: InworldEncoding;
  sampleRateHertz?: number;
  timestampType?: 'WORD' | 'CHARACTER';
  timestampTransportStrategy?: 'SYNC' | 'ASYNC';
  stallTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
}

export const INWORLD_MAX_CHARS = 2000;
/** audioConfig.speakingRate. Automatic speed stretches: a change costs a new synthesis. */
export const INWORLD_RATE: VoiceRate = { min: 0.5, max: 1.5, auto: false };
const PROVIDER = 'inworld';
const MIME: Record<'MP3' | 'OGG_OPUS', string> = { MP3: 'audio/mpeg', OGG_OPUS: 'audio/ogg; codecs=opus' };

export function createInworldSynthesizer(opts: InworldOptions): Synthesizer {
  const baseUrl = (opts.baseUrl ?? 'https://api.inworld.ai').replace(/\/+$/, '');
  const encoding = opts.audioEncoding ?? 'LINEAR16';
  const sampleRate = opts.sampleRateHertz ?? 24000;
  const headers = { Authorization: `Basic ${opts.apiKey}` };

  return {
    provider: PROVIDER,
    maxChars: INWORLD_MAX_CHARS,
    rate: INWORLD_RATE,

    // The Voice API (GET /voices/v1/voices, a page at a time), not the deprecated /tts/v1/voices.
    async listVoices(signal = new AbortController().signal): Promise<Voice[]> {
      const out: Voice[] = [];
      let pageToken: string | undefined;
      for (let page = 0; page < MAX_VOICE_PAGES; page++) {
        const query = new URLSearchParams({ pageSize: '200', ...(pageToken ? { pageToken } : {}) });
        const body = await fetchJson({ provider: PROVIDER, url: `${baseUrl}/voices/v1/voices?${query}`, headers, signal, parseErrorBody: parseInworldError }, opts.retry);
        const voices = isRecord(body) && Array.isArray(body['voices']) ? body['voices'] : [];
        for (const v of voices.filter(isRecord)) {
          const id = typeof v['voiceId'] === 'string' ? v['voiceId'] : undefined;
          if (id) out.push({ id, provider: PROVIDER, name: typeof v['displayName'] === 'string' ? v['displayName'] : id, languages: voiceLanguages(v) });
        }
        pageToken = isRecord(body) && typeof body['nextPageToken'] === 'string' && body['nextPageToken'] ? body['nextPageToken'] : undefined;
        if (!pageToken) break;
      }
      return out;
    },

    synthesize(req: SynthesisRequest): AsyncIterable<SynthesisPart> {
      const body = {
        text: req.text,
        voiceId: req.voice,
        modelId: opts.modelId ?? 'inworld-tts-1.5-max',
        audioConfig: {
          audioEncoding: encoding,
          sampleRateHertz: sampleRate,
          speakingRate: clampRate(req.synthRate, INWORLD_RATE),
        },
        timestampType: opts.timestampType ?? 'WORD',
        timestampTransportStrategy: opts.timestampTransportStrategy ?? 'SYNC',
      };
      return withRetry(PROVIDER, req.signal, opts.retry ?? {}, async function* () {
        const res = await openStream({
          provider: PROVIDER,
          url: `${baseUrl}/tts/v1/voice:stream`,
          method: 'POST',
          headers,
          body,
          signal: req.signal,
          accept: ['application/json', 'application/x-ndjson', 'text/plain'],
          parseErrorBody: parseInworldError,
          stallTimeoutMs: opts.stallTimeoutMs,
        });
        yield* inworldParts(res.body, req.text, { encoding, sampleRate });
      });
    },
  };
}

/**
 * Turns the NDJSON messages of one voice:stream response into parts. Exported for the fixture
 * tests (the literal examples of the docs) and the bench.
 */
export async function* inworldParts(
  bytes: AsyncIterable<Uint8Array>,
  text: string,
  format: { encoding: InworldEncoding; sampleRate: number },
): AsyncGenerator<SynthesisPart> {
  const aligner = createWordAligner(text);
  const chars = createCharacterGrouper();
  const audio = createAudioReader(format.encoding, format.sampleRate);
  // A last word marked isPartial ("potentially unstable") waits for the next message, which may
  // send it again, final: then the new one replaces it, so no word is aligned twice.
  let unstable: TimedToken | undefined;
  try {
    for await (const msg of ndjsonValues(bytes)) {
      if (!isRecord(msg)) throw new SynthesisError(PROVIDER, 'server', 'unexpected message in the stream');
      if (msg['error'] !== undefined && msg['error'] !== null) throw streamError(msg['error']);
      const result = msg['result'];
      if (!isRecord(result)) continue;
      let tokens = timestampTokens(result['timestampInfo'], chars);
      if (unstable && tokens.length > 0) {
        const first = tokens.find((t) => isSpeakable(t.text));
        if (!first || Math.abs(first.startMs - unstable.startMs) > 1) tokens = [unstable, ...tokens];
        unstable = undefined;
      }
      const lastWord = tokens.findLastIndex((t) => isSpeakable(t.text));
      if (lastWord >= 0 && tokens[lastWord]!.partial) unstable = tokens.splice(lastWord, 1)[0];
      const words = aligner.align(tokens);
      const content = result['audioContent'];
      const part = typeof content === 'string' && content.length > 0 ? audio.read(content) : undefined;
      if (part) yield { ...part, words };
      else if (words.length > 0) yield { ...audio.empty(), words };
    }
    const tail = aligner.align([...(unstable ? [unstable] : []), ...chars.flush()]);
    if (tail.length > 0) yield { ...audio.empty(), words: tail };
  } catch (err) {
    if (err instanceof NdjsonError) throw new SynthesisError(PROVIDER, 'server', `malformed stream: ${err.message}`, { cause: err });
    throw err;
  }
}

type AudioPart = Omit<SynthesisPart, 'words'>;

function createAudioReader(encoding: InworldEncoding, defaultRate: number): { read(b64: string): AudioPart | undefined; empty(): AudioPart } {
  let rate = defaultRate;
  let pcm: PcmDecoder | undefined;
  let counter: DurationCounter | undefined;
  const mime = encoding === 'MP3' || encoding === 'OGG_OPUS' ? MIME[encoding] : undefined;
  return {
    read(b64) {
      const bytes = base64Bytes(b64);
      if (mime) {
        counter ??= createDurationCounter(mime);
        return { audio: { kind: 'encoded', mime, bytes }, durationMs: counter!.push(bytes) };
      }
      // Every LINEAR16 chunk is a whole WAV file; its header says the true rate.
      const { format, data } = stripWavHeader(bytes);
      if (format) {
        if (format.formatTag !== 1 || format.bitsPerSample !== 16) throw new SynthesisError(PROVIDER, 'server', `unexpected WAV format ${format.formatTag}/${format.bitsPerSample}`);
        rate = format.sampleRate;
      }
      pcm ??= createPcmDecoder('s16le');
      const samples = pcm.push(data);
      if (samples.length === 0) return undefined;
      return { audio: { kind: 'pcm', sampleRate: rate, channels: 1, samples } };
    },
    empty() {
      return mime
        ? { audio: { kind: 'encoded', mime, bytes: new Uint8Array(0) }, durationMs: 0 }
        : { audio: { kind: 'pcm', sampleRate: rate, channels: 1, samples: new Float32Array(0) } };
    },
  };
}

type InworldToken = TimedToken & { partial?: boolean };

function timestampTokens(info: unknown, chars: CharacterWords): InworldToken[] {
  if (!isRecord(info)) return [];
  const wa = info['wordAlignment'];
  if (isRecord(wa)) {
    const words = strings(wa['words']);
    const starts = numbers(wa['wordStartTimeSeconds']);
    const ends = numbers(wa['wordEndTimeSeconds']);
    const phones = phonesByWord(wa['phoneticDetails']);
    return words.map((w, i) => {
      const t: InworldToken = { text: w, startMs: secondsToMs(starts[i]), endMs: secondsToMs(ends[i] ?? starts[i]) };
      const p = phones.get(i);
      if (p?.phones) t.phonemes = p.phones;
      if (p?.partial) t.partial = true;
      return t;
    });
  }
  const ca = info['characterAlignment'];
  if (isRecord(ca)) return chars.push(strings(ca['characters']), numbers(ca['characterStartTimeSeconds']).map(secondsToMs), numbers(ca['characterEndTimeSeconds']).map(secondsToMs));
  return [];
}

type CharacterWords = ReturnType<typeof createCharacterGrouper>;

function phonesByWord(details: unknown): Map<number, { phones?: NonNullable<TimedToken['phonemes']>; partial: boolean }> {
  const out = new Map<number, { phones?: NonNullable<TimedToken['phonemes']>; partial: boolean }>();
  if (!Array.isArray(details)) return out;
  for (const d of details) {
    if (!isRecord(d) || typeof d['wordIndex'] !== 'number') continue;
    const partial = d['isPartial'] === true;
    if (!Array.isArray(d['phones'])) {
      out.set(d['wordIndex'], { partial });
      continue;
    }
    out.set(d['wordIndex'], {
      partial,
      phones: d['phones'].filter(isRecord).map((p) => {
        const ph: NonNullable<TimedToken['phonemes']>[number] = {
          symbol: String(p['phoneSymbol'] ?? ''),
          startMs: secondsToMs(num(p['startTimeSeconds'])),
          durationMs: secondsToMs(num(p['durationSeconds'])),
        };
        if (typeof p['visemeSymbol'] === 'string') ph.viseme = p['visemeSymbol'];
        return ph;
      }),
    });
  }
  return out;
}

/** gRPC status codes, as Inworld's gateway reports them in error bodies and in-stream errors. */
function kindForGrpc(code: unknown): SynthesisErrorKind | undefined {
  switch (code) {
    case 3: // INVALID_ARGUMENT
    case 9: // FAILED_PRECONDITION
    case 11: // OUT_OF_RANGE
      return 'bad-request';
    case 5: // NOT_FOUND
      return 'unknown-voice';
    case 7: // PERMISSION_DENIED
    case 16: // UNAUTHENTICATED
      return 'auth';
    case 8: // RESOURCE_EXHAUSTED
      return 'quota';
    case 4: // DEADLINE_EXCEEDED
    case 10: // ABORTED
    case 13: // INTERNAL
    case 14: // UNAVAILABLE
    case 2: // UNKNOWN
      return 'server';
    default:
      return undefined;
  }
}

export const parseInworldError: ErrorBodyParser = (_status, body) => {
  if (!isRecord(body)) return undefined;
  const inner = isRecord(body['error']) ? body['error'] : body;
  const message = typeof inner['message'] === 'string' && inner['message'] ? inner['message'] : undefined;
  const kind = kindForGrpc(inner['code']);
  return message || kind ? { ...(message ? { message } : {}), ...(kind ? { kind } : {}) } : undefined;
};

function streamError(err: unknown): SynthesisError {
  const reading = isRecord(err) ? parseInworldError(0, err, '') : undefined;
  // After HTTP 200 the failure is the provider's, unless its code says otherwise (e.g. quota).
  return new SynthesisError(PROVIDER, reading?.kind ?? 'server', reading?.message ?? 'error in the stream');
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? x : String(x))) : [];
}
function numbers(v: unknown): number[] {
  return Array.isArray(v) ? v.map(num) : [];
}
function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}
function secondsToMs(s: number | undefined): number {
  return Math.max(0, (s ?? 0) * 1000);
}

/** A bound on paging (the API caps a listing at 2,000 voices). */
const MAX_VOICE_PAGES = 20;

/** BCP-47 tags of a Voice API voice: its promptLanguages, else its langCode ("EN_US" -> "en-US"). */
function voiceLanguages(v: Record<string, unknown>): string[] {
  const prompt = Array.isArray(v['promptLanguages']) ? v['promptLanguages'].filter((l): l is string => typeof l === 'string') : [];
  if (prompt.length) return prompt;
  if (typeof v['langCode'] !== 'string') return [];
  const [lang, region] = v['langCode'].split('_');
  return [region ? `${lang!.toLowerCase()}-${region.toUpperCase()}` : lang!.toLowerCase()];
}
