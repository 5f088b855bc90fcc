// The speech pipeline: one reading turns its text into a stream of chunks, segment by segment, through
// a Synthesizer, at most `lookahead` segments past the playhead the player reports and no further.
//
// - Production is sequential: one synthesis request at a time, in segment order. Segments are made
//   as production reaches them (iterateSegments), so a book starts as fast as a sentence.
// - pause() stops starting new segments (the one being synthesized finishes); resume() continues.
// - setSynthRate() changes the rate asked for from the next request on (a Speed change mid-reading); each
//   chunk carries the rate its audio was made at (synthRate), clamped to its synthesizer's range.
// - cancel() aborts the signal handed to the synthesizer and stops waiting for it at once (even if it
//   ignores the signal), ends the chunk iterator (chunks not yet taken are dropped) and resolves done
//   with 'stopped'. Leaving the iterator early (break in for-await) cancels too.
// - A synthesizer error with a `fallback` (and not caused by cancel): the fallback, with
//   `fallbackVoice` (or its first listed voice; if it lists none, the original error stands), takes
//   over from the failed segment to the end of the text and `onFallback(error, segmentIndex)` is told. Audio already sent is not repeated: the failed
//   segment restarts at the first word whose audio was not fully delivered (see restartOffset).
//   Without a fallback, or if the fallback fails too, the iterator throws the error after the chunks
//   already made, and done rejects with it.
// - Between a list item and the segment before or after it, a listener needs a pause, as between
//   sentences read aloud: a voice whose PCM ends without ITEM_PAUSE_MS of silence gets silence topped
//   up to that, as a chunk of its own with no words (encoded audio is left as it came).
// - A `segmentVoice` may give a segment a voice of its own (a paragraph in another language): asked as
//   production reaches each segment; the reading's voice speaks the segments it gives none.
import { pcmDurationMs } from '../../shared/audio/pcm';
import type { Chunk, WordTiming } from '../../shared/chunk';
import { isSpaceCode } from './clean-text';
import type { HearingRules } from '../../shared/hearing-rules';
import type { PronunciationRule } from '../../shared/pronunciation';
import { iterateSegments, type TextSegment } from './segment-text';
import type { SynthesisPart, Synthesizer } from './synthesizer';
import { clampVoiceRate } from './voice-speed';

export type ReadingEnd = 'finished' | 'stopped';

export interface ReadingOptions {
  readingId: string;
  /** The text as the user sees it; chunk word offsets point into it. */
  text: string;
  /** Read from this offset of `text` on (a seek: a word start); offsets still point into the whole text. */
  fromChar?: number;
  synthesizer: Synthesizer;
  voice: string;
  /** The rate to ask the voice for (see setSynthRate); each synthesizer clamps it to its range. */
  synthRate: number;
  /** How many segments past the playhead may be synthesized: default 2; Infinity to write a file. */
  lookahead?: number;
  /** BCP-47 locale for sentence rules. */
  locale?: string;
  /** Make the text fit to hear by these rules (segment-text.ts). */
  hearing?: HearingRules;
  /** The user's pronunciation rules for this reading, applied first. */
  pronunciation?: readonly PronunciationRule[];
  /** Finishes the text if the synthesizer fails mid-reading. */
  fallback?: Synthesizer;
  /** The fallback's voice; its first listed voice when absent. */
  fallbackVoice?: string;
  onFallback?: (error: unknown, segmentIndex: number) => void;
  segmentVoice?: SegmentVoice;
}

/** Voices for some segments besides the reading's own (a mixed text's paragraphs in other languages). */
export interface SegmentVoice {
  /** The smallest maxChars of the voices it may give: every segment is cut to fit them. */
  maxChars: number;
  /** The voice for this segment; undefined: the reading's own. A rejection counts as undefined. */
  voiceFor(segment: TextSegment, signal: AbortSignal): Promise<{ synthesizer: Synthesizer; voice: string } | undefined>;
}

export interface Reading {
  readonly id: string;
  /** Every segment of the text (made on first use: a book takes a moment). */
  readonly segments: readonly TextSegment[];
  /** The chunks in order; one consumer only. */
  chunks(): AsyncIterable<Chunk>;
  /** The segment the player is playing: synthesis runs up to `lookahead` segments past it. */
  setPlayhead(segment: number): void;
  /** The synthRate for requests from the next one on (audio already made keeps its own). */
  setSynthRate(synthRate: number): void;
  pause(): void;
  resume(): void;
  cancel(): void;
  /** 'finished' once every segment is synthesized, 'stopped' on cancel; rejects on an error. */
  readonly done: Promise<ReadingEnd>;
}

