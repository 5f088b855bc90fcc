// `aloud say`: one reading through the speech pipeline into a PCM sink.
import { startReading } from '../speech/reading';
import type { Synthesizer } from '../speech/synthesizer';
import type { PcmSink } from './pcm-sinks';

export interface SayOptions {
  text: string;
  synthesizer: Synthesizer;
  /** The provider-local voice id. */
  voice: string;
  rate: number;
  sink: PcmSink;
  /**
   * Segments synthesized past the one being written: Infinity for a file (as fast as the engine goes);
   * a small number for a pipe, so a slow reader (aplay in real time) holds synthesis back.
   */
  lookahead: number;
  onProgress?(segmentsDone: number, segmentsTotal: number): void;
  signal?: AbortSignal;
}

export interface SayResult {
  end: 'finished' | 'stopped';
  frames: number;
  /** Segments that produced audio. */
  segments: number;
}

export async function say(opts: SayOptions): Promise<SayResult> {
  const reading = startReading({ readingId: 'cli', text: opts.text, synthesizer: opts.synthesizer, voice: opts.voice, rate: opts.rate, lookahead: opts.lookahead });
  // Counting segments means segmenting the whole text (a moment for a book), so it happens only for
  // progress, and only after the first audio is out.
  let total: number | null = null;
  const segmentCount = () => (total ??= reading.segments.length);
  const cancel = () => reading.cancel();
  opts.signal?.addEventListener('abort', cancel, { once: true });
  let frames = 0;
  let done = -1;
  try {
    for await (const chunk of reading.chunks()) {
      if (chunk.audio.kind !== 'pcm') throw new Error('This voice sends compressed audio; the command line writes PCM only.');
      const { samples, sampleRate, channels } = chunk.audio;
      await opts.sink.write(samples, sampleRate, channels);
      frames += samples.length / channels;
      // Segments before this chunk's are complete.
      if (chunk.segment > done) {
        done = chunk.segment;
        opts.onProgress?.(done, segmentCount());
      }
      reading.setPlayhead(chunk.segment);
    }
    const end = await reading.done;
    if (end === 'finished') opts.onProgress?.(segmentCount(), segmentCount());
    return { end, frames, segments: done + 1 };
  } catch (err) {
    reading.cancel();
    throw err;
  } finally {
    opts.signal?.removeEventListener('abort', cancel);
  }
}
