import { readFileSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startAittsFake, type AittsFake } from '../../test/fakes/aitts-server';
import { bytesOf, collectParts, sameSamples, samplesOf } from '../../test/fakes/collect-parts';
import { providersMdLiteral, serveLiteral } from '../../test/fakes/literal-server';
import type { Fault } from '../../test/fakes/provider-server';
import { testSpeech, type TestSpeech } from '../../test/fakes/test-speech';
import { createAittsSynthesizer, parseStreamJob, splitUtf8, type AittsOptions } from './aitts';
import { SynthesisError } from '../speech/synthesis-error';
import { decodePcm } from '../../shared/audio/pcm';
import { synthRateFor } from '../speech/voice-speed';

const KEY = 'tts_test_key';
const VOICE = 'google:en-US-Chirp3HD-Charon';
const TEXT = 'Streaming lets you hear audio as it is generated. The rest arrives while you listen, sentence by sentence.';
const FAST_RETRY = { baseDelayMs: 5, maxDelayMs: 20 };

let speech: TestSpeech;
let fake: AittsFake;
beforeAll(async () => {
  speech = testSpeech();
  await speech.ready;
  fake = await startAittsFake({ speech, apiKey: KEY, generationMs: 30 });
});
afterAll(async () => {
  await fake.close();
  await speech.close();
});
beforeEach(() => fake.clear());

let keys = 0;
const synth = (opts: Partial<AittsOptions> = {}) =>
  createAittsSynthesizer({ apiKey: KEY, baseUrl: fake.api.url, retry: FAST_RETRY, newKey: () => `key-${++keys}`, ...opts });
const request = (text = TEXT, voice = VOICE) => ({ text, voice, synthRate: 1, signal: new AbortController().signal });
const sent = (i = 0) => decodePcm(fake.jobs[i]!.audio, 's16le');
const posts = () => fake.api.requests.filter((r) => r.method === 'POST');
const paths = () => fake.api.requests.map((r) => `${r.method} ${r.path.replace(/[0-9a-f-]{36}/u, ':id')}`);