export const DEFAULT_LOOKAHEAD = 2;
/** The pause around a list item: eSpeak NG's own after a sentence, measured (300 ms at its normal rate). */
export const ITEM_PAUSE_MS = 300;
/** Quieter than this (about -60 dBFS) is silence. */
const SILENCE_LEVEL = 1e-3;

const ABORTED = Symbol('aborted');
const noop = (): void => {};

export function startReading(options: ReadingOptions): Reading {
  const { readingId, synthesizer, fallback } = options;
  let rate = options.synthRate;
  const lookahead = options.lookahead ?? DEFAULT_LOOKAHEAD;
  if (!(lookahead === Infinity || (Number.isInteger(lookahead) && lookahead >= 0))) {
    throw new RangeError(`lookahead must be a whole number >= 0 or Infinity, got ${lookahead}`);
  }
  // Every segment must fit the fallback too: it may have to speak any of them.
  const maxChars = Math.min(synthesizer.maxChars, fallback?.maxChars ?? Infinity, options.segmentVoice?.maxChars ?? Infinity);
  // Segments are made as production reaches them, so the first audio of a book comes as fast as
  // that of a sentence; reading.segments makes them all on first use.
  const source = iterateSegments(options.text, { maxChars, locale: options.locale, from: options.fromChar ?? 0, hearing: options.hearing, pronunciation: options.pronunciation });
  const segments: TextSegment[] = [];
  let sourceDone = false;
  const segmentAt = (index: number): TextSegment | undefined => {
    while (segments.length <= index && !sourceDone) {
      const next = source.next();
      if (next.done) sourceDone = true;
      else segments.push(next.value);
    }
    return segments[index];
  };

  const controller = new AbortController();
  const signal = controller.signal;

  let playhead = 0;
  let paused = false;
  // Wakes the producer when the playhead, pause state or abort changes.
  let wakeProducer = noop;
  const stateChanged = () => {
    const wake = wakeProducer;
    wakeProducer = noop;
    wake();
  };

  // The queue between producer and consumer.
  const queue: Chunk[] = [];
  let ended: { kind: 'finished' } | { kind: 'stopped' } | { kind: 'failed'; error: unknown } | undefined;
  let wakeConsumer = noop;
  const queueChanged = () => {
    const wake = wakeConsumer;
    wakeConsumer = noop;
    wake();
  };

  let settle!: { resolve: (end: ReadingEnd) => void; reject: (error: unknown) => void };
  const done = new Promise<ReadingEnd>((resolve, reject) => (settle = { resolve, reject }));
  done.catch(noop); // callers may ignore done; the iterator reports the error too

  const finish = (end: NonNullable<typeof ended>) => {
    if (ended) return;
    ended = end;
    if (end.kind === 'failed') settle.reject(end.error);
    else settle.resolve(end.kind);
    queueChanged();
  };

  async function waitForTurn(segment: number): Promise<void> {
    while (!signal.aborted && (paused || segment > playhead + lookahead)) {
      await new Promise<void>((resolve) => (wakeProducer = resolve));
    }
  }

  let seq = 0;
  let readingMs = 0;
  /** The PCM last queued: its format and how much silence it ends with; undefined after encoded audio. */
  let tail: { sampleRate: number; channels: number; synthRate: number; silentMs: number } | undefined;

  /** Speaks text[offset..] of one segment; returns how far it got if the synthesizer failed. */
  async function speak(
    segment: TextSegment,
    offset: number,
    synth: Synthesizer,
    voice: string,
  ): Promise<{ error?: unknown; restartAt: number } | typeof ABORTED | undefined> {
    const requestStartMs = readingMs;
    const synthRate = clampVoiceRate(rate, synth, voice);
    let deliveredMs = 0;
    const heard: WordTiming[] = [];
    let iterator: AsyncIterator<SynthesisPart> | undefined;
    let pending: Promise<IteratorResult<SynthesisPart>> | undefined;
    // One per request, not per reading: every race leaves a reaction on it until it settles.
    let onAbort = noop;
    const aborted = new Promise<typeof ABORTED>((resolve) => {
      onAbort = () => resolve(ABORTED);
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      iterator = synth.synthesize({ text: segment.text.slice(offset), voice, synthRate, signal })[Symbol.asyncIterator]();
      for (;;) {
        pending = iterator.next();
        const result = await Promise.race([pending, aborted]);
        if (result === ABORTED || signal.aborted) return ABORTED;
        pending = undefined;
        if (result.done) return undefined;
        const part = result.value;
        const durationMs = partDurationMs(part);
        queue.push({
          readingId,
          segment: segment.index,
          seq: seq++,
          startMs: readingMs,
          durationMs,
          audio: part.audio,
          words: part.words.map((w) => mapWord(w, segment, offset, requestStartMs)),
          synthRate,
        });
        queueChanged();
        readingMs += durationMs;
        deliveredMs += durationMs;
        heard.push(...part.words);
        tail = nextTail(tail, part, synthRate, durationMs);
      }
    } catch (error) {
      if (signal.aborted) return ABORTED;
      return { error, restartAt: offset + restartOffset(segment.text.slice(offset), heard, deliveredMs) };
    } finally {
      signal.removeEventListener('abort', onAbort);
      if (signal.aborted && iterator) {
        pending?.catch(noop);
        try {
          void Promise.resolve(iterator.return?.()).catch(noop);
        } catch {
          // a synthesizer that fails to close after a cancel has nothing more to say
        }
      }
    }
  }

  /** Tops the silence at the end of `segment` up to ITEM_PAUSE_MS when it or the next one is a list item. */
  function pauseAfter(segment: TextSegment, next: TextSegment | undefined): void {
    if (!next || !(segment.listItem || next.listItem) || !tail || tail.silentMs >= ITEM_PAUSE_MS || signal.aborted) return;
    const frames = Math.round(((ITEM_PAUSE_MS - tail.silentMs) / 1000) * tail.sampleRate);
    const audio = { kind: 'pcm' as const, sampleRate: tail.sampleRate, channels: tail.channels, samples: new Float32Array(frames * tail.channels) };
    const durationMs = pcmDurationMs(audio);
    queue.push({ readingId, segment: segment.index, seq: seq++, startMs: readingMs, durationMs, audio, words: [], synthRate: tail.synthRate });
    queueChanged();
    readingMs += durationMs;
    tail = { ...tail, silentMs: ITEM_PAUSE_MS };
  }

  async function produce(): Promise<void> {
    let synth = synthesizer;
    let voice = options.voice;
    let usingFallback = false;
    for (let index = 0; ; index++) {
      const segment = segmentAt(index);
      if (!segment) return;
      await waitForTurn(index);
      if (signal.aborted) return;
      // Once the fallback has taken over it reads to the end, whatever the segment's language.
      const own = usingFallback ? undefined : await options.segmentVoice?.voiceFor(segment, signal).catch(() => undefined);
      if (signal.aborted) return;
      let offset = 0;
      while (offset < segment.text.length) {
        const outcome = await speak(segment, offset, own && !usingFallback ? own.synthesizer : synth, own && !usingFallback ? own.voice : voice);
        if (outcome === ABORTED) return;
        if (!outcome) break;
        if (!fallback || usingFallback) throw outcome.error;
        usingFallback = true;
        const fallbackVoice = options.fallbackVoice ?? (await firstVoice(fallback, signal));
        if (signal.aborted) return;
        if (fallbackVoice === undefined) throw outcome.error; // a fallback with no voice cannot help
        options.onFallback?.(outcome.error, segment.index);
        synth = fallback;
        voice = fallbackVoice;
        offset = outcome.restartAt;
        while (offset < segment.text.length && isSpaceCode(segment.text.charCodeAt(offset))) offset += 1;
      }
      pauseAfter(segment, segmentAt(index + 1));
    }
  }

  void Promise.resolve()
    .then(produce)
    .then(
      () => finish(signal.aborted ? { kind: 'stopped' } : { kind: 'finished' }),
      (error: unknown) => finish(signal.aborted ? { kind: 'stopped' } : { kind: 'failed', error }),
    );

  const cancel = () => {
    if (!signal.aborted) controller.abort();
    stateChanged();
    queue.length = 0;
    if (!ended) finish({ kind: 'stopped' });
    else queueChanged();
  };

  let taken = false;
  let stoppedIterating = false;
  const iterator: AsyncIterator<Chunk> = {
    async next() {
      for (;;) {
        if (stoppedIterating || signal.aborted) return { done: true, value: undefined };
        const chunk = queue.shift();
        if (chunk) return { done: false, value: chunk };
        if (ended?.kind === 'failed') {
          stoppedIterating = true;
          throw ended.error;
        }
        if (ended) return { done: true, value: undefined };
        await new Promise<void>((resolve) => (wakeConsumer = resolve));
      }
    },
    async return() {
      stoppedIterating = true;
      cancel();
      return { done: true, value: undefined };
    },
  };

  return {
    id: readingId,
    get segments() {
      segmentAt(Infinity);
      return segments;
    },
    chunks() {
      if (taken) throw new Error('A reading has one consumer: chunks() was already called.');
      taken = true;
      return { [Symbol.asyncIterator]: () => iterator };
    },
    setPlayhead(segment: number) {
      if (!Number.isFinite(segment)) return;
      playhead = Math.max(0, Math.floor(segment));
      stateChanged();
    },
    setSynthRate(next: number) {
      if (Number.isFinite(next) && next > 0) rate = next;
    },
    pause() {
      paused = true;
    },
    resume() {
      paused = false;
      stateChanged();
    },
    cancel,
    done,
  };
}

async function firstVoice(synth: Synthesizer, signal: AbortSignal): Promise<string | undefined> {
  try {
    return (await synth.listVoices(signal))[0]?.id;
  } catch {
    return undefined;
  }
}

/** What the audio queued so far ends with, after `part`. */
function nextTail(tail: { silentMs: number } | undefined, part: SynthesisPart, synthRate: number, durationMs: number) {
  if (part.audio.kind !== 'pcm') return undefined;
  const { sampleRate, channels, samples } = part.audio;
  let quiet = samples.length;
  while (quiet > 0 && Math.abs(samples[quiet - 1]!) < SILENCE_LEVEL) quiet--;
  const silentMs = ((samples.length - quiet) / channels / sampleRate) * 1000;
  return { sampleRate, channels, synthRate, silentMs: quiet === 0 ? (tail?.silentMs ?? 0) + durationMs : silentMs };
}

function partDurationMs(part: SynthesisPart): number {
  if (part.audio.kind === 'pcm') return pcmDurationMs(part.audio);
  const ms = part.durationMs;
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
    throw new Error('The synthesizer sent encoded audio without a valid durationMs.');
  }
  return ms;
}

