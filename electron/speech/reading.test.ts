import fc from 'fast-check';
import { chunkSchema, type Chunk } from '../../shared/chunk';
import { multilingualText } from '../../test/support/multilingual-text';
import { SynthesisError } from './synthesis-error';
import { createToneSynthesizer, toneWords, type PartContext } from '../../test/fakes/tone-synthesizer';
import { cleanText } from './clean-text';
import { ITEM_PAUSE_MS, restartOffset, startReading, type Reading } from './reading';
import type { SynthesisPart, Synthesizer } from './synthesizer';

const sentences = ['The quick brown fox jumps.', 'It was not amused at all.', 'Then it ran away fast.', 'Nobody saw it again.', 'The end came soon.'];
const fiveSentences = sentences.join(' ');

async function collect(reading: Reading, onChunk?: (c: Chunk) => void): Promise<Chunk[]> {
  const out: Chunk[] = [];
  for await (const c of reading.chunks()) {
    out.push(c);
    onChunk?.(c);
  }
  return out;
}

/** Lets pending work run: enough turns of the event loop for the producer to go as far as it may. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** The words of a list of chunks, as spoken, in order. */
const spoken = (chunks: Chunk[]) => chunks.flatMap((c) => c.words.map((w) => w.text));

describe('startReading', () => {
  it('streams chunks in order with gapless seq, cumulative times and words mapped into the original text', async () => {
    const original = '  The exam-\nple   works,\tsee?\n\nSecond\u0007 sentence   here. \u{1f600} Last one!  ';
    const synth = createToneSynthesizer({ wordsPerPart: 2 });
    const reading = startReading({ readingId: 'r1', text: original, synthesizer: synth, voice: 'v', synthRate: 1, lookahead: Infinity });
    expect(reading.segments.map((s) => s.text)).toEqual(['The example works, see?', 'Second sentence here.', '\u{1f600} Last one!']);
    const chunks = await collect(reading);
    await expect(reading.done).resolves.toBe('finished');

    expect(synth.requests.map((r) => r.text)).toEqual(reading.segments.map((s) => s.text));
    expect(chunks.map((c) => c.seq)).toEqual(chunks.map((_, i) => i));
    expect(chunks.map((c) => c.segment)).toEqual([0, 0, 1, 1, 2, 2]);
    let clock = 0;
    for (const c of chunks) {
      expect(chunkSchema.parse(c)).toBeTruthy();
      expect(c.readingId).toBe('r1');
      expect(c.startMs).toBeCloseTo(clock, 6);
      expect(c.durationMs).toBeCloseTo(c.audio.kind === 'pcm' ? (c.audio.samples.length / 8000) * 1000 : -1, 6);
      for (const w of c.words) {
        // Each word's time lies within its own chunk's audio, on the reading's clock.
        expect(w.startMs).toBeGreaterThanOrEqual(c.startMs - 1e-6);
        expect(w.endMs).toBeLessThanOrEqual(c.startMs + c.durationMs + 1e-6);
        // And its range is in the text the user sees.
        expect(cleanText(original.slice(w.charStart, w.charEnd)).text).toBe(w.text);
      }
      clock += c.durationMs;
    }
    const words = chunks.flatMap((c) => c.words);
    expect(words.map((w) => w.text)).toEqual(toneWords(cleanText(original).text).map((w) => w.text));
    expect(words.find((w) => w.text === 'example')).toMatchObject({ charStart: original.indexOf('exam-'), charEnd: original.indexOf('ple') + 3 });
    for (let i = 1; i < words.length; i++) expect(words[i]!.startMs).toBeGreaterThan(words[i - 1]!.startMs);
    // msPerChar 10 at rate 1: every character and every word's trailing gap is 10 ms.
    const total = toneWords(reading.segments.map((s) => s.text).join(' ')).reduce((ms, w) => ms + 10 * (w.text.length + 1), 0);
    expect(clock).toBeCloseTo(total, 6);
  });

  it('setSynthRate mid-reading: requests from the next on ask for the new rate, clamped to each voice; chunks carry the rate they were made at', async () => {
    const synth = createToneSynthesizer({ rate: { min: 0.5, max: 2, auto: true } });
    const reading = startReading({ readingId: 'r', text: fiveSentences, synthesizer: synth, voice: 'v', synthRate: 1.5, lookahead: 0 });
    const chunks: Chunk[] = [];
    const iterator = reading.chunks()[Symbol.asyncIterator]();
    const take = async (segment: number) => {
      while (!chunks.some((c) => c.segment === segment)) chunks.push((await iterator.next()).value as Chunk);
    };
    await take(0);
    reading.setSynthRate(3); // past this voice's top: it speaks at 2
    reading.setPlayhead(1);
    await take(1);
    reading.setSynthRate(0.75);
    reading.setPlayhead(4);
    for (let r = await iterator.next(); !r.done; r = await iterator.next()) chunks.push(r.value);
    expect(synth.requests.map((r) => r.synthRate)).toEqual([1.5, 2, 0.75, 0.75, 0.75]);
    for (const c of chunks) expect(c.synthRate).toBe([1.5, 2, 0.75, 0.75, 0.75][c.segment]);
    // A voice without a rate parameter is always asked for 1x (the player stretches the Speed).
    const plain = createToneSynthesizer({ rate: null });
    await collect(startReading({ readingId: 'p', text: sentences[0]!, synthesizer: plain, voice: 'v', synthRate: 2.5, lookahead: Infinity }));
    expect(plain.requests.map((r) => r.synthRate)).toEqual([1]);
  });

  it('takes encoded audio times from durationMs and passes voice and rate to the synthesizer', async () => {
    const synth = createToneSynthesizer({ encoded: true, wordsPerPart: 3 });
    const reading = startReading({ readingId: 'r', text: 'One two three four. Five six.', synthesizer: synth, voice: 'alto', synthRate: 2, lookahead: Infinity });
    const chunks = await collect(reading);
    expect(synth.requests.map((r) => [r.voice, r.synthRate])).toEqual([
      ['alto', 2],
      ['alto', 2],
    ]);
    expect(chunks.map((c) => c.audio.kind)).toEqual(['encoded', 'encoded', 'encoded']);
    // rate 2: 5 ms a character. "One two three" = 11 chars + 3 gaps.
    expect(chunks[0]!.durationMs).toBeCloseTo(70, 6);
    expect(chunks[1]!.startMs).toBeCloseTo(70, 6);
    expect(chunks[2]!.startMs).toBeCloseTo(70 + 30, 6);
    expect(chunks[2]!.words[0]).toMatchObject({ text: 'Five', startMs: 100, endMs: 120 });
  });

  it('refuses encoded audio without durationMs as a synthesizer error', async () => {
    const synth = createToneSynthesizer({ encoded: true });
    const broken = { ...synth, synthesize: (req: Parameters<typeof synth.synthesize>[0]) => stripDuration(synth.synthesize(req)) };
    const reading = startReading({ readingId: 'r', text: 'One two.', synthesizer: broken, voice: 'v', synthRate: 1 });
    await expect(collect(reading)).rejects.toThrow(/durationMs/);
    await expect(reading.done).rejects.toThrow(/durationMs/);
  });

  it('gives no chunks and finishes at once for whitespace-only text', async () => {
    const synth = createToneSynthesizer();
    const reading = startReading({ readingId: 'r', text: ' \n\t ', synthesizer: synth, voice: 'v', synthRate: 1 });
    expect(await collect(reading)).toEqual([]);
    await expect(reading.done).resolves.toBe('finished');
    expect(synth.requests).toEqual([]);
  });

  it('never asks for more than lookahead segments past the playhead', async () => {
    for (const lookahead of [0, 1, 2]) {
      let playhead = 0;
      const asked: number[] = [];
      const synth = createToneSynthesizer({
        beforePart: ({ request, part }) => {
          if (part === 0) {
            asked.push(request);
            // Segment n is request n: nothing ahead of the bound, at the moment of asking.
            expect(request).toBeLessThanOrEqual(playhead + lookahead);
          }
        },
      });
      const reading = startReading({ readingId: 'r', text: fiveSentences, synthesizer: synth, voice: 'v', synthRate: 1, lookahead });
      const chunks: Chunk[] = [];
      const iterator = reading.chunks()[Symbol.asyncIterator]();
      const lastChunkOf = (segment: number) => toneWords(sentences[segment]!).length / 2; // 2 words a part

      for (playhead = 0; playhead < sentences.length; playhead++) {
        reading.setPlayhead(playhead);
        const reachable = Math.min(sentences.length - 1, playhead + lookahead);
        // Everything up to the bound arrives...
        while (chunks.filter((c) => c.segment === reachable).length < Math.ceil(lastChunkOf(reachable))) {
          const next = await iterator.next();
          expect(next.done).toBe(false);
          if (!next.done) chunks.push(next.value);
        }
        // ...and nothing past it is asked for, however long we wait.
        await settle();
        expect(asked.length).toBe(reachable + 1);
      }
      expect((await iterator.next()).done).toBe(true);
      await expect(reading.done).resolves.toBe('finished');
      expect(asked).toEqual([0, 1, 2, 3, 4]);
    }
  });

  it('synthesizes the whole text ahead with lookahead Infinity', async () => {
    const synth = createToneSynthesizer();
    const reading = startReading({ readingId: 'r', text: fiveSentences, synthesizer: synth, voice: 'v', synthRate: 1, lookahead: Infinity });
    await expect(reading.done).resolves.toBe('finished');
    expect(synth.requests.length).toBe(5);
    expect(spoken(await collect(reading))).toEqual(toneWords(fiveSentences).map((w) => w.text));
  });

  it('asks for the first segment of a 1 MB text without segmenting the rest', async () => {
    const book = 'It was a dark and stormy night, and the rain fell in torrents. '.repeat(16_000);
    const spy = vi.spyOn(Intl.Segmenter.prototype, 'segment');
    try {
      const synth = createToneSynthesizer({ beforePart: () => new Promise<void>(() => {}) });
      const reading = startReading({ readingId: 'r', text: book, synthesizer: synth, voice: 'v', synthRate: 1 });
      expect((await synth.requestStarted(0)).text).toBe('It was a dark and stormy night, and the rain fell in torrents.');
      expect(spy.mock.calls.reduce((n, [s]) => n + s.length, 0)).toBeLessThan(20_000);
      reading.cancel();
      spy.mockClear();
      expect(reading.segments.length).toBe(16_000);
      expect(spy.mock.calls.reduce((n, [s]) => n + s.length, 0)).toBeGreaterThan(900_000);
    } finally {
      spy.mockRestore();
    }
  });

  it('refuses a negative or fractional lookahead', () => {
    const synth = createToneSynthesizer();
    expect(() => startReading({ readingId: 'r', text: 'x', synthesizer: synth, voice: 'v', synthRate: 1, lookahead: -1 })).toThrow(RangeError);
    expect(() => startReading({ readingId: 'r', text: 'x', synthesizer: synth, voice: 'v', synthRate: 1, lookahead: 1.5 })).toThrow(RangeError);
  });

  it('pause lets the current segment finish and starts no other until resume', async () => {
    const gate = deferred();
    const synth = createToneSynthesizer({ beforePart: ({ request, part }) => (request === 1 && part === 0 ? gate.promise : undefined) });
    const reading = startReading({ readingId: 'r', text: fiveSentences, synthesizer: synth, voice: 'v', synthRate: 1, lookahead: Infinity });
    await synth.requestStarted(1);
    reading.pause();
    gate.resolve();
    const iterator = reading.chunks()[Symbol.asyncIterator]();
    const got: Chunk[] = [];
    while (got.filter((c) => c.segment === 1).length < 3) {
      const next = await iterator.next();
      if (!next.done) got.push(next.value);
    }
    await settle();
    expect(synth.requests.length).toBe(2);
    expect(synth.requests[1]!.completed).toBe(true);
    const stalled = iterator.next();
    let arrived = false;
    void stalled.then(() => (arrived = true));
    await settle();
    expect(arrived).toBe(false);

    reading.resume();
    const first = await stalled;
    expect(first.done).toBe(false);
    if (!first.done) got.push(first.value);
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) got.push(next.value);
    await expect(reading.done).resolves.toBe('finished');
    expect(synth.requests.length).toBe(5);
    expect(spoken(got)).toEqual(toneWords(fiveSentences).map((w) => w.text));
  });

  it('pause before anything starts holds back the very first request', async () => {
    const synth = createToneSynthesizer();
    const reading = startReading({ readingId: 'r', text: fiveSentences, synthesizer: synth, voice: 'v', synthRate: 1 });
    reading.pause();
    await settle();
    expect(synth.requests.length).toBe(0);
    reading.resume();
    reading.setPlayhead(4);
    expect(spoken(await collect(reading))).toEqual(toneWords(fiveSentences).map((w) => w.text));
  });

  it('cancel aborts the synthesizer mid-segment, asks for nothing more, ends the chunks and resolves stopped', async () => {
    const hung = deferred(); // never resolved: only the abort can end this part's wait
    const synth = createToneSynthesizer({ beforePart: ({ request, part }) => (request === 1 && part === 1 ? hung.promise : undefined) });
    const reading = startReading({ readingId: 'r', text: fiveSentences, synthesizer: synth, voice: 'v', synthRate: 1, lookahead: Infinity });
    const chunks = await collect(reading, (c) => {
      if (c.segment === 1) reading.cancel();
    });
    await expect(reading.done).resolves.toBe('stopped');
    expect(chunks.map((c) => c.segment)).toEqual([0, 0, 0, 1]);
    await settle();
    expect(synth.requests.length).toBe(2);
    expect(synth.requests[1]).toMatchObject({ sawAbort: true, completed: false, partsSent: 1 });
    expect(synth.requests[0]!.sawAbort).toBe(false);
  });

  it('cancel stops at once even if the synthesizer ignores its signal, and closes its iterator', async () => {
    const tone = createToneSynthesizer();
    let nextCalls = 0;
    let closed = false;
    const hung: Synthesizer = {
      ...tone,
      synthesize: () => ({
        [Symbol.asyncIterator]: () => ({
          next: () => {
            nextCalls += 1;
            return new Promise<IteratorResult<SynthesisPart>>(() => {}); // deaf to the signal
          },
          return: async () => {
            closed = true;
            return { done: true, value: undefined };
          },
        }),
      }),
    };
    const reading = startReading({ readingId: 'r', text: fiveSentences, synthesizer: hung, voice: 'v', synthRate: 1 });
    await settle();
    expect(nextCalls).toBe(1);
    const chunks = collect(reading);
    reading.cancel();
    expect(await chunks).toEqual([]);
    await expect(reading.done).resolves.toBe('stopped');
    await settle();
    expect(closed).toBe(true);
    expect(nextCalls).toBe(1);
  });

  it('leaving the chunk loop early cancels the reading', async () => {
    const synth = createToneSynthesizer();
    const reading = startReading({ readingId: 'r', text: fiveSentences, synthesizer: synth, voice: 'v', synthRate: 1 });
    for await (const c of reading.chunks()) if (c.segment === 1) break;
    await expect(reading.done).resolves.toBe('stopped');
    reading.setPlayhead(4);
    await settle();
    expect(synth.requests.length).toBeLessThanOrEqual(3);
  });

  it('allows one consumer only', () => {
    const reading = startReading({ readingId: 'r', text: 'Hi.', synthesizer: createToneSynthesizer(), voice: 'v', synthRate: 1 });
    reading.chunks();
    expect(() => reading.chunks()).toThrow(/one consumer/);
    reading.cancel();
  });

  it('on a mid-segment failure the fallback finishes the text from the first word not yet heard', async () => {
    const failure = new SynthesisError('tone', 'server', 'stream broke');
    const primary = createToneSynthesizer({
      beforePart: ({ request, part }: PartContext) => {
        if (request === 1 && part === 1) throw failure;
      },
    });
    const fallback = createToneSynthesizer({ provider: 'builtin', voices: ['en-us', 'de'] });
    const onFallback = vi.fn();
    const reading = startReading({
      readingId: 'r',
      text: fiveSentences,
      synthesizer: primary,
      voice: 'v',
      synthRate: 1.5,
      lookahead: Infinity,
      fallback,
      onFallback,
    });
    const chunks = await collect(reading);
    await expect(reading.done).resolves.toBe('finished');
    expect(onFallback).toHaveBeenCalledTimes(1);
    expect(onFallback).toHaveBeenCalledWith(failure, 1);
    // Segment 1 ("It was not amused at all.") sent "It was" before failing; the fallback says the rest.
    expect(primary.requests.map((r) => r.text)).toEqual([sentences[0], sentences[1]]);
    expect(fallback.requests.map((r) => r.text)).toEqual(['not amused at all.', ...sentences.slice(2)]);
    expect(fallback.requests.every((r) => r.voice === 'en-us' && r.synthRate === 1.5)).toBe(true);
    // Every word once, in order; seq and times continue across the switch.
    expect(spoken(chunks)).toEqual(toneWords(fiveSentences).map((w) => w.text));
    expect(chunks.map((c) => c.seq)).toEqual(chunks.map((_, i) => i));
    let clock = 0;
    for (const c of chunks) {
      expect(c.startMs).toBeCloseTo(clock, 6);
      clock += c.durationMs;
    }
    const words = chunks.flatMap((c) => c.words);
    const not = words.find((w) => w.text === 'not')!;
    expect(fiveSentences.slice(not.charStart, not.charEnd)).toBe('not');
    for (let i = 1; i < words.length; i++) expect(words[i]!.startMs).toBeGreaterThan(words[i - 1]!.startMs);
  });

  it('restarts the failed segment from its start with the given fallback voice when no timings were reported', async () => {
    const primary = createToneSynthesizer({
      withoutWords: true,
      beforePart: ({ request, part }) => {
        if (request === 0 && part === 2) throw new SynthesisError('tone', 'network', 'cut');
      },
    });
    const fallback = createToneSynthesizer({ provider: 'builtin' });
    const reading = startReading({ readingId: 'r', text: fiveSentences, synthesizer: primary, voice: 'v', synthRate: 1, lookahead: Infinity, fallback, fallbackVoice: 'de' });
    const chunks = await collect(reading);
    expect(fallback.requests.map((r) => [r.text, r.voice])).toEqual(sentences.map((s) => [s, 'de']));
    expect(chunks.filter((c) => c.segment === 0).length).toBe(2 + 3); // 2 primary parts kept, then the fallback's
  });

  it('reports the original error when the fallback cannot even list a voice', async () => {
    const failure = new SynthesisError('tone', 'auth', 'bad key');
    const primary = createToneSynthesizer({
      beforePart: ({ request }) => {
        if (request === 1) throw failure;
      },
    });
    const fallback = createToneSynthesizer({ provider: 'builtin', listFails: true });
    const onFallback = vi.fn();
    const reading = startReading({ readingId: 'r', text: fiveSentences, synthesizer: primary, voice: 'v', synthRate: 1, lookahead: Infinity, fallback, onFallback });
    await expect(collect(reading)).rejects.toBe(failure);
    expect(onFallback).not.toHaveBeenCalled();
    expect(fallback.requests).toEqual([]);
  });

  it('does not fall back when the failure is the cancel itself', async () => {
    const fallback = createToneSynthesizer({ provider: 'builtin' });
    const onFallback = vi.fn();
    const primary = createToneSynthesizer({ beforePart: ({ request }) => (request === 0 ? new Promise<void>(() => {}) : undefined) });
    const reading = startReading({ readingId: 'r', text: fiveSentences, synthesizer: primary, voice: 'v', synthRate: 1, fallback, onFallback });
    await primary.requestStarted(0);
    reading.cancel();
    await expect(reading.done).resolves.toBe('stopped');
    await settle();
    expect(onFallback).not.toHaveBeenCalled();
    expect(fallback.requests).toEqual([]);
  });

  it('without a fallback the error comes out of the iterator after the chunks made, and done rejects', async () => {
    const failure = new SynthesisError('tone', 'quota', 'slow down');
    const synth = createToneSynthesizer({
      beforePart: ({ request, part }) => {
        if (request === 2 && part === 1) throw failure;
      },
    });
    const reading = startReading({ readingId: 'r', text: fiveSentences, synthesizer: synth, voice: 'v', synthRate: 1, lookahead: Infinity });
    const got: Chunk[] = [];
    await expect(collect(reading, (c) => got.push(c))).rejects.toBe(failure);
    await expect(reading.done).rejects.toBe(failure);
    expect(got.map((c) => c.segment)).toEqual([0, 0, 0, 1, 1, 1, 2]);
    await settle();
    expect(synth.requests.length).toBe(3);
  });

  it('when the fallback fails too, its error propagates', async () => {
    const fail = (provider: string, at: number) =>
      createToneSynthesizer({
        provider,
        beforePart: ({ request }) => {
          if (request === at) throw new SynthesisError(provider, 'server', `${provider} down`);
        },
      });
    const reading = startReading({ readingId: 'r', text: fiveSentences, synthesizer: fail('tone', 1), voice: 'v', synthRate: 1, fallback: fail('builtin', 1), lookahead: Infinity });
    await expect(collect(reading)).rejects.toThrow('builtin down');
    await expect(reading.done).rejects.toThrow('builtin down');
  });

  it('reads the segments a segment voice gives a voice to in that voice, the others in its own, with one clock and every word once', async () => {
    const english = createToneSynthesizer({ provider: 'builtin' });
    const french = createToneSynthesizer({ provider: 'piper', maxChars: 300 });
    const text = 'The first paragraph. It is English.\nLe deuxième paragraphe. Il est français.\nBack to English.';
    const asked: number[] = [];
    const reading = startReading({
      readingId: 'r',
      text,
      synthesizer: english,
      voice: 'en-us',
      synthRate: 1,
      lookahead: Infinity,
      segmentVoice: {
        maxChars: 300,
        voiceFor: async (segment) => {
          asked.push(segment.index);
          const said = text.slice(segment.charStart, segment.charEnd);
          return said.startsWith('Le') || said.startsWith('Il') ? { synthesizer: french, voice: 'fr_FR-siwis' } : undefined;
        },
      },
    });
    const chunks = await collect(reading);
    await expect(reading.done).resolves.toBe('finished');
    expect(asked).toEqual([0, 1, 2, 3, 4]);
    expect(english.requests.map((r) => [r.text, r.voice])).toEqual([['The first paragraph.', 'en-us'], ['It is English.', 'en-us'], ['Back to English.', 'en-us']]);
    expect(french.requests.map((r) => [r.text, r.voice])).toEqual([['Le deuxième paragraphe.', 'fr_FR-siwis'], ['Il est français.', 'fr_FR-siwis']]);
    expect(spoken(chunks)).toEqual(toneWords(text).map((w) => w.text));
    let clock = 0;
    for (const c of chunks) {
      expect(c.startMs).toBeCloseTo(clock, 6);
      clock += c.durationMs;
    }
  });

  it('keeps the reading voice for a segment whose voice cannot be chosen, and the fallback reads on to the end once it took over', async () => {
    const failure = new SynthesisError('tone', 'server', 'down');
    const primary = createToneSynthesizer({
      beforePart: ({ request }) => {
        if (request === 0) throw failure;
      },
    });
    const other = createToneSynthesizer({ provider: 'other' });
    const fallback = createToneSynthesizer({ provider: 'builtin', voices: ['en-us'] });
    const reading = startReading({
      readingId: 'r',
      text: fiveSentences,
      synthesizer: primary,
      voice: 'v',
      synthRate: 1,
      lookahead: Infinity,
      fallback,
      segmentVoice: { maxChars: 500, voiceFor: async (segment) => (segment.index === 0 ? Promise.reject(new Error('no voice list')) : { synthesizer: other, voice: 'o' }) },
    });
    await collect(reading);
    // Segment 0 kept the reading voice (its own could not be chosen) and failed: the fallback read everything after.
    expect(primary.requests.map((r) => r.text)).toEqual([sentences[0]]);
    expect(other.requests).toEqual([]);
    expect(fallback.requests.map((r) => r.text)).toEqual(sentences);
  });

  it('sizes segments for the smaller of the two voices', () => {
    const long = 'word '.repeat(60).trim() + '.';
    const reading = startReading({
      readingId: 'r',
      text: long,
      synthesizer: createToneSynthesizer({ maxChars: 500 }),
      fallback: createToneSynthesizer({ maxChars: 50 }),
      voice: 'v',
      synthRate: 1,
    });
    expect(reading.segments.length).toBeGreaterThan(1);
    expect(reading.segments.every((s) => s.text.length <= 50)).toBe(true);
    reading.cancel();
  });
});

