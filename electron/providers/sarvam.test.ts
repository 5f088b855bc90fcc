import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bytesOf, collectParts, expectHeardPrefix, failureOf, sameSamples, samplesOf } from '../../test/fakes/collect-parts';
import { startSarvamFake, type SarvamFake } from '../../test/fakes/sarvam-server';
import { testSpeech, type TestSpeech } from '../../test/fakes/test-speech';
import type { SynthesisError } from '../speech/synthesis-error';
import { decodePcm } from '../../shared/audio/pcm';
import { createSarvamSynthesizer, type SarvamOptions } from './sarvam';

const KEY = 'sv-key-1';
const TEXT = 'Good morning. The train to the city leaves at nine, and it is usually on time.';
const FAST_RETRY = { baseDelayMs: 5, maxDelayMs: 20 };

let speech: TestSpeech;
let fake: SarvamFake;
beforeAll(async () => {
  speech = testSpeech();
  await speech.ready;
  fake = await startSarvamFake({ speech, apiKey: KEY });
});
afterAll(async () => {
  await fake.close();
  await speech.close();
});
beforeEach(() => {
  fake.clearFaults();
  fake.requests.length = 0;
  fake.sentAudio.length = 0;
  fake.switches.linear16Type = 'audio/pcm';
  fake.switches.wavHeaders = 'one';
});

const synth = (opts: Partial<SarvamOptions> = {}) => createSarvamSynthesizer({ apiKey: KEY, baseUrl: fake.url, retry: FAST_RETRY, ...opts });
const request = (text = TEXT, voice = 'shubh') => ({ text, voice, synthRate: 1, signal: new AbortController().signal });

describe('Sarvam adapter: audio', () => {
  for (const mode of ['wav', 'linear16 audio/pcm', 'linear16 audio/L16'] as const) {
    it(`passes ${mode} audio through sample for sample, with a timing for every word`, async () => {
      if (mode === 'linear16 audio/L16') fake.switches.linear16Type = 'audio/L16';
      const rate = mode === 'linear16 audio/L16' ? 16000 : 22050;
      const { parts, error } = await collectParts(synth({ codec: mode === 'wav' ? 'wav' : 'linear16', sampleRate: rate }).synthesize(request()));
      expect(error).toBeUndefined();
      expect(sameSamples(samplesOf(parts), decodePcm(fake.sentAudio[0]!, 's16le'))).toBe('same');
      for (const p of parts) expect(p.audio.kind === 'pcm' && p.audio.sampleRate).toBe(rate);
      const words = parts.flatMap((p) => p.words);
      expect(words.map((w) => TEXT.slice(w.charStart, w.charEnd))).toEqual(TEXT.match(/[\p{L}\p{N}]+/gu));
      await fake.waitForNoConnections();
    });
  }

  for (const framing of ['per-part', 'per-part-unknown'] as const) {
    it(`plays a stream of WAVs back to back (${framing} sizes) as one: every sample, no header bytes heard`, async () => {
      fake.switches.wavHeaders = framing;
      const { parts, error } = await collectParts(synth({ codec: 'wav', sampleRate: 22050 }).synthesize(request()));
      expect(error).toBeUndefined();
      // A header decoded as samples would add 22 samples of noise per part: a click.
      expect(sameSamples(samplesOf(parts), decodePcm(fake.sentAudio[0]!, 's16le'))).toBe('same');
      expect(parts.flatMap((p) => p.words).map((w) => TEXT.slice(w.charStart, w.charEnd))).toEqual(TEXT.match(/[\p{L}\p{N}]+/gu));
    });
  }

  it('passes mp3 on encoded, byte for byte, with durations and words', async () => {
    const { parts, error } = await collectParts(synth({ codec: 'mp3' }).synthesize(request()));
    expect(error).toBeUndefined();
    expect(Buffer.compare(bytesOf(parts), fake.sentAudio[0]!)).toBe(0);
    for (const p of parts) expect(p.audio).toMatchObject({ kind: 'encoded', mime: 'audio/mpeg' });
    expect(fake.requests[0]!.body).toMatchObject({ output_audio_codec: 'mp3' });
    const totalMs = parts.reduce((n, p) => n + p.durationMs!, 0);
    expect(Math.abs(totalMs - ((await speech(TEXT)).samples.length / 22050) * 1000)).toBeLessThan(120);
    expect(parts.flatMap((p) => p.words).map((w) => TEXT.slice(w.charStart, w.charEnd))).toEqual(TEXT.match(/[\p{L}\p{N}]+/gu));
  });

  it('sends Sarvam’s request: the subscription key header, language, speaker, pace, codec and dict_id', async () => {
    await collectParts(synth({ dictId: 'dict_42', languageCode: 'hi-IN' }).synthesize({ ...request('नमस्ते दुनिया।'), synthRate: 1.25 }));
    const r = fake.requests[0]!;
    expect(r.path).toBe('/text-to-speech/stream');
    expect(r.headers['api-subscription-key']).toBe(KEY);
    expect(r.headers.authorization).toBeUndefined();
    expect(r.body).toEqual({
      text: 'नमस्ते दुनिया।',
      target_language_code: 'hi-IN',
      speaker: 'shubh',
      model: 'bulbul:v3',
      pace: 1.25,
      speech_sample_rate: 22050,
      output_audio_codec: 'wav',
      dict_id: 'dict_42',
    });
  });

  it('takes the language from a voice id of the form lang:speaker', async () => {
    await collectParts(synth().synthesize(request('Vanakkam.', 'ta-IN:priya')));
    expect(fake.requests[0]!.body).toMatchObject({ target_language_code: 'ta-IN', speaker: 'priya' });
  });

  it('lists its speakers without a request (Sarvam has no voice endpoint)', async () => {
    const voices = await synth().listVoices();
    expect(voices.map((v) => v.id)).toContain('shubh');
    expect(voices.every((v) => v.provider === 'sarvam' && v.languages.includes('hi-IN'))).toBe(true);
    expect(fake.requests).toHaveLength(0);
  });
});

