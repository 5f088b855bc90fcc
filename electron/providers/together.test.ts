import { readFileSync } from 'node:fs';
import Together from 'together-ai';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { collectParts, failureOf, samplesOf } from '../../test/fakes/collect-parts';
import { testSpeech, type TestSpeech } from '../../test/fakes/test-speech';
import { startTogetherFake, type TogetherFake } from '../../test/fakes/together-server';
import type { SynthesisPart } from '../speech/synthesizer';
import type { SynthesisError } from '../speech/synthesis-error';
import { createTogetherSynthesizer, togetherParts, type TogetherOptions } from './together';
import { decodePcm, encodeS16le } from '../../shared/audio/pcm';

const KEY = 'tgp_v1_fake-key';
const TEXT = 'The quick brown fox jumps over the lazy dog. It was not amused!';
const fast = { baseDelayMs: 5, maxDelayMs: 20 };

let fake: TogetherFake;
let speech: TestSpeech;
beforeAll(async () => {
  speech = testSpeech();
  await speech(TEXT);
  fake = await startTogetherFake({ speech, apiKey: KEY });
});
afterAll(async () => {
  await fake.close();
  await speech.close();
});
beforeEach(() => {
  fake.clearFaults();
  fake.switches.shape = 'conversation';
  fake.switches.omitDone = false;
  fake.switches.streamContentType = 'text/event-stream';
});

const synth = (extra: Partial<TogetherOptions> = {}) => createTogetherSynthesizer({ apiKey: KEY, baseUrl: `${fake.url}/v1`, retry: fast, stallTimeoutMs: 15_000, ...extra });
const speak = (s = synth(), voice = 'tara', text = TEXT) => collectParts(s.synthesize({ text, voice, synthRate: 1, signal: new AbortController().signal }));
const joined = (chunks: Uint8Array[]) => new Uint8Array(Buffer.concat(chunks));

function expectExactly(parts: SynthesisPart[]) {
  const sent = fake.sent.at(-1)!;
  expect(Array.from(samplesOf(parts))).toEqual(Array.from(decodePcm(joined(sent.audio), sent.encoding)));
  expect(parts.every((p) => p.audio.kind === 'pcm' && p.audio.sampleRate === sent.sampleRate)).toBe(true);
  const words = parts.flatMap((p) => p.words);
  expect(words.map((w) => TEXT.slice(w.charStart, w.charEnd))).toEqual(sent.words.map((w) => w.text.replace(/[.!]$/u, '')));
  words.forEach((w, i) => {
    expect(w.startMs).toBeCloseTo(sent.words[i]!.start * 1000, 6);
    expect(w.endMs).toBeCloseTo(sent.words[i]!.end * 1000, 6);
  });
  // A word never comes before its audio.
  let ms = 0;
  for (const p of parts) {
    if (p.audio.kind === 'pcm') ms += (p.audio.samples.length / p.audio.sampleRate) * 1000;
    for (const w of p.words) expect(w.startMs).toBeLessThanOrEqual(ms + 1e-6);
  }
}

