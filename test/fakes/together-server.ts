// A fake Together AI speech endpoint (providers.md §2): POST /v1/audio/speech with Bearer auth.
// stream:true answers server-sent events with base64 PCM (s16le, or f32le for models that honour
// it) in the current `conversation.item.audio_output.delta` shape, or (a switch) the SDK's
// `audio.tts.chunk` {b64} or the older {type:"delta",audio}; alignment:"word" adds
// `conversation.item.word_timestamps` events after the audio they describe; then `data: [DONE]`.
// Errors are OpenAI-style; GET /v1/voices lists voices per model. Faults come from the base.
// Strict where the service is: Cartesia models are served over REST only, stream:true is refused
// (issue 15, read from Together's TTS docs); the stream's content type is not documented (providers.md
// §2.4 [INFERRED]) and [DONE] not promised, so both are switches.
import type { WordTiming } from '../../shared/chunk';
import { encodeS16le } from '../../shared/audio/pcm';
import { splitBytes, startFakeServer, type FakeProviderServer, type StreamFraming } from './provider-server';
import { resample, type SpeechSource } from './spoken-audio';

export const TOGETHER_FAKE_MODELS: Record<string, string[]> = {
  'canopylabs/orpheus-3b-0.1-ft': ['tara', 'leah', 'jess', 'leo', 'dan', 'mia', 'zac', 'zoe'],
  'hexgrad/Kokoro-82M': ['af_heart', 'af_alloy', 'am_adam'],
  'cartesia/sonic': ['friendly sidekick', 'calm lady'],
};
/** Models that always answer pcm_s16le at 24 kHz, whatever is asked. */
const FIXED = ['canopylabs/orpheus-3b-0.1-ft', 'hexgrad/Kokoro-82M'];

export interface TogetherFakeOptions {
  speech: SpeechSource;
  apiKey: string;
  /** Audio per event (default 250 ms). */
  chunkMs?: number;
  frameDelayMs?: number;
}

export interface TogetherSwitches {
  shape: 'conversation' | 'audio.tts.chunk' | 'delta-audio';
  /** Leave out `data: [DONE]` (the stream ends cleanly without it, which the SDK accepts). */
  omitDone: boolean;
  /** The Content-Type the stream is sent with (undocumented; the SDK reads any). */
  streamContentType: string;
}

export interface TogetherSent {
  sampleRate: number;
  encoding: 's16le' | 'f32le';
  /** The PCM bytes of each audio event. */
  audio: Uint8Array[];
  /** The word timestamps sent, in seconds, in order. */
  words: { text: string; start: number; end: number }[];
  /** The true words of the speech. */
  truth: WordTiming[];
}

export interface TogetherFake extends FakeProviderServer {
  readonly switches: TogetherSwitches;
  readonly sent: TogetherSent[];
}

