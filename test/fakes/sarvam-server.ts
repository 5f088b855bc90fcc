// A fake Sarvam (Bulbul) HTTP stream: POST /text-to-speech/stream with `api-subscription-key`,
// answering raw binary audio in the requested codec (`wav`, or `linear16` as bare s16le), JSON
// errors in Sarvam's envelope (a bad key is 403), validation as documented (3,500 characters,
// language codes, speakers). Faults come from the provider-server base.
import { encodeS16le } from '../../shared/audio/pcm';
import { wavHeader } from '../../shared/audio/wav';
import { encodeAudio } from './encode-audio';
import { binaryFraming } from './openai-server';
import { splitBytes, startFakeServer, type FakeProviderServer } from './provider-server';
import { resample, type SpeechSource } from './spoken-audio';

export const SARVAM_FAKE_SPEAKERS = ['shubh', 'aditya', 'ritu', 'priya', 'neha', 'rahul', 'anushka'];
const LANGUAGES = ['bn-IN', 'en-IN', 'gu-IN', 'hi-IN', 'kn-IN', 'ml-IN', 'mr-IN', 'od-IN', 'pa-IN', 'ta-IN', 'te-IN'];
const RATES = [8000, 16000, 22050, 24000];

export interface SarvamFakeOptions {
  speech: SpeechSource;
  apiKey: string;
  frameBytes?: number;
  frameDelayMs?: number;
}

export interface SarvamSwitches {
  /** Content-Type for linear16: `audio/pcm` or `audio/L16;rate=N`. */
  linear16Type: 'audio/pcm' | 'audio/L16';
  /**
   * How a wav stream is framed: one header for the whole stream ('one'), or several WAV files back to
   * back, each with its own header, as the streaming service sends its audio a part at a time (issue 15):
   * each header giving its part's length ('per-part'), or the unknown length a live stream declares
   * ('per-part-unknown': 0xFFFFFFFF).
   */
  wavHeaders: 'one' | 'per-part' | 'per-part-unknown';
}

export interface SarvamFake extends FakeProviderServer {
  readonly switches: SarvamSwitches;
  /** The audio bytes sent per request: s16le samples (WAV header excluded), or the MP3. */
  readonly sentAudio: Uint8Array[];
}

export async function startSarvamFake(opts: SarvamFakeOptions): Promise<SarvamFake> {
  const switches: SarvamSwitches = { linear16Type: 'audio/pcm', wavHeaders: 'one' };
  const sentAudio: Uint8Array[] = [];
  const server = await startFakeServer({
    frameDelayMs: opts.frameDelayMs,
    errorBody,
    routes: [
      {
        method: 'POST',
        path: /^\/text-to-speech\/stream$/u,
        async handle(ctx) {
          if (ctx.req.headers['api-subscription-key'] !== opts.apiKey) return ctx.sendError(403, 'Invalid API key', 'invalid_api_key_error');
          const b = (ctx.request.body ?? {}) as Record<string, unknown>;
          const text = b['text'];
          if (typeof text !== 'string' || text.length === 0) return ctx.sendError(422, 'text: Field required', 'unprocessable_entity_error');
          if (text.length > 3500) return ctx.sendError(400, 'text must be at most 3500 characters', 'invalid_request_error');
          if (!LANGUAGES.includes(String(b['target_language_code']))) return ctx.sendError(400, `Invalid target_language_code ${String(b['target_language_code'])}`, 'invalid_request_error');
          if (b['speaker'] !== undefined && !SARVAM_FAKE_SPEAKERS.includes(String(b['speaker']))) return ctx.sendError(400, `Speaker '${String(b['speaker'])}' is not compatible with model`, 'invalid_request_error');
          const rate = Number(b['speech_sample_rate'] ?? 22050);
          if (!RATES.includes(rate)) return ctx.sendError(422, 'speech_sample_rate: invalid value', 'unprocessable_entity_error');
          const codec = b['output_audio_codec'] ?? 'mp3';
          if (codec !== 'wav' && codec !== 'linear16' && codec !== 'mp3') return ctx.sendError(400, `The fake streams wav, linear16 and mp3, not ${String(codec)}`, 'invalid_request_error');

          const spoken = await opts.speech(text);
          const samples = resample(spoken.samples, spoken.sampleRate, rate);
          if (codec === 'mp3') {
            const mp3 = await encodeAudio(samples, rate, 'mp3');
            sentAudio.push(mp3);
            return ctx.stream(binaryFraming(ctx, 'audio/mpeg'), splitBytes(mp3, 1500));
          }
          const pcm = encodeS16le(samples);
          sentAudio.push(pcm);
          const frames = splitBytes(pcm, opts.frameBytes ?? 4410);
          if (codec === 'wav' && switches.wavHeaders === 'one') return ctx.stream(binaryFraming(ctx, 'audio/wav'), [wavHeader(rate, 1, pcm.length), ...frames]);
          if (codec === 'wav') {
            // Three parts (a sentence each, say), each a whole WAV: header then samples.
            const parts = splitBytes(pcm, Math.ceil(pcm.length / 3 / 2) * 2);
            const size = (p: Uint8Array) => (switches.wavHeaders === 'per-part' ? p.length : 0xffffffff);
            return ctx.stream(binaryFraming(ctx, 'audio/wav'), parts.flatMap((p) => [wavHeader(rate, 1, size(p)), ...splitBytes(p, opts.frameBytes ?? 4410)]));
          }
          const type = switches.linear16Type === 'audio/pcm' ? 'audio/pcm' : `audio/L16;rate=${rate}`;
          return ctx.stream(binaryFraming(ctx, type), frames);
        },
      },
    ],
  });
  return Object.assign(server, { switches, sentAudio });
}

const codeForStatus: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'invalid_api_key_error',
  403: 'invalid_api_key_error',
  413: 'invalid_request_error',
  422: 'unprocessable_entity_error',
  429: 'rate_limit_exceeded_error',
  500: 'internal_server_error',
  503: 'internal_server_error',
};

/** Sarvam's `{"error":{"message","code"}}`. */
function errorBody(status: number, message: string, code?: string): unknown {
  return { error: { message, code: code ?? codeForStatus[status] ?? 'internal_server_error' } };
}
