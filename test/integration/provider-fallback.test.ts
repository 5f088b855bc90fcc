// A cloud voice that fails in the middle of a reading: the built-in voice finishes the text, from
// the first word not yet heard, and nothing already delivered is lost or repeated. Real adapters
// against their fakes (real speech), the real reading pipeline, the real built-in voice.
import { afterAll, beforeAll } from 'vitest';
import type { Chunk } from '../../shared/chunk';
import { createBuiltinVoice, DEFAULT_BUILTIN_VOICE, type BuiltinVoice } from '../../electron/engine/builtin-voice';
import { createAittsSynthesizer } from '../../electron/providers/aitts';
import { createElevenLabsSynthesizer } from '../../electron/providers/elevenlabs';
import { SynthesisError } from '../../electron/speech/synthesis-error';
import { createInworldSynthesizer } from '../../electron/providers/inworld';
import { createOpenAiSynthesizer } from '../../electron/providers/openai';
import { createSarvamSynthesizer } from '../../electron/providers/sarvam';
import { createTogetherSynthesizer } from '../../electron/providers/together';
import { startReading } from '../../electron/speech/reading';
import type { Synthesizer } from '../../electron/speech/synthesizer';
import { startAittsFake } from '../fakes/aitts-server';
import { startElevenLabsFake } from '../fakes/elevenlabs-server';
import { startInworldFake } from '../fakes/inworld-server';
import { startOpenAiFake } from '../fakes/openai-server';
import type { Fault, FakeProviderServer } from '../fakes/provider-server';
import { startSarvamFake } from '../fakes/sarvam-server';
import { speechFromSynthesizer, type SpeechSource } from '../fakes/spoken-audio';
import { startTogetherFake } from '../fakes/together-server';

const TEXT = 'The first sentence comes from the cloud. The second one breaks halfway through its words. The third sentence is read by the built-in voice.';
const fast = { baseDelayMs: 5, maxDelayMs: 20 };

let builtin: BuiltinVoice;
let speech: SpeechSource;
beforeAll(async () => {
  builtin = createBuiltinVoice();
  speech = speechFromSynthesizer(builtin, DEFAULT_BUILTIN_VOICE);
  // Warm the voice and the fakes' speech cache (segments are sentences here) before any timing matters.
  for (const s of TEXT.split(/(?<=\.) /u)) await speech(s);
});
afterAll(() => builtin.close());

interface Case {
  name: string;
  fault: Fault;
  kind: SynthesisError['kind'];
  sampleRate: number;
  voice: string;
  start(): Promise<{ fake: Pick<FakeProviderServer, 'inject' | 'waitForNoConnections' | 'close'>; synth: Synthesizer }>;
}

