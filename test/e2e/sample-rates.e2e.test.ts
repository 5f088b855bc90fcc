// The player with streams at the providers' rates, and a rate that changes mid-reading (as when a
// fallback voice takes over): the context runs at the first chunk's rate and later audio is
// resampled into it, with no underrun and every word still highlighted in order.
import { existsSync } from 'node:fs';
import type { Chunk, WordTiming } from '../../shared/chunk';
import type { Voice } from '../../shared/voice';
import type { SynthesisPart, SynthesisRequest, Synthesizer } from '../../electron/speech/synthesizer';
import { CHROMIUM_PATH, ensureRendererBuilt, openReader, readProbe, waitForEnd, type Reader } from './chromium';
import type { Harness } from './harness';
import { startServiceHarness } from './service-harness';

const TEXT = 'One sentence at twenty-four kilohertz. Then one at forty-eight. And the last at forty-four point one.';
const RATES = [24000, 48000, 44100];
const MS_PER_WORD = 180;

/** Each request at the next rate of RATES, cut into three uneven parts, words spread evenly. */
function multiRateSynthesizer(): Synthesizer {
  let request = 0;
  return {
    provider: 'multirate',
    maxChars: 60,
    async listVoices(): Promise<Voice[]> {
      return [{ id: 'tone', provider: 'multirate', name: 'Tone', languages: ['en'] }];
    },
    async *synthesize(req: SynthesisRequest): AsyncIterable<SynthesisPart> {
      const rate = RATES[request++ % RATES.length]!;
      const words: WordTiming[] = [...req.text.matchAll(/\S+/g)].map((m, i) => ({
        text: m[0],
        charStart: m.index,
        charEnd: m.index + m[0].length,
        startMs: i * MS_PER_WORD,
        endMs: (i + 1) * MS_PER_WORD,
      }));
      const total = Math.round((words.length * MS_PER_WORD * rate) / 1000);
      const tone = Float32Array.from({ length: total }, (_, i) => 0.2 * Math.sin((2 * Math.PI * 330 * i) / rate));
      const cuts = [0, Math.floor(total * 0.2), Math.floor(total * 0.65), total];
      for (let p = 0; p < 3; p++) {
        if (req.signal.aborted) return;
        const endMs = (cuts[p + 1]! / rate) * 1000;
        yield {
          audio: { kind: 'pcm', sampleRate: rate, channels: 1, samples: tone.slice(cuts[p], cuts[p + 1]) },
          words: words.filter((w) => w.startMs < endMs),
        };
      }
    },
  };
}

const chromiumMissing = !existsSync(CHROMIUM_PATH);
const inCI = process.env.CI === 'true';

describe.skipIf(chromiumMissing && !inCI)('the player across sample rates', () => {
  let harness: Harness;
  let reader: Reader | undefined;

  beforeAll(async () => {
    if (chromiumMissing) throw new Error(`CI=true but ${CHROMIUM_PATH} is missing: the end-to-end tests need the chromium package.`);
    ensureRendererBuilt();
    harness = await startServiceHarness({ synthesizers: [multiRateSynthesizer()], defaultVoice: 'multirate/tone' }, () => 'multirate/tone');
  });

  afterAll(async () => {
    await reader?.close();
    await harness?.close();
  });

  it('plays 24, 48 and 44.1 kHz segments in one reading without underruns, highlighting every word', async () => {
    reader = await openReader(harness);
    await reader.page.getByLabel('Text to read').fill(TEXT);
    await reader.page.getByRole('button', { name: 'Read' }).click();
    await waitForEnd(reader.page);
    const probe = await readProbe(reader.page);
    const figures = JSON.stringify({ ...probe.stats, maxHeardStep: probe.maxHeardStep });
    expect(probe.phase, figures).toBe('finished');

    const chunks = harness.events.filter((e) => e.channel === 'reading:chunk').map((e) => e.payload as Chunk);
    const rates = [...new Set(chunks.map((c) => (c.audio.kind === 'pcm' ? c.audio.sampleRate : 0)))];
    expect(rates).toEqual(RATES);
    expect(probe.stats.sampleRate).toBe(24000);

    // Each foreign-rate stream yields its length in context frames, less at most one input frame
    // carried over at the very end of each run of chunks at that rate.
    const expected = chunks.reduce((n, c) => (c.audio.kind === 'pcm' ? n + (c.audio.samples.length * 24000) / c.audio.sampleRate : n), 0);
    expect(probe.stats.framesQueued).toBeLessThanOrEqual(Math.ceil(expected));
    expect(probe.stats.framesQueued).toBeGreaterThanOrEqual(Math.floor(expected) - 2 * 2);
    expect(probe.stats.framesPlayed).toBe(probe.stats.framesQueued);
    expect(probe.stats.underruns, figures).toBe(0);

    expect(probe.highlights.map((h) => TEXT.slice(h.charStart).match(/^\S+/)![0])).toEqual(TEXT.match(/\S+/g));
    // Word frames follow the resampled timeline: each segment's first word sits where it starts.
    const starts = probe.words.map((w) => w.frame);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(probe.words.at(-1)!.frame).toBeLessThan(probe.stats.framesQueued);
  });
});
