import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { Stream } from 'openai/streaming';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { providersMdLiteral, serveLiteral } from '../../test/fakes/literal-server';
import { startOpenAiFake, type OpenAiFake } from '../../test/fakes/openai-server';
import { bytesOf, collectParts as collect, expectHeardPrefix, failureOf, sameSamples, samplesOf } from '../../test/fakes/collect-parts';
import { testSpeech, type TestSpeech } from '../../test/fakes/test-speech';
import type { SynthesisError } from '../speech/synthesis-error';
import { createOpenAiSynthesizer, type OpenAiOptions } from './openai';
import { decodePcm } from '../../shared/audio/pcm';

const KEY = 'sk-test-123';
const TEXT = 'The rain had stopped by noon. Then, quite suddenly, the sun came out over the hills, and everyone went outside.';
const FAST_RETRY = { baseDelayMs: 5, maxDelayMs: 20 };

let speech: TestSpeech;
let fake: OpenAiFake;
beforeAll(async () => {
  speech = testSpeech();
  await speech.ready;
  fake = await startOpenAiFake({ speech, apiKey: KEY, frameBytes: 4800 });
});
afterAll(async () => {
  await fake.close();
  await speech.close();
});
beforeEach(() => {
  fake.clearFaults();
  fake.requests.length = 0;
  fake.sentAudio.length = 0;
  Object.assign(fake.switches, { sseKey: 'audio', sseEventLines: false, sseDone: false, ignoreStreamFormat: false });
});

function synth(opts: Partial<OpenAiOptions> = {}) {
  return createOpenAiSynthesizer({ apiKey: KEY, baseUrl: fake.baseUrl, model: 'gpt-4o-mini-tts', retry: FAST_RETRY, ...opts });
}

const request = (text = TEXT, voice = 'nova') => ({ text, voice, synthRate: 1, signal: new AbortController().signal });