const cases: Case[] = [
  {
    name: 'Inworld, an error object mid-stream',
    fault: { kind: 'error-mid-stream', afterFrames: 2 },
    kind: 'server',
    sampleRate: 24000,
    voice: 'Dennis',
    async start() {
      const fake = await startInworldFake({ speech, apiKey: 'k', chunkMs: 200 });
      return { fake, synth: createInworldSynthesizer({ apiKey: 'k', baseUrl: fake.url, sampleRateHertz: 24000, retry: fast }) };
    },
  },
  {
    name: 'Together, the connection cut mid-stream',
    fault: { kind: 'cut-mid-stream', afterFrames: 3 },
    kind: 'network',
    sampleRate: 24000,
    voice: 'tara',
    async start() {
      const fake = await startTogetherFake({ speech, apiKey: 'k', chunkMs: 200 });
      return { fake, synth: createTogetherSynthesizer({ apiKey: 'k', baseUrl: `${fake.url}/v1`, retry: fast }) };
    },
  },
  {
    name: 'ElevenLabs, a stall mid-stream',
    fault: { kind: 'stall', afterFrames: 2 },
    kind: 'stalled',
    sampleRate: 24000,
    voice: '21m00Tcm4TlvDq8ikWAM',
    async start() {
      const fake = await startElevenLabsFake({ speech, apiKey: 'k', chunkMs: 200 });
      return { fake, synth: createElevenLabsSynthesizer({ apiKey: 'k', baseUrl: fake.url, retry: fast, stallTimeoutMs: 1500 }) };
    },
  },
  // Voices without timings (estimated from the audio): the words reported before the break are
  // the ones the audio received holds whole, so the built-in voice resumes after them.
  {
    name: 'OpenAI-compatible, the connection cut mid-stream',
    fault: { kind: 'cut-mid-stream', afterFrames: 6 },
    kind: 'network',
    sampleRate: 24000,
    voice: 'alloy',
    async start() {
      const fake = await startOpenAiFake({ speech, apiKey: 'k', frameBytes: 4800 });
      return { fake, synth: createOpenAiSynthesizer({ apiKey: 'k', baseUrl: fake.baseUrl, retry: fast }) };
    },
  },
  {
    name: 'Sarvam, a stall mid-stream',
    fault: { kind: 'stall', afterFrames: 6 },
    kind: 'stalled',
    sampleRate: 24000,
    voice: 'shubh',
    async start() {
      const fake = await startSarvamFake({ speech, apiKey: 'k', frameBytes: 4800 });
      return { fake, synth: createSarvamSynthesizer({ apiKey: 'k', baseUrl: fake.url, sampleRate: 24000, retry: fast, stallTimeoutMs: 1500 }) };
    },
  },
  {
    name: 'AI TTS Microservice, the live stream cut and its job failed',
    fault: { kind: 'cut-mid-stream', afterFrames: 6 },
    kind: 'server',
    sampleRate: 24000,
    voice: 'google:en-US-Chirp3HD-Charon',
    async start() {
      const aitts = await startAittsFake({ speech, apiKey: 'k', sampleRate: 24000, frameBytes: 4800 });
      // The durable file cannot rescue this one: the job fails (only the lost stream asks for it).
      aitts.switches.failJobs = true;
      const fake = { inject: aitts.streams.inject, waitForNoConnections: aitts.waitForNoConnections, close: aitts.close };
      return { fake, synth: createAittsSynthesizer({ apiKey: 'k', baseUrl: aitts.api.url, retry: fast }) };
    },
  },
];

/** Reads TEXT with `synth` (a segment per sentence), the built-in voice as fallback; one fallback, at segment 1, by then. */
async function readWithFallback(synth: Synthesizer, voice: string): Promise<{ chunks: Chunk[]; error: SynthesisError }> {
  const fallbacks: { error: unknown; segment: number }[] = [];
  const reading = startReading({
    readingId: 'r1',
    text: TEXT,
    synthesizer: { ...synth, maxChars: 60, synthesize: synth.synthesize, listVoices: synth.listVoices },
    voice,
    synthRate: 1,
    lookahead: Infinity,
    fallback: builtin,
    fallbackVoice: DEFAULT_BUILTIN_VOICE,
    onFallback: (error, segment) => fallbacks.push({ error, segment }),
  });
  const chunks: Chunk[] = [];
  for await (const chunk of reading.chunks()) chunks.push(chunk);
  expect(await reading.done).toBe('finished');
  expect(fallbacks).toHaveLength(1);
  expect(fallbacks[0]!.error).toBeInstanceOf(SynthesisError);
  expect(fallbacks[0]!.segment).toBe(1);
  return { chunks, error: fallbacks[0]!.error as SynthesisError };
}

