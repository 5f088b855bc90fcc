// A fake OpenAI-compatible speech server: POST /v1/audio/speech answering with binary audio (`pcm`
// 24 kHz s16le, or `wav`) or, with `stream_format: "sse"`, `speech.audio.delta` events; GET
// /v1/audio/voices (Kokoro-FastAPI style, switchable off as on OpenAI itself) and /v1/models.
// Switches cover the quirks of compatible servers (the `delta` key, `event:` lines, keepalives,
// a `[DONE]`, a server that ignores stream_format) and, through the base, every fault.
import { encodeS16le } from '../../shared/audio/pcm';
import { wavHeader } from '../../shared/audio/wav';
import { encodeAudio } from './encode-audio';
import { splitBytes, startFakeServer, type FakeContext, type FakeProviderServer } from './provider-server';
import { resample, type SpeechSource } from './spoken-audio';

export const OPENAI_FAKE_VOICES = ['alloy', 'ash', 'ballad', 'coral', 'echo', 'fable', 'onyx', 'nova', 'sage', 'shimmer', 'verse', 'marin', 'cedar'];

export interface OpenAiFakeOptions {
  speech: SpeechSource;
  /** Required Bearer key; undefined accepts any (local servers often have none). */
  apiKey?: string;
  /** Serve GET /v1/audio/voices (Kokoro-FastAPI does, OpenAI does not). */
  voiceList?: boolean;
  /** Bytes of audio per frame (default 4800 = 100 ms of 24 kHz s16le). */
  frameBytes?: number;
  frameDelayMs?: number;
  /** A fixed port (see FakeServerOptions.port). */
  port?: number;
}

export interface OpenAiSwitches {
  /** SSE audio key: `audio` (OpenAI) or `delta` (some compatible servers). */
  sseKey: 'audio' | 'delta';
  /** Add `event:` lines and `: keepalive` comments, as some servers do. */
  sseEventLines: boolean;
  /** End the SSE stream with `data: [DONE]`. */
  sseDone: boolean;
  /** Answer with binary audio even when SSE was asked for. */
  ignoreStreamFormat: boolean;
}

export interface OpenAiFake extends FakeProviderServer {
  readonly switches: OpenAiSwitches;
  /** Base URL for clients (ends in /v1). */
  readonly baseUrl: string;
  /** The audio bytes sent for each speech request, in order (s16le samples, or the MP3/Opus file). */
  readonly sentAudio: Uint8Array[];
}

export const OPENAI_PCM_RATE = 24000;