export async function startTogetherFake(opts: TogetherFakeOptions): Promise<TogetherFake> {
  const switches: TogetherSwitches = { shape: 'conversation', omitDone: false, streamContentType: 'text/event-stream' };
  const sent: TogetherSent[] = [];
  const event = (data: unknown): string => `data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
  const framing: StreamFraming = {
    contentType: 'text/event-stream',
    errorFrame: () => event({ type: 'error', error: { message: 'Internal server error while generating speech', type: 'server_error', code: 'internal_error' } }),
    malformedFrame: 'data: {"type":"conversation.item.audio_output.delta","delta":\n\n',
  };
  const authorised = (h: string | undefined): boolean => h === `Bearer ${opts.apiKey}`;

  const server = await startFakeServer({
    frameDelayMs: opts.frameDelayMs,
    errorBody,
    routes: [
      {
        method: 'GET',
        path: /^\/v1\/voices$/u,
        handle(ctx) {
          if (!authorised(ctx.req.headers.authorization)) return ctx.sendError(401, 'Invalid API key provided.', 'invalid_api_key');
          const only = ctx.url.searchParams.get('model');
          const data = Object.entries(TOGETHER_FAKE_MODELS)
            .filter(([m]) => !only || m === only)
            .map(([model, voices]) => ({ model, voices: voices.map((name, i) => ({ id: `voice-${model.length}-${i}`, name })) }));
          ctx.sendJson(200, { data });
        },
      },
      {
        method: 'POST',
        path: /^\/v1\/audio\/speech$/u,
        async handle(ctx) {
          if (!authorised(ctx.req.headers.authorization)) return ctx.sendError(401, 'Invalid API key provided. You can find your API key at https://api.together.xyz/settings/api-keys.', 'invalid_api_key');
          const b = (ctx.request.body ?? {}) as Record<string, unknown>;
          const model = String(b['model'] ?? '');
          const voices = TOGETHER_FAKE_MODELS[model];
          if (!voices) return ctx.sendError(404, `Unable to access model ${model}.`, 'model_not_found');
          if (typeof b['input'] !== 'string' || b['input'].length === 0) return ctx.sendError(400, 'input is required', 'invalid_request');
          if (!voices.includes(String(b['voice']))) return ctx.sendError(400, `Voice ${String(b['voice'])} is not available for ${model}`, 'invalid_voice');
          const stream = b['stream'] === true;
          if (stream && model.startsWith('cartesia/')) return ctx.sendError(400, `Streaming is not supported for ${model}; use stream: false.`, 'invalid_request');
          const format = String(b['response_format'] ?? 'wav');
          if (stream && format !== 'raw') return ctx.sendError(400, 'Only raw response_format is supported when streaming', 'invalid_request');
          if (format !== 'raw') return ctx.sendError(400, `The fake streams raw only, not ${format}`, 'invalid_request');
          const fixed = FIXED.includes(model);
          const rate = fixed ? 24000 : Number(b['sample_rate'] ?? 44100);
          const encoding = !fixed && b['response_encoding'] === 'pcm_f32le' ? 'f32le' : 's16le';

          const spoken = await opts.speech(b['input']);
          const samples = resample(spoken.samples, spoken.sampleRate, rate);
          const pcm = encoding === 's16le' ? encodeS16le(samples) : new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength);
          const width = encoding === 's16le' ? 2 : 4;
          const perEvent = Math.max(1, Math.round(((opts.chunkMs ?? 250) / 1000) * rate)) * width;
          const chunks = splitBytes(pcm, perEvent);

          if (!stream) {
            sent.push({ sampleRate: rate, encoding, audio: [pcm], words: [], truth: spoken.words });
            ctx.res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
            ctx.res.end(Buffer.from(pcm));
            return;
          }
          const words = b['alignment'] === 'word' ? spoken.words.flatMap(splitWords(b['input'])) : [];
          sent.push({ sampleRate: rate, encoding, audio: chunks, words, truth: spoken.words });
          const frames: string[] = [];
          let wordAt = 0;
          chunks.forEach((c, i) => {
            const b64 = Buffer.from(c).toString('base64');
            const audioEvent =
              switches.shape === 'conversation'
                ? { type: 'conversation.item.audio_output.delta', item_id: 'tts_1', delta: b64 }
                : switches.shape === 'audio.tts.chunk'
                  ? { object: 'audio.tts.chunk', model, b64 }
                  : { type: 'delta', audio: b64 };
            frames.push(event(audioEvent));
            // Timestamps for the words whose audio has now been sent in full.
            const sentMs = (((i + 1) * perEvent) / width / rate) * 1000;
            const ready: typeof words = [];
            while (wordAt < words.length && (words[wordAt]!.end * 1000 <= sentMs || i === chunks.length - 1)) ready.push(words[wordAt++]!);
            if (ready.length > 0)
              frames.push(event({ type: 'conversation.item.word_timestamps', words: ready.map((w) => w.text), start_seconds: ready.map((w) => w.start), end_seconds: ready.map((w) => w.end) }));
          });
          if (!switches.omitDone) frames.push(event('[DONE]'));
          return ctx.stream({ ...framing, contentType: switches.streamContentType }, frames);
        },
      },
    ],
  });
  return Object.assign(server, { switches, sent });
}

/** Word timestamps as Together sends them: one per word of the text (a voice may time "to be" as one). */
function splitWords(text: string) {
  return (w: WordTiming): { text: string; start: number; end: number }[] => {
    const parts = [...text.slice(w.charStart, w.charEnd).matchAll(/\S+/gu)];
    const step = (w.endMs - w.startMs) / Math.max(1, parts.length);
    return parts.map((m, k) => ({ text: m[0], start: Math.round(w.startMs + k * step) / 1000, end: Math.round(w.startMs + (k + 1) * step) / 1000 }));
  };
}

const codeForStatus: Record<number, [string, string]> = {
  400: ['invalid_request_error', 'invalid_request'],
  401: ['invalid_request_error', 'invalid_api_key'],
  402: ['billing_error', 'spending_limit'],
  403: ['invalid_request_error', 'forbidden'],
  404: ['invalid_request_error', 'model_not_found'],
  429: ['rate_limit_error', 'rate_limit_exceeded'],
  500: ['server_error', 'internal_error'],
  503: ['server_error', 'overloaded'],
};

function errorBody(status: number, message: string, code?: string): unknown {
  const [type, defaultCode] = codeForStatus[status] ?? ['server_error', 'error'];
  return { error: { message, type, param: null, code: code ?? defaultCode } };
}
