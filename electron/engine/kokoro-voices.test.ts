// Kokoro for real: the tiny Kokoro pack installed as an install leaves it, spoken by onnxruntime-node
// on the natural voices' worker (started from the TypeScript source), shared with the Piper voices.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PcmAudio, WordTiming } from '../../shared/chunk';
import { heardKokoroIds, idCount, installTinyKokoro, KOKORO_KEY, kokoroTables, kokoroWordStarts } from '../../test/support/tiny-kokoro';
import { installTinyVoice, TINY_VOICE } from '../../test/support/tiny-piper';
import { SynthesisError } from '../speech/synthesis-error';
import type { Synthesizer } from '../speech/synthesizer';
import { createKokoroVoices } from './kokoro-voices';
import { createNaturalVoiceHost, createPiperVoices } from './piper-voices';

const folder = mkdtempSync(join(tmpdir(), 'aloud-kokoro-'));
await installTinyKokoro(folder);
await installTinyVoice(folder);
const host = createNaturalVoiceHost();
const kokoro = createKokoroVoices({ folder, host });
const piper = createPiperVoices({ folder, host });
afterAll(() => host.close());

async function speak(text: string, voice = 'af_heart', synthRate = 1, synthesizer: Synthesizer = kokoro) {
  const runs: Float32Array[] = [];
  const words: WordTiming[] = [];
  for await (const part of synthesizer.synthesize({ text, voice, synthRate, signal: new AbortController().signal })) {
    const audio = part.audio as PcmAudio;
    if (synthesizer === kokoro) expect(audio.sampleRate).toBe(24000);
    runs.push(audio.samples);
    words.push(...part.words);
  }
  return { runs, words };
}

