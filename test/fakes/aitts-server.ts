// A fake AI TTS Microservice. Two servers, as in production: the API (POST /api/v1/tts/stream ->
// 202 job metadata, job polling, /audio redirecting to a signed file, /voices) and a storage host
// that serves the single-use, expiring `stream_url` and the durable files. Faults injected on `api`
// strike the API requests, those on `streams` the live stream. Switches: a cache hit (no
// stream_url), expired stream URLs, an answer lost after the job was created (so the client must
// retry with the same Idempotency-Key), failed jobs. It counts what it charges.
import { randomUUID } from 'node:crypto';
import { encodeS16le } from '../../shared/audio/pcm';
import { wavHeader } from '../../shared/audio/wav';
import { encodeAudio } from './encode-audio';
import { binaryFraming } from './openai-server';
import { splitBytes, startFakeServer, type FakeContext, type FakeProviderServer } from './provider-server';
import { resample, type SpeechSource } from './spoken-audio';

export const AITTS_FAKE_VOICES = [
  { voice_id: 'google:en-US-Chirp3HD-Charon', provider: 'google', language: 'en-US', family: 'Chirp3HD', name: 'Charon', gender: 'male', model_type: 'premium' },
  { voice_id: 'polly:en-GB-Generative-Brian', provider: 'polly', language: 'en-GB', family: 'Generative', name: 'Brian', gender: 'male', model_type: 'premium' },
  { voice_id: 'kokoro:en-US-Kokoro-Bella', provider: 'kokoro', language: 'en-US', family: 'Kokoro', name: 'Bella', gender: 'female', model_type: 'premium' },
  { voice_id: 'google:en-US-Gemini-Kore', provider: 'google', language: 'en-US', family: 'Gemini', name: 'Kore', gender: 'female', model_type: 'ultra' },
];
const BYTE_LIMITS: Record<string, number> = { google: 5000, polly: 3000, kokoro: 5000 };

export interface AittsFakeOptions {
  speech: SpeechSource;
  apiKey: string;
  /** The rate the fake streams at (transport_sample_rate_hertz). */
  sampleRate?: number;
  frameBytes?: number;
  frameDelayMs?: number;
  /** How long a job takes to complete (its durable file exists after this). */
  generationMs?: number;
}

export interface AittsSwitches {
  /** Every request is answered from the cache: no stream_url, status completed. */
  cacheHit: boolean;
  /** Repeated requests are answered from the cache once generated (default true; off for benches). */
  cache: boolean;
  /** Stream URLs are already expired when handed out. */
  expireStreamUrls: boolean;
  /** Stream URLs handed out have already been used (as by a replayed answer). */
  usedStreamUrls: boolean;
  /** Create the next N jobs, then cut the connection instead of answering. */
  loseAnswers: number;
  /** Jobs fail instead of completing. */
  failJobs: boolean;
}

type Format = 'wav' | 'pcm' | 'mp3' | 'ogg_opus';
const MIME: Record<Format, string> = { wav: 'audio/wav', pcm: 'audio/pcm', mp3: 'audio/mpeg', ogg_opus: 'audio/ogg; codecs=opus' };

interface Job {
  id: string;
  key: string | undefined;
  bodyJson: string;
  format: Format;
  /** The audio as sent: s16le samples for wav/pcm (the WAV header apart), else the encoded file. */
  audio: Uint8Array;
  readyAt: number;
  token: string;
  tokenUsed: boolean;
  expiresAt: number;
}

export interface AittsFake {
  readonly api: FakeProviderServer;
  readonly streams: FakeProviderServer;
  readonly switches: AittsSwitches;
  /** Jobs generated (and so charged), in order. */
  readonly jobs: readonly Job[];
  charges(): number;
  waitForNoConnections(): Promise<void>;
  clear(): void;
  close(): Promise<void>;
}

