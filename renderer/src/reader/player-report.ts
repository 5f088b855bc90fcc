// Tells the reader's position bar, and main (for the mini player and the tray), what the player is
// doing and where it is: at every change of state and Speed, and once a second while a reading is
// under way, so a remote sees the position move.
import type { AloudClient } from '../app/aloud-client';
import type { ReaderPhase } from './reader-status';
import type { PlayerPosition } from './shown-reading';

export interface PlayerSnapshot {
  readingId: string | null;
  phase: ReaderPhase;
  /** The reading's text, as the remotes show its title. */
  text: string;
  message: string;
  speed: number;
  position: PlayerPosition | null;
}

export class PlayerReport {
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly aloud: AloudClient,
    private readonly showPosition: (position: PlayerPosition | null) => void,
    private readonly snapshot: () => PlayerSnapshot,
  ) {}

  now(): void {
    const { text, message, ...state } = this.snapshot();
    this.showPosition(state.position);
    const title = text.replace(/\s+/g, ' ').trim().slice(0, 120);
    void this.aloud.player.report({ ...state, title, message: message.slice(0, 500) }).catch(() => {});
  }

  /** Reports the new phase, and keeps reporting each second while a reading is under way. */
  phaseChanged(phase: ReaderPhase): void {
    this.now();
    clearInterval(this.timer);
    if (phase === 'starting' || phase === 'reading' || phase === 'paused') this.timer = setInterval(() => this.now(), 1000);
  }

  dispose(): void {
    clearInterval(this.timer);
  }
}
