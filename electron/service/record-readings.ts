// Every reading lands in the library: a service observer that feeds HISTORY's recorder, and applies
// the stopped-readings setting to a reading the user stopped part way (or that ended with its window).
//
// 'complete' finishes such a reading in the background, at low priority: a completion runs only while
// no reading is being recorded. When one starts, the completion is cancelled at once (at most the
// segment the voice is working on is still made, the built-in worker speaking one at a time) and
// resumed from its last saved segment once the library is idle again. So a new reading never waits
// on the background beyond one segment, and the user's reading always owns the voice.
//
// A saved reading has one synthesis rate (the library keeps no rate per chunk, and replays every
// chunk as made at the reading's rate). When a Speed change mid-reading makes the voice speak later
// segments at another rate, the recording stops before the first of them and the reading is
// finished in the background at its own rate, as a stopped one is ('complete'; kept as far as it got
// when no voice can finish it), so the library still replays it right at any Speed.
import { completeInBackground } from './complete-in-background';
import type { LibraryStore } from '../history/library-store';
import type { ReadingMeta } from '../history/library-rows';
import { startRecording, type Recorder, type RecordingOutcome, type StoppedReadingPolicy } from '../history/recorder';
import { warmUpOpus } from '../history/audio/opus-codec';
import type { Synthesizer } from '../speech/synthesizer';
import type { EndReason, ObservedReading, ReadingObserver } from './reading-service';

const outcomes: Record<EndReason, RecordingOutcome> = { finished: 'complete', stopped: 'stopped', error: 'partial' };

export interface StoppedReadings {
  /** Asked as each stopped reading ends, so the setting applies from the next stop on. */
  policy(): StoppedReadingPolicy;
  /** The voice to finish a reading of this provider with; null keeps the reading as it is. */
  synthesizer(provider: string): Synthesizer | null;
}

export interface ReadingRecorder {
  observe(reading: ObservedReading): ReadingObserver;
  /**
   * Resolves once no reading has more than UNSAVED_AUDIO_BYTES of audio waiting to be saved. A voice
   * that outpaces the library (the command line writing a file as fast as the voice goes) waits here
   * before making more, so memory stays bounded and a stop is saved at once.
   */
  caughtUp(): Promise<void>;
  /** Resolves when every ended reading has been saved (call before closing the store). */
  idle(): Promise<void>;
  /** Resolves when every reading is saved and no background completion is left to run now. */
  settled(): Promise<void>;
  /**
   * Stops background completions (a running one is saved 'stopped', playable as far as it got) and
   * waits for every write. Nothing is started afterwards.
   */
  close(): Promise<void>;
}

interface Pending {
  readingId: string;
  synthesizer: Synthesizer;
  voice: string;
}

/**
 * The audio a reading may have waiting to be saved before its voice is held back: about 12 s of a
 * 22 kHz voice's float samples. Saving (Opus, about 10 ms of work per second of audio here) keeps far
 * ahead of a voice heard in real time; only a file written as fast as the voice goes waits.
 */
export const UNSAVED_AUDIO_BYTES = 1 << 20;

/** Texts at least this long have their row written by the library's writer thread (100,000 characters take about 2 ms here). */
export const LONG_TEXT_CHARS = 100_000;

/** Writes a reading's row off the main process (electron/history/reading-writer.ts); gives its row id. */
export interface ReadingWriterPort {
  begin(meta: ReadingMeta): Promise<number>;
}

