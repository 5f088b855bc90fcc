// Every reading lands in the library: a service observer that feeds HISTORY's recorder.
import type { LibraryStore } from '../history/library-store';
import { startRecording, type RecordingOutcome } from '../history/recorder';
import type { EndReason, ObservedReading, ReadingObserver } from './aloud-service';

const outcomes: Record<EndReason, RecordingOutcome> = { finished: 'complete', stopped: 'stopped', error: 'partial' };

export interface ReadingRecorder {
  observe(reading: ObservedReading): ReadingObserver;
  /** Resolves when every ended reading has been saved (call before closing the store). */
  idle(): Promise<void>;
}

export function recordReadings(store: LibraryStore, onError: (error: unknown) => void = () => {}): ReadingRecorder {
  const saving = new Set<Promise<void>>();
  return {
    observe(reading) {
      const recorder = startRecording(
        store,
        { id: reading.readingId, text: reading.text, provider: reading.provider, voice: reading.voice, rate: reading.rate },
        { onError },
      );
      return {
        chunk: (chunk) => recorder.add(chunk),
        end(reason) {
          const p = recorder.finish(outcomes[reason]).catch(onError);
          saving.add(p);
          void p.finally(() => saving.delete(p));
        },
      };
    },
    async idle() {
      await Promise.all([...saving]);
    },
  };
}
