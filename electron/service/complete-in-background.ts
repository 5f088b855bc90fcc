// The 'complete' policy for a reading the user stopped part way: the rest of the text is synthesized
// in the background (no playback, as fast as the voice goes) and appended to the saved reading, which
// then becomes complete: replayable in full, and a cache entry for the next identical request.
import { savedTextRules } from '../speech/text-rules';
import type { Chunk } from '../../shared/chunk';
import type { LibraryStore } from '../history/library-store';
import { resumeRecording } from '../history/recorder';
import { startReading } from '../speech/reading';
import { segmentText } from '../speech/segment-text';
import type { Synthesizer } from '../speech/synthesizer';

export interface CompleteInBackgroundOptions {
  store: LibraryStore;
  /** The saved (stopped) reading. */
  readingId: string;
  synthesizer: Synthesizer;
  /** The provider's own voice id, as saved. */
  voice: string;
  signal?: AbortSignal;
  onError?: (error: unknown) => void;
}

/** Resolves 'complete' once the whole text is saved; 'stopped' if aborted or the voice failed (kept as it got). */
export async function completeInBackground(options: CompleteInBackgroundOptions): Promise<'complete' | 'stopped'> {
  const { store, readingId, synthesizer } = options;
  const saved = store.get(readingId);
  if (!saved) throw new Error(`No reading ${readingId} in the library.`);
  if (saved.status === 'complete') return 'complete';
  const chunks = store.chunks(saved.rid);
  // The last segment reached may be cut short: it is spoken again whole.
  const resumeSegment = chunks.length ? chunks.at(-1)!.segment : 0;
  const kept = chunks.filter((c) => c.segment < resumeSegment);
  store.dropChunksFrom(saved.rid, resumeSegment);
  const baseSeq = kept.length;
  const baseMs = kept.length ? kept.at(-1)!.startMs + kept.at(-1)!.durationMs : 0;
  // Segmented as it was when recorded: by the rules (fit to hear, pronunciation) it was made with.
  const rules = savedTextRules(saved.settings);
  const segments = segmentText(saved.text, { maxChars: synthesizer.maxChars, ...rules });
  const from = segments[resumeSegment];
  const recorder = resumeRecording(store, readingId, options.onError ? { onError: options.onError } : {});
  if (!from) {
    await recorder.finish('complete');
    return 'complete';
  }
  // Read from where the saved part ends: word offsets already point into the whole text.
  const reading = startReading({
    readingId,
    text: saved.text,
    fromChar: from.charStart,
    synthesizer,
    voice: options.voice,
    synthRate: saved.synthRate,
    lookahead: Infinity,
    ...rules,
  });
  const abort = () => reading.cancel();
  options.signal?.addEventListener('abort', abort, { once: true });
  if (options.signal?.aborted) abort();
  try {
    for await (const c of reading.chunks()) recorder.add(shift(c, { segment: resumeSegment, seq: baseSeq, ms: baseMs }));
    const end = await reading.done;
    await recorder.finish(end === 'finished' ? 'complete' : 'stopped');
    return end === 'finished' && recorder.error === undefined ? 'complete' : 'stopped';
  } catch (e) {
    options.onError?.(e);
    await recorder.finish('stopped');
    return 'stopped';
  } finally {
    options.signal?.removeEventListener('abort', abort);
  }
}

/** A chunk of the remainder, placed after what was saved: segments, seq and times shifted. */
function shift(c: Chunk, by: { segment: number; seq: number; ms: number }): Chunk {
  return {
    ...c,
    segment: c.segment + by.segment,
    seq: c.seq + by.seq,
    startMs: c.startMs + by.ms,
    words: c.words.map((w) => ({
      ...w,
      startMs: w.startMs + by.ms,
      endMs: w.endMs + by.ms,
      ...(w.phonemes ? { phonemes: w.phonemes.map((p) => ({ ...p, startMs: p.startMs + by.ms })) } : {}),
    })),
  };
}