export async function startOpenAiFake(opts: OpenAiFakeOptions): Promise<OpenAiFake> {
  const switches: OpenAiSwitches = { sseKey: 'audio', sseEventLines: false, sseDone: false, ignoreStreamFormat: false };
  const sentAudio: Uint8Array[] = [];
  const frameBytes = opts.frameBytes ?? 4800;

  const authorized = (ctx: FakeContext): boolean => {
    if (opts.apiKey === undefined || ctx.req.headers.authorization === `Bearer ${opts.apiKey}`) return true;
    ctx.sendJson(401, errorBody(401, 'Incorrect API key provided.', 'invalid_api_key'));
    return false;
  };

  const server = await startFakeServer({
    frameDelayMs: opts.frameDelayMs,
    ...(opts.port !== undefined ? { port: opts.port } : {}),
    errorBody,
    routes: [
      {
        method: 'POST',
        path: /^\/v1\/audio\/speech$/u,
        async handle(ctx) {
          if (!authorized(ctx)) return;
          const body = ctx.request.body as Record<string, unknown> | undefined;
          const input = body?.['input'];
          const voice = body?.['voice'];
          const model = String(body?.['model'] ?? '');
          const format = body?.['response_format'] ?? 'mp3';
          const sse = body?.['stream_format'] === 'sse' && !switches.ignoreStreamFormat;
          if (typeof input !== 'string' || input.length === 0) return ctx.sendError(400, "Missing required parameter: 'input'.", 'missing_required_parameter');
          if (input.length > 4096) return ctx.sendError(400, 'String should have at most 4096 characters', 'string_above_max_length');
          if (typeof voice !== 'string' || !OPENAI_FAKE_VOICES.includes(voice)) return ctx.sendError(400, `Invalid voice '${String(voice)}'. Voice must be one of ${OPENAI_FAKE_VOICES.join(', ')}.`, 'invalid_value');
          if (format !== 'pcm' && format !== 'wav' && format !== 'mp3' && format !== 'opus') return ctx.sendError(400, `The fake speaks pcm, wav, mp3 and opus, not ${String(format)}.`, 'invalid_value');
          if (body?.['stream_format'] === 'sse' && /^tts-1/u.test(model)) return ctx.sendError(400, 'stream_format sse is not supported for tts-1 models.', 'invalid_value');

          const spoken = await opts.speech(input);
          const at24k = resample(spoken.samples, spoken.sampleRate, OPENAI_PCM_RATE);
          const encoded = format === 'mp3' || format === 'opus';
          const audio = encoded ? await encodeAudio(at24k, OPENAI_PCM_RATE, format === 'mp3' ? 'mp3' : 'ogg_opus') : encodeS16le(at24k);
          sentAudio.push(audio);
          const audioFrames = splitBytes(audio, encoded ? 1500 : frameBytes);
          if (!sse) {
            const frames = format === 'wav' ? [wavHeader(OPENAI_PCM_RATE, 1, 0xffffffff), ...audioFrames] : audioFrames;
            const type = { pcm: 'audio/pcm', wav: 'audio/wav', mp3: 'audio/mpeg', opus: 'audio/opus' }[format];
            return ctx.stream(binaryFraming(ctx, type), frames);
          }
          const event = (type: string, payload: object): string =>
            `${switches.sseEventLines ? `: keepalive\n\nevent: ${type}\n` : ''}data: ${JSON.stringify({ type, ...payload })}\n\n`;
          const frames = [
            ...audioFrames.map((f) => event('speech.audio.delta', { [switches.sseKey]: Buffer.from(f).toString('base64') })),
            event('speech.audio.done', { usage: { input_tokens: input.length, output_tokens: audioFrames.length, total_tokens: input.length + audioFrames.length } }),
            ...(switches.sseDone ? ['data: [DONE]\n\n'] : []),
          ];
          return ctx.stream(
            {
              contentType: 'text/event-stream',
              errorFrame: () => `data: ${JSON.stringify({ type: 'error', error: { message: 'The server had an error while processing your request.', type: 'server_error', code: 'internal_error' } })}\n\n`,
              malformedFrame: 'data: {"type":"speech.audio.delta","audio":\n\n',
            },
            frames,
          );
        },
      },
      {
        method: 'GET',
        path: /^\/v1\/audio\/voices$/u,
        handle(ctx) {
          if (!authorized(ctx)) return;
          if (!opts.voiceList) return ctx.sendError(404, 'Invalid URL (GET /v1/audio/voices)');
          ctx.sendJson(200, { voices: OPENAI_FAKE_VOICES.map((id) => ({ id, name: id })) });
        },
      },
      {
        method: 'GET',
        path: /^\/v1\/models$/u,
        handle(ctx) {
          if (!authorized(ctx)) return;
          ctx.sendJson(200, { object: 'list', data: ['tts-1', 'tts-1-hd', 'gpt-4o-mini-tts'].map((id) => ({ id, object: 'model', created: 0, owned_by: 'system' })) });
        },
      },
    ],
  });
  return Object.assign(server, { switches, baseUrl: `${server.url}/v1`, sentAudio });
}

/** OpenAI's error envelope. */
function errorBody(status: number, message: string, code?: string): unknown {
  const type = status === 429 ? 'rate_limit_exceeded' : status >= 500 ? 'server_error' : 'invalid_request_error';
  return { error: { message, type, param: null, code: code ?? (status === 429 ? 'rate_limit_exceeded' : null) } };
}

/**
 * Binary audio cannot carry an error: a server failing mid-stream cuts the connection, so the
 * "error frame" of a binary stream is a cut. A malformed frame is half a sample at the very end.
 */
export function binaryFraming(ctx: FakeContext, contentType: string) {
  return {
    contentType,
    errorFrame: () => {
      ctx.res.socket?.destroy();
      return new Uint8Array(0);
    },
    malformedFrame: new Uint8Array([0x7f]),
  };
}
