// A 3-minute reading in each audio format the player takes, all five at once, each in its own
// Chromium: PCM s16 (Inworld PCM over HTTP), PCM f32 (the built-in voice's parts), WAV chunks (a
// voice that sends each ~300 ms as a whole WAV file), MP3 and Ogg Opus (Inworld over HTTP, one
// compressed stream per segment). Each must play every frame of the speech (MP3 to within its
// untagged padding), with zero underruns, the output keeping step with the speech, and every word
// of the text highlighted exactly once, in order.
// The speech is made once and cached (test/support/prepared-speech.ts): live synthesis for five
// readings on two cores is what made an earlier version of this test stall. During the readings the
// fake and the voices only read prepared bytes and send them faster than real time, in the chunk
// sizes a provider would; the wire (NDJSON, base64), the adapter, the service and the audio path
// (WebSocket, WebCodecs, the worklet) are all real.
// Playback is real time, so this costs 3 minutes however it is arranged; side by side the file takes
// about 4 (plus the first preparation). ALOUD_LONG_E2E_SECONDS shortens the readings for local work.
import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type { Chunk } from '../../shared/chunk';
import { encodeS16le } from '../../shared/audio/pcm';
import { wavHeader } from '../../shared/audio/wav';
import { DEFAULT_BUILTIN_VOICE } from '../../electron/engine/builtin-voice';
import { createInworldSynthesizer } from '../../electron/providers/inworld';
import type { SynthesisPart, Synthesizer } from '../../electron/speech/synthesizer';
import { startInworldFake, type InworldFake } from '../fakes/inworld-server';
import { resample, type SpeechSource } from '../fakes/spoken-audio';
import { englishText } from '../support/english-text';
import { prepareSpeech, type PreparedSpeech } from '../support/prepared-speech';
import { CHROMIUM_PATH, ensureRendererBuilt, openReader, readProbe, waitForEnd, type ProbeSnapshot, type Reader } from './chromium';
import type { Harness } from './harness';
import { startServiceHarness } from './service-harness';

const SECONDS = Number(process.env.ALOUD_LONG_E2E_SECONDS ?? 180);
/** The built-in voice speaks about 3 words a second (measured: 52 words in 16-17.6 s). */
const WORDS = Math.round(SECONDS * 3.3);
/** Every voice here splits the text alike, so each request is a segment that was prepared. */
const MAX_CHARS = 400;
/** Inworld's rate here, and the WAV voice's. */
const WIRE_RATE = 24000;
const FORMATS = ['pcm-s16', 'pcm-f32', 'wav', 'mp3', 'opus'] as const;
type Format = (typeof FORMATS)[number];

const chromiumMissing = !existsSync(CHROMIUM_PATH);
const inCI = process.env.CI === 'true';

/** A voice that sends the speech as WAV files of about 300 ms, 16-bit at WIRE_RATE. */
function wavVoice(speech: SpeechSource): Synthesizer {
  return {
    provider: 'wav',
    maxChars: MAX_CHARS,
    listVoices: () => Promise.resolve([{ id: 'wav-voice', provider: 'wav', name: 'WAV', languages: ['en'] }]),
    async *synthesize(req): AsyncIterable<SynthesisPart> {
      const spoken = await speech(req.text);
      const samples = resample(spoken.samples, spoken.sampleRate, WIRE_RATE);
      const per = Math.round(0.3 * WIRE_RATE);
      for (let at = 0; at < samples.length; at += per) {
        const pcm = encodeS16le(samples.subarray(at, at + per));
        const file = new Uint8Array(44 + pcm.length);
        file.set(wavHeader(WIRE_RATE, 1, pcm.length));
        file.set(pcm, 44);
        const startMs = (at / WIRE_RATE) * 1000;
        const endMs = ((at + pcm.length / 2) / WIRE_RATE) * 1000;
        yield {
          audio: { kind: 'encoded', mime: 'audio/wav', bytes: file },
          durationMs: endMs - startMs,
          words: spoken.words.filter((w) => w.startMs >= (at === 0 ? -Infinity : startMs) && w.startMs < endMs),
        };
      }
    },
  };
}