describe.each(cases)('fallback to the built-in voice: $name', (c) => {
  it('finishes the text with the built-in voice and leaks no connection', async () => {
    const { fake, synth } = await c.start();
    try {
      // The first request (sentence one) is served whole; the second fails part-way.
      fake.inject({ kind: 'pass' });
      fake.inject(c.fault);
      const { chunks, error } = await readWithFallback(synth, c.voice);
      expect(error.kind).toBe(c.kind);

      expect(chunks.map((ch) => ch.seq)).toEqual(chunks.map((_, i) => i));
      const cloud = chunks.filter((ch) => ch.audio.kind === 'pcm' && ch.audio.sampleRate === c.sampleRate);
      const local = chunks.filter((ch) => ch.audio.kind === 'pcm' && ch.audio.sampleRate === 22050);
      expect(cloud.length + local.length).toBe(chunks.length);
      // The cloud spoke all of segment 0 and the start of segment 1; the built-in voice the rest.
      expect(cloud.some((ch) => ch.segment === 1)).toBe(true);
      expect(local[0]!.seq).toBeGreaterThan(cloud.at(-1)!.seq);
      expect(Math.max(...local.map((ch) => ch.segment))).toBe(2);

      // Every word of the text is highlighted, in order, none lost; the one word whose audio was cut
      // short (if any) is heard again from the built-in voice, and nothing else is repeated.
      const spans = (cs: Chunk[]) => cs.flatMap((ch) => ch.words).map((w) => TEXT.slice(w.charStart, w.charEnd).replace(/[.]$/u, ''));
      const fromCloud = spans(cloud).join(' ').split(/\s+/u);
      const fromLocal = spans(local).join(' ').split(/\s+/u);
      const lastHeard = cloud.flatMap((ch) => ch.words).at(-1)!;
      const firstLocal = local.flatMap((ch) => ch.words)[0]!;
      const cutWord = lastHeard.charStart === firstLocal.charStart ? 1 : 0;
      const expected = [...TEXT.matchAll(/[\p{L}-]+/gu)].map((m) => m[0]);
      expect([...fromCloud.slice(0, fromCloud.length - cutWord), ...fromLocal]).toEqual(expected);
      const words = chunks.flatMap((ch) => ch.words);
      for (let i = 1; i < words.length; i++) expect(words[i]!.startMs).toBeGreaterThanOrEqual(words[i - 1]!.startMs);
      await fake.waitForNoConnections();
    } finally {
      await fake.close();
    }
  });
});

describe('fallback to the built-in voice: Together out of credit (402) at the second segment', () => {
  it('asks Together no more after the 402 and finishes the text with the built-in voice, saying to add credit', async () => {
    const fake = await startTogetherFake({ speech, apiKey: 'k' });
    try {
      fake.inject({ kind: 'pass' });
      fake.inject({ kind: 'status', status: 402, message: 'Credit limit exceeded. Please navigate to https://api.together.xyz/settings/billing to add credit or upgrade your plan.' });
      const synth = createTogetherSynthesizer({ apiKey: 'k', baseUrl: `${fake.url}/v1`, retry: fast });
      const { chunks, error } = await readWithFallback(synth, 'tara');

      // One request for sentence one, one refused for sentence two, and no retry of it.
      expect(fake.requests.filter((r) => r.method === 'POST')).toHaveLength(2);
      expect([error.kind, error.retryable]).toEqual(['billing', false]);
      expect(error.userMessage).toBe('Together AI refused for lack of credit: add credit to your account there, or raise its spending limit, then try again.');

      // Sentence one from Together (24 kHz), sentences two and three from the built-in voice (22.05 kHz), every word once.
      const rateOf = (ch: Chunk) => (ch.audio.kind === 'pcm' ? ch.audio.sampleRate : 0);
      expect(new Set(chunks.filter((ch) => ch.segment === 0).map(rateOf))).toEqual(new Set([24000]));
      expect(new Set(chunks.filter((ch) => ch.segment > 0).map(rateOf))).toEqual(new Set([22050]));
      const words = chunks.flatMap((ch) => ch.words).map((w) => TEXT.slice(w.charStart, w.charEnd).replace(/[.]$/u, ''));
      expect(words).toEqual([...TEXT.matchAll(/[\p{L}-]+/gu)].map((m) => m[0]));
      await fake.waitForNoConnections();
    } finally {
      await fake.close();
    }
  });
});
