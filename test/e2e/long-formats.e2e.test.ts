// A 3-minute reading in each audio format, all five at once in their own Chromium, with zero
// underruns: PCM s16 (Inworld PCM), PCM f32 (the built-in voice), WAV chunks (a voice that sends
// each ~300 ms as a whole WAV file), MP3 and Ogg Opus (Inworld, encoded by ffmpeg per segment).
// Playback is real time, so this costs 3 minutes of wall time however it is arranged; running the
// five side by side keeps it at about 3.5 minutes instead of 15. Set ALOUD_LONG_E2E_SECONDS to
// shorten the readings locally.
// NOT YET PASSING, so it runs only with ALOUD_LONG_E2E=1: at 180 s the Inworld fake is too slow to
// answer its first request while five built-in voices warm up on two cores (the adapter reports
// "Inworld stopped sending audio" before any chunk), and the WAV voice had 1 underrun. At 60 s the
// PCM s16, PCM f32, MP3 readings passed with 0 underruns (WAV 1, Opus hit the same stall). Next
// step: prepare the speech once (cached under node_modules/.cache) instead of synthesizing live.
import { existsSync } from 'node:fs';
import type { Chunk } from '../../shared/chunk';
import { createBuiltinVoice, DEFAULT_BUILTIN_VOICE, type BuiltinVoice } from '../../electron/engine/builtin-voice';
import { createInworldSynthesizer } from '../../electron/providers/inworld';
import { createAloudService } from '../../electron/service/aloud-service';
import type { SynthesisPart, Synthesizer } from '../../electron/speech/synthesizer';
import { startInworldFake } from '../fakes/inworld-server';
import type { FakeProviderServer } from '../fakes/provider-server';
import { resample, speechFromSynthesizer, type SpeechSource } from '../fakes/spoken-audio';
import { englishText } from '../support/english-text';
import { CHROMIUM_PATH, ensureRendererBuilt, openReader, readProbe, waitForEnd, type Reader } from './chromium';
import { startHarness, type Harness } from './harness';

const SECONDS = Number(process.env.ALOUD_LONG_E2E_SECONDS ?? 180);
/** The built-in voice speaks about 3 words a second (measured: 52 words in 16-17.6 s). */
const WORDS = Math.round(SECONDS * 3.3);
const FORMATS = ['pcm-s16', 'pcm-f32', 'wav', 'mp3', 'opus'] as const;
type Format = (typeof FORMATS)[number];
const VOICE: Record<Format, string> = {
  'pcm-s16': 'inworld-pcm/Dennis',
  'pcm-f32': `builtin/${DEFAULT_BUILTIN_VOICE}`,
  wav: 'wav/wav-voice',
  mp3: 'inworld-mp3/Dennis',
  opus: 'inworld-opus/Dennis',
};

const chromiumMissing = !existsSync(CHROMIUM_PATH);
const inCI = process.env.CI === 'true';

/** A voice that sends the built-in voice's speech as WAV files of about 300 ms, 16-bit at 24 kHz. */
function wavVoice(speech: SpeechSource): Synthesizer {
  const rate = 24000;
  return {
    provider: 'wav',
    maxChars: 400,
    listVoices: () => Promise.resolve([{ id: 'wav-voice', provider: 'wav', name: 'WAV', languages: ['en'] }]),
    async *synthesize(req): AsyncIterable<SynthesisPart> {
      const spoken = await speech(req.text);
      const samples = resample(spoken.samples, spoken.sampleRate, rate);
      const per = Math.round(0.3 * rate);
      for (let at = 0; at < samples.length; at += per) {
        const part = samples.subarray(at, at + per);
        const startMs = (at / rate) * 1000;
        const endMs = ((at + part.length) / rate) * 1000;
        yield {
          audio: { kind: 'encoded', mime: 'audio/wav', bytes: wavFile(part, rate) as Uint8Array<ArrayBuffer> },
          durationMs: (part.length / rate) * 1000,
          words: spoken.words.filter((w) => w.startMs >= (at === 0 ? -Infinity : startMs) && w.startMs < endMs),
        };
      }
    },
  };
}

function wavFile(samples: Float32Array, rate: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(44 + samples.length * 2);
  const v = new DataView(out.buffer);
  const text = (at: number, s: string) => [...s].forEach((c, i) => v.setUint8(at + i, c.charCodeAt(0)));
  text(0, 'RIFF');
  v.setUint32(4, 36 + samples.length * 2, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true);
  v.setUint16(22, 1, true);
  v.setUint32(24, rate, true);
  v.setUint32(28, rate * 2, true);
  v.setUint16(32, 2, true);
  v.setUint16(34, 16, true);
  text(36, 'data');
  v.setUint32(40, samples.length * 2, true);
  for (let i = 0; i < samples.length; i++) v.setInt16(44 + i * 2, Math.max(-32768, Math.min(32767, Math.round(samples[i]! * 32767))), true);
  return out;
}

