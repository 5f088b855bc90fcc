// Cloud voices: the app's own overhead on a provider stream, per provider, against local fakes
// that speak the exact wire format with real speech from the built-in voice (warmed and cached,
// so the fake answers at once). Measured from the moment the fake writes its first body frame:
// - adapter: until the adapter yields its first SynthesisPart (HTTP client, framing parser,
//   base64, PCM/WAV decoding, word alignment);
// - baseline: until a raw fetch of the very same request reads its first body chunk (transport).
// Aim (issue 3): adapter overhead under 20 ms.
import { createBuiltinVoice, DEFAULT_BUILTIN_VOICE } from '../../electron/engine/builtin-voice';
import { createAittsSynthesizer } from '../../electron/providers/aitts';
import { createElevenLabsSynthesizer } from '../../electron/providers/elevenlabs';
import { createInworldSynthesizer } from '../../electron/providers/inworld';
import { createOpenAiSynthesizer } from '../../electron/providers/openai';
import { createSarvamSynthesizer } from '../../electron/providers/sarvam';
import { createTogetherSynthesizer } from '../../electron/providers/together';
import type { Synthesizer } from '../../electron/speech/synthesizer';
import { startAittsFake } from '../fakes/aitts-server';
import { startElevenLabsFake } from '../fakes/elevenlabs-server';
import { startInworldFake } from '../fakes/inworld-server';
import { startOpenAiFake } from '../fakes/openai-server';
import type { FakeProviderServer } from '../fakes/provider-server';
import { startSarvamFake } from '../fakes/sarvam-server';
import { speechFromSynthesizer, type SpeechSource } from '../fakes/spoken-audio';
import { startTogetherFake } from '../fakes/together-server';
import { median, percentile, report, reportRatio } from './format';

const RUNS = 25;
const TEXT =
  'Reading aloud should start the moment the first audio arrives. ' +
  'Every millisecond the app spends between the network and the speaker is a millisecond of silence.';

interface Case {
  name: string;
  voice: string;
  start(speech: SpeechSource): Promise<{
    /** The server whose first stream frame starts the clock. */
    fake: FakeProviderServer;
    synth: Synthesizer;
    /** The baseline, where replaying the last request will not do (single-use stream URLs). */
    raw?: () => Promise<number>;
    close?: () => Promise<void>;
  }>;
}

const cases: Case[] = [
  {
    name: 'inworld (LINEAR16, WORD, SYNC)',
    voice: 'Dennis',
    async start(speech) {
      const fake = await startInworldFake({ speech, apiKey: 'key' });
      return { fake, synth: createInworldSynthesizer({ apiKey: 'key', baseUrl: fake.url, sampleRateHertz: 24000 }) };
    },
  },
  {
    name: 'together (SSE, pcm_s16le, word alignment)',
    voice: 'tara',
    async start(speech) {
      const fake = await startTogetherFake({ speech, apiKey: 'key' });
      return { fake, synth: createTogetherSynthesizer({ apiKey: 'key', baseUrl: `${fake.url}/v1` }) };
    },
  },
  {
    name: 'elevenlabs (pcm_24000, character alignment)',
    voice: '21m00Tcm4TlvDq8ikWAM',
    async start(speech) {
      const fake = await startElevenLabsFake({ speech, apiKey: 'key' });
      return { fake, synth: createElevenLabsSynthesizer({ apiKey: 'key', baseUrl: fake.url }) };
    },
  },
  {
    name: 'openai-compatible (binary pcm 24 kHz, estimated timings)',
    voice: 'alloy',
    async start(speech) {
      const fake = await startOpenAiFake({ speech, apiKey: 'key' });
      return { fake, synth: createOpenAiSynthesizer({ apiKey: 'key', baseUrl: fake.baseUrl }) };
    },
  },
  {
    name: 'openai-compatible (sse, estimated timings)',
    voice: 'alloy',
    async start(speech) {
      const fake = await startOpenAiFake({ speech, apiKey: 'key' });
      return { fake, synth: createOpenAiSynthesizer({ apiKey: 'key', baseUrl: fake.baseUrl, streamFormat: 'sse' }) };
    },
  },
  {
    name: 'sarvam (wav, estimated timings)',
    voice: 'shubh',
    async start(speech) {
      const fake = await startSarvamFake({ speech, apiKey: 'key' });
      return { fake, synth: createSarvamSynthesizer({ apiKey: 'key', baseUrl: fake.url }) };
    },
  },
  {
    name: 'aitts (job, then wav stream_url, estimated timings)',
    voice: 'google:en-US-Chirp3HD-Charon',
    async start(speech) {
      const aitts = await startAittsFake({ speech, apiKey: 'key' });
      aitts.switches.cache = false;
      // The baseline does the same two steps with plain fetch, timing the stream's first chunk.
      const raw = async (): Promise<number> => {
        const job = (await (
          await fetch(`${aitts.api.url}/api/v1/tts/stream`, {
            method: 'POST',
            headers: { Authorization: 'Bearer key', 'Content-Type': 'application/json', 'Idempotency-Key': `raw-${performance.now()}` },
            body: JSON.stringify({ text: TEXT, voice_id: 'google:en-US-Chirp3HD-Charon', output_format: 'wav', speed: 1 }),
          })
        ).json()) as { data: { stream_url: string } };
        const res = await fetch(job.data.stream_url);
        const reader = res.body!.getReader();
        await reader.read();
        const ms = performance.now() - aitts.streams.firstFrameAt();
        await reader.cancel();
        return ms;
      };
      return { fake: aitts.streams, synth: createAittsSynthesizer({ apiKey: 'key', baseUrl: aitts.api.url }), raw, close: () => aitts.close() };
    },
  },
];

