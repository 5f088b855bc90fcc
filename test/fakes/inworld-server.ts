// A fake Inworld TTS (providers.md §1): POST /tts/v1/voice:stream answering newline-delimited JSON
// {"result":{...}} lines with real speech (from a SpeechSource) in LINEAR16 (a fresh WAV header on
// every chunk), PCM, MP3 or OGG_OPUS; WORD timestamps with the punctuation and whitespace tokens
// of the 1.5 models and phoneticDetails, or CHARACTER timestamps; SYNC (per chunk) or ASYNC
// (trailing timestamp-only lines); gRPC-style error bodies; the Voice API's GET /voices/v1/voices,
// a page at a time (the legacy GET /tts/v1/voices is deprecated and not served). Both body casings
// (camelCase and the examples' snake_case) are accepted. Faults come from the provider-server base.
import type { WordTiming } from '../../shared/chunk';
import { encodeS16le } from '../../shared/audio/pcm';
import { wavHeader } from '../../shared/audio/wav';
import { encodeAudio } from './encode-audio';
import { startFakeServer, type FakeProviderServer, type StreamFraming } from './provider-server';
import { resample, type SpeechSource } from './spoken-audio';
import { concatBytes } from '../../shared/bytes';

export const INWORLD_FAKE_VOICES = ['Dennis', 'Ashley', 'Alex', 'Hana'];
const RATES = [8000, 16000, 22050, 24000, 32000, 44100, 48000];
const ENCODINGS = ['LINEAR16', 'PCM', 'MP3', 'OGG_OPUS'];

export interface InworldFakeOptions {
  speech: SpeechSource;
  apiKey: string;
  /** Audio per streamed chunk (default 300 ms). */
  chunkMs?: number;
  frameDelayMs?: number;
  /** Makes MP3 / Ogg Opus from the speech (default: ffmpeg now; long tests pass bytes made beforehand). */
  encode?: typeof encodeAudio;
}

export interface InworldSwitches {
  /** Send the JSON objects back to back, with no newline (seen by one client). */
  noNewlines: boolean;
  /** How many trailing timestamp-only lines ASYNC sends (default 2). */
  asyncTimestampMessages: number;
}

/** One token of the timestamps the fake sent, times in seconds as on the wire. */
export interface SentToken {
  text: string;
  start: number;
  end: number;
  phones?: { phoneSymbol: string; startTimeSeconds: number; durationSeconds: number; visemeSymbol: string }[];
}

export interface InworldSent {
  encoding: string;
  sampleRate: number;
  /** Audio of each chunk as decoded from base64, WAV headers excluded. */
  audio: Uint8Array[];
  /** Every timestamp token sent, in order (words, punctuation, whitespace or characters). */
  tokens: SentToken[];
  /** The true words of the speech, ms. */
  words: WordTiming[];
}

export interface InworldFake extends FakeProviderServer {
  readonly switches: InworldSwitches;
  readonly sent: InworldSent[];
}

