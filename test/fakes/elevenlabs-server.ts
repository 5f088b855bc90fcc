// A fake ElevenLabs (providers.md §6): POST /v1/text-to-speech/{voice_id}/stream/with-timestamps
// with `xi-api-key`, answering one JSON object per line: audio_base64 (raw s16le for pcm_*, or
// MP3 from ffmpeg for mp3_*) with a character `alignment` over the request text (null in a chunk
// with no characters) and a `normalized_alignment`. Errors in the `detail` envelope (404
// voice_not_found, 401 invalid_api_key, 422 validation). GET /v1/voices, GET /v1/voices/{id}/settings.
// voice_settings as the API reference describes them: "overriding stored settings for the given
// voice, applied only on the given request"; a field left out takes its documented default
// (stability 0.5, similarity_boost 0.75, style 0, use_speaker_boost true, speed 1), not the stored
// value (issue 15). Each request's settings in effect are recorded. Faults from the base.
import type { WordTiming } from '../../shared/chunk';
import { encodeS16le } from '../../shared/audio/pcm';
import { encodeAudio } from './encode-audio';
import { startFakeServer, type FakeProviderServer, type StreamFraming } from './provider-server';
import { resample, type SpeechSource } from './spoken-audio';

export const ELEVENLABS_FAKE_VOICES = [
  { voice_id: '21m00Tcm4TlvDq8ikWAM', name: 'Rachel', locale: 'en-US' },
  { voice_id: 'JBFqnCBsd6RMkjVDRZzb', name: 'George', locale: 'en-GB' },
];

export interface ElevenLabsVoiceSettings {
  stability: number;
  similarity_boost: number;
  style: number;
  use_speaker_boost: boolean;
  speed: number;
}
/** What a voice_settings object's missing fields become (the API reference's defaults). */
const SETTINGS_DEFAULTS: ElevenLabsVoiceSettings = { stability: 0.5, similarity_boost: 0.75, style: 0, use_speaker_boost: true, speed: 1 };
/** Each voice's stored settings, as its owner tuned them (unlike the defaults). */
export const ELEVENLABS_STORED_SETTINGS: Record<string, ElevenLabsVoiceSettings> = {
  '21m00Tcm4TlvDq8ikWAM': { stability: 0.31, similarity_boost: 0.9, style: 0.2, use_speaker_boost: false, speed: 1 },
  JBFqnCBsd6RMkjVDRZzb: { stability: 0.7, similarity_boost: 0.6, style: 0, use_speaker_boost: true, speed: 1 },
};
const PCM_RATES = [8000, 16000, 22050, 24000, 32000, 44100, 48000];

export interface ElevenLabsFakeOptions {
  speech: SpeechSource;
  apiKey: string;
  /** Audio per line (default 300 ms). */
  chunkMs?: number;
  frameDelayMs?: number;
}

export interface SentCharacter {
  char: string;
  start: number;
  end: number;
}

export interface ElevenLabsSent {
  outputFormat: string;
  /** The audio bytes of each line. */
  audio: Uint8Array[];
  /** Every character alignment entry sent, in order (times in seconds). */
  characters: SentCharacter[];
  truth: WordTiming[];
  /** The voice settings this request was spoken with. */
  settings: ElevenLabsVoiceSettings;
}

export interface ElevenLabsFake extends FakeProviderServer {
  readonly sent: ElevenLabsSent[];
}