describe('OpenAI-compatible adapter: audio', () => {
  for (const mode of ['pcm', 'wav', 'sse-audio', 'sse-delta', 'sse-ignored'] as const) {
    it(`passes the audio through sample for sample (${mode}) with a word timing for every word`, async () => {
      if (mode === 'sse-delta') Object.assign(fake.switches, { sseKey: 'delta', sseEventLines: true, sseDone: true });
      if (mode === 'sse-ignored') fake.switches.ignoreStreamFormat = true;
      const s = synth({ responseFormat: mode === 'wav' ? 'wav' : 'pcm', streamFormat: mode.startsWith('sse') ? 'sse' : 'audio' });
      const { parts, error } = await collect(s.synthesize(request()));
      expect(error).toBeUndefined();
      expect(sameSamples(samplesOf(parts), decodePcm(fake.sentAudio[0]!, 's16le'))).toBe('same');
      for (const p of parts) expect(p.audio.kind === 'pcm' && p.audio.sampleRate).toBe(24000);
      const words = parts.flatMap((p) => p.words);
      expect(words.map((w) => TEXT.slice(w.charStart, w.charEnd))).toEqual(TEXT.match(/[\p{L}\p{N}]+/gu));
      const durationMs = (samplesOf(parts).length / 24000) * 1000;
      for (let i = 1; i < words.length; i++) expect(words[i]!.startMs).toBeGreaterThanOrEqual(words[i - 1]!.startMs);
      expect(words.at(-1)!.endMs).toBeLessThanOrEqual(durationMs + 1);
      await fake.waitForNoConnections();
    });
  }

  for (const [format, sse, mime] of [
    ['mp3', false, 'audio/mpeg'],
    ['opus', false, 'audio/ogg; codecs=opus'],
    ['mp3', true, 'audio/mpeg'],
  ] as const) {
    it(`passes ${format}${sse ? ' in SSE' : ''} on encoded, byte for byte, with durations and words spread over them`, async () => {
      const { parts, error } = await collect(synth({ responseFormat: format, streamFormat: sse ? 'sse' : 'audio' }).synthesize(request()));
      expect(error).toBeUndefined();
      expect(Buffer.compare(bytesOf(parts), fake.sentAudio[0]!)).toBe(0);
      expect(parts.length).toBeGreaterThan(2);
      for (const p of parts) expect(p.audio).toMatchObject({ kind: 'encoded', mime });
      // The container framing gives the duration: within a codec frame or two of the speech.
      const totalMs = parts.reduce((n, p) => n + p.durationMs!, 0);
      const speechMs = ((await speech(TEXT)).samples.length / 22050) * 1000;
      expect(Math.abs(totalMs - speechMs)).toBeLessThan(120);
      const words = parts.flatMap((p) => p.words);
      expect(words.map((w) => TEXT.slice(w.charStart, w.charEnd))).toEqual(TEXT.match(/[\p{L}\p{N}]+/gu));
      expect(words.at(-1)!.endMs).toBeLessThanOrEqual(totalMs + 1);
      await fake.waitForNoConnections();
    });
  }

  it('an encoded stream cut mid-way ends in a network error, keeping the bytes already sent', async () => {
    fake.inject({ kind: 'cut-mid-stream', afterFrames: 3 });
    const { parts, error } = await collect(synth({ responseFormat: 'mp3' }).synthesize(request()));
    expect((error as SynthesisError).kind).toBe('network');
    const got = bytesOf(parts);
    expect(got.length).toBeGreaterThan(0);
    expect(Buffer.compare(got, fake.sentAudio[0]!.subarray(0, got.length))).toBe(0);
    await fake.waitForNoConnections();
  });

  it('sends the OpenAI request: bearer key, model, voice, pcm, speed, stream_format', async () => {
    await collect(synth({ streamFormat: 'sse', instructions: 'Calm.' }).synthesize({ ...request(), synthRate: 1.5 }));
    const r = fake.requests[0]!;
    expect(r.path).toBe('/v1/audio/speech');
    expect(r.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(r.body).toEqual({ model: 'gpt-4o-mini-tts', input: TEXT, voice: 'nova', response_format: 'pcm', speed: 1.5, instructions: 'Calm.', stream_format: 'sse' });
  });

  it('works with a base URL and no key, as a local server is used', async () => {
    const local = await startOpenAiFake({ speech, voiceList: true });
    try {
      const s = createOpenAiSynthesizer({ baseUrl: `${local.baseUrl}/`, model: 'kokoro' });
      const { parts, error } = await collect(s.synthesize(request('Hello there.')));
      expect(error).toBeUndefined();
      expect(samplesOf(parts).length).toBeGreaterThan(0);
      expect(local.requests[0]!.headers.authorization).toBeUndefined();
      expect((await s.listVoices()).map((v) => v.id)).toContain('alloy');
    } finally {
      await local.close();
    }
  });
});

describe('OpenAI-compatible adapter: faults', () => {
  const cases: { name: string; inject: Parameters<OpenAiFake['inject']>; kind: SynthesisError['kind']; sse?: boolean; times?: number; opts?: Partial<OpenAiOptions> }[] = [
    { name: '401', inject: [{ kind: 'status', status: 401 }], kind: 'auth' },
    { name: '403', inject: [{ kind: 'status', status: 403 }], kind: 'auth' },
    { name: '429 without Retry-After, every time', inject: [{ kind: 'status', status: 429 }, 4], kind: 'quota' },
    { name: '500 every time', inject: [{ kind: 'status', status: 500 }, 4], kind: 'server' },
    { name: '503 every time', inject: [{ kind: 'status', status: 503 }, 4], kind: 'server' },
    { name: 'an error event mid-stream', inject: [{ kind: 'error-mid-stream', afterFrames: 2 }], kind: 'server', sse: true },
    { name: 'a malformed event', inject: [{ kind: 'malformed-frame', afterFrames: 2 }], kind: 'server', sse: true },
    { name: 'a binary stream failing mid-way (a cut)', inject: [{ kind: 'error-mid-stream', afterFrames: 2 }], kind: 'network' },
    { name: 'a binary stream ending mid-sample', inject: [{ kind: 'malformed-frame', afterFrames: 2 }], kind: 'server' },
    { name: 'the connection cut mid-stream', inject: [{ kind: 'cut-mid-stream', afterFrames: 2 }], kind: 'network' },
    { name: 'a stall', inject: [{ kind: 'stall', afterFrames: 2 }], kind: 'stalled', opts: { stallTimeoutMs: 300 } },
    { name: 'a wrong content type, every time', inject: [{ kind: 'wrong-content-type' }, 4], kind: 'server' },
  ];
  for (const c of cases) {
    it(`${c.name} -> ${c.kind}, keeping the audio already sent, leaking nothing`, async () => {
      fake.inject(...c.inject);
      const { parts } = await failureOf(collect(synth({ streamFormat: c.sse ? 'sse' : 'audio', ...c.opts }).synthesize(request())), { kind: c.kind, provider: 'openai' }, fake);
      if (c.inject[0].kind !== 'status' && c.inject[0].kind !== 'wrong-content-type') expectHeardPrefix(parts, decodePcm(fake.sentAudio[0]!, 's16le'), 24000, TEXT);
    });
  }

  it('retries a 429 after its Retry-After, then succeeds', async () => {
    fake.inject({ kind: 'status', status: 429, retryAfter: '0.2' });
    const t0 = Date.now();
    const { parts, error } = await collect(synth().synthesize(request()));
    expect(error).toBeUndefined();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(190);
    expect(fake.requests).toHaveLength(2);
    expect(samplesOf(parts).length).toBeGreaterThan(0);
  });

  it('retries a 503 with backoff, then succeeds', async () => {
    fake.inject({ kind: 'status', status: 503 }, 2);
    const { error } = await collect(synth().synthesize(request()));
    expect(error).toBeUndefined();
    expect(fake.requests).toHaveLength(3);
  });

  it('an unknown voice is told apart from a bad request', async () => {
    const { error } = await collect(synth().synthesize(request(TEXT, 'nobody')));
    expect((error as SynthesisError).kind).toBe('unknown-voice');
    const tooLong = await collect(synth().synthesize(request('a'.repeat(4097))));
    expect((tooLong.error as SynthesisError).kind).toBe('bad-request');
  });

  it('stops at once when aborted, releasing the connection', async () => {
    const ctl = new AbortController();
    const s = synth();
    let n = 0;
    await expect(
      (async () => {
        for await (const _ of s.synthesize({ ...request(), signal: ctl.signal })) if (++n === 1) ctl.abort();
      })(),
    ).rejects.toThrow(/abort/iu);
    await fake.waitForNoConnections();
  });
});

describe('OpenAI-compatible adapter: voices', () => {
  it('offers the standard voices where the server has no voice list, after checking the key', async () => {
    const voices = await synth().listVoices();
    expect(voices.map((v) => v.id)).toEqual(['alloy', 'ash', 'ballad', 'coral', 'echo', 'fable', 'onyx', 'nova', 'sage', 'shimmer', 'verse', 'marin', 'cedar']);
    expect(fake.requests.map((r) => r.path)).toEqual(['/v1/audio/voices', '/v1/models']);
    await expect(synth({ apiKey: 'wrong' }).listVoices()).rejects.toMatchObject({ kind: 'auth' });
  });
});

describe('fidelity: the official openai SDK reads the fake', () => {
  it('binary pcm', async () => {
    const client = new OpenAI({ apiKey: KEY, baseURL: fake.baseUrl });
    const res = await client.audio.speech.create({ model: 'gpt-4o-mini-tts', voice: 'alloy', input: 'Hello there.', response_format: 'pcm' });
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(fake.sentAudio[0]);
  });

  it('sse events, and an error event as an APIError', async () => {
    const client = new OpenAI({ apiKey: KEY, baseURL: fake.baseUrl, maxRetries: 0 });
    const res = await client.audio.speech.create({ model: 'gpt-4o-mini-tts', voice: 'alloy', input: 'Hello there.', response_format: 'pcm', stream_format: 'sse' });
    const chunks: Buffer[] = [];
    let done = false;
    for await (const ev of Stream.fromSSEResponse<{ type: string; audio?: string }>(res, new AbortController())) {
      if (ev.type === 'speech.audio.delta') chunks.push(Buffer.from(ev.audio!, 'base64'));
      if (ev.type === 'speech.audio.done') done = true;
    }
    expect(done).toBe(true);
    expect(new Uint8Array(Buffer.concat(chunks))).toEqual(fake.sentAudio[0]);

    fake.inject({ kind: 'error-mid-stream', afterFrames: 1 });
    const bad = await client.audio.speech.create({ model: 'gpt-4o-mini-tts', voice: 'alloy', input: 'Hello there.', response_format: 'pcm', stream_format: 'sse' });
    await expect(
      (async () => {
        for await (const _ of Stream.fromSSEResponse(bad, new AbortController()));
      })(),
    ).rejects.toBeInstanceOf(OpenAI.APIError);
    await expect(client.audio.speech.create({ model: 'tts-1', voice: 'nobody', input: 'x' })).rejects.toBeInstanceOf(OpenAI.BadRequestError);
  });
});

describe('the literal examples of providers.md §5.3 (Kokoro-FastAPI)', () => {
  it('the voice list, and its legacy form (a list of strings)', async () => {
    for (const body of [providersMdLiteral('Voices: `GET /v1/audio/voices`'), '["af_heart","am_adam"]']) {
      const server = await serveLiteral(200, 'application/json', body);
      try {
        const voices = await createOpenAiSynthesizer({ baseUrl: `${server.url}/v1` }).listVoices();
        expect(voices[0]).toEqual({ id: 'af_heart', provider: 'openai', name: 'af_heart', languages: [] });
      } finally {
        await server.close();
      }
    }
  });

  it('the FastAPI-wrapped error', async () => {
    const literal = /`(\{"detail":\{"error".+?\}\})`/u.exec(readFileSync('/work/shared/providers.md', 'utf8'))![1]!;
    const server = await serveLiteral(400, 'application/json', literal.replace('"..."', '"Voice not found: xx_nobody"'));
    try {
      const { error } = await collect(createOpenAiSynthesizer({ baseUrl: `${server.url}/v1` }).synthesize(request()));
      expect(error).toMatchObject({ kind: 'unknown-voice', message: 'Voice not found: xx_nobody' });
    } finally {
      await server.close();
    }
  });
});

describe('the literal example of providers.md §5.2', () => {
  it('parses', async () => {
    const pcm = fake.sentAudio[0] ?? new Uint8Array(4800).fill(1);
    const literal = `data: {"type":"speech.audio.delta","audio":"<base64>"}\n\ndata: {"type":"speech.audio.done","usage":{"input_tokens":14,"output_tokens":101,"total_tokens":115}}\n\n`;
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      res.end(literal.replace('<base64>', Buffer.from(pcm).toString('base64')));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const s = createOpenAiSynthesizer({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, streamFormat: 'sse' });
      const { parts, error } = await collect(s.synthesize(request('Hello.')));
      expect(error).toBeUndefined();
      expect(sameSamples(samplesOf(parts), decodePcm(pcm, 's16le'))).toBe('same');
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
