import { readFileSync } from 'node:fs';
import { ElevenLabsClient } from '@elevenlabs/elevenlabs-js';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { collectParts, failureOf, samplesOf } from '../../test/fakes/collect-parts';
import { ELEVENLABS_STORED_SETTINGS, startElevenLabsFake, type ElevenLabsFake, type SentCharacter } from '../../test/fakes/elevenlabs-server';
import { testSpeech, type TestSpeech } from '../../test/fakes/test-speech';
import type { SynthesisPart } from '../speech/synthesizer';
import { createElevenLabsSynthesizer, elevenLabsParts, type ElevenLabsOptions } from './elevenlabs';
import type { SynthesisError } from '../speech/synthesis-error';
import { decodePcm, encodeS16le } from '../../shared/audio/pcm';

const KEY = 'sk_fake_elevenlabs';
const VOICE = '21m00Tcm4TlvDq8ikWAM';
const TEXT = 'She sells sea shells by the sea shore. The shells she sells are surely seashells!';
const fast = { baseDelayMs: 5, maxDelayMs: 20 };

let fake: ElevenLabsFake;
let speech: TestSpeech;
beforeAll(async () => {
  speech = testSpeech();
  await speech(TEXT);
  fake = await startElevenLabsFake({ speech, apiKey: KEY });
});
afterAll(async () => {
  await fake.close();
  await speech.close();
});
beforeEach(() => fake.clearFaults());

const synth = (extra: Partial<ElevenLabsOptions> = {}) => createElevenLabsSynthesizer({ apiKey: KEY, baseUrl: fake.url, retry: fast, stallTimeoutMs: 15_000, ...extra });
const speak = (s = synth(), voice = VOICE, text = TEXT) => collectParts(s.synthesize({ text, voice, synthRate: 1, signal: new AbortController().signal }));
const joined = (chunks: Uint8Array[]) => new Uint8Array(Buffer.concat(chunks));

/** The words the sent characters spell: runs of non-space characters, first start to last end. */
function wordsFromCharacters(chars: SentCharacter[]) {
  const out: { from: number; to: number; start: number; end: number }[] = [];
  let run: (typeof out)[number] | undefined;
  chars.forEach((c, i) => {
    if (/\s/u.test(c.char)) run = undefined;
    else if (run) {
      run.to = i + 1;
      run.end = c.end;
    } else out.push((run = { from: i, to: i + 1, start: c.start, end: c.end }));
  });
  return out;
}

function expectWords(parts: SynthesisPart[]) {
  const expected = wordsFromCharacters(fake.sent.at(-1)!.characters);
  const got = parts.flatMap((p) => p.words);
  expect(got.map((w) => [w.charStart, w.charEnd])).toEqual(expected.map((e) => [e.from, e.to]));
  got.forEach((w, i) => {
    expect(w.text).toBe(TEXT.slice(w.charStart, w.charEnd));
    expect(w.startMs).toBeCloseTo(expected[i]!.start * 1000, 6);
    expect(w.endMs).toBeCloseTo(expected[i]!.end * 1000, 6);
  });
}

describe('ElevenLabs adapter against the fake', () => {
  it('streams pcm_24000 exactly as sent, with character alignment turned into words', async () => {
    const before = fake.requests.length;
    const { parts, error } = await speak();
    expect(error).toBeUndefined();
    const sent = fake.sent.at(-1)!;
    expect(sent.outputFormat).toBe('pcm_24000');
    expect(Array.from(samplesOf(parts))).toEqual(Array.from(decodePcm(joined(sent.audio), 's16le')));
    expectWords(parts);
    let ms = 0;
    for (const p of parts) {
      if (p.audio.kind === 'pcm') ms += (p.audio.samples.length / 24000) * 1000;
      for (const w of p.words) expect(w.startMs).toBeLessThanOrEqual(ms + 1e-6);
    }
    const req = fake.requests[before]!;
    expect(req.path).toBe(`/v1/text-to-speech/${VOICE}/stream/with-timestamps`);
    expect(req.query).toEqual({ output_format: 'pcm_24000' });
    expect(req.headers['xi-api-key']).toBe(KEY);
    expect(req.body).toMatchObject({ text: TEXT, model_id: 'eleven_multilingual_v2' });
    await fake.waitForNoConnections();
  });

  it("keeps the voice's stored settings: none sent at the normal speed, and another speed sent with them (fetched once)", async () => {
    const s = synth();
    const at = (synthRate: number) => collectParts(s.synthesize({ text: TEXT, voice: VOICE, synthRate, signal: new AbortController().signal }));
    const before = fake.requests.length;
    expect((await at(1)).error).toBeUndefined();
    expect(fake.requests[before]!.body).not.toHaveProperty('voice_settings');
    expect(fake.sent.at(-1)!.settings).toEqual(ELEVENLABS_STORED_SETTINGS[VOICE]);
    expect((await at(1.15)).error).toBeUndefined();
    expect(fake.sent.at(-1)!.settings).toEqual({ ...ELEVENLABS_STORED_SETTINGS[VOICE], speed: 1.15 });
    expect((await at(0.8)).error).toBeUndefined();
    expect(fake.sent.at(-1)!.settings).toEqual({ ...ELEVENLABS_STORED_SETTINGS[VOICE], speed: 0.8 });
    expect(fake.requests.slice(before).filter((r) => r.path.endsWith('/settings'))).toHaveLength(1);
  });

  it('passes MP3 through with durations from its frames', async () => {
    const { parts, error } = await speak(synth({ outputFormat: 'mp3_44100_128' }));
    expect(error).toBeUndefined();
    const sent = fake.sent.at(-1)!;
    const bytes = joined(parts.flatMap((p) => (p.audio.kind === 'encoded' ? [p.audio.bytes] : [])));
    expect(Buffer.compare(bytes, joined(sent.audio))).toBe(0);
    const total = parts.reduce((n, p) => n + (p.durationMs ?? NaN), 0);
    expect(total).toBeGreaterThanOrEqual(sent.truth.at(-1)!.endMs - 30);
    expect(total).toBeLessThanOrEqual(sent.truth.at(-1)!.endMs + 200);
    expectWords(parts);
  });

  it('refuses an output format it cannot play before any request', () => {
    expect(() => createElevenLabsSynthesizer({ apiKey: KEY, outputFormat: 'ulaw_8000' as never })).toThrow(/not supported/);
  });

  it('lists voices with their verified locales', async () => {
    expect(await synth().listVoices()).toEqual([
      { id: '21m00Tcm4TlvDq8ikWAM', provider: 'elevenlabs', name: 'Rachel', languages: ['en-US'] },
      { id: 'JBFqnCBsd6RMkjVDRZzb', provider: 'elevenlabs', name: 'George', languages: ['en-GB'] },
    ]);
  });
});

