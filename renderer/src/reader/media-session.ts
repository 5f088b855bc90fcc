// Media keys and the OS media controls. In Electron, MediaSession is what the OS media controls and
// MPRIS drive, so its action handlers are the contract; the reader's media keys arrive as keydowns.
// Some systems (Windows) deliver one press both as a keydown and to the MediaSession: the same kind
// of action from the other source within MEDIA_ECHO_MS is that press again, and is dropped.
import type { ReaderPhase } from './reader-status';

/** What a media key or the OS media controls ask for ('play-pause' is the keyboard's one key). */
export type MediaAction = 'play' | 'pause' | 'play-pause' | 'previous' | 'next' | 'stop';

/** What a media action does to a reader in `phase` (null: nothing, e.g. Pause while already paused). */
export function mediaCommand(action: MediaAction, phase: ReaderPhase): 'stop' | 'previous' | 'next' | 'toggle-pause' | 'restart' | null {
  const playing = phase === 'reading' || phase === 'starting';
  if (action === 'stop' || action === 'previous' || action === 'next') return action;
  if (action === 'pause' || (action === 'play-pause' && playing)) return playing ? 'toggle-pause' : null;
  if (phase === 'paused') return 'toggle-pause';
  return playing ? null : 'restart'; // Play after the end reads the text again
}

/** Longest gap between the keydown and the MediaSession call of one media key press. */
const MEDIA_ECHO_MS = 300;

const SESSION_ACTIONS: [MediaSessionAction, MediaAction][] = [
  ['play', 'play'],
  ['pause', 'pause'],
  ['stop', 'stop'],
  ['previoustrack', 'previous'],
  ['nexttrack', 'next'],
  ['seekbackward', 'previous'],
  ['seekforward', 'next'],
];

const session = (): MediaSession | null => (typeof navigator !== 'undefined' && navigator.mediaSession ? navigator.mediaSession : null);

export class MediaControls {
  private last: { kind: string; source: string; at: number } = { kind: '', source: '', at: -Infinity };

  /** `act` carries out an action (each press once). */
  constructor(private readonly act: (action: MediaAction) => void) {
    const s = session();
    for (const [name, action] of SESSION_ACTIONS) {
      try {
        s?.setActionHandler(name, () => this.press(action, 'session'));
      } catch {
        // This browser does not know the action.
      }
    }
  }

  /** One press of a media key ('key') or one call from the OS media controls ('session'). */
  press(action: MediaAction, source: 'key' | 'session'): void {
    const now = performance.now();
    const kind = action === 'play' || action === 'pause' || action === 'play-pause' ? 'play-pause' : action;
    if (this.last.kind === kind && this.last.source !== source && now - this.last.at < MEDIA_ECHO_MS) return;
    this.last = { kind, source, at: now };
    this.act(action);
  }

  /** What the OS shows as playing. */
  showTitle(text: string): void {
    const s = session();
    if (!s || typeof MediaMetadata === 'undefined') return;
    s.metadata = new MediaMetadata({ title: text.replace(/\s+/g, ' ').trim().slice(0, 80), artist: 'Aloud' });
  }

  showPhase(phase: ReaderPhase): void {
    const s = session();
    if (s) s.playbackState = phase === 'reading' || phase === 'starting' ? 'playing' : phase === 'paused' ? 'paused' : 'none';
  }

  dispose(): void {
    const s = session();
    for (const [name] of SESSION_ACTIONS) {
      try {
        s?.setActionHandler(name, null);
      } catch {
        // As above.
      }
    }
  }
}