/** First frame written by the fake -> first part yielded by the adapter. */
async function adapterOverhead(fake: FakeProviderServer, synth: Synthesizer, voice: string): Promise<number> {
  const ac = new AbortController();
  for await (const _ of synth.synthesize({ text: TEXT, voice, synthRate: 1, signal: ac.signal })) {
    const ms = performance.now() - fake.firstFrameAt();
    ac.abort();
    return ms;
  }
  throw new Error('no audio');
}

/** First frame written by the fake -> first body chunk read by a plain fetch of the same request. */
async function rawFirstByte(fake: FakeProviderServer): Promise<number> {
  const last = fake.requests.at(-1)!;
  const headers = Object.fromEntries(
    Object.entries(last.headers).filter((e): e is [string, string] => typeof e[1] === 'string' && !['host', 'content-length', 'connection'].includes(e[0])),
  );
  const query = new URLSearchParams(last.query).toString();
  const res = await fetch(`${fake.url}${last.path}${query ? `?${query}` : ''}`, { method: last.method, headers, body: last.rawBody || undefined });
  const reader = res.body!.getReader();
  await reader.read();
  const ms = performance.now() - fake.firstFrameAt();
  await reader.cancel();
  return ms;
}

export default async function providersBench(): Promise<void> {
  const voice = createBuiltinVoice();
  try {
    const speech = speechFromSynthesizer(voice, DEFAULT_BUILTIN_VOICE);
    await speech(TEXT);
    for (const c of cases) {
      const { fake, synth, raw: customRaw, close } = await c.start(speech);
      const raw = customRaw ?? (() => rawFirstByte(fake));
      try {
        // Warm-up: JIT, the fake's encoders, connection setup.
        for (let i = 0; i < 3; i++) {
          await adapterOverhead(fake, synth, c.voice);
          await raw();
        }
        const adapter: number[] = [];
        const rawMs: number[] = [];
        for (let i = 0; i < RUNS; i++) {
          adapter.push(await adapterOverhead(fake, synth, c.voice));
          rawMs.push(await raw());
        }
        reportRatio(`${c.name}: first byte -> first part, median`, median(adapter), 'ms', 'raw fetch first byte', median(rawMs));
        report(`${c.name}: first byte -> first part, p95`, percentile(adapter, 95), 'ms', '< 20 ms');
        await fake.waitForNoConnections();
      } finally {
        await (close ?? (() => fake.close()))();
      }
    }
  } finally {
    await voice.close();
  }
}