describe.skipIf((chromiumMissing && !inCI) || process.env.ALOUD_LONG_E2E !== '1')(`a ${SECONDS}-second reading in every format, side by side in Chromium`, () => {
  /** One core (service) per format: a service plays one reading at a time. */
  const harnesses = new Map<Format, Harness>();
  const builtins: BuiltinVoice[] = [];
  const fakes: FakeProviderServer[] = [];
  const readers: Reader[] = [];

  beforeAll(async () => {
    if (chromiumMissing) throw new Error(`CI=true but ${CHROMIUM_PATH} is missing: the end-to-end tests need the chromium package.`);
    ensureRendererBuilt();
    // Each format has its own built-in voice and fake: one shared voice, serving five readings,
    // made the fakes wait long enough for the adapter's stall timeout to fire.
    for (const format of FORMATS) {
      const builtin = createBuiltinVoice();
      builtins.push(builtin);
      const speech = speechFromSynthesizer(builtin, DEFAULT_BUILTIN_VOICE);
      const fake = await startInworldFake({ speech, apiKey: 'inworld-key' });
      fakes.push(fake);
      const inworld = (audioEncoding: 'PCM' | 'MP3' | 'OGG_OPUS', provider: string): Synthesizer => ({
        ...createInworldSynthesizer({ apiKey: 'inworld-key', baseUrl: fake.url, sampleRateHertz: 24000, timestampType: 'WORD', audioEncoding }),
        provider,
        maxChars: 400, // several segments: several compressed streams and seams
      });
      const synthesizers = [builtin, inworld('PCM', 'inworld-pcm'), inworld('MP3', 'inworld-mp3'), inworld('OGG_OPUS', 'inworld-opus'), wavVoice(speech)];
      let emitToPage: (channel: string, payload: unknown) => void = () => {};
      const service = createAloudService({ synthesizers, defaultVoice: VOICE[format], emit: (c, p) => emitToPage(c, p) });
      const harness = await startHarness({
        createCore: (emit) => {
          emitToPage = emit;
          return {
            invoke: (channel, args) => service.invoke(channel, channel === 'reading:start' ? { ...(args as object), voice: VOICE[format] } : args),
            close: () => service.close(),
          };
        },
      });
      harnesses.set(format, harness);
    }
  }, 240_000);

  afterAll(async () => {
    for (const r of readers) await r.close();
    for (const h of harnesses.values()) await h.close();
    for (const f of fakes) await f.close();
    for (const b of builtins) await b.close();
  });

  it('plays each to the end with zero underruns, every word highlighted once, in order', async () => {
    const started = performance.now();
    const runs = FORMATS.map(async (format) => {
      const text = englishText(WORDS, 100 + FORMATS.indexOf(format));
      const harness = harnesses.get(format)!;
      const reader = await openReader(harness);
      readers.push(reader);
      const { page } = reader;
      await page.getByLabel('Text to read').fill(text);
      await page.getByRole('button', { name: 'Read' }).click();
      await waitForEnd(page, (SECONDS + 120) * 1000);
      const status = await page.getByRole('status').first().textContent().catch(() => '');
      return { format, harness, status, probe: await readProbe(page), problems: reader.problems };
    });
    const results = await Promise.all(runs);
    results.sort((a, b) => (a.probe.phase === 'finished' ? 1 : 0) - (b.probe.phase === 'finished' ? 1 : 0));
    console.log(`${FORMATS.length} readings of ${SECONDS} s side by side took ${((performance.now() - started) / 1000).toFixed(0)} s`);
    for (const { format, harness, status, probe } of results) {
      const chunks = harness.events.filter((e) => e.channel === 'reading:chunk').map((e) => e.payload as Chunk).filter((c) => c.readingId === probe.readingId);
      const seconds = probe.stats.framesPlayed / probe.stats.sampleRate;
      console.log(`${format}: ${seconds.toFixed(1)} s played, ${new Set(chunks.map((c) => c.segment)).size} segments, ${chunks.length} chunks, underruns ${probe.stats.underruns}, ${probe.phase}: ${status}`);
    }
    for (const { format, harness, probe, problems } of results) {
      const chunks = harness.events.filter((e) => e.channel === 'reading:chunk').map((e) => e.payload as Chunk).filter((c) => c.readingId === probe.readingId);
      const seconds = probe.stats.framesPlayed / probe.stats.sampleRate;
      expect({ format, problems }).toEqual({ format, problems: [] });
      expect({ format, phase: probe.phase }).toEqual({ format, phase: 'finished' });
      expect({ format, underruns: probe.stats.underruns }).toEqual({ format, underruns: 0 });
      expect(seconds).toBeGreaterThan(SECONDS * 0.9);
      const words = chunks.flatMap((c) => c.words);
      expect(probe.highlights.map((h) => h.charStart)).toEqual(words.map((w) => w.charStart));
    }
  }, (SECONDS + 300) * 1000);
});