describe('Sarvam adapter: faults', () => {
  const cases: { name: string; inject: Parameters<SarvamFake['inject']>; kind: SynthesisError['kind']; opts?: Partial<SarvamOptions> }[] = [
    { name: '403 (a bad key)', inject: [{ kind: 'status', status: 403 }], kind: 'auth' },
    { name: '401', inject: [{ kind: 'status', status: 401 }], kind: 'auth' },
    { name: '429 every time', inject: [{ kind: 'status', status: 429 }, 4], kind: 'quota' },
    { name: '429 insufficient_quota_error (out of credit)', inject: [{ kind: 'status', status: 429, code: 'insufficient_quota_error' }], kind: 'billing' },
    { name: '503 rate_limit_exceeded_error', inject: [{ kind: 'status', status: 503, code: 'rate_limit_exceeded_error' }, 4], kind: 'quota' },
    { name: '500 every time', inject: [{ kind: 'status', status: 500 }, 4], kind: 'server' },
    { name: '503 every time', inject: [{ kind: 'status', status: 503 }, 4], kind: 'server' },
    { name: 'an error mid-stream (a binary stream can only be cut)', inject: [{ kind: 'error-mid-stream', afterFrames: 3 }], kind: 'network' },
    { name: 'the connection cut mid-stream', inject: [{ kind: 'cut-mid-stream', afterFrames: 3 }], kind: 'network' },
    { name: 'a stream ending mid-sample', inject: [{ kind: 'malformed-frame', afterFrames: 3 }], kind: 'server' },
    { name: 'a stall', inject: [{ kind: 'stall', afterFrames: 3 }], kind: 'stalled', opts: { stallTimeoutMs: 300 } },
    { name: 'a wrong content type, every time', inject: [{ kind: 'wrong-content-type' }, 4], kind: 'server' },
  ];
  for (const c of cases) {
    it(`${c.name} -> ${c.kind}, keeping the audio already sent, leaking nothing`, async () => {
      fake.inject(...c.inject);
      const { parts } = await failureOf(collectParts(synth(c.opts).synthesize(request())), { kind: c.kind, provider: 'sarvam' }, fake);
      if (c.inject[0].kind !== 'status' && c.inject[0].kind !== 'wrong-content-type') expectHeardPrefix(parts, decodePcm(fake.sentAudio[0]!, 's16le'), 22050, TEXT);
    });
  }

  it('retries a 429 with Retry-After, then succeeds', async () => {
    fake.inject({ kind: 'status', status: 429, retryAfter: '0.1' });
    const { error } = await collectParts(synth().synthesize(request()));
    expect(error).toBeUndefined();
    expect(fake.requests).toHaveLength(2);
  });

  it('a bad key, an unknown speaker and an over-long text are told apart', async () => {
    const bad = await collectParts(synth({ apiKey: 'nope' }).synthesize(request()));
    expect((bad.error as SynthesisError).kind).toBe('auth');
    expect((bad.error as SynthesisError).userMessage).toBe('Sarvam refused the API key.');
    const voice = await collectParts(synth().synthesize(request(TEXT, 'nobody')));
    expect((voice.error as SynthesisError).kind).toBe('unknown-voice');
    const long = await collectParts(synth().synthesize(request('x'.repeat(3501))));
    expect((long.error as SynthesisError).kind).toBe('bad-request');
    expect(fake.requests).toHaveLength(2);
  });
});

describe('the literal error envelope of providers.md §4.4', () => {
  it('parses into a bad request with its message', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(400, { 'Content-Type': 'application/json' });
      res.end('{"error":{"message":"Human-readable description","code":"invalid_request_error"}}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const s = createSarvamSynthesizer({ apiKey: KEY, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
      const { error } = await collectParts(s.synthesize(request()));
      expect(error).toMatchObject({ kind: 'bad-request', message: 'Human-readable description' });
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
