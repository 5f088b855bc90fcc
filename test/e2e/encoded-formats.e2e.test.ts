// Compressed cloud audio end to end: the Inworld adapter streaming MP3 and Ogg Opus from its fake
// (real ffmpeg encodings of the built-in voice), decoded in Chromium by WebCodecs in the player.
// Each segment is its own compressed stream; the seams must be gapless: the player queues the
// speech's own length (encoder delay and padding trimmed), never runs dry, and highlights every word
// once, in order.
import { existsSync } from 'node:fs';
import type { Chunk } from '../../shared/chunk';
import { createBuiltinVoice, DEFAULT_BUILTIN_VOICE, type BuiltinVoice } from '../../electron/engine/builtin-voice';
import { createInworldSynthesizer } from '../../electron/providers/inworld';
import { createAloudService } from '../../electron/service/aloud-service';
import { startInworldFake } from '../fakes/inworld-server';
import type { FakeProviderServer } from '../fakes/provider-server';
import { resample, speechFromSynthesizer, type SpeechSource } from '../fakes/spoken-audio';
import { CHROMIUM_PATH, ensureRendererBuilt, openReader, readProbe, waitForEnd, type Reader } from './chromium';
import { startHarness, type Harness } from './harness';

const SENTENCES = ['Compressed voices arrive as little frames.', 'The player decodes them in order.', 'No gap is heard between the sentences.'];
const TEXT = SENTENCES.join(' ');
const RATE = 24000;

const chromiumMissing = !existsSync(CHROMIUM_PATH);
const inCI = process.env.CI === 'true';

describe.skipIf(chromiumMissing && !inCI)('compressed cloud audio in Chromium (MP3, Ogg Opus)', () => {
  let harness: Harness;
  let builtin: BuiltinVoice;
  let fake: FakeProviderServer;
  let reader: Reader | undefined;
  let voice = 'inworld-mp3/Dennis';
  let speech: SpeechSource;

  beforeAll(async () => {
    if (chromiumMissing) throw new Error(`CI=true but ${CHROMIUM_PATH} is missing: the end-to-end tests need the chromium package.`);
    ensureRendererBuilt();
    builtin = createBuiltinVoice();
    speech = speechFromSynthesizer(builtin, DEFAULT_BUILTIN_VOICE);
    for (const s of SENTENCES) await speech(s);
    fake = await startInworldFake({ speech, apiKey: 'inworld-key' });
    const inworld = (audioEncoding: 'MP3' | 'OGG_OPUS', id: string) => {
      const synth = createInworldSynthesizer({ apiKey: 'inworld-key', baseUrl: fake.url, sampleRateHertz: RATE, timestampType: 'WORD', audioEncoding });
      // Its own provider id per encoding; a limit that makes each sentence a segment (its own stream).
      return { ...synth, provider: id, maxChars: 45 };
    };
    const synthesizers = [builtin, inworld('MP3', 'inworld-mp3'), inworld('OGG_OPUS', 'inworld-opus')];
    let emitToPage: (channel: string, payload: unknown) => void = () => {};
    const service = createAloudService({ synthesizers, defaultVoice: `builtin/${DEFAULT_BUILTIN_VOICE}`, emit: (c, p) => emitToPage(c, p) });
    harness = await startHarness({
      createCore: (emit) => {
        emitToPage = emit;
        return {
          invoke: (channel, args) => service.invoke(channel, channel === 'reading:start' ? { voice, ...(args as object) } : args),
          close: () => service.close(),
        };
      },
    });
  }, 240_000);

  afterEach(async () => {
    await reader?.close();
    reader = undefined;
  });

  afterAll(async () => {
    await harness?.close();
    await fake?.close();
    await builtin?.close();
  });

  function chunksOf(readingId: string | null): Chunk[] {
    return harness.events.filter((e) => e.channel === 'reading:chunk').map((e) => e.payload as Chunk).filter((c) => c.readingId === readingId);
  }

  it.each([
    // MP3 streams carry no LAME tag: the end padding (under two 576-sample frames) stays in.
    ['MP3', 'inworld-mp3/Dennis', 'audio/mpeg', 1, 2 * 576],
    // Opus decodes at 48 kHz; the end granule trims it to the sample (one per resampled segment).
    ['Ogg Opus', 'inworld-opus/Dennis', 'audio/ogg', 2, 2],
  ])('%s: plays gaplessly with no underrun and highlights each word once, in order', async (_name, voiceKey, mime, scale, slackPerSegment) => {
    voice = voiceKey;
    const requestsBefore = fake.requests.length;
    reader = await openReader(harness);
    const { page } = reader;
    await page.getByLabel('Text to read').fill(TEXT);
    await page.getByRole('button', { name: 'Read' }).click();
    await waitForEnd(page);
    const probe = await readProbe(page);
    expect(reader.problems).toEqual([]);
    expect(probe.phase).toBe('finished');
    const chunks = chunksOf(probe.readingId);
    expect(chunks.every((c) => c.audio.kind === 'encoded' && c.audio.mime.startsWith(mime))).toBe(true);
    const segments = new Set(chunks.map((c) => c.segment)).size;
    expect(segments).toBeGreaterThanOrEqual(2);

    // The queue holds the speech itself: encoder delay trimmed at each seam, padding bounded.
    const texts = fake.requests.slice(requestsBefore).flatMap((r) => {
      const text = (r.body as { text?: unknown } | undefined)?.text;
      return typeof text === 'string' ? [text] : [];
    });
    expect(texts).toHaveLength(segments);
    let expected = 0;
    for (const t of texts) {
      const spoken = await speech(t);
      expected += resample(spoken.samples, spoken.sampleRate, RATE).length * scale;
    }
    expect(probe.stats.framesQueued).toBeGreaterThanOrEqual(expected - segments * 2);
    expect(probe.stats.framesQueued).toBeLessThanOrEqual(expected + segments * slackPerSegment);
    expect(Math.abs(probe.stats.framesPlayed - probe.stats.framesQueued)).toBeLessThanOrEqual(128);
    expect(probe.stats.underruns).toBe(0);

    const words = chunks.flatMap((c) => c.words);
    expect(words.map((w) => TEXT.slice(w.charStart, w.charEnd).replace(/[^\p{L}]/gu, ''))).toEqual(TEXT.match(/\p{L}+/gu));
    expect(probe.highlights.map((h) => h.charStart)).toEqual(words.map((w) => w.charStart));
    for (const h of probe.highlights) expect(h.frame).toBeGreaterThanOrEqual(probe.words[h.index]!.frame);
  });
});
