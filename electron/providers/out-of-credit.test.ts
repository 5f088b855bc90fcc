// An account out of credit (HTTP 402, "insufficient quota", "quota_exceeded") is a billing error:
// never retried, told as one sentence naming the provider and saying to add credit. Each adapter
// against its fake, which answers the way that provider does, once: a retry would succeed, so a
// retry shows up as a missing error.
import { afterAll, beforeAll } from 'vitest';
import { startAittsFake } from '../../test/fakes/aitts-server';
import { collectParts } from '../../test/fakes/collect-parts';
import { startElevenLabsFake } from '../../test/fakes/elevenlabs-server';
import { startInworldFake } from '../../test/fakes/inworld-server';
import { startOpenAiFake } from '../../test/fakes/openai-server';
import type { Fault, FakeProviderServer } from '../../test/fakes/provider-server';
import { startSarvamFake } from '../../test/fakes/sarvam-server';
import { testSpeech, type TestSpeech } from '../../test/fakes/test-speech';
import { startTogetherFake } from '../../test/fakes/together-server';
import type { Synthesizer } from '../speech/synthesizer';
import { createAittsSynthesizer } from './aitts';
import { createElevenLabsSynthesizer } from './elevenlabs';
import { SynthesisError } from '../speech/synthesis-error';
import { createInworldSynthesizer } from './inworld';
import { createOpenAiSynthesizer } from './openai';
import { createSarvamSynthesizer } from './sarvam';
import { createTogetherSynthesizer } from './together';

const TEXT = 'Out of credit, nothing more is said.';
// Retries would come at once, so one would be seen.
const retry = { baseDelayMs: 1, maxDelayMs: 1, maxAttempts: 4 };

let speech: TestSpeech;
beforeAll(async () => {
  speech = testSpeech();
  await speech.ready;
  await speech(TEXT);
});
afterAll(() => speech.close());

interface Case {
  name: string;
  /** The provider's own out-of-credit answer. */
  fault: Fault;
  voice: string;
  sentence: string;
  start(): Promise<{ fake: FakeProviderServer; synth: Synthesizer; close(): Promise<void> }>;
}

const cases: Case[] = [
  {
    name: 'Together AI, 402 credit limit',
    fault: { kind: 'status', status: 402, message: 'Credit limit exceeded. Please navigate to https://api.together.xyz/settings/billing to add credit or upgrade your plan.' },
    voice: 'tara',
    sentence: 'Together AI refused for lack of credit: add credit to your account there, or raise its spending limit, then try again.',
    async start() {
      const fake = await startTogetherFake({ speech, apiKey: 'k' });
      return { fake, synth: createTogetherSynthesizer({ apiKey: 'k', baseUrl: `${fake.url}/v1`, retry }), close: () => fake.close() };
    },
  },
  {
    name: 'OpenAI, 429 insufficient_quota',
    fault: { kind: 'status', status: 429, code: 'insufficient_quota', message: 'You exceeded your current quota, please check your plan and billing details.' },
    voice: 'alloy',
    sentence: 'The OpenAI-compatible server refused for lack of credit: add credit to your account there, or raise its spending limit, then try again.',
    async start() {
      const fake = await startOpenAiFake({ speech, apiKey: 'k' });
      return { fake, synth: createOpenAiSynthesizer({ apiKey: 'k', baseUrl: fake.baseUrl, retry }), close: () => fake.close() };
    },
  },
  {
    name: 'ElevenLabs, 401 quota_exceeded',
    fault: {
      kind: 'status',
      status: 401,
      code: 'quota_exceeded',
      message: 'This request exceeds your quota of 10000. You have 0 credits remaining, while 91 credits are required for this request.',
    },
    voice: '21m00Tcm4TlvDq8ikWAM',
    sentence: 'ElevenLabs refused for lack of credit: add credit to your account there, or raise its spending limit, then try again.',
    async start() {
      const fake = await startElevenLabsFake({ speech, apiKey: 'k' });
      return { fake, synth: createElevenLabsSynthesizer({ apiKey: 'k', baseUrl: fake.url, retry }), close: () => fake.close() };
    },
  },
  {
    name: 'Sarvam, 429 insufficient_quota_error',
    fault: { kind: 'status', status: 429, code: 'insufficient_quota_error', message: 'Insufficient credits to process the request.' },
    voice: 'shubh',
    sentence: 'Sarvam refused for lack of credit: add credit to your account there, or raise its spending limit, then try again.',
    async start() {
      const fake = await startSarvamFake({ speech, apiKey: 'k' });
      return { fake, synth: createSarvamSynthesizer({ apiKey: 'k', baseUrl: fake.url, retry }), close: () => fake.close() };
    },
  },
  {
    name: 'AI TTS Microservice, 402 INSUFFICIENT_CREDITS',
    fault: { kind: 'status', status: 402, code: 'INSUFFICIENT_CREDITS', message: 'Not enough credits for this request.' },
    voice: 'google:en-US-Chirp3HD-Charon',
    sentence: 'The AI TTS Microservice refused for lack of credit: add credit to your account there, or raise its spending limit, then try again.',
    async start() {
      const aitts = await startAittsFake({ speech, apiKey: 'k' });
      return { fake: aitts.api, synth: createAittsSynthesizer({ apiKey: 'k', baseUrl: aitts.api.url, retry }), close: () => aitts.close() };
    },
  },
  {
    name: 'Inworld, a bare 402',
    fault: { kind: 'status', status: 402 },
    voice: 'Dennis',
    sentence: 'Inworld refused for lack of credit: add credit to your account there, or raise its spending limit, then try again.',
    async start() {
      const fake = await startInworldFake({ speech, apiKey: 'k' });
      return { fake, synth: createInworldSynthesizer({ apiKey: 'k', baseUrl: fake.url, retry }), close: () => fake.close() };
    },
  },
];

describe.each(cases)('out of credit: $name', (c) => {
  it('is a billing error, asked once, told as one sentence saying to add credit', async () => {
    const { fake, synth, close } = await c.start();
    try {
      fake.inject(c.fault);
      const { parts, error } = await collectParts(synth.synthesize({ text: TEXT, voice: c.voice, synthRate: 1, signal: new AbortController().signal }));
      expect(parts).toEqual([]);
      expect(error).toBeInstanceOf(SynthesisError);
      const err = error as SynthesisError;
      expect([err.kind, err.retryable, err.options.status]).toEqual(['billing', false, c.fault.kind === 'status' ? c.fault.status : undefined]);
      expect(fake.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
      expect(err.userMessage).toBe(c.sentence);
      await fake.waitForNoConnections();
    } finally {
      await close();
    }
  });
});