function synthesizerFor(format: Format, prepared: PreparedSpeech, fake: InworldFake): Synthesizer {
  const inworld = (audioEncoding: 'PCM' | 'MP3' | 'OGG_OPUS'): Synthesizer => ({
    ...createInworldSynthesizer({ apiKey: 'inworld-key', baseUrl: fake.url, sampleRateHertz: WIRE_RATE, timestampType: 'WORD', audioEncoding }),
    maxChars: MAX_CHARS,
  });
  switch (format) {
    case 'pcm-s16':
      return inworld('PCM');
    case 'pcm-f32':
      return prepared.voice('builtin', DEFAULT_BUILTIN_VOICE);
    case 'wav':
      return wavVoice(prepared.speech);
    case 'mp3':
      return inworld('MP3');
    case 'opus':
      return inworld('OGG_OPUS');
  }
}

const VOICE: Record<Format, string> = {
  'pcm-s16': 'inworld/Dennis',
  'pcm-f32': `builtin/${DEFAULT_BUILTIN_VOICE}`,
  wav: 'wav/wav-voice',
  mp3: 'inworld/Dennis',
  opus: 'inworld/Dennis',
};

/** The frames the prepared speech makes at the rate the player runs at for a format. */
function expectedFrames(format: Format, prepared: PreparedSpeech): { rate: number; frames: number } {
  const at = (rate: number) => prepared.segments.reduce((n, s) => n + Math.floor((s.frames * rate) / prepared.sampleRate), 0);
  if (format === 'pcm-f32') return { rate: prepared.sampleRate, frames: prepared.frames };
  // Opus is coded at 48 kHz, and decoded at that rate: exactly twice the wire rate's frames.
  if (format === 'opus') return { rate: 48000, frames: 2 * at(WIRE_RATE) };
  return { rate: WIRE_RATE, frames: at(WIRE_RATE) };
}

/**
 * Keeps the page's AudioContexts reachable, to read Chromium's own count of output glitches
 * (AudioContext.playbackStats): audio the device played as silence because the renderer's audio
 * thread was late, which the player's queue never sees.
 */
const KEEP_CONTEXTS = `(() => {
  const Base = window.AudioContext;
  const kept = [];
  window.__keptAudioContexts = kept;
  window.AudioContext = class extends Base {
    constructor(...args) {
      super(...args);
      kept.push(this);
    }
  };
})();`;

interface DeviceGlitches {
  underrunEvents: number;
  underrunSeconds: number;
}

/** Chromium's output glitches summed over the page's contexts; null where playbackStats is missing. */
async function deviceGlitches(reader: Reader): Promise<DeviceGlitches | null> {
  return reader.page.evaluate(() => {
    type Stats = { underrunEvents: number; underrunDuration: number };
    const kept = (window as unknown as { __keptAudioContexts?: (AudioContext & { playbackStats?: Stats })[] }).__keptAudioContexts ?? [];
    if (kept.length === 0 || kept.some((c) => !c.playbackStats)) return null;
    return {
      underrunEvents: kept.reduce((n, c) => n + c.playbackStats!.underrunEvents, 0),
      underrunSeconds: kept.reduce((n, c) => n + c.playbackStats!.underrunDuration, 0),
    };
  });
}

const MP3_FRAME = 576;

/**
 * How far the output (context frames) has run ahead of the frames played, once two seconds have
 * played; null if the reading ended first. On a busy machine the context frames from the worklet's
 * first playing report to steady playback exceed the frames played by up to ~2 s, though the queue
 * never ran dry and Chromium's playbackStats count no glitch; the excess is fixed by then and must
 * not grow. (Not pinned down; a stale currentFrame while the worklet starts up fits what is seen.)
 */
