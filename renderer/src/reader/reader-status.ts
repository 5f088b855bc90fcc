// Where the reader is, as its status line, the mini player and the OS media controls show it.
import type { ErrorKind } from '../../../shared/ipc-error';

export type ReaderPhase = 'idle' | 'starting' | 'reading' | 'paused' | 'finished' | 'stopped' | 'error';

export interface ReaderStatus {
  phase: ReaderPhase;
  /** One sentence for the status line (announced by screen readers). */
  message: string;
  /** What kind of failure it was (phase 'error'), for the actions the reader offers. */
  kind?: ErrorKind;
}