export async function startInworldFake(opts: InworldFakeOptions): Promise<InworldFake> {
  const switches: InworldSwitches = { noNewlines: false, asyncTimestampMessages: 2 };
  const sent: InworldSent[] = [];
  const line = (msg: unknown): string => JSON.stringify(msg) + (switches.noNewlines ? '' : '\n');
  const framing: StreamFraming = {
    contentType: 'application/json',
    errorFrame: () => line({ error: { code: 13, message: 'Internal error while generating audio', details: [] } }),
    malformedFrame: '{"result":{"audioContent":"AAA=",}}\n',
  };
  const authorised = (h: string | undefined): boolean => h === `Basic ${opts.apiKey}`;

  const server = await startFakeServer({
    frameDelayMs: opts.frameDelayMs,
    errorBody,
    routes: [
      {
        // The Voice API (docs.inworld.ai, "List voices", providers.md §1.8 [IVL]): pageSize, pageToken,
        // and a nextPageToken while more remain. Two voices a page here, so a client must page.
        method: 'GET',
        path: /^\/voices\/v1\/voices$/u,
        handle(ctx) {
          if (!authorised(ctx.req.headers.authorization)) return ctx.sendError(401, 'Invalid authorization credentials');
          const pageSize = Math.min(2, Number(ctx.request.query['pageSize'] ?? 2) || 2);
          const from = Number(ctx.request.query['pageToken'] ?? 0) || 0;
          const page = INWORLD_FAKE_VOICES.slice(from, from + pageSize);
          ctx.sendJson(200, {
            voices: page.map((v) => ({
              name: `workspaces/inworld/voices/${v}`,
              voiceId: v,
              langCode: 'EN_US',
              displayName: v,
              description: `${v}, a fake voice`,
              tags: ['fake'],
              source: 'SYSTEM',
              promptLanguages: ['en-US'],
            })),
            totalSize: INWORLD_FAKE_VOICES.length,
            ...(from + pageSize < INWORLD_FAKE_VOICES.length ? { nextPageToken: String(from + pageSize) } : {}),
          });
        },
      },
      {
        method: 'POST',
        path: /^\/tts\/v1\/voice:stream$/u,
        async handle(ctx) {
          if (!authorised(ctx.req.headers.authorization)) return ctx.sendError(401, 'Invalid authorization credentials');
          const b = (ctx.request.body ?? {}) as Record<string, unknown>;
          const pick = (camel: string, snake: string, from = b): unknown => from[camel] ?? from[snake];
          const text = pick('text', 'text');
          if (typeof text !== 'string' || text.length === 0) return ctx.sendError(400, 'text is required');
          if (text.length > 2000) return ctx.sendError(400, 'text must be at most 2000 characters');
          const voice = pick('voiceId', 'voice_id');
          if (!INWORLD_FAKE_VOICES.includes(String(voice))) return ctx.sendError(404, `Unknown voice: ${String(voice)}`);
          const config = (pick('audioConfig', 'audio_config') ?? {}) as Record<string, unknown>;
          const encoding = String(pick('audioEncoding', 'audio_encoding', config) ?? 'MP3');
          const rate = Number(pick('sampleRateHertz', 'sample_rate_hertz', config) ?? 48000);
          if (!ENCODINGS.includes(encoding)) return ctx.sendError(400, `The fake does not stream ${encoding}`);
          if (!RATES.includes(rate)) return ctx.sendError(400, `sampleRateHertz ${rate} is not supported`);
          const type = String(pick('timestampType', 'timestamp_type') ?? 'TIMESTAMP_TYPE_UNSPECIFIED');
          const strategy = String(pick('timestampTransportStrategy', 'timestamp_transport_strategy') ?? 'SYNC');

          const spoken = await opts.speech(text);
          const samples = resample(spoken.samples, spoken.sampleRate, rate);
          const seconds = samples.length / rate;
          const tokens = type === 'WORD' ? wordTokens(text, spoken.words) : type === 'CHARACTER' ? characterTokens(text, spoken.words) : [];

          // The audio, cut into chunks of about chunkMs.
          const perChunk = Math.max(1, Math.round(((opts.chunkMs ?? 300) / 1000) * rate));
          const count = Math.max(1, Math.ceil(samples.length / perChunk));
          let payloads: Uint8Array[];
          if (encoding === 'LINEAR16' || encoding === 'PCM') {
            payloads = Array.from({ length: count }, (_, i) => encodeS16le(samples.subarray(i * perChunk, (i + 1) * perChunk)));
          } else {
            const file = await (opts.encode ?? encodeAudio)(samples, rate, encoding === 'MP3' ? 'mp3' : 'ogg_opus');
            const size = Math.ceil(file.length / count);
            payloads = Array.from({ length: count }, (_, i) => file.subarray(i * size, (i + 1) * size)).filter((p) => p.length > 0);
          }
          sent.push({ encoding, sampleRate: rate, audio: payloads, tokens, words: spoken.words });

          const chunkOf = (t: SentToken): number => Math.min(payloads.length - 1, Math.floor((t.start / seconds) * payloads.length));
          const frames: string[] = payloads.map((p, i) => {
            const audioContent = Buffer.from(encoding === 'LINEAR16' ? concatBytes([wavHeader(rate, 1, p.length), p]) : p).toString('base64');
            const result: Record<string, unknown> = { audioContent };
            if (i === 0) result['usage'] = { processedCharactersCount: text.length, modelId: String(pick('modelId', 'model_id') ?? 'inworld-tts-1.5-max') };
            if (strategy === 'SYNC' && tokens.length > 0) result['timestampInfo'] = timestampInfo(type, tokens.filter((t) => chunkOf(t) === i));
            return line({ result });
          });
          if (strategy === 'ASYNC' && tokens.length > 0) {
            const n = Math.max(1, switches.asyncTimestampMessages);
            const per = Math.ceil(tokens.length / n);
            for (let i = 0; i < tokens.length; i += per) frames.push(line({ result: { timestampInfo: timestampInfo(type, tokens.slice(i, i + per)) } }));
          }
          return ctx.stream(framing, frames);
        },
      },
    ],
  });
  return Object.assign(server, { switches, sent });
}

