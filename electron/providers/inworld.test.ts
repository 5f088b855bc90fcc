import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { WordTiming } from '../../shared/chunk';
import { collectParts, failureOf, samplesOf } from '../../test/fakes/collect-parts';
import { startInworldFake, type InworldFake, type SentToken } from '../../test/fakes/inworld-server';
import { testSpeech, type TestSpeech } from '../../test/fakes/test-speech';
import type { SynthesisPart } from '../speech/synthesizer';
import { isSpeakable } from './align-words';
import type { SynthesisError } from '../speech/synthesis-error';
import { createInworldSynthesizer, inworldParts, type InworldOptions } from './inworld';
import { decodePcm, encodeS16le } from '../../shared/audio/pcm';
import { wavHeader } from '../../shared/audio/wav';

const KEY = 'aW53b3JsZDpzZWNyZXQ='; // Base64 as the portal gives it: sent as is
const TEXT = 'Hello, world! What a wonderful day to be a text-to-speech model.';
const fast = { baseDelayMs: 5, maxDelayMs: 20 };

let fake: InworldFake;
let speech: TestSpeech;
beforeAll(async () => {
  speech = testSpeech();
  await speech(TEXT); // warm the voice (and the fake's cache) so no request waits on a cold start
  fake = await startInworldFake({ speech, apiKey: KEY });
});
afterAll(async () => {
  await fake.close();
  await speech.close();
});
beforeEach(() => {
  fake.clearFaults();
  fake.switches.noNewlines = false;
  fake.switches.asyncTimestampMessages = 2;
});

function synth(extra: Partial<InworldOptions> = {}) {
  return createInworldSynthesizer({ apiKey: KEY, baseUrl: fake.url, sampleRateHertz: 22050, retry: fast, stallTimeoutMs: 15_000, ...extra });
}
const speak = (s = synth(), text = TEXT, voice = 'Dennis') => collectParts(s.synthesize({ text, voice, synthRate: 1, signal: new AbortController().signal }));

function joinBytes(chunks: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(chunks));
}
const wordsOf = (parts: SynthesisPart[]): WordTiming[] => parts.flatMap((p) => p.words);

/** What the adapter must report for the tokens the fake sent: the speakable ones, on their spans. */
function expectWordsMatch(got: WordTiming[], tokens: SentToken[], withPhones: boolean) {
  const spoken = tokens.filter((t) => isSpeakable(t.text));
  expect(got.map((w) => TEXT.slice(w.charStart, w.charEnd))).toEqual(spoken.map((t) => t.text));
  got.forEach((w, i) => {
    expect(w.text).toBe(spoken[i]!.text);
    expect(w.startMs).toBeCloseTo(spoken[i]!.start * 1000, 6);
    expect(w.endMs).toBeCloseTo(spoken[i]!.end * 1000, 6);
    if (withPhones) expect(w.phonemes?.map((p) => [p.symbol, p.viseme])).toEqual(spoken[i]!.phones!.map((p) => [p.phoneSymbol, p.visemeSymbol]));
  });
}