async function steadyOffset(page: Page): Promise<number | null> {
  for (;;) {
    const now = await page.evaluate(() => {
      const p = window.__aloudPlayer;
      return p ? { phase: p.phase, stats: p.stats() } : null;
    });
    if (now && ['finished', 'stopped', 'error'].includes(now.phase)) return null;
    const s = now?.stats;
    if (s && s.state === 'playing' && s.framesPlayed >= 2 * s.sampleRate) return s.contextFrame - s.firstAt - s.framesPlayed;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Every word of the text (letters and digits) lies in exactly one highlighted word, in text order. */
function wordsNotHighlightedOnce(text: string, probe: ProbeSnapshot): string[] {
  const spans = probe.highlights.map((h) => {
    const w = probe.words[h.index];
    return { start: h.charStart, end: w?.charEnd ?? h.charStart };
  });
  const wrong: string[] = [];
  for (const m of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    const start = m.index;
    const end = start + m[0].length;
    const holders = spans.filter((s) => s.start < end && start < s.end).length;
    if (holders !== 1) wrong.push(`"${m[0]}" at ${start} in ${holders} highlights`);
  }
  return wrong;
}

describe.skipIf(chromiumMissing && !inCI)(`a ${SECONDS}-second reading in every format, side by side in Chromium`, () => {
  const text = englishText(WORDS, 100);
  /** One core (service) per format: a service plays one reading at a time. */
  const harnesses = new Map<Format, Harness>();
  const readers: Reader[] = [];
  let prepared: PreparedSpeech;
  let fake: InworldFake;

  beforeAll(async () => {
    if (chromiumMissing) throw new Error(`CI=true but ${CHROMIUM_PATH} is missing: the end-to-end tests need the chromium package.`);
    ensureRendererBuilt();
    const started = performance.now();
    prepared = await prepareSpeech({
      text,
      maxChars: MAX_CHARS,
      voice: DEFAULT_BUILTIN_VOICE,
      encodings: [
        { format: 'mp3', sampleRate: WIRE_RATE },
        { format: 'ogg_opus', sampleRate: WIRE_RATE },
      ],
    });
    console.log(
      `speech ${prepared.made ? 'made' : 'read from the cache'} in ${((performance.now() - started) / 1000).toFixed(1)} s` +
        (prepared.making ? ` (speaking ${(prepared.making.speakMs / 1000).toFixed(1)} s, encoding ${(prepared.making.encodeMs / 1000).toFixed(1)} s)` : '') +
        `: ` +
        `${prepared.segments.length} segments, ${(prepared.frames / prepared.sampleRate).toFixed(1)} s (${prepared.dir})`,
    );
    fake = await startInworldFake({ speech: prepared.speech, encode: prepared.encode, apiKey: 'inworld-key' });
    for (const format of FORMATS) {
      const harness = await startServiceHarness({ synthesizers: [synthesizerFor(format, prepared, fake)], defaultVoice: VOICE[format] }, () => VOICE[format]);
      harnesses.set(format, harness);
    }
  });

  afterAll(async () => {
    for (const r of readers) await r.close();
    for (const h of harnesses.values()) await h.close();
    await fake?.close();
  });

  it('plays each to the end: every frame, zero underruns, every word highlighted once in order', async () => {
    expect(prepared.frames / prepared.sampleRate).toBeGreaterThan(SECONDS * 0.9);
    // Every browser is up before any reading starts: five Chromiums starting take the CPU from the audio.
    for (const format of FORMATS) {
      const reader = await openReader(harnesses.get(format)!, { initScript: KEEP_CONTEXTS });
      readers.push(reader);
      await reader.page.getByLabel('Text to read').fill(text);
    }
    const started = performance.now();
    const runs = FORMATS.map(async (format, i) => {
      const harness = harnesses.get(format)!;
      const reader = readers[i]!;
      const { page } = reader;
      await page.getByRole('button', { name: 'Read' }).click();
      const steady = await steadyOffset(page);
      await waitForEnd(page, (SECONDS + 120) * 1000);
      const status = await page.getByRole('status').first().textContent().catch(() => '');
      return { format, harness, status, steady, probe: await readProbe(page), glitches: await deviceGlitches(reader), problems: reader.problems };
    });
    const results = await Promise.all(runs);
    console.log(`${FORMATS.length} readings of ${SECONDS} s side by side took ${((performance.now() - started) / 1000).toFixed(0)} s`);

    const outcomes = results.map(({ format, harness, status, steady, probe, glitches, problems }) => {
      const chunks = harness.events.filter((e) => e.channel === 'reading:chunk').map((e) => e.payload as Chunk).filter((c) => c.readingId === probe.readingId);
      const { stats } = probe;
      const expected = expectedFrames(format, prepared);
      const outcome = {
        format,
        problems,
        phase: probe.phase,
        underruns: stats.underruns,
        rate: stats.sampleRate,
        /** Frames played beyond (or, negative, short of) the prepared speech. */
        extraFrames: stats.framesPlayed - expected.frames,
        /** Output (context frames from the first rendered to the drain) beyond the frames played, ms. */
        extraOutputMs: ((stats.drainedAt - stats.firstAt - stats.framesPlayed) / expected.rate) * 1000,
        /** Of that, what the output gained once playback was steady: silence inserted mid-reading. */
        driftMs: steady === null ? NaN : ((stats.drainedAt - stats.firstAt - stats.framesPlayed - steady) / expected.rate) * 1000,
        highlights: probe.highlights.length,
        notOnce: wordsNotHighlightedOnce(text, probe),
        sentWordsHighlightedInOrder: JSON.stringify(probe.highlights.map((h) => h.charStart)) === JSON.stringify(chunks.flatMap((c) => c.words).map((w) => w.charStart)),
        segments: new Set(chunks.map((c) => c.segment)).size,
        chunks: chunks.length,
      };
      console.log(`${format}: ${(stats.framesPlayed / stats.sampleRate).toFixed(2)} s played of ${(expected.frames / expected.rate).toFixed(2)} s prepared, ` +
        `${outcome.extraFrames} frames extra; output ${outcome.extraOutputMs.toFixed(1)} ms longer than played, of which ${outcome.driftMs.toFixed(1)} ms after the first 2 s; ` +
        `${outcome.segments} segments, ${outcome.chunks} chunks, ${outcome.highlights} highlights, underruns ${outcome.underruns} ` +
        `(Chromium's output: ${glitches ? `${glitches.underrunEvents} glitches, ${(glitches.underrunSeconds * 1000).toFixed(0)} ms` : 'not reported'}), ${probe.phase}: ${status}`);
      return { outcome, expected };
    });

    for (const { outcome: o, expected } of outcomes) {
      expect({ format: o.format, problems: o.problems, phase: o.phase, underruns: o.underruns, rate: o.rate, segments: o.segments }).toEqual({
        format: o.format,
        problems: [],
        phase: 'finished',
        underruns: 0,
        rate: expected.rate,
        segments: prepared.segments.length,
      });
      // Every frame of the prepared speech, and no more: exactly, but for an MP3 stream without a LAME
      // tag (providers stream them so; ffmpeg writes none to a pipe), whose end padding is known only
      // to within a frame (576 samples at 24 kHz): that much either way per segment.
      const slack = o.format === 'mp3' ? MP3_FRAME * o.segments : 0;
      expect({ format: o.format, extraFrames: Math.abs(o.extraFrames) <= slack }).toEqual({ format: o.format, extraFrames: true });
      // The output kept step with the speech: once it flowed, no silence was inserted anywhere.
      expect({ format: o.format, drift: Math.abs(o.driftMs) <= 50 }).toEqual({ format: o.format, drift: true });
      expect({ format: o.format, notOnce: o.notOnce.slice(0, 5), inOrder: o.sentWordsHighlightedInOrder }).toEqual({ format: o.format, notOnce: [], inOrder: true });
    }
  });
});
