// The built-in voice for real: eSpeak NG in its worker thread (started from the TypeScript source).
import { fileURLToPath } from 'node:url';
import type { PcmAudio, WordTiming } from '../../shared/chunk';
import { SynthesisError } from '../speech/synthesis-error';
import type { SynthesisPart } from '../speech/synthesizer';
import { createBuiltinVoice, DEFAULT_BUILTIN_VOICE, type BuiltinVoice } from './builtin-voice';

interface Spoken {
  parts: SynthesisPart[];
  words: WordTiming[];
  samples: number;
  durationMs: number;
}

async function speak(voice: BuiltinVoice, text: string, options: { rate?: number; voice?: string } = {}): Promise<Spoken> {
  const parts: SynthesisPart[] = [];
  const signal = new AbortController().signal;
  for await (const part of voice.synthesize({ text, voice: options.voice ?? DEFAULT_BUILTIN_VOICE, synthRate: options.rate ?? 1, signal })) {
    parts.push(part);
  }
  const samples = parts.reduce((n, p) => n + (p.audio as PcmAudio).samples.length, 0);
  return { parts, words: parts.flatMap((p) => p.words), samples, durationMs: (samples / 22050) * 1000 };
}

/** The words of a text as a reader sees them: runs of letters and digits, with inner ' . , kept. */
function readerWords(text: string): string[] {
  return [...text.matchAll(/[\p{L}\p{N}]+(?:['’.,][\p{L}\p{N}]+)*/gu)].map((m) => m[0]);
}

/**
 * "One timing per spoken word": every word of the text lies inside exactly one timing. A timing
 * covers more than one word only where eSpeak speaks a phrase as one word and reports one event
 * ("of a", "this one", "déjà vu"), so most words get a timing of their own.
 */
function expectEveryWordTimedOnce(text: string, words: WordTiming[]): void {
  const textWords = [...text.matchAll(/[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu)];
  for (const m of textWords) {
    const covering = words.filter((w) => w.charStart <= m.index && m.index + m[0].length <= w.charEnd);
    expect(covering, m[0]).toHaveLength(1);
  }
  expect(words.length).toBeGreaterThanOrEqual(textWords.length * 0.75);
}

function expectWellFormed(text: string, spoken: Spoken): void {
  const { words, durationMs } = spoken;
  for (const w of words) {
    expect(text.slice(w.charStart, w.charEnd)).toBe(w.text);
    expect(w.startMs).toBeGreaterThanOrEqual(0);
    expect(w.endMs).toBeGreaterThanOrEqual(w.startMs);
    expect(w.endMs).toBeLessThanOrEqual(durationMs + 1e-6);
  }
  for (let i = 1; i < words.length; i++) {
    expect(words[i]!.startMs).toBeGreaterThan(words[i - 1]!.startMs);
    expect(words[i]!.startMs).toBeGreaterThanOrEqual(words[i - 1]!.endMs);
    expect(words[i]!.charStart).toBeGreaterThanOrEqual(words[i - 1]!.charEnd);
  }
}

// Generous: the engine's first sentences run before V8 has optimized it, and CI runs every test file
// at once on two cores.
describe('the built-in voice', () => {
  let voice: BuiltinVoice;
  beforeAll(async () => {
    voice = createBuiltinVoice();
    await voice.listVoices();
  });
  afterAll(() => voice.close());

  it('lists its voices with BCP-47 languages', async () => {
    const voices = await voice.listVoices();
    expect(voices.length).toBeGreaterThan(100);
    expect(new Set(voices.map((v) => v.id)).size).toBe(voices.length);
    for (const v of voices) {
      expect(v.provider).toBe('builtin');
      expect(v.languages.length).toBeGreaterThan(0);
      for (const tag of v.languages) expect(Intl.getCanonicalLocales(tag)[0]).toBe(tag);
    }
    expect(voices.find((v) => v.id === DEFAULT_BUILTIN_VOICE)?.languages[0]).toBe('en-US');
    expect(voices.find((v) => v.id === 'fr-fr')?.languages).toContain('fr-FR');
    expect(voices.find((v) => v.id === 'de')?.languages[0]).toBe('de');
  });

  it('speaks a sentence as PCM with one timing per spoken word, in order and inside the audio', async () => {
    const text = 'The quick brown fox jumps over the lazy dog. It was 1999, and nobody cared!';
    const spoken = await speak(voice, text);
    for (const part of spoken.parts) expect(part.audio).toMatchObject({ kind: 'pcm', sampleRate: 22050, channels: 1 });
    // About 4.5 s of speech at 175 words per minute: real audio, not silence.
    expect(spoken.durationMs).toBeGreaterThan(3000);
    expect(spoken.durationMs).toBeLessThan(9000);
    const pcm = spoken.parts.map((p) => (p.audio as PcmAudio).samples);
    const peak = Math.max(...pcm.map((s) => s.reduce((m, x) => Math.max(m, Math.abs(x)), 0)));
    expect(peak).toBeGreaterThan(0.1);
    expect(peak).toBeLessThanOrEqual(1);
    // "1999" is spoken as three words but is one word of the text: one timing.
    expect(spoken.words.map((w) => w.text)).toEqual(readerWords(text));
    expectWellFormed(text, spoken);
    expect(spoken.words[0]!.startMs).toBe(0);
    expect(spoken.words.at(-1)!.endMs).toBeCloseTo(spoken.durationMs, 6);
  });

  it("puts each word's start where its sound starts in the audio", async () => {
    // Full stops make a pause before every word but the first: silence, then speech, at each start.
    const spoken = await speak(voice, 'One. Two. Three. Four.');
    const samples = new Float32Array(spoken.samples);
    let at = 0;
    for (const part of spoken.parts) {
      samples.set((part.audio as PcmAudio).samples, at);
      at += (part.audio as PcmAudio).samples.length;
    }
    const rms = (fromMs: number, toMs: number) => {
      const from = Math.max(0, Math.round(fromMs * 22.05));
      const to = Math.min(samples.length, Math.round(toMs * 22.05));
      let sum = 0;
      for (let i = from; i < to; i++) sum += samples[i]! ** 2;
      return Math.sqrt(sum / Math.max(1, to - from));
    };
    expect(spoken.words.map((w) => w.text)).toEqual(['One', 'Two', 'Three', 'Four']);
    for (const w of spoken.words) {
      if (w.startMs > 0) expect(rms(w.startMs - 80, w.startMs), `${w.text}: before`).toBeLessThan(0.005);
      expect(rms(w.startMs, w.startMs + 150), `${w.text}: after`).toBeGreaterThan(0.03);
    }
  });

  it('speaks every word of voices other than English, with timings', async () => {
    const text = 'Bonjour tout le monde, il fait très beau aujourd’hui.';
    const spoken = await speak(voice, text, { voice: 'fr-fr' });
    expect(spoken.durationMs).toBeGreaterThan(1500);
    expectEveryWordTimedOnce(text, spoken.words);
    expect(spoken.words.map((w) => w.text)).toContain('aujourd’hui');
    expectWellFormed(text, spoken);
  });

  it('points at the right characters in text with accents, CJK, emoji and markup characters', async () => {
    const text = '😀 Café, naïve — 東京 is big. 𝒳 marks <the> spot & “señor” [[waits]] déjà vu.';
    const spoken = await speak(voice, text);
    expectWellFormed(text, spoken);
    const byText = new Map(spoken.words.map((w) => [w.text, w.charStart]));
    for (const word of ['😀', 'Café', 'naïve', '東京', 'is', 'big', '𝒳', 'marks', 'the', 'spot', '&', 'señor', 'waits']) {
      expect(byText.get(word), word).toBe(text.indexOf(word));
    }
    expectEveryWordTimedOnce(text, spoken.words);
  });

  it('streams: the first part is one engine buffer, sent before the rest is made', async () => {
    const text = 'Streaming means the listener hears the start of a sentence while the engine is still working on its end, which matters most for long sentences like this one.';
    const spoken = await speak(voice, text);
    expect(spoken.parts.length).toBeGreaterThan(3);
    const first = (spoken.parts[0]!.audio as PcmAudio).samples.length;
    expect(first).toBeLessThanOrEqual(2205 * 2); // eSpeak's buffers are 100 ms
    expect(first).toBeLessThan(spoken.samples / 10);
    // Each word is reported once, in the part where its end became known.
    expectEveryWordTimedOnce(text, spoken.words);
    expectWellFormed(text, spoken);
  });

  it('changes the duration in proportion to the rate', async () => {
    const text = 'Reading faster should take about half the time, and reading slower about twice as long.';
    const normal = await speak(voice, text, { rate: 1 });
    const fast = await speak(voice, text, { rate: 2 });
    const slow = await speak(voice, text, { rate: 0.6 });
    expect(fast.durationMs / normal.durationMs).toBeGreaterThan(0.4);
    expect(fast.durationMs / normal.durationMs).toBeLessThan(0.62);
    expect(slow.durationMs / normal.durationMs).toBeGreaterThan(1.4);
    expect(slow.durationMs / normal.durationMs).toBeLessThan(1.9);
    for (const s of [fast, slow]) expectEveryWordTimedOnce(text, s.words);
  });

  it('stops at once when cancelled, and the engine is free for the next request', async () => {
    // About eight minutes of speech: synthesizing all of it would take the engine many seconds.
    const sentence = 'This long reading goes on and on, sentence after sentence, until somebody presses stop. ';
    const text = sentence.repeat(80);
    const controller = new AbortController();
    const before = voice.diagnostics.aborts.length;
    let parts = 0;
    for await (const _ of voice.synthesize({ text, voice: DEFAULT_BUILTIN_VOICE, synthRate: 1, signal: controller.signal })) {
      parts++;
      controller.abort();
    }
    expect(parts).toBe(1);
    const next = await speak(voice, 'Next, please.');
    expect(next.words.map((w) => w.text)).toEqual(['Next', 'please']);
    const abort = voice.diagnostics.aborts[before]!;
    // The worker stopped inside the synthesis (not terminated) a few buffers after the abort,
    // not after the eight minutes it was asked for.
    expect(abort.terminated).toBe(false);
    expect(abort.samples).toBeGreaterThan(0);
    expect(abort.samples).toBeLessThan(22050 * 10);
    console.info(`cancel: worker stopped ${abort.latencyMs.toFixed(1)} ms after the abort, having made ${(abort.samples / 22.05).toFixed(0)} ms of audio`);
    expect(voice.diagnostics.workerStarts).toBe(1);
  });

  it('ends quietly when the signal is already aborted, or the consumer stops reading', async () => {
    const aborted = AbortSignal.abort();
    const parts: SynthesisPart[] = [];
    for await (const p of voice.synthesize({ text: 'Never spoken.', voice: DEFAULT_BUILTIN_VOICE, synthRate: 1, signal: aborted })) parts.push(p);
    expect(parts).toHaveLength(0);
    const signal = new AbortController().signal;
    for await (const _ of voice.synthesize({ text: 'One part is enough. '.repeat(30), voice: DEFAULT_BUILTIN_VOICE, synthRate: 1, signal })) break;
    expect((await speak(voice, 'Still here.')).words.map((w) => w.text)).toEqual(['Still', 'here']);
  });

  it('survives many requests, some of them at the same time, each getting its own audio and words', async () => {
    const texts = Array.from({ length: 24 }, (_, i) => `Request number ${i + 1} of many.`);
    const sequential = [];
    for (const t of texts.slice(0, 12)) sequential.push(await speak(voice, t));
    const concurrent = await Promise.all(texts.slice(12).map((t) => speak(voice, t)));
    [...sequential, ...concurrent].forEach((spoken, i) => {
      expect(spoken.words.map((w) => w.text)).toEqual(readerWords(texts[i]!));
      expectWellFormed(texts[i]!, spoken);
    });
    expect(voice.diagnostics.workerStarts).toBe(1);
  });

  it('refuses a voice it does not have', async () => {
    const error = await speak(voice, 'Hello.', { voice: 'xx-nonexistent' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SynthesisError);
    expect((error as SynthesisError).kind).toBe('unknown-voice');
    expect((await speak(voice, 'Hello.')).words).toHaveLength(1);
  });
});

describe('the built-in voice when the engine cannot be interrupted', () => {
  const stuckWorker = fileURLToPath(new URL('../../test/fakes/stuck-espeak-worker.ts', import.meta.url));

  it('terminates the stuck worker after the grace period and serves the next request from a new one', async () => {
    const voice = createBuiltinVoice({ workerFile: stuckWorker, abortGraceMs: 200 });
    try {
      const controller = new AbortController();
      let parts = 0;
      for await (const _ of voice.synthesize({ text: 'hang', voice: 'en', synthRate: 1, signal: controller.signal })) {
        parts++;
        controller.abort();
      }
      expect(parts).toBe(1);
      const next = await speak(voice, 'after', { voice: 'en' });
      expect(next.words.map((w) => w.text)).toEqual(['after']);
      expect(voice.diagnostics.workerStarts).toBe(2);
      expect(voice.diagnostics.aborts[0]).toMatchObject({ terminated: true });
    } finally {
      await voice.close();
    }
  });
});

describe('the built-in voice without its worker', () => {
  it('fails a request with a provider error that says the engine did not start', async () => {
    const voice = createBuiltinVoice({ workerFile: '/nonexistent/espeak-worker.js' });
    try {
      const error = await speak(voice, 'Hello.').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SynthesisError);
      expect(error).toMatchObject({ provider: 'builtin', kind: 'server' });
      expect((error as SynthesisError).message).toMatch(/did not start/);
    } finally {
      await voice.close();
    }
  });
});