describe('a Kokoro voice', () => {
  it("lists the pack's voices by name and language, leaving out the languages it cannot phonemize", async () => {
    expect(await kokoro.listVoices()).toEqual([
      { id: 'af_heart', provider: 'kokoro', name: 'Heart', languages: ['en-US'] },
      { id: 'ff_siwis', provider: 'kokoro', name: 'Siwis', languages: ['fr-FR'] },
    ]);
    // The Piper voices on the same worker list only their own.
    expect((await piper.listVoices()).map((v) => v.id)).toEqual([TINY_VOICE]);
  });

  it('highlights every word at exactly the sample where the model put its first phoneme (from its durations)', async () => {
    const text = 'Hello world, this is a test. Reading aloud helps me a lot!';
    const { runs, words } = await speak(text);
    expect(runs.length).toBeGreaterThanOrEqual(2);
    const expected: number[] = [];
    let offset = 0;
    for (const run of runs) {
      expected.push(...kokoroWordStarts(heardKokoroIds(run)).map((s) => s + offset));
      offset += run.length;
    }
    expect(words.map((w) => w.text)).toEqual(['Hello', 'world', 'this', 'is', 'a', 'test', 'Reading', 'aloud', 'helps', 'me', 'a', 'lot']);
    const startSamples = words.map((w) => (w.startMs / 1000) * kokoroTables.sampleRate);
    expect(startSamples.length).toBe(expected.length);
    startSamples.forEach((s, i) => expect(Math.abs(s - expected[i]!)).toBeLessThan(1));
    expect(words.at(-1)!.endMs).toBeCloseTo((offset / kokoroTables.sampleRate) * 1000, 6);
  });

  it("speaks with the style vector Kokoro picks for the run's length, from the chosen voice's file", async () => {
    for (const [voice, base] of Object.entries(kokoroTables.voices)) {
      const { runs } = await speak(voice === 'ff_siwis' ? 'Bonjour à tous.' : 'Good morning to you all.', voice);
      const heard = heardKokoroIds(runs[0]!);
      const ids = idCount(heard);
      // Row min(ids - 2, 509): the phonemes' count, as kokoro-js picks it.
      heard.forEach((h) => expect(h.amplitude).toBeCloseTo(base + (ids - 2) / 5100, 3));
    }
  });

  it("speaks faster through the model's own speed input when asked for a higher rate", async () => {
    const text = 'The quick brown fox jumps over the lazy dog.';
    const normal = heardKokoroIds((await speak(text, 'af_heart', 1)).runs[0]!);
    const fast = heardKokoroIds((await speak(text, 'af_heart', 2)).runs[0]!);
    expect(fast.map((h) => h.id)).toEqual(normal.map((h) => h.id));
    // Each id lasts max(1, round(frames / speed)) frames (repeats merged): the model's pace, not a stretch.
    const frames = (h: { id: number; frames: number }, speed: number) => {
      const one = Math.max(1, Math.round(kokoroTables.frames[h.id]! / speed));
      return one * Math.round(h.frames / one);
    };
    fast.forEach((h) => expect(h.frames).toBe(frames(h, 2)));
    expect(fast.reduce((n, h) => n + h.frames, 0)).toBeLessThan(normal.reduce((n, h) => n + h.frames, 0) * 0.75);
  });

  it('shares its worker with the Piper voices: one after the other, each speaks with its own model', async () => {
    const a = await speak('One two.', 'af_heart');
    const b = await speak('One two.', TINY_VOICE, 1, piper);
    const c = await speak('One two.', 'af_heart');
    expect(b.words.map((w) => w.text)).toEqual(['One', 'two']);
    expect(c.runs[0]!).toEqual(a.runs[0]!);
  });

  it('stops at once when cancelled mid-text, and speaks the next request in full', async () => {
    const text = Array.from({ length: 8 }, (_, i) => `This is sentence number ${i + 1}, and it goes on.`).join(' ');
    const controller = new AbortController();
    let parts = 0;
    for await (const _ of kokoro.synthesize({ text, voice: 'af_heart', synthRate: 1, signal: controller.signal })) {
      parts++;
      controller.abort();
    }
    expect(parts).toBe(1);
    expect((await speak('Still here.')).words.map((w) => w.text)).toEqual(['Still', 'here']);
  });

  it('names an unknown voice as such', async () => {
    await expect(speak('Hi.', 'am_nobody')).rejects.toMatchObject({ kind: 'unknown-voice', message: "Kokoro has no voice 'am_nobody' installed" });
  });

  it('still speaks the plain export (no durations), every word highlighted from estimated timings', async () => {
    const other = mkdtempSync(join(tmpdir(), 'aloud-kokoro-plain-'));
    expect(await installTinyKokoro(other, { pack: 'kokoro-tiny-untimed' })).toEqual({
      key: KOKORO_KEY,
      alignment: { kind: 'estimated', reason: 'this Kokoro model gives no word durations (the timestamped export does)' },
    });
    const plain = createKokoroVoices({ folder: other });
    try {
      const { runs, words } = await speak('Hello world, this is a test.', 'af_heart', 1, plain);
      expect(words.map((w) => w.text)).toEqual(['Hello', 'world', 'this', 'is', 'a', 'test']);
      for (let i = 1; i < words.length; i++) expect(words[i]!.startMs).toBeGreaterThan(words[i - 1]!.startMs);
      expect(words.at(-1)!.endMs).toBeCloseTo((runs.reduce((n, r) => n + r.length, 0) / 24000) * 1000, 6);
    } finally {
      await plain.close();
    }
  });

  it('says which file failed and why when the model or a style file is damaged', async () => {
    const damaged = mkdtempSync(join(tmpdir(), 'aloud-kokoro-damaged-'));
    await installTinyKokoro(damaged);
    const broken = createKokoroVoices({ folder: damaged });
    const failure = async (voice: string) => {
      const error = await speak('Hello.', voice, 1, broken).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SynthesisError);
      return (error as SynthesisError).userMessage;
    };
    try {
      const style = join(damaged, KOKORO_KEY, 'voices', 'ff_siwis.bin');
      writeFileSync(style, readFileSync(style).subarray(0, 1000));
      // A style file of the wrong size is not listed; asking for it names the voice.
      expect((await broken.listVoices()).map((v) => v.id)).toEqual(['af_heart']);
      expect(await failure('ff_siwis')).toBe('Kokoro does not know this voice: choose another.');
      const model = join(damaged, KOKORO_KEY, `${KOKORO_KEY}.onnx`);
      writeFileSync(model, readFileSync(model).subarray(0, 900));
      expect(await failure('af_heart')).toMatch(new RegExp(`^Kokoro failed while speaking: the voice file .*${KOKORO_KEY}\\.onnx could not be loaded \\(.+\\); reinstall the voice$`));
    } finally {
      await broken.close();
    }
  });
});