/** A word of a request for segment.text[offset..], into the original text and the reading's clock. */
function mapWord(word: WordTiming, segment: TextSegment, offset: number, requestStartMs: number): WordTiming {
  const len = segment.text.length;
  const start = clamp(offset + Math.floor(word.charStart), offset, len);
  const end = clamp(offset + Math.ceil(word.charEnd), start, len);
  const charStart = segment.sourceIndex[start]!;
  const charEnd = end > start ? segment.sourceIndex[end - 1]! + 1 : charStart;
  const startMs = requestStartMs + Math.max(0, word.startMs);
  const endMs = Math.max(startMs, requestStartMs + word.endMs);
  return { text: word.text, charStart, charEnd, startMs, endMs };
}

function clamp(n: number, lo: number, hi: number): number {
  return Number.isFinite(n) ? Math.min(hi, Math.max(lo, n)) : lo;
}

/**
 * Where to restart a request's text after its synthesizer failed, having delivered `deliveredMs` of
 * audio and reported `words` (offsets into `text`, times from the request's start):
 * - at the first word (in text order) whose audio was not fully delivered (endMs > deliveredMs): a word
 *   cut off mid-way is spoken again whole rather than lost;
 * - else just past the last reported word: everything reported was heard;
 * - at 0 when no word was reported: the timings do not tell, so the whole text is spoken again
 *   (repeating some audio rather than losing words).
 */
export function restartOffset(text: string, words: readonly WordTiming[], deliveredMs: number): number {
  if (words.length === 0) return 0;
  let firstUnheard = Infinity;
  let lastEnd = 0;
  for (const w of words) {
    if (w.endMs > deliveredMs) firstUnheard = Math.min(firstUnheard, w.charStart);
    lastEnd = Math.max(lastEnd, w.charEnd);
  }
  const at = firstUnheard === Infinity ? lastEnd : firstUnheard;
  return clamp(Math.floor(at), 0, text.length);
}
