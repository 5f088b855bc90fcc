// The natural voices for real: fixture Piper voices installed as a user's would be, spoken by
// onnxruntime-node in the natural voices' worker (started from the TypeScript source).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PcmAudio, WordTiming } from '../../shared/chunk';
import { heardIds, installTinyVoice, tinyTables, TINY_DUO_VOICE, TINY_VOICE, wordStartSamples } from '../../test/support/tiny-piper';
import { SynthesisError } from '../speech/synthesis-error';
import { createPiperVoices } from './piper-voices';

const folder = mkdtempSync(join(tmpdir(), 'aloud-voices-'));
await installTinyVoice(folder);
await installTinyVoice(folder, TINY_DUO_VOICE);
const voices = createPiperVoices({ folder });
afterAll(() => voices.close());

async function speak(text: string, voice = TINY_VOICE, synthRate = 1) {
  const runs: Float32Array[] = [];
  const words: WordTiming[] = [];
  for await (const part of voices.synthesize({ text, voice, synthRate, signal: new AbortController().signal })) {
    const audio = part.audio as PcmAudio;
    expect(audio.sampleRate).toBe(tinyTables.sampleRate);
    runs.push(audio.samples);
    words.push(...part.words);
  }
  return { runs, words };
}

describe('a Piper voice', () => {
  it('lists each installed voice, and each speaker of a multi-speaker voice, by name', async () => {
    expect(await voices.listVoices()).toEqual([
      { id: `${TINY_VOICE}`, provider: 'piper', name: 'Tiny (low)', languages: ['en-US'] },
      { id: `${TINY_DUO_VOICE}#ada`, provider: 'piper', name: 'Tinyduo (low), ada', languages: ['en-US'] },
      { id: `${TINY_DUO_VOICE}#ben`, provider: 'piper', name: 'Tinyduo (low), ben', languages: ['en-US'] },
    ]);
  });

  it('highlights every word at exactly the sample where the model put its first phoneme', async () => {
    const text = 'Hello world, this is a test. Reading aloud helps me a lot!';
    const { runs, words } = await speak(text);
    expect(runs.length).toBeGreaterThanOrEqual(2); // a run per sentence, each sent as it is made
    const expected: number[] = [];
    let offset = 0;
    for (const run of runs) {
      expected.push(...wordStartSamples(heardIds(run)).map((s) => s + offset));
      offset += run.length;
    }
    expect(words.map((w) => w.text)).toEqual(['Hello', 'world', 'this', 'is', 'a', 'test', 'Reading', 'aloud', 'helps', 'me', 'a', 'lot']);
    const startSamples = words.map((w) => (w.startMs / 1000) * tinyTables.sampleRate);
    expect(startSamples.length).toBe(expected.length);
    startSamples.forEach((s, i) => expect(Math.abs(s - expected[i]!)).toBeLessThan(1));
    expect(words[words.length - 1]!.endMs).toBeCloseTo((offset / tinyTables.sampleRate) * 1000, 6);
  });

  it('speaks faster through its length scale when asked for a higher rate', async () => {
    const text = 'The quick brown fox jumps over the lazy dog.';
    const normal = await speak(text, TINY_VOICE, 1);
    const fast = await speak(text, TINY_VOICE, 2);
    const ids = heardIds(normal.runs[0]!);
    const fastIds = heardIds(fast.runs[0]!);
    expect(fastIds.map((h) => h.id)).toEqual(ids.map((h) => h.id));
    // Every id lasts ceil(frames x length scale) frames: the model's own pace, not a stretch.
    fastIds.forEach((h) => expect(h.frames).toBe(Math.ceil(tinyTables.frames[h.id]! * 0.5)));
    ids.forEach((h) => expect(h.frames).toBe(tinyTables.frames[h.id]));
  });

  it("speaks with the chosen speaker's own voice", async () => {
    const ada = await speak('Good morning.', `${TINY_DUO_VOICE}#ada`);
    const ben = await speak('Good morning.', `${TINY_DUO_VOICE}#ben`);
    const adaIds = heardIds(ada.runs[0]!, tinyTables.speakerFactors[0]);
    const benIds = heardIds(ben.runs[0]!, tinyTables.speakerFactors[1]);
    expect(benIds.map((h) => h.id)).toEqual(adaIds.map((h) => h.id));
    // Read as the other speaker, ben's audio makes no sense: the model really took his id.
    expect(heardIds(ben.runs[0]!, tinyTables.speakerFactors[0]).map((h) => h.id)).not.toEqual(adaIds.map((h) => h.id));
  });

  it('speaks a multi-speaker voice chosen without a speaker with its default_speaker_id, as piper1-gpl does', async () => {
    const other = mkdtempSync(join(tmpdir(), 'aloud-voices-default-'));
    await installTinyVoice(other, TINY_DUO_VOICE);
    const json = join(other, TINY_DUO_VOICE, `${TINY_DUO_VOICE}.onnx.json`);
    writeFileSync(json, JSON.stringify({ ...JSON.parse(readFileSync(json, 'utf8')), default_speaker_id: 1 }));
    const duo = createPiperVoices({ folder: other });
    try {
      let audio: Float32Array | undefined;
      for await (const part of duo.synthesize({ text: 'Good morning.', voice: TINY_DUO_VOICE, synthRate: 1, signal: new AbortController().signal })) audio ??= (part.audio as PcmAudio).samples;
      const ben = await speak('Good morning.', `${TINY_DUO_VOICE}#ben`);
      // Heard as ben (speaker 1), not as ada (speaker 0, what was sent before).
      expect(heardIds(audio!, tinyTables.speakerFactors[1]).map((h) => h.id)).toEqual(heardIds(ben.runs[0]!, tinyTables.speakerFactors[1]).map((h) => h.id));
    } finally {
      await duo.close();
    }
  });

  it("scales each run's audio to full range, as Piper normalizes each chunk", async () => {
    const { runs } = await speak('Hello world. This is a test.');
    // (The last part may carry only the last word's end, no audio.)
    const peaks = runs.filter((run) => run.length > 0).map((run) => run.reduce((peak, s) => Math.max(peak, Math.abs(s)), 0));
    expect(peaks.length).toBeGreaterThanOrEqual(2);
    for (const peak of peaks) expect(peak).toBeCloseTo(1, 6);
  });

  it('stops at once when cancelled mid-text, and speaks the next request in full', async () => {
    const text = Array.from({ length: 12 }, (_, i) => `This is sentence number ${i + 1}, and it goes on for a while.`).join(' ');
    const controller = new AbortController();
    let parts = 0;
    for await (const _ of voices.synthesize({ text: text.slice(0, 400), voice: TINY_VOICE, synthRate: 1, signal: controller.signal })) {
      parts++;
      controller.abort();
    }
    expect(parts).toBe(1);
    const after = await speak('Still here.');
    expect(after.words.map((w) => w.text)).toEqual(['Still', 'here']);
  });

  it('names an unknown voice or speaker as such', async () => {
    await expect(speak('Hi.', 'en_GB-nobody-low')).rejects.toMatchObject({ kind: 'unknown-voice', message: "the voice 'en_GB-nobody-low' is not installed" });
    await expect(speak('Hi.', `${TINY_DUO_VOICE}#cleo`)).rejects.toMatchObject({ kind: 'unknown-voice' });
  });

  it('still speaks a model the patch cannot give timings, every word highlighted from estimated timings', async () => {
    const other = mkdtempSync(join(tmpdir(), 'aloud-voices-round-'));
    const result = await installTinyVoice(other, 'en_US-tinyround-low');
    expect(result).toEqual({ key: 'en_US-tinyround-low', alignment: { kind: 'estimated', reason: 'the model has no phoneme-length (Ceil) tensor to expose' } });
    const estimated = createPiperVoices({ folder: other });
    try {
      const words: WordTiming[] = [];
      let samples = 0;
      for await (const part of estimated.synthesize({ text: 'Hello world, this is a test.', voice: 'en_US-tinyround-low', synthRate: 1, signal: new AbortController().signal })) {
        words.push(...part.words);
        samples += (part.audio as PcmAudio).samples.length;
      }
      expect(words.map((w) => w.text)).toEqual(['Hello', 'world', 'this', 'is', 'a', 'test']);
      const totalMs = (samples / tinyTables.sampleRate) * 1000;
      for (let i = 1; i < words.length; i++) expect(words[i]!.startMs).toBeGreaterThan(words[i - 1]!.startMs);
      expect(words.at(-1)!.endMs).toBeCloseTo(totalMs, 6);
    } finally {
      await estimated.close();
    }
  });

  it('says which voice file failed and why when the model is damaged', async () => {
    const damaged = mkdtempSync(join(tmpdir(), 'aloud-voices-damaged-'));
    await installTinyVoice(damaged);
    const model = join(damaged, TINY_VOICE, `${TINY_VOICE}.onnx`);
    writeFileSync(model, readFileSync(model).subarray(0, 900));
    const broken = createPiperVoices({ folder: damaged });
    try {
      const error = await (async () => {
        for await (const _ of broken.synthesize({ text: 'Hello.', voice: TINY_VOICE, synthRate: 1, signal: new AbortController().signal }));
      })().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SynthesisError);
      expect((error as SynthesisError).userMessage).toMatch(new RegExp(`^Piper failed while speaking: the voice file .*${TINY_VOICE}\\.onnx could not be loaded \\(.+\\); reinstall the voice$`));
    } finally {
      await broken.close();
    }
  });
});