describe('Inworld adapter against the fake', () => {
  it('streams LINEAR16 with each chunk’s WAV header stripped, samples exactly as sent, WORD timings with phonemes', async () => {
    const before = fake.requests.length;
    const { parts, error } = await speak();
    expect(error).toBeUndefined();
    const sent = fake.sent.at(-1)!;
    expect(sent.audio.length).toBeGreaterThan(2);
    const expected = decodePcm(joinBytes(sent.audio), 's16le');
    expect(Array.from(samplesOf(parts))).toEqual(Array.from(expected));
    expect(parts.every((p) => p.audio.kind === 'pcm' && p.audio.sampleRate === 22050)).toBe(true);
    expectWordsMatch(wordsOf(parts), sent.tokens, true);
    expect(sent.tokens.some((t) => t.text === ' ')).toBe(true); // the fake did send whitespace tokens
    // Words come with (or after) the audio they are in.
    let audioMs = 0;
    for (const p of parts) {
      if (p.audio.kind === 'pcm') audioMs += (p.audio.samples.length / 22050) * 1000;
      for (const w of p.words) expect(w.startMs).toBeLessThanOrEqual(audioMs + 1);
    }
    const req = fake.requests[before]!;
    expect(req.headers['authorization']).toBe(`Basic ${KEY}`);
    expect(req.body).toMatchObject({
      text: TEXT,
      voiceId: 'Dennis',
      audioConfig: { audioEncoding: 'LINEAR16', sampleRateHertz: 22050, speakingRate: 1 },
      timestampType: 'WORD',
      timestampTransportStrategy: 'SYNC',
    });
    await fake.waitForNoConnections();
  });

  it('merges ASYNC trailing timestamp messages (never overwrites) after the audio', async () => {
    fake.switches.asyncTimestampMessages = 3;
    const { parts, error } = await speak(synth({ timestampTransportStrategy: 'ASYNC' }));
    expect(error).toBeUndefined();
    const sent = fake.sent.at(-1)!;
    expectWordsMatch(wordsOf(parts), sent.tokens, true);
    const firstWords = parts.findIndex((p) => p.words.length > 0);
    expect(parts.slice(0, firstWords).every((p) => p.audio.kind === 'pcm' && p.audio.samples.length > 0)).toBe(true);
    expect(parts.filter((p) => p.words.length > 0).length).toBe(3);
    expect(Array.from(samplesOf(parts))).toEqual(Array.from(decodePcm(joinBytes(sent.audio), 's16le')));
  });

  it('turns CHARACTER timestamps into words', async () => {
    const { parts, error } = await speak(synth({ timestampType: 'CHARACTER' }));
    expect(error).toBeUndefined();
    const sent = fake.sent.at(-1)!;
    // The words are the runs of non-space characters the fake sent, first start to last end.
    const expected: { start: number; end: number; from: number; to: number }[] = [];
    let at = sent.words[0]!.charStart;
    let run: (typeof expected)[number] | undefined;
    for (const c of sent.tokens) {
      if (/\s/u.test(c.text)) run = undefined;
      else if (run) {
        run.to = at + 1;
        run.end = c.end;
      } else expected.push((run = { start: c.start, end: c.end, from: at, to: at + 1 }));
      at += c.text.length;
    }
    const got = wordsOf(parts);
    expect(got.map((w) => [w.charStart, w.charEnd])).toEqual(expected.map((e) => [e.from, e.to]));
    got.forEach((w, i) => {
      expect(w.startMs).toBeCloseTo(expected[i]!.start * 1000, 6);
      expect(w.endMs).toBeCloseTo(expected[i]!.end * 1000, 6);
    });
  });

  it('reads objects sent back to back with no newline', async () => {
    fake.switches.noNewlines = true;
    const { parts, error } = await speak();
    expect(error).toBeUndefined();
    expectWordsMatch(wordsOf(parts), fake.sent.at(-1)!.tokens, true);
  });

  it.each(['MP3', 'OGG_OPUS'] as const)('passes %s through as encoded bytes, with durations from the framing', async (enc) => {
    const { parts, error } = await speak(synth({ audioEncoding: enc, sampleRateHertz: 24000 }));
    expect(error).toBeUndefined();
    const sent = fake.sent.at(-1)!;
    const bytes = joinBytes(parts.flatMap((p) => (p.audio.kind === 'encoded' ? [p.audio.bytes] : [])));
    expect(Buffer.compare(bytes, joinBytes(sent.audio))).toBe(0);
    expect(parts.every((p) => p.audio.kind === 'encoded' && p.audio.mime === (enc === 'MP3' ? 'audio/mpeg' : 'audio/ogg; codecs=opus'))).toBe(true);
    const total = parts.reduce((n, p) => n + (p.durationMs ?? NaN), 0);
    const spokenMs = sent.words.at(-1)!.endMs;
    // Encoders pad a little; the duration must cover the speech and not much more.
    expect(total).toBeGreaterThanOrEqual(spokenMs - 30);
    expect(total).toBeLessThanOrEqual(spokenMs + 200);
    expectWordsMatch(wordsOf(parts), sent.tokens, true);
  });

  it('decodes PCM (raw s16le, no header) exactly as sent', async () => {
    const { parts, error } = await speak(synth({ audioEncoding: 'PCM', sampleRateHertz: 16000 }));
    expect(error).toBeUndefined();
    const sent = fake.sent.at(-1)!;
    expect(sent.encoding).toBe('PCM');
    expect(Array.from(samplesOf(parts))).toEqual(Array.from(decodePcm(joinBytes(sent.audio), 's16le')));
    expect(parts.every((p) => p.audio.kind === 'pcm' && p.audio.sampleRate === 16000)).toBe(true);
  });

  it('lists voices from the Voice API, every page of it, with their languages', async () => {
    const voices = await synth().listVoices();
    expect(voices.map((v) => v.id)).toEqual(['Dennis', 'Ashley', 'Alex', 'Hana']);
    expect(voices[0]).toEqual({ id: 'Dennis', provider: 'inworld', name: 'Dennis', languages: ['en-US'] });
    const asked = fake.requests.filter((r) => r.method === 'GET');
    expect(asked.map((r) => r.path)).toEqual(['/voices/v1/voices', '/voices/v1/voices']);
    expect(asked[1]!.query['pageToken']).toBe('2');
  });
});