describe('Together adapter against the fake', () => {
  it('streams PCM exactly as sent, with word timestamps, and sends the documented request', async () => {
    const before = fake.requests.length;
    const { parts, error } = await speak();
    expect(error).toBeUndefined();
    expectExactly(parts);
    const req = fake.requests[before]!;
    expect(req.headers['authorization']).toBe(`Bearer ${KEY}`);
    expect(req.body).toEqual({
      model: 'canopylabs/orpheus-3b-0.1-ft',
      input: TEXT,
      voice: 'tara',
      stream: true,
      response_format: 'raw',
      response_encoding: 'pcm_s16le',
      sample_rate: 24000,
      alignment: 'word',
    });
    await fake.waitForNoConnections();
  });

  it.each(['audio.tts.chunk', 'delta-audio'] as const)('takes audio from the %s shape too', async (shape) => {
    fake.switches.shape = shape;
    const { parts, error } = await speak();
    expect(error).toBeUndefined();
    expectExactly(parts);
  });

  it('asks a Cartesia model over REST (never streamed: refused), decoding its raw f32le answer as it arrives, the words estimated', async () => {
    const before = fake.requests.length;
    const { parts, error } = await speak(synth({ model: 'cartesia/sonic', encoding: 'f32le', sampleRate: 44100 }), 'calm lady');
    expect(error).toBeUndefined();
    expect(fake.requests[before]!.body).toMatchObject({ model: 'cartesia/sonic', stream: false, response_format: 'raw', response_encoding: 'pcm_f32le', sample_rate: 44100 });
    expect(fake.requests[before]!.body).not.toHaveProperty('alignment');
    expect(fake.requests.length).toBe(before + 1);
    const sent = fake.sent.at(-1)!;
    expect(sent.encoding).toBe('f32le');
    expect(Array.from(samplesOf(parts))).toEqual(Array.from(decodePcm(joined(sent.audio), 'f32le')));
    // Estimated timings: every word of the text, in order.
    expect(parts.flatMap((p) => p.words).map((w) => TEXT.slice(w.charStart, w.charEnd))).toEqual(TEXT.match(/[\p{L}\p{N}'’]+/gu));
  });

  it('reads the events whatever their content type (the SDK does; it is not documented), but not an HTML page', async () => {
    for (const type of ['application/json', 'text/plain; charset=utf-8', 'application/octet-stream']) {
      fake.switches.streamContentType = type;
      const { parts, error } = await speak();
      expect(error, type).toBeUndefined();
      expectExactly(parts);
    }
  });

  it('takes a stream that ends cleanly without [DONE] as whole (the SDK does not require it)', async () => {
    fake.switches.omitDone = true;
    const { parts, error } = await speak();
    expect(error).toBeUndefined();
    expectExactly(parts);
  });

  it('asks Orpheus for s16le at 24 kHz whatever is configured (it sends nothing else)', async () => {
    const before = fake.requests.length;
    const { parts, error } = await speak(synth({ encoding: 'f32le', sampleRate: 44100 }));
    expect(error).toBeUndefined();
    expect(fake.requests[before]!.body).toMatchObject({ response_encoding: 'pcm_s16le', sample_rate: 24000 });
    expectExactly(parts);
  });

  it('lists the voices of its model by name', async () => {
    const voices = await synth().listVoices();
    expect(voices.map((v) => v.id)).toEqual(['tara', 'leah', 'jess', 'leo', 'dan', 'mia', 'zac', 'zoe']);
    expect(voices[0]!.provider).toBe('together');
  });
});

describe('Together faults', () => {
  const fails = (kind: SynthesisError['kind'], s = synth(), voice = 'tara') =>
    failureOf(speak(s, voice), { kind, provider: 'together' }, fake);

  it('bad key, spending limit, unknown voice and model', async () => {
    await fails('auth', synth({ apiKey: 'nope' }));
    fake.inject({ kind: 'status', status: 403 });
    await fails('auth');
    fake.inject({ kind: 'status', status: 402 }); // never retried (out-of-credit.test.ts)
    await fails('billing');
    await fails('unknown-voice', synth(), 'nobody');
    await fails('unknown-voice', synth({ model: 'no/such-model' }));
  });

  it('429 (with and without Retry-After), 500 and 503 are retried before any audio', async () => {
    fake.inject({ kind: 'status', status: 429, retryAfter: '0.05' });
    fake.inject({ kind: 'status', status: 429 });
    fake.inject({ kind: 'status', status: 500 });
    fake.inject({ kind: 'status', status: 503 });
    const before = fake.requests.length;
    const { parts, error } = await speak(synth({ retry: { ...fast, maxAttempts: 5 } }));
    expect(error).toBeUndefined();
    expect(fake.requests.length - before).toBe(5);
    expectExactly(parts);
    await fake.waitForNoConnections();
  });

  it('an error event mid-stream is server, after the audio before it', async () => {
    fake.inject({ kind: 'error-mid-stream', afterFrames: 2 });
    const { parts, error } = await fails('server');
    expect(error.message).toMatch(/Internal server error/);
    expect(samplesOf(parts).length).toBeGreaterThan(0);
  });

  it('a cut, a stall, a malformed event and an HTML page instead of events', async () => {
    fake.inject({ kind: 'cut-mid-stream', afterFrames: 1 });
    expect((await fails('network')).parts.length).toBe(1);
    fake.inject({ kind: 'stall', afterFrames: 1 });
    await fails('stalled', synth({ stallTimeoutMs: 300 }));
    fake.inject({ kind: 'malformed-frame', afterFrames: 1 });
    await fails('server');
    fake.inject({ kind: 'wrong-content-type' }, 10);
    await fails('server');
    fake.clearFaults();
  });
});

describe('Together fidelity: the official SDK parses the fake', () => {
  it('streams the same audio and word timestamps through together-ai', async () => {
    const client = new Together({ apiKey: KEY, baseURL: `${fake.url}/v1`, maxRetries: 0 });
    // alignment is not a typed SDK parameter; the docs pass it as an extra body field.
    const params = {
      model: 'canopylabs/orpheus-3b-0.1-ft',
      input: TEXT,
      voice: 'tara',
      stream: true as const,
      response_format: 'raw' as const,
      response_encoding: 'pcm_s16le' as const,
      alignment: 'word',
    };
    const stream = await client.audio.speech.create(params);
    const audio: Uint8Array[] = [];
    const words: string[] = [];
    for await (const chunk of stream) {
      const c = chunk as unknown as Record<string, unknown>;
      if (typeof c['delta'] === 'string') audio.push(new Uint8Array(Buffer.from(c['delta'], 'base64')));
      if (c['type'] === 'conversation.item.word_timestamps') words.push(...(c['words'] as string[]));
    }
    const sent = fake.sent.at(-1)!;
    expect(Buffer.compare(joined(audio), joined(sent.audio))).toBe(0);
    expect(words).toEqual(sent.words.map((w) => w.text));
    const voices = await client.audio.voices.list();
    expect(voices.data.find((d) => d.model === 'canopylabs/orpheus-3b-0.1-ft')!.voices.map((v) => v.name)).toContain('tara');
    await fake.waitForNoConnections();
  });

  it('the SDK reports the fake’s mid-stream error event as an API error', async () => {
    fake.inject({ kind: 'error-mid-stream', afterFrames: 1 });
    const client = new Together({ apiKey: KEY, baseURL: `${fake.url}/v1`, maxRetries: 0 });
    const stream = await client.audio.speech.create({ model: 'canopylabs/orpheus-3b-0.1-ft', input: TEXT, voice: 'tara', stream: true, response_format: 'raw' });
    await expect(
      (async () => {
        for await (const _ of stream) {
          /* drain */
        }
      })(),
    ).rejects.toThrow(/Internal server error/);
  });
});

describe('Together literal example (docs and providers.md)', () => {
  it('parses the documented events, its elided audio replaced by real PCM', async () => {
    const pcm = Buffer.from(encodeS16le(new Float32Array(24000 * 0.8).fill(0.25))).toString('base64');
    const sse = readFileSync(new URL('../../test/fixtures/providers/together-stream.sse', import.meta.url), 'utf8').replace('<base64 pcm_s16le 24k mono>', pcm);
    const { parts, error } = await collectParts(
      togetherParts(
        (async function* () {
          yield new TextEncoder().encode(sse);
        })(),
        'Hello world',
        { encoding: 's16le', sampleRate: 24000 },
      ),
    );
    expect(error).toBeUndefined();
    expect(samplesOf(parts).length).toBe(19200);
    expect(parts.flatMap((p) => p.words)).toEqual([
      { text: 'Hello', charStart: 0, charEnd: 5, startMs: 0, endMs: 400 },
      { text: 'world', charStart: 6, charEnd: 11, startMs: 400, endMs: 800 },
    ]);
  });
});
