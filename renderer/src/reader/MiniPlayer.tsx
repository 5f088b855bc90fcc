// The tray's mini player: a remote control for the one player, which lives in the reader window
// (kept alive while hidden). Commands go through main ('player:control' -> 'player:command'); the
// reader's reports come back as 'player:state'. It has no audio of its own, so the two can never
// play at once or disagree about where the reading is.
import { useEffect, useState } from 'react';
import type { PlayerState } from '../../../shared/ipc';
import { applyAppearance, loadAppearance } from './appearance';
import './reader.css';
import './mini-player.css';

type Command = 'toggle-pause' | 'stop' | 'previous-sentence' | 'next-sentence' | 'restart';

export function MiniPlayer() {
  const [state, setState] = useState<PlayerState | null>(null);

  useEffect(() => {
    applyAppearance(loadAppearance());
    // The reader window may change the theme or text size while this one is open.
    const onStorage = () => applyAppearance(loadAppearance());
    window.addEventListener('storage', onStorage);
    const off = window.aloud.on('player:state', setState);
    window.aloud.invoke('player:current', {}).then((s) => setState((now) => now ?? s), () => {});
    return () => {
      off();
      window.removeEventListener('storage', onStorage);
    };
  }, []);

  const send = (command: Command) => void window.aloud.invoke('player:control', { command }).catch(() => {});
  const phase = state?.phase ?? 'idle';
  const active = phase === 'starting' || phase === 'reading' || phase === 'paused';
  const hasText = !!state?.readingId;

  return (
    <main className="mini" aria-label="Aloud mini player">
      <p className="mini-title" title={state?.title}>
        {state?.title || 'Nothing is being read.'}
      </p>
      <p className="mini-status" role="status" aria-live="polite" aria-atomic="true">
        {state?.message ?? 'Ready.'}
      </p>
      <div className="mini-controls" role="group" aria-label="Player">
        <button type="button" className="control icon-only" aria-label="Previous sentence" disabled={!hasText} onClick={() => send('previous-sentence')}>
          <svg width="18" height="18" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <rect x="5" y="5" width="2.5" height="14" rx="1" fill="currentColor" />
            <path d="M19 6.2v11.6a.8.8 0 0 1-1.2.7L9.6 12.7a.8.8 0 0 1 0-1.4l8.2-5.8a.8.8 0 0 1 1.2.7z" fill="currentColor" />
          </svg>
        </button>
        <button type="button" className="control primary" disabled={!active} onClick={() => send('toggle-pause')}>
          {phase === 'paused' ? 'Resume' : 'Pause'}
        </button>
        <button type="button" className="control icon-only" aria-label="Next sentence" disabled={!hasText} onClick={() => send('next-sentence')}>
          <svg width="18" height="18" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <rect x="16.5" y="5" width="2.5" height="14" rx="1" fill="currentColor" />
            <path d="M5 6.2v11.6a.8.8 0 0 0 1.2.7l8.2-5.8a.8.8 0 0 0 0-1.4L6.2 5.5A.8.8 0 0 0 5 6.2z" fill="currentColor" />
          </svg>
        </button>
        <button type="button" className="control" disabled={!active} onClick={() => send('stop')}>
          Stop
        </button>
      </div>
    </main>
  );
}