describe('Inworld faults', () => {
  const fails = (kind: SynthesisError['kind'], s = synth(), voice = 'Dennis', text = TEXT) =>
    failureOf(speak(s, text, voice), { kind, provider: 'inworld' }, fake);

  it('a bad key is auth (401 and 403)', async () => {
    await fails('auth', synth({ apiKey: 'wrong' }));
    fake.inject({ kind: 'status', status: 403 });
    await fails('auth');
  });

  it('an unknown voice and an over-long text are told apart', async () => {
    await fails('unknown-voice', synth(), 'Nobody');
    const { error } = await fails('bad-request', synth(), 'Dennis', 'x'.repeat(2001));
    expect(error.message).toMatch(/2000/);
  });

  it('429 with and without Retry-After, 500 and 503 are retried before any audio', async () => {
    fake.inject({ kind: 'status', status: 429, retryAfter: '0.05' });
    fake.inject({ kind: 'status', status: 429 });
    fake.inject({ kind: 'status', status: 500 });
    fake.inject({ kind: 'status', status: 503 });
    const before = fake.requests.length;
    const { error, parts } = await speak(synth({ retry: { ...fast, maxAttempts: 5 } }));
    expect(error).toBeUndefined();
    expect(parts.length).toBeGreaterThan(0);
    expect(fake.requests.length - before).toBe(5);
    await fake.waitForNoConnections();
  });

  it('a rate limit that does not lift is quota', async () => {
    fake.inject({ kind: 'status', status: 429 }, 10);
    await fails('quota');
    fake.clearFaults();
  });

  it('an error object in the middle of the stream is an error, not audio, after the audio before it', async () => {
    fake.inject({ kind: 'error-mid-stream', afterFrames: 2 });
    const { parts, error } = await fails('server');
    expect(error.message).toMatch(/Internal error/);
    expect(parts.length).toBe(2);
    const sent = fake.sent.at(-1)!;
    expect(Array.from(samplesOf(parts))).toEqual(Array.from(decodePcm(joinBytes(sent.audio.slice(0, 2)), 's16le')));
  });

  it('a cut connection is network, a stall is stalled, a malformed frame and a wrong type are server', async () => {
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

  it('stops and releases the connection when aborted mid-stream', async () => {
    const ac = new AbortController();
    const parts: SynthesisPart[] = [];
    await expect(
      (async () => {
        for await (const p of synth().synthesize({ text: TEXT, voice: 'Dennis', synthRate: 1, signal: ac.signal })) {
          parts.push(p);
          ac.abort();
        }
      })(),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(parts.length).toBe(1);
    await fake.waitForNoConnections();
  });
});

describe('Inworld literal examples (docs and providers.md)', () => {
  // The examples elide their audio ("UklGRiQ...", "..."); it is replaced by a real WAV chunk.
  const wav = Buffer.from([...wavHeader(22050, 1, 8), ...encodeS16le(new Float32Array([0.5, -0.5, 0.25, 0]))]).toString('base64');
  const fixture = (name: string) =>
    readFileSync(new URL(`../../test/fixtures/providers/${name}`, import.meta.url), 'utf8').replace(/"audioContent":\s*"[^"]*"/g, `"audioContent":"${wav}"`);
  const run = (ndjson: string, text: string) =>
    collectParts(
      inworldParts(
        (async function* () {
          yield new TextEncoder().encode(ndjson);
        })(),
        text,
        { encoding: 'LINEAR16', sampleRate: 22050 },
      ),
    );

  it('the API reference response (pretty-printed JSON, one object)', async () => {
    const text = 'Hello, world! What a wonderful day to be a text-to-speech model!';
    const { parts, error } = await run(fixture('inworld-reference-response.json'), text);
    expect(error).toBeUndefined();
    expect(samplesOf(parts).length).toBe(4);
    const words = wordsOf(parts);
    expect(words.map((w) => [w.text, w.charStart, w.charEnd, w.startMs, w.endMs])).toEqual([
      ['Hello,', 0, 6, 0, 510],
      ['world!', 7, 13, 510, 1040],
    ]);
    expect(words[0]!.phonemes!.map((p) => p.symbol)).toEqual(['h', 'ə', 'l', 'oʊ1']);
    expect(words[1]!.phonemes![3]).toEqual({ symbol: 'd', startMs: 910, durationMs: 129.99994, viseme: 'cdgknstxyz' });
  });

  it('the SYNC and ASYNC streams of providers.md', async () => {
    for (const name of ['inworld-sync-word.ndjson', 'inworld-async.ndjson']) {
      const { parts, error } = await run(fixture(name), 'Hello, world!');
      expect(error).toBeUndefined();
      expect(wordsOf(parts).map((w) => [w.text, w.startMs, w.endMs])).toEqual([
        ['Hello,', 0, 510],
        ['world!', 510, 1040],
      ]);
      expect(samplesOf(parts).length).toBe(8);
    }
  });

  it('holds a trailing isPartial word until the next message: replaced if re-sent, kept if not', async () => {
    const msg = (words: [string, number, number, boolean][]) =>
      JSON.stringify({
        result: {
          audioContent: wav,
          timestampInfo: {
            wordAlignment: {
              words: words.map((w) => w[0]),
              wordStartTimeSeconds: words.map((w) => w[1]),
              wordEndTimeSeconds: words.map((w) => w[2]),
              phoneticDetails: words.map((w, wordIndex) => ({ wordIndex, phones: [], isPartial: w[3] })),
            },
          },
        },
      }) + '\n';
    const text = 'What a wonderful day it is';
    const stream = [
      msg([['What', 0, 0.2, false], ['a', 0.2, 0.3, false], ['wonder', 0.3, 0.5, true], [' ', 0.5, 0.5, false]]),
      msg([['wonderful', 0.3, 0.8, false], ['day', 0.8, 1.0, true]]),
      msg([['it', 1.0, 1.1, false], ['is', 1.1, 1.3, false]]),
    ].join('');
    const { parts, error } = await run(stream, text);
    expect(error).toBeUndefined();
    expect(wordsOf(parts).map((w) => [w.text, w.startMs, w.endMs])).toEqual([
      ['What', 0, 200],
      ['a', 200, 300],
      ['wonderful', 300, 800],
      ['day', 800, 1000],
      ['it', 1000, 1100],
      ['is', 1100, 1300],
    ]);
  });
});