describe('startReading on random text', () => {
  it('speaks every word exactly once, in order, mapped into the original, whatever part the voice fails at', async () => {
    await fc.assert(
      fc.asyncProperty(
        multilingualText,
        fc.integer({ min: 1, max: 3 }),
        fc.option(fc.tuple(fc.nat(6), fc.nat(3))),
        fc.boolean(),
        async (original, wordsPerPart, failAt, withoutWords) => {
          const primary = createToneSynthesizer({
            maxChars: 60,
            wordsPerPart,
            withoutWords,
            beforePart: ({ request, part }) => {
              if (failAt && request === failAt[0] && part === failAt[1]) throw new SynthesisError('tone', 'server', 'broke');
            },
          });
          const fallback = createToneSynthesizer({ provider: 'builtin', maxChars: 80, wordsPerPart: 2 });
          const reading = startReading({ readingId: 'p', text: original, synthesizer: primary, voice: 'v', synthRate: 1, lookahead: Infinity, fallback });
          const chunks = await collect(reading);
          await expect(reading.done).resolves.toBe('finished');

          expect(chunks.map((c) => c.seq)).toEqual(chunks.map((_, i) => i));
          let clock = 0;
          for (const c of chunks) {
            expect(c.startMs).toBeCloseTo(clock, 6);
            clock += c.durationMs;
            for (const w of c.words) expect(cleanText(original.slice(w.charStart, w.charEnd)).text).toBe(w.text);
          }
          const expected = reading.segments.flatMap((s) => toneWords(s.text).map((w) => w.text));
          const fellBack = fallback.requests.length > 0;
          if (!withoutWords) expect(spoken(chunks)).toEqual(expected);
          else if (fellBack) expect(spoken(chunks)).toEqual(expected.slice(expected.length - spoken(chunks).length));
          else expect(spoken(chunks)).toEqual([]);
        },
      ),
      { numRuns: Number(process.env.ALOUD_FC_RUNS ?? 100) },
    );
  });
});