describe('AI TTS adapter: the two-step stream', () => {
  for (const format of ['wav', 'pcm'] as const) {
    it(`streams ${format} from the stream_url, sample for sample, with a timing for every word`, async () => {
      const { parts, error } = await collectParts(synth({ outputFormat: format }).synthesize(request()));
      expect(error).toBeUndefined();
      expect(sameSamples(samplesOf(parts), sent())).toBe('same');
      const words = parts.flatMap((p) => p.words);
      expect(words.map((w) => TEXT.slice(w.charStart, w.charEnd))).toEqual(TEXT.match(/[\p{L}\p{N}]+/gu));
      expect(paths()).toEqual(['POST /api/v1/tts/stream']);
      expect(fake.streams.requests.map((r) => r.path)).toEqual([`/stream/${fake.jobs[0]!.token}`]);
      await fake.waitForNoConnections();
    });
  }

  for (const format of ['mp3', 'ogg_opus'] as const) {
    it(`passes ${format} on encoded, byte for byte, live and after a cut from the durable file`, async () => {
      const whole = await collectParts(synth({ outputFormat: format }).synthesize(request()));
      expect(whole.error).toBeUndefined();
      expect(Buffer.compare(bytesOf(whole.parts), fake.jobs[0]!.audio)).toBe(0);
      expect(whole.parts[0]!.audio).toMatchObject({ kind: 'encoded', mime: format === 'mp3' ? 'audio/mpeg' : 'audio/ogg; codecs=opus' });
      expect(whole.parts.flatMap((p) => p.words).map((w) => TEXT.slice(w.charStart, w.charEnd))).toEqual(TEXT.match(/[\p{L}\p{N}]+/gu));

      fake.clear();
      fake.streams.inject({ kind: 'cut-mid-stream', afterFrames: 2 });
      const cut = await collectParts(synth({ outputFormat: format }).synthesize(request('A second text, cut while streaming.')));
      expect(cut.error).toBeUndefined();
      expect(Buffer.compare(bytesOf(cut.parts), fake.jobs[0]!.audio)).toBe(0);
      expect(cut.parts.reduce((n, p) => n + p.durationMs!, 0)).toBeGreaterThan(1000);
      await fake.waitForNoConnections();
    });
  }

  it('sends the key and an Idempotency-Key to the API, and no key to the signed stream URL', async () => {
    await collectParts(synth().synthesize({ ...request(), synthRate: 1.5 }));
    const post = posts()[0]!;
    expect(post.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(post.headers['idempotency-key']).toMatch(/^key-\d+$/u);
    expect(post.body).toEqual({ text: TEXT, voice_id: VOICE, output_format: 'wav', speed: 1.5 });
    expect(fake.streams.requests[0]!.headers.authorization).toBeUndefined();
  });

  it('sends speed only when it is not 1, and never to a voice that refuses it (Polly, Google ultra): those stretch', async () => {
    const s = synth();
    await s.listVoices();
    await collectParts(s.synthesize({ ...request(), synthRate: 1 }));
    expect(posts().at(-1)!.body).not.toHaveProperty('speed');
    for (const voice of ['polly:en-GB-Generative-Brian', 'google:en-US-Gemini-Kore']) {
      // The reading pipeline asks such a voice for 1x (the player stretches the Speed)...
      expect(synthRateFor(1.5, 'voice', s, voice)).toBe(1);
      // ...and even asked for more, the adapter does not send what the service refuses.
      const { error } = await collectParts(s.synthesize({ ...request(), voice, synthRate: 1.5 }));
      expect(error, voice).toBeUndefined();
      expect(posts().at(-1)!.body).not.toHaveProperty('speed');
    }
    // A premium Google voice takes it.
    expect(synthRateFor(1.5, 'voice', s, VOICE)).toBe(1.5);
  });

  it('a cache hit (no stream_url) fetches the finished audio instead', async () => {
    fake.switches.cacheHit = true;
    const { parts, error } = await collectParts(synth().synthesize(request()));
    expect(error).toBeUndefined();
    expect(sameSamples(samplesOf(parts), sent())).toBe('same');
    expect(fake.streams.requests.map((r) => r.path)).toEqual([`/files/${fake.jobs[0]!.id}`]);
    await fake.waitForNoConnections();
  });

  it('asking again for the same text is answered from the cache, without paying twice', async () => {
    await collectParts(synth().synthesize(request()));
    await new Promise((r) => setTimeout(r, 40)); // the first job completes
    const { parts, error } = await collectParts(synth().synthesize(request()));
    expect(error).toBeUndefined();
    expect(sameSamples(samplesOf(parts), sent())).toBe('same');
    expect(fake.charges()).toBe(1);
  });

  for (const which of ['expired', 'already used'] as const) {
    it(`an ${which} stream URL falls back to the durable audio`, async () => {
      if (which === 'expired') fake.switches.expireStreamUrls = true;
      else fake.switches.usedStreamUrls = true;
      const { parts, error } = await collectParts(synth().synthesize(request()));
      expect(error).toBeUndefined();
      expect(sameSamples(samplesOf(parts), sent())).toBe('same');
      // Polls until the job has completed, then downloads its file.
      expect([...new Set(paths())]).toEqual(['POST /api/v1/tts/stream', 'GET /api/v1/tts/:id', 'GET /api/v1/tts/:id/audio']);
      await fake.waitForNoConnections();
    });
  }

  const lost: { name: string; fault: Fault }[] = [
    { name: 'cut', fault: { kind: 'cut-mid-stream', afterFrames: 4 } },
    { name: 'failing (a binary stream is cut)', fault: { kind: 'error-mid-stream', afterFrames: 4 } },
    { name: 'stalled', fault: { kind: 'stall', afterFrames: 4 } },
  ];
  for (const { name, fault } of lost) {
    for (const format of ['wav', 'pcm'] as const) {
      it(`a live ${format} stream ${name} mid-way continues from the durable audio, no sample lost or repeated`, async () => {
        fake.streams.inject(fault);
        const { parts, error } = await collectParts(synth({ outputFormat: format, stallTimeoutMs: 300 }).synthesize(request()));
        expect(error).toBeUndefined();
        expect(sameSamples(samplesOf(parts), sent())).toBe('same');
        expect(fake.charges()).toBe(1);
        await fake.waitForNoConnections();
      });
    }
  }

  it('a lost answer is asked for again with the same Idempotency-Key: one job, one charge', async () => {
    fake.switches.loseAnswers = 1;
    const { parts, error } = await collectParts(synth().synthesize(request()));
    expect(error).toBeUndefined();
    expect(posts()).toHaveLength(2);
    expect(posts()[1]!.headers['idempotency-key']).toBe(posts()[0]!.headers['idempotency-key']);
    expect(fake.charges()).toBe(1);
    // The replay has no stream URL (single use): the audio comes from the durable file.
    expect(sameSamples(samplesOf(parts), sent())).toBe('same');
    await fake.waitForNoConnections();
  });

  it('retries a 429 after Retry-After with the same Idempotency-Key', async () => {
    fake.api.inject({ kind: 'status', status: 429, retryAfter: '0.1' });
    const { error } = await collectParts(synth().synthesize(request()));
    expect(error).toBeUndefined();
    expect(posts()).toHaveLength(2);
    expect(new Set(posts().map((r) => r.headers['idempotency-key'])).size).toBe(1);
    expect(fake.charges()).toBe(1);
  });

  it('each segment gets its own Idempotency-Key', async () => {
    const s = synth();
    await collectParts(s.synthesize(request('First segment.')));
    await collectParts(s.synthesize(request('Second segment.')));
    expect(new Set(posts().map((r) => r.headers['idempotency-key'])).size).toBe(2);
  });
});

describe('AI TTS adapter: byte limits', () => {
  it('splits text over the voice’s byte limit at sentence ends into jobs, times and offsets continuing', async () => {
    // Polly streams 3,000 bytes; Devanagari is 3 bytes a character.
    const sentence = 'यह एक लंबा वाक्य है जिसे बार बार दोहराया जाता है। ';
    const text = sentence.repeat(Math.ceil(3300 / Buffer.byteLength(sentence))).trim();
    expect(text.length).toBeLessThan(3000);
    const { parts, error } = await collectParts(synth().synthesize(request(text, 'polly:en-GB-Generative-Brian')));
    expect(error).toBeUndefined();
    expect(fake.jobs).toHaveLength(2);
    for (const p of posts()) expect(Buffer.byteLength((p.body as { text: string }).text)).toBeLessThanOrEqual(3000);
    expect(((posts()[0]!.body as { text: string }).text).trimEnd().endsWith('।')).toBe(true);
    const both = new Float32Array([...sent(0), ...sent(1)]);
    expect(sameSamples(samplesOf(parts), both)).toBe('same');
    const words = parts.flatMap((p) => p.words);
    expect(words.map((w) => text.slice(w.charStart, w.charEnd))).toEqual(text.match(/[^\s।]+/gu));
    // Times run on across parts and jobs, each word within the audio.
    for (let i = 1; i < words.length; i++) expect(words[i]!.startMs).toBeGreaterThanOrEqual(words[i - 1]!.startMs);
    expect(words.at(-1)!.endMs).toBeLessThanOrEqual((both.length / 22050) * 1000 + 1);
    const firstOfSecond = words.find((w) => w.charStart >= (posts()[0]!.body as { text: string }).text.length)!;
    expect(firstOfSecond.startMs).toBeGreaterThanOrEqual((sent(0).length / 22050) * 1000 - 1);
  });

  it('splitUtf8 keeps every character, in order, under the limit', () => {
    const text = 'Ünïcödé sentence one. ' + '日本語の文です。'.repeat(50) + ' Last words here.';
    const pieces = splitUtf8(text, 200);
    expect(pieces.map((p) => p.text).join('')).toBe(text);
    for (const p of pieces) {
      expect(Buffer.byteLength(p.text)).toBeLessThanOrEqual(200);
      expect(text.slice(p.offset, p.offset + p.text.length)).toBe(p.text);
    }
  });
});

describe('AI TTS adapter: faults', () => {
  const cases: { name: string; fault: Fault; times?: number; kind: string }[] = [
    { name: '401', fault: { kind: 'status', status: 401 }, kind: 'auth' },
    { name: '403', fault: { kind: 'status', status: 403 }, kind: 'auth' },
    { name: '429 every time', fault: { kind: 'status', status: 429 }, times: 4, kind: 'quota' },
    { name: '500 every time', fault: { kind: 'status', status: 500 }, times: 4, kind: 'server' },
    { name: '503 every time', fault: { kind: 'status', status: 503 }, times: 4, kind: 'server' },
    { name: 'a wrong content type every time', fault: { kind: 'wrong-content-type' }, times: 4, kind: 'server' },
  ];
  for (const c of cases) {
    it(`${c.name} on the job request -> ${c.kind}, nothing charged, nothing leaked`, async () => {
      fake.api.inject(c.fault, c.times ?? 1);
      const { error } = await collectParts(synth().synthesize(request()));
      expect(error).toBeInstanceOf(SynthesisError);
      expect((error as SynthesisError).kind).toBe(c.kind);
      expect(fake.charges()).toBe(0);
      await fake.waitForNoConnections();
    });
  }

  it('an unknown voice and a bad key are told apart', async () => {
    const voice = await collectParts(synth().synthesize(request(TEXT, 'google:xx-XX-Nobody')));
    expect((voice.error as SynthesisError).kind).toBe('unknown-voice');
    const key = await collectParts(synth({ apiKey: 'wrong' }).synthesize(request()));
    expect((key.error as SynthesisError).kind).toBe('auth');
  });

  it('a lost stream whose job then fails ends in a server error, keeping the audio already played', async () => {
    fake.streams.inject({ kind: 'cut-mid-stream', afterFrames: 4 });
    fake.switches.failJobs = true;
    const { parts, error } = await collectParts(synth().synthesize(request()));
    expect(error).toMatchObject({ kind: 'server', message: 'The upstream provider failed' });
    const got = samplesOf(parts);
    expect(got.length).toBeGreaterThan(0);
    expect(sameSamples(got, sent().subarray(0, got.length))).toBe('same');
    await fake.waitForNoConnections();
  });
});

describe('AI TTS adapter: voices and the documents’ literal examples', () => {
  it('lists voices from GET /voices', async () => {
    const voices = await synth().listVoices();
    expect(voices[0]).toEqual({ id: 'google:en-US-Chirp3HD-Charon', provider: 'aitts', name: 'Charon (Chirp3HD)', languages: ['en-US'] });
    await expect(synth({ apiKey: 'bad' }).listVoices()).rejects.toMatchObject({ kind: 'auth' });
  });

  it('parses the 202 answer printed in the streaming article (seeds/001)', () => {
    const seed = readdirSync('/work/shared/seeds').find((f) => f.startsWith('001_'));
    const doc = readFileSync(`/work/shared/seeds/${seed}`, 'utf8');
    const literal = doc.slice(doc.indexOf('{\n  "success": true'), doc.indexOf('\n}\n', doc.indexOf('"chars_charged"')) + 2);
    const job = parseStreamJob(JSON.parse(literal));
    expect(job).toEqual({
      jobId: '550e8400-e29b-41d4-a716-446655440000',
      status: 'pending',
      pollUrl: '/api/v1/tts/550e8400-e29b-41d4-a716-446655440000',
      audioEndpoint: '/api/v1/tts/550e8400-e29b-41d4-a716-446655440000/audio',
      streamUrl: 'https://...',
      transportFormat: 'ogg_opus',
      transportSampleRate: 48000,
    });
  });

  it('parses the voice list printed in providers.md §3.5', async () => {
    const server = await serveLiteral(200, 'application/json', providersMdLiteral('`GET /voices[?provider=google]`'));
    try {
      const voices = await createAittsSynthesizer({ apiKey: KEY, baseUrl: server.url }).listVoices();
      expect(voices).toEqual([{ id: 'google:en-US-Chirp3HD-Charon', provider: 'aitts', name: 'Charon (Chirp3HD)', languages: ['en-US'] }]);
    } finally {
      await server.close();
    }
  });

  it('reads the error envelope as a classified error', () => {
    expect(() => parseStreamJob({ success: false, error: { code: 'PROVIDER_DISABLED', message: 'Polly is disabled' } })).toThrow(
      expect.objectContaining({ kind: 'bad-request', message: 'Polly is disabled' }),
    );
  });
});