export function recordReadings(store: LibraryStore, onError: (error: unknown) => void = () => {}, stopped?: StoppedReadings, writer?: ReadingWriterPort): ReadingRecorder {
  // The codec is made ready while nothing is being read, so the first reading's save does not pay for it.
  setImmediate(() => void warmUpOpus().catch(onError));
  const saving = new Set<Promise<void>>();
  const recording = new Set<string>();
  const recorders = new Set<Recorder>();
  const pending: Pending[] = [];
  let running: { job: Pending; abort: AbortController; preempted: boolean; done: Promise<void> } | null = null;
  let closed = false;

  const track = (p: Promise<void>): void => {
    saving.add(p);
    void p.finally(() => saving.delete(p));
  };

  /** Starts the next completion if the voice is free of the user's readings. */
  const next = (): void => {
    if (closed || running || recording.size > 0) return;
    const job = pending.shift();
    if (!job) return;
    // Deleted from the library (or completed by a replay) in the meantime: nothing to finish.
    let saved;
    try {
      saved = store.get(job.readingId);
    } catch (err) {
      onError(err);
      return;
    }
    if (!saved || saved.status === 'complete') return next();
    const abort = new AbortController();
    const run = { job, abort, preempted: false, done: Promise.resolve() };
    run.done = completeInBackground({ store, readingId: job.readingId, synthesizer: job.synthesizer, voice: job.voice, signal: abort.signal, onError })
      .then((result) => {
        // Cut short for a new reading: resumed from where it got once that one ends.
        if (result === 'stopped' && run.preempted && !closed) pending.unshift(job);
      })
      .catch(onError)
      .finally(() => {
        running = null;
        next();
      });
    running = run;
  };

  /** Refreshes and gives the id of the complete saved copy of this reading, if there is one. */
  const savedCopy = (reading: ObservedReading): string | undefined => {
    try {
      const id = store.findCached(reading.text, reading.provider, reading.voice, reading.synthRate, reading.settings);
      if (id !== undefined) store.refresh(id);
      return id;
    } catch (err) {
      // A library that cannot be read or written here is told, and the reading recorded as usual.
      onError(err);
      return undefined;
    }
  };

  const settleStopped = (
    reading: ObservedReading,
    save: (o: RecordingOutcome) => Promise<void>,
    policy: StoppedReadingPolicy = stopped?.policy() ?? 'keep',
  ): Promise<void> => {
    if (policy === 'discard') return save('discard');
    const synthesizer = policy === 'complete' && !closed ? (stopped?.synthesizer(reading.provider) ?? null) : null;
    if (!synthesizer) return save('stopped');
    return save('stopped').then(() => {
      pending.push({ readingId: reading.readingId, synthesizer, voice: reading.voice });
      next();
    });
  };

  return {
    observe(reading) {
      // The same text, voice, rate and settings heard again: its complete copy moves to the top of the
      // library with today's date, instead of a second identical entry (the app replays that copy
      // instead of observing; the command line speaks afresh and lands here).
      const copy = savedCopy(reading);
      if (copy !== undefined) return { chunk: () => {}, end: () => {} };
      recording.add(reading.readingId);
      if (running && !running.preempted) {
        running.preempted = true;
        running.abort.abort();
      }
      const recorder = startRecording(
        store,
        { id: reading.readingId, text: reading.text, provider: reading.provider, voice: reading.voice, synthRate: reading.synthRate, settings: reading.settings },
        // A long text's row (up to 2 million characters, with its search index) would hold the main process 25-50 ms.
        { onError, ...(writer && reading.text.length >= LONG_TEXT_CHARS ? { writeRow: (meta: ReadingMeta) => writer.begin(meta) } : {}) },
      );
      recorders.add(recorder);
      // Set at the first chunk made at another rate than the reading's: nothing from there is saved.
      let rateChanged = false;
      return {
        chunk: (chunk) => {
          rateChanged ||= (chunk.synthRate ?? reading.synthRate) !== reading.synthRate;
          if (!rateChanged) recorder.add(chunk);
        },
        end(reason) {
          const save = (o: RecordingOutcome) => recorder.finish(o);
          const settled =
            rateChanged && reason !== 'error'
              ? settleStopped(reading, save, 'complete')
              : reason === 'stopped'
                ? settleStopped(reading, save)
                : save(outcomes[reason]);
          const p = settled.catch(onError).finally(() => {
            recorders.delete(recorder);
            recording.delete(reading.readingId);
            next();
          });
          track(p);
        },
      };
    },
    async caughtUp() {
      await Promise.all([...recorders].map((r) => r.whenUnsavedAtMost(UNSAVED_AUDIO_BYTES)));
    },
    async idle() {
      await Promise.all([...saving]);
    },
    async settled() {
      for (;;) {
        await Promise.all([...saving]);
        if (running) await running.done;
        else if (saving.size === 0) return;
      }
    },
    async close() {
      closed = true;
      pending.length = 0;
      running?.abort.abort();
      await Promise.all([...saving]);
      await running?.done;
    },
  };
}