describe('restartOffset', () => {
  const text = 'alpha beta gamma delta';
  const w = (word: string, startMs: number, endMs: number) => ({ text: word, charStart: text.indexOf(word), charEnd: text.indexOf(word) + word.length, startMs, endMs });

  it('restarts at the first word whose audio was cut off', () => {
    expect(restartOffset(text, [w('alpha', 0, 100), w('beta', 120, 220), w('gamma', 240, 340)], 250)).toBe(text.indexOf('gamma'));
    expect(restartOffset(text, [w('alpha', 0, 100), w('beta', 120, 220)], 200)).toBe(text.indexOf('beta'));
  });

  it('restarts after the last word when all reported words were heard', () => {
    expect(restartOffset(text, [w('alpha', 0, 100), w('beta', 120, 220)], 300)).toBe(text.indexOf('beta') + 4);
    expect(restartOffset(text, [w('delta', 0, 10)], 10)).toBe(text.length);
  });

  it('restarts from the start when there are no timings', () => {
    expect(restartOffset(text, [], 5000)).toBe(0);
  });

  it('takes the earliest unheard word in text order even if reported out of order', () => {
    expect(restartOffset(text, [w('gamma', 240, 340), w('beta', 120, 220)], 150)).toBe(text.indexOf('beta'));
  });
});

