// `aloud say`: one reading through the speech pipeline into a PCM sink, at the Speed asked for: the
// voice's own rate as far as it goes (Automatic, as in the app), the rest time-stretched here with
// the player's stretcher, so `--speed 4` sounds as the reader's Speed 4x does.
import { randomUUID } from 'node:crypto';
import { TimeStretch } from '../../shared/audio/time-stretch';
import { stretchFor } from '../../shared/speed';
import { readingSettings, type TextRules } from '../speech/text-rules';
import { startReading } from '../speech/reading';
import type { Synthesizer } from '../speech/synthesizer';
import type { ObservedReading, ReadingObserver } from '../service/reading-request';
import { synthRateFor } from '../speech/voice-speed';
import type { PcmSink } from './pcm-sinks';

export interface SayOptions {
  text: string;
  synthesizer: Synthesizer;
  /** The provider-local voice id. */
  voice: string;
  /** The Speed (0.5-4). */
  speed: number;
  sink: PcmSink;
  /**
   * Segments synthesized past the one being written: Infinity for a file (as fast as the engine goes);
   * a small number for a pipe, so a slow reader (aplay in real time) holds synthesis back.
   */
  lookahead: number;
  onProgress?(segmentsDone: number, segmentsTotal: number): void;
  /** The rules that make the text fit to hear and the pronunciation rules; none: read as written (cleaned only). */
  rules?: TextRules;
  /** Sees every chunk as made and how the reading ended (the library's recorder, as the app's service tells it). */
  observe?(reading: ObservedReading): ReadingObserver | null;
  /** Resolves once the observer has kept up (the library has saved enough): no more is made until then. */
  caughtUp?(): Promise<void>;
  signal?: AbortSignal;
}

export interface SayResult {
  end: 'finished' | 'stopped';
  frames: number;
  /** Segments that produced audio. */
  segments: number;
}

export async function say(opts: SayOptions): Promise<SayResult> {
  const synthRate = synthRateFor(opts.speed, 'auto', opts.synthesizer, opts.voice);
  const stretch = stretchFor(opts.speed, synthRate);
  const readingId = randomUUID();
  const rules = opts.rules ?? {};
  const observer = opts.observe?.({ readingId, text: opts.text, provider: opts.synthesizer.provider, voice: opts.voice, synthRate, settings: readingSettings(rules) }) ?? null;
  const reading = startReading({
    readingId,
    text: opts.text,
    synthesizer: opts.synthesizer,
    voice: opts.voice,
    synthRate,
    lookahead: opts.lookahead,
    ...rules,
  });
  // Counting segments means segmenting the whole text (a moment for a book), so it happens only for
  // progress, and only after the first audio is out.
  let total: number | null = null;
  const segmentCount = () => (total ??= reading.segments.length);
  const cancel = () => reading.cancel();
  opts.signal?.addEventListener('abort', cancel, { once: true });
  let frames = 0;
  let done = -1;
  let stretcher: TimeStretch | null = null;
  /** Writes what the stretcher has ready (all of it once the source has ended). */
  const drain = async (ts: TimeStretch): Promise<void> => {
    const block = Array.from({ length: ts.channels }, () => new Float32Array(4096));
    for (let n = ts.read(block, 0, 4096); n > 0; n = ts.read(block, 0, 4096)) {
      const out = new Float32Array(n * ts.channels);
      for (let c = 0; c < ts.channels; c++) for (let i = 0; i < n; i++) out[i * ts.channels + c] = block[c]![i]!;
      await opts.sink.write(out, ts.sampleRate, ts.channels);
      frames += n;
    }
  };
  try {
    for await (const chunk of reading.chunks()) {
      if (chunk.audio.kind !== 'pcm') throw new Error('This voice sends compressed audio; the command line writes PCM only.');
      observer?.chunk(chunk);
      const { samples, sampleRate, channels } = chunk.audio;
      if (stretch === 1) {
        await opts.sink.write(samples, sampleRate, channels);
        frames += samples.length / channels;
      } else {
        stretcher ??= new TimeStretch(sampleRate, channels);
        stretcher.setSpeed(stretch);
        stretcher.push(samples, channels);
        await drain(stretcher);
      }
      // Segments before this chunk's are complete.
      if (chunk.segment > done) {
        done = chunk.segment;
        opts.onProgress?.(done, segmentCount());
      }
      // The library saving behind holds synthesis back, as a slow pipe does (the playhead stays put).
      await opts.caughtUp?.();
      reading.setPlayhead(chunk.segment);
    }
    const end = await reading.done;
    if (stretcher && end === 'finished') {
      stretcher.end();
      await drain(stretcher);
    }
    if (end === 'finished') opts.onProgress?.(segmentCount(), segmentCount());
    observer?.end(end);
    return { end, frames, segments: done + 1 };
  } catch (err) {
    reading.cancel();
    // Saved as far as it got, as the app keeps a reading its voice failed part way.
    observer?.end(opts.signal?.aborted ? 'stopped' : 'error');
    throw err;
  } finally {
    opts.signal?.removeEventListener('abort', cancel);
  }
}