export async function startAittsFake(opts: AittsFakeOptions): Promise<AittsFake> {
  const switches: AittsSwitches = { cacheHit: false, cache: true, expireStreamUrls: false, usedStreamUrls: false, loseAnswers: 0, failJobs: false };
  const jobs: Job[] = [];
  const byKey = new Map<string, Job>();
  const rate = opts.sampleRate ?? 22050;
  const mime = (f: Format): string => MIME[f];
  const status = (job: Job): string => (switches.failJobs ? 'failed' : Date.now() >= job.readyAt ? 'completed' : 'processing');
  let streamsUrl = '';

  const authorized = (ctx: FakeContext): boolean => {
    if (ctx.req.headers.authorization === `Bearer ${opts.apiKey}`) return true;
    ctx.sendError(401, 'Invalid or missing API key', 'UNAUTHORIZED');
    return false;
  };
  const metadata = (job: Job, withStream: boolean): Record<string, unknown> => ({
    job_id: job.id,
    status: withStream ? 'pending' : status(job),
    poll_url: `/api/v1/tts/${job.id}`,
    audio_endpoint: `/api/v1/tts/${job.id}/audio`,
    ...(withStream ? { stream_url: `${streamsUrl}/stream/${job.token}?sig=fake`, stream_url_expires_at: new Date(job.expiresAt).toISOString() } : {}),
    transport_format: job.format,
    transport_mime_type: mime(job.format),
    transport_sample_rate_hertz: job.format === 'ogg_opus' ? 48000 : rate,
    chars_charged: JSON.parse(job.bodyJson).text.length as number,
  });

  const api = await startFakeServer({
    errorBody,
    frameDelayMs: opts.frameDelayMs,
    routes: [
      {
        method: 'POST',
        path: /^\/api\/v1\/tts\/stream$/u,
        async handle(ctx) {
          if (!authorized(ctx)) return;
          const b = (ctx.request.body ?? {}) as Record<string, unknown>;
          const voiceId = String(b['voice_id'] ?? b['voice'] ?? '');
          const voice = AITTS_FAKE_VOICES.find((v) => v.voice_id === voiceId);
          if (!voice) return ctx.sendError(404, `Voice ${voiceId} not found`, 'VOICE_NOT_FOUND');
          const text = b['text'];
          if (typeof text !== 'string' || !text) return ctx.sendError(400, 'text is required', 'VALIDATION_ERROR');
          const limit = BYTE_LIMITS[voice.provider] ?? 3000;
          if (Buffer.byteLength(text, 'utf8') > limit) return ctx.sendError(400, `Streaming text is limited to ${limit} bytes for ${voice.provider}`, 'TEXT_TOO_LONG');
          const speed = Number(b['speed'] ?? 1);
          // Provider capabilities (issue 15, the service's docs): Polly premium and ultra voices and
          // Google ultra voices take no speed; an unsupported modifier is a 400.
          if ('speed' in b && (voice.provider === 'polly' || (voice.provider === 'google' && voice.model_type === 'ultra'))) {
            return ctx.sendError(400, `speed is not supported for ${voice.voice_id}`, 'VALIDATION_ERROR');
          }
          if (voice.provider === 'google' && speed > 2) return ctx.sendError(400, 'Streaming speaking rate is limited to 2.0; use async delivery', 'VALIDATION_ERROR');
          if ('output_bitrate_kbps' in b) return ctx.sendError(400, 'output_bitrate_kbps is not allowed in stream mode', 'VALIDATION_ERROR');
          const format = b['output_format'] ?? 'wav';
          if (typeof format !== 'string' || !(format in MIME)) return ctx.sendError(400, `Unsupported output_format ${String(format)}`, 'VALIDATION_ERROR');

          const key = typeof ctx.req.headers['idempotency-key'] === 'string' ? ctx.req.headers['idempotency-key'] : undefined;
          const bodyJson = JSON.stringify(b);
          const known = key ? byKey.get(key) : undefined;
          if (known) {
            if (known.bodyJson !== bodyJson) return ctx.sendError(422, 'Idempotency-Key reused with a different body', 'IDEMPOTENCY_KEY_REUSED');
            // An idempotent replay: the same job, without the (single-use) stream URL.
            return ctx.sendJson(202, { success: true, data: metadata(known, false) });
          }
          // The same text, voice and settings, already generated: the cache answers, with no stream.
          const cached = switches.cache ? jobs.find((j) => status(j) === 'completed' && j.bodyJson === bodyJson) : undefined;
          if (cached) return ctx.sendJson(202, { success: true, data: metadata(cached, false) });
          const spoken = await opts.speech(text);
          const job: Job = {
            id: randomUUID(),
            key,
            bodyJson,
            format: format as Format,
            audio:
              format === 'mp3' || format === 'ogg_opus'
                ? await encodeAudio(resample(spoken.samples, spoken.sampleRate, rate), rate, format)
                : encodeS16le(resample(spoken.samples, spoken.sampleRate, rate)),
            readyAt: Date.now() + (switches.cacheHit ? 0 : (opts.generationMs ?? 30)),
            token: randomUUID(),
            tokenUsed: switches.usedStreamUrls,
            expiresAt: switches.expireStreamUrls ? Date.now() - 1000 : Date.now() + 60_000,
          };
          jobs.push(job);
          if (key) byKey.set(key, job);
          if (switches.loseAnswers > 0) {
            switches.loseAnswers--;
            ctx.res.socket?.destroy();
            return;
          }
          ctx.sendJson(202, { success: true, data: metadata(job, !switches.cacheHit) });
        },
      },
      {
        method: 'GET',
        path: /^\/api\/v1\/tts\/([^/]+)$/u,
        handle(ctx) {
          if (!authorized(ctx)) return;
          const job = jobs.find((j) => j.id === ctx.params[0]);
          if (!job) return ctx.sendError(404, 'Job not found', 'NOT_FOUND');
          const s = status(job);
          ctx.sendJson(200, {
            success: true,
            data: { ...metadata(job, false), status: s, created_at: new Date().toISOString(), ...(s === 'failed' ? { error: { message: 'The upstream provider failed' } } : {}) },
          });
        },
      },
      {
        method: 'GET',
        path: /^\/api\/v1\/tts\/([^/]+)\/audio$/u,
        handle(ctx) {
          if (!authorized(ctx)) return;
          const job = jobs.find((j) => j.id === ctx.params[0]);
          if (!job) return ctx.sendError(404, 'Job not found', 'NOT_FOUND');
          if (status(job) !== 'completed') return ctx.sendError(409, 'The audio is not ready', 'NOT_READY');
          ctx.res.writeHead(302, { Location: `${streamsUrl}/files/${job.id}?sig=fake` });
          ctx.res.end();
        },
      },
      {
        method: 'GET',
        path: /^\/api\/v1\/voices$/u,
        handle(ctx) {
          if (!authorized(ctx)) return;
          ctx.sendJson(200, {
            success: true,
            data: { voices: AITTS_FAKE_VOICES.map((v) => ({ ...v, characteristics: { styles: [], roles: [], age: null, accent: null, pitch: null, use_case: null }, available_models: [] })) },
          });
        },
      },
    ],
  });

  const streams = await startFakeServer({
    errorBody,
    frameDelayMs: opts.frameDelayMs,
    routes: [
      {
        method: 'GET',
        path: /^\/stream\/([^/]+)$/u,
        async handle(ctx) {
          const job = jobs.find((j) => j.token === ctx.params[0]);
          if (!job) return ctx.sendError(404, 'Unknown stream', 'NOT_FOUND');
          if (ctx.req.headers.authorization) return ctx.sendError(400, 'Signed URLs take no Authorization header', 'VALIDATION_ERROR');
          if (job.tokenUsed) return ctx.sendError(410, 'This stream URL has already been used', 'STREAM_URL_USED');
          if (Date.now() > job.expiresAt) return ctx.sendError(403, 'This stream URL has expired', 'STREAM_URL_EXPIRED');
          job.tokenUsed = true;
          const frames = splitBytes(job.audio, job.format === 'wav' || job.format === 'pcm' ? (opts.frameBytes ?? 4410) : 1500);
          // A live WAV does not know its length yet.
          await ctx.stream(binaryFraming(ctx, mime(job.format)), job.format === 'wav' ? [wavHeader(rate, 1, 0xffffffff), ...frames] : frames);
        },
      },
      {
        method: 'GET',
        path: /^\/files\/([^/]+)$/u,
        faults: false,
        handle(ctx) {
          const job = jobs.find((j) => j.id === ctx.params[0]);
          if (!job || ctx.url.searchParams.get('sig') !== 'fake') return ctx.sendError(403, 'Bad signature', 'FORBIDDEN');
          ctx.res.writeHead(200, { 'Content-Type': mime(job.format), 'Content-Length': String(job.audio.length + (job.format === 'wav' ? 44 : 0)) });
          if (job.format === 'wav') ctx.res.write(wavHeader(rate, 1, job.audio.length));
          ctx.res.end(job.audio);
        },
      },
    ],
  });
  streamsUrl = streams.url;

  return {
    api,
    streams,
    switches,
    jobs,
    charges: () => jobs.length,
    async waitForNoConnections() {
      await api.waitForNoConnections();
      await streams.waitForNoConnections();
    },
    clear() {
      api.clearFaults();
      streams.clearFaults();
      api.requests.length = 0;
      streams.requests.length = 0;
      jobs.length = 0;
      byKey.clear();
      Object.assign(switches, { cacheHit: false, cache: true, expireStreamUrls: false, usedStreamUrls: false, loseAnswers: 0, failJobs: false });
    },
    async close() {
      await api.close();
      await streams.close();
    },
  };
}

/** The service's error envelope. */
function errorBody(status: number, message: string, code?: string): unknown {
  const fallback = status === 401 ? 'UNAUTHORIZED' : status === 403 ? 'FORBIDDEN' : status === 429 ? 'RATE_LIMITED' : status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST';
  return { success: false, error: { code: code ?? fallback, message } };
}