async function* stripDuration(parts: AsyncIterable<SynthesisPart>) {
  for await (const p of parts) yield { ...p, durationMs: undefined };
}

describe('pauses around list items', () => {
  const LIST = 'Buy:\n- milk\n- eggs\n\nThat is all.';
  /** A voice whose every request is 100 ms of tone and then `silentMs` of silence. */
  const voiceEndingIn = (silentMs: number): Synthesizer => ({
    provider: 'quiet',
    maxChars: 200,
    listVoices: async () => [],
    async *synthesize(request) {
      const rate = 8000;
      const samples = new Float32Array(((100 + silentMs) * rate) / 1000);
      for (let i = 0; i < (100 * rate) / 1000; i++) samples[i] = 0.5 * Math.sin(i / 3);
      yield { audio: { kind: 'pcm', sampleRate: rate, channels: 1, samples }, words: [{ text: request.text, charStart: 0, charEnd: request.text.length, startMs: 0, endMs: 100 }] };
    },
  });
  const pauses = (chunks: Chunk[]) => chunks.filter((c) => c.words.length === 0).map((c) => [c.segment, Math.round(c.durationMs)]);

  it('tops the silence between a list item and its neighbours up to ITEM_PAUSE_MS, as wordless chunks on the reading clock', async () => {
    const chunks = await collect(startReading({ readingId: 'l', text: LIST, synthesizer: voiceEndingIn(50), voice: 'v', synthRate: 1, lookahead: Infinity }));
    expect(spoken(chunks)).toEqual(['Buy:', '- milk', '- eggs', 'That is all.']);
    expect(pauses(chunks)).toEqual([[0, ITEM_PAUSE_MS - 50], [1, ITEM_PAUSE_MS - 50], [2, ITEM_PAUSE_MS - 50]]);
    chunks.forEach((c, i) => {
      expect(chunkSchema.parse(c)).toBeTruthy();
      expect(c.seq).toBe(i);
      if (i > 0) expect(c.startMs).toBeCloseTo(chunks[i - 1]!.startMs + chunks[i - 1]!.durationMs, 6);
    });
  });

  it('adds nothing where the voice pauses long enough itself, nor between sentences that are no list items', async () => {
    expect(pauses(await collect(startReading({ readingId: 'q', text: LIST, synthesizer: voiceEndingIn(ITEM_PAUSE_MS), voice: 'v', synthRate: 1, lookahead: Infinity })))).toEqual([]);
    expect(pauses(await collect(startReading({ readingId: 's', text: fiveSentences, synthesizer: voiceEndingIn(0), voice: 'v', synthRate: 1, lookahead: Infinity })))).toEqual([]);
  });
});