describe('ElevenLabs faults', () => {
  const fails = (kind: SynthesisError['kind'], s = synth(), voice = VOICE, text = TEXT) =>
    failureOf(speak(s, voice, text), { kind, provider: 'elevenlabs' }, fake);

  it('bad key (401, 403), unknown voice, a format not allowed and a validation error', async () => {
    await fails('auth', synth({ apiKey: 'nope' }));
    fake.inject({ kind: 'status', status: 403 });
    await fails('auth');
    const { error } = await fails('unknown-voice', synth(), 'no-such-voice');
    expect(error.message).toMatch(/was not found/);
    fake.inject({ kind: 'status', status: 403, code: 'output_format_not_allowed' });
    await fails('bad-request');
    await fails('bad-request', synth(), VOICE, '');
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
    expectWords(parts);
  });

  it('an error line mid-stream, a cut, a stall, a malformed line and a wrong type', async () => {
    fake.inject({ kind: 'error-mid-stream', afterFrames: 2 });
    const mid = await fails('server');
    expect(mid.error.message).toMatch(/internal server error/);
    expect(mid.parts.length).toBeGreaterThanOrEqual(2);
    fake.inject({ kind: 'cut-mid-stream', afterFrames: 1 });
    await fails('network');
    fake.inject({ kind: 'stall', afterFrames: 1 });
    await fails('stalled', synth({ stallTimeoutMs: 300 }));
    fake.inject({ kind: 'malformed-frame', afterFrames: 1 });
    await fails('server');
    fake.inject({ kind: 'wrong-content-type' }, 10);
    await fails('server');
    fake.clearFaults();
  });
});

describe('ElevenLabs fidelity: the official SDK parses the fake', () => {
  it('streamWithTimestamps yields the same audio and alignment', async () => {
    const client = new ElevenLabsClient({ apiKey: KEY, baseUrl: fake.url, maxRetries: 0 });
    const stream = await client.textToSpeech.streamWithTimestamps(VOICE, { text: TEXT, outputFormat: 'pcm_24000', modelId: 'eleven_multilingual_v2' });
    const audio: Uint8Array[] = [];
    const chars: string[] = [];
    for await (const chunk of stream) {
      audio.push(new Uint8Array(Buffer.from(chunk.audioBase64, 'base64')));
      chars.push(...(chunk.alignment?.characters ?? []));
    }
    const sent = fake.sent.at(-1)!;
    expect(Buffer.compare(joined(audio), joined(sent.audio))).toBe(0);
    expect(chars.join('')).toBe(TEXT);
    const voices = await client.voices.getAll();
    expect(voices.voices.map((v) => v.voiceId)).toEqual(['21m00Tcm4TlvDq8ikWAM', 'JBFqnCBsd6RMkjVDRZzb']);
    await fake.waitForNoConnections();
  });
});

describe('ElevenLabs literal example (providers.md)', () => {
  it('parses the documented line, its elided audio replaced by real PCM, using alignment not normalized_alignment', async () => {
    const pcm = Buffer.from(encodeS16le(new Float32Array(4320).fill(0.1))).toString('base64');
    const line = readFileSync(new URL('../../test/fixtures/providers/elevenlabs-with-timestamps.ndjson', import.meta.url), 'utf8').replace('SUQzBAAAAAAA...', pcm);
    const { parts, error } = await collectParts(
      elevenLabsParts(
        (async function* () {
          yield new TextEncoder().encode(line);
        })(),
        'Hel',
        'pcm_24000',
      ),
    );
    expect(error).toBeUndefined();
    expect(samplesOf(parts).length).toBe(4320);
    expect(parts.flatMap((p) => p.words)).toEqual([{ text: 'Hel', charStart: 0, charEnd: 3, startMs: 0, endMs: 180 }]);
  });
});