export async function startElevenLabsFake(opts: ElevenLabsFakeOptions): Promise<ElevenLabsFake> {
  const sent: ElevenLabsSent[] = [];
  const framing: StreamFraming = {
    contentType: 'application/json',
    errorFrame: () => JSON.stringify({ detail: { status: 'internal_error', message: 'An internal server error occurred while generating audio.' } }) + '\n',
    malformedFrame: '{"audio_base64":AAAA,"alignment":null}\n',
  };
  const authorised = (k: string | string[] | undefined): boolean => k === opts.apiKey;

  const server = await startFakeServer({
    frameDelayMs: opts.frameDelayMs,
    errorBody,
    routes: [
      {
        method: 'GET',
        path: /^\/v1\/voices$/u,
        handle(ctx) {
          if (!authorised(ctx.req.headers['xi-api-key'])) return ctx.sendError(401, 'Invalid API key', 'invalid_api_key');
          ctx.sendJson(200, {
            voices: ELEVENLABS_FAKE_VOICES.map((v) => ({
              voice_id: v.voice_id,
              name: v.name,
              category: 'premade',
              labels: { accent: v.locale === 'en-US' ? 'american' : 'british' },
              verified_languages: [{ language: 'en', model_id: 'eleven_multilingual_v2', locale: v.locale }],
            })),
          });
        },
      },
      {
        method: 'GET',
        path: /^\/v1\/voices\/([^/]+)\/settings$/u,
        handle(ctx) {
          if (!authorised(ctx.req.headers['xi-api-key'])) return ctx.sendError(401, 'Invalid API key', 'invalid_api_key');
          const stored = ELEVENLABS_STORED_SETTINGS[ctx.params[0]!];
          if (!stored) return ctx.sendError(404, `A voice with the voice_id ${ctx.params[0]!} was not found.`, 'voice_not_found');
          ctx.sendJson(200, stored);
        },
      },
      {
        method: 'POST',
        path: /^\/v1\/text-to-speech\/([^/]+)\/stream\/with-timestamps$/u,
        async handle(ctx) {
          if (!authorised(ctx.req.headers['xi-api-key'])) return ctx.sendError(401, 'Invalid API key', 'invalid_api_key');
          const voiceId = ctx.params[0]!;
          if (!ELEVENLABS_FAKE_VOICES.some((v) => v.voice_id === voiceId)) return ctx.sendError(404, `A voice with the voice_id ${voiceId} was not found.`, 'voice_not_found');
          const b = (ctx.request.body ?? {}) as Record<string, unknown>;
          const text = b['text'];
          if (typeof text !== 'string' || text.length === 0) {
            return ctx.sendJson(422, { detail: [{ loc: ['body', 'text'], msg: 'Field required', type: 'missing' }] });
          }
          const outputFormat = ctx.url.searchParams.get('output_format') ?? 'mp3_44100_128';
          const pcmRate = /^pcm_(\d+)$/u.exec(outputFormat)?.[1];
          const mp3 = /^mp3_(\d+)_(\d+)$/u.exec(outputFormat);
          if (!(pcmRate && PCM_RATES.includes(Number(pcmRate))) && !mp3) return ctx.sendError(400, `Invalid output format ${outputFormat}`, 'invalid_output_format');
          const rate = Number(pcmRate ?? mp3![1]);

          const spoken = await opts.speech(text);
          const samples = resample(spoken.samples, spoken.sampleRate, rate);
          const seconds = samples.length / rate;
          const perChunk = Math.max(1, Math.round(((opts.chunkMs ?? 300) / 1000) * rate));
          const count = Math.max(1, Math.ceil(samples.length / perChunk));
          let audio: Uint8Array[];
          if (pcmRate) audio = Array.from({ length: count }, (_, i) => encodeS16le(samples.subarray(i * perChunk, (i + 1) * perChunk)));
          else {
            const file = await encodeAudio(samples, rate, 'mp3', Number(mp3![2]) * 1000);
            const size = Math.ceil(file.length / count);
            audio = Array.from({ length: count }, (_, i) => file.subarray(i * size, (i + 1) * size)).filter((p) => p.length > 0);
          }
          const characters = characterTimes(text, spoken.words);
          const given = b['voice_settings'];
          const settings: ElevenLabsVoiceSettings =
            given && typeof given === 'object' ? { ...SETTINGS_DEFAULTS, ...(given as Partial<ElevenLabsVoiceSettings>) } : ELEVENLABS_STORED_SETTINGS[voiceId]!;
          sent.push({ outputFormat, audio, characters, truth: spoken.words, settings });

          const chunkOf = (c: SentCharacter): number => Math.min(audio.length - 1, Math.floor((c.start / seconds) * audio.length));
          const frames = audio.map((bytes, i) => {
            const mine = characters.filter((c) => chunkOf(c) === i);
            const alignment =
              mine.length === 0
                ? null
                : { characters: mine.map((c) => c.char), character_start_times_seconds: mine.map((c) => c.start), character_end_times_seconds: mine.map((c) => c.end) };
            // The normalised text differs from the caller's (here: a leading space), as documented.
            const normalized = alignment && i === 0 ? { ...alignment, characters: [' ', ...alignment.characters.slice(0, -1)] } : alignment;
            return JSON.stringify({ audio_base64: Buffer.from(bytes).toString('base64'), alignment, normalized_alignment: normalized }) + '\n';
          });
          return ctx.stream(framing, frames);
        },
      },
    ],
  });
  return Object.assign(server, { sent });
}

/** Every character of the text, timed: spread over its word, or at the gap's time between words. */
function characterTimes(text: string, words: WordTiming[]): SentCharacter[] {
  const out: SentCharacter[] = [];
  const sec = (ms: number): number => Math.round(ms) / 1000;
  let at = 0;
  let lastEnd = 0;
  for (const w of words) {
    for (; at < w.charStart; at++) out.push({ char: text[at]!, start: sec(lastEnd), end: sec(lastEnd) });
    const n = w.charEnd - w.charStart;
    const step = (w.endMs - w.startMs) / Math.max(1, n);
    for (let k = 0; k < n; k++, at++) out.push({ char: text[at]!, start: sec(w.startMs + k * step), end: sec(w.startMs + (k + 1) * step) });
    lastEnd = w.endMs;
  }
  for (; at < text.length; at++) out.push({ char: text[at]!, start: sec(lastEnd), end: sec(lastEnd) });
  return out;
}

const statusFor: Record<number, string> = {
  400: 'invalid_request',
  401: 'invalid_api_key',
  403: 'needs_authorization',
  404: 'voice_not_found',
  429: 'too_many_concurrent_requests',
  500: 'internal_error',
  503: 'system_busy',
};

function errorBody(status: number, message: string, code?: string): unknown {
  return { detail: { status: code ?? statusFor[status] ?? 'error', message } };
}