function timestampInfo(type: string, tokens: SentToken[]): unknown {
  if (type === 'CHARACTER') {
    return {
      characterAlignment: {
        characters: tokens.map((t) => t.text),
        characterStartTimeSeconds: tokens.map((t) => t.start),
        characterEndTimeSeconds: tokens.map((t) => t.end),
      },
    };
  }
  return {
    wordAlignment: {
      words: tokens.map((t) => t.text),
      wordStartTimeSeconds: tokens.map((t) => t.start),
      wordEndTimeSeconds: tokens.map((t) => t.end),
      phoneticDetails: tokens.flatMap((t, wordIndex) => (t.phones ? [{ wordIndex, phones: t.phones, isPartial: false }] : [])),
    },
  };
}

const sec = (ms: number): number => Math.round(ms) / 1000;

/** The 1.5 models' WORD tokens: each word, plus the punctuation and whitespace between words. */
function wordTokens(text: string, words: WordTiming[]): SentToken[] {
  const out: SentToken[] = [];
  words.forEach((w, i) => {
    if (i > 0) {
      const gap = text.slice(words[i - 1]!.charEnd, w.charStart);
      const at = sec(words[i - 1]!.endMs);
      if (gap.trim()) out.push({ text: gap.trim(), start: at, end: at });
      if (/\s/u.test(gap)) out.push({ text: ' ', start: at, end: at });
    }
    // A voice may time several words as one ("to be"); Inworld's tokens never hold a space.
    const parts = [...text.slice(w.charStart, w.charEnd).matchAll(/\S+/gu)];
    const step = (w.endMs - w.startMs) / Math.max(1, parts.length);
    parts.forEach((m, k) => {
      const sub = { ...w, startMs: w.startMs + k * step, endMs: w.startMs + (k + 1) * step };
      if (k > 0) out.push({ text: ' ', start: sec(sub.startMs), end: sec(sub.startMs) });
      out.push({ text: m[0], start: sec(sub.startMs), end: sec(sub.endMs), phones: phones(m[0], sub) });
    });
  });
  return out;
}

/** Letters spread evenly over the word, each with a viseme of Inworld's set. */
function phones(word: string, w: WordTiming): SentToken['phones'] {
  const letters = [...word.toLowerCase()].filter((c) => /\p{L}/u.test(c));
  const step = (w.endMs - w.startMs) / Math.max(1, letters.length);
  return letters.map((c, i) => ({
    phoneSymbol: c,
    startTimeSeconds: sec(w.startMs + i * step),
    durationSeconds: sec(step),
    visemeSymbol: 'aeiu'.includes(c) ? 'aei' : c === 'o' ? 'o' : c === 'l' ? 'l' : c === 'r' ? 'r' : 'qw'.includes(c) ? 'qw' : 'cdgknstxyz',
  }));
}

/** CHARACTER tokens: every character from the first word to the last, spread over its word. */
function characterTokens(text: string, words: WordTiming[]): SentToken[] {
  const out: SentToken[] = [];
  words.forEach((w, i) => {
    if (i > 0) {
      const at = sec(words[i - 1]!.endMs);
      for (const c of text.slice(words[i - 1]!.charEnd, w.charStart)) out.push({ text: c, start: at, end: at });
    }
    const chars = [...text.slice(w.charStart, w.charEnd)];
    const step = (w.endMs - w.startMs) / Math.max(1, chars.length);
    chars.forEach((c, k) => out.push({ text: c, start: sec(w.startMs + k * step), end: sec(w.startMs + (k + 1) * step) }));
  });
  return out;
}

const grpcForStatus: Record<number, number> = { 400: 3, 401: 16, 403: 7, 404: 5, 429: 8, 500: 13, 503: 14 };

/** google.rpc.Status, as grpc-gateway writes it. */
function errorBody(status: number, message: string): unknown {
  return { code: grpcForStatus[status] ?? 2, message, details: [] };
}
