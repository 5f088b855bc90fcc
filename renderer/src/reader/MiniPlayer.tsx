// The tray's mini player: a remote control for the one player, which lives in the reader window
// (kept alive while hidden). Commands go through main ('player:control' -> 'player:command'); the
// reader's reports come back as 'player:state'. It has no audio of its own, so the two can never
// play at once or disagree about where the reading is.
import { useEffect, useState } from 'react';
import type { PlayerState } from '../../../shared/ipc';
import { useAloud } from '../app/aloud-client';
import { applyAppearance, loadAppearance } from './appearance';
import { PlayerControls } from './PlayerControls';
import './reader.css';
import './mini-player.css';

export function MiniPlayer() {
  const aloud = useAloud();
  const [state, setState] = useState<PlayerState | null>(null);

  useEffect(() => {
    applyAppearance(loadAppearance());
    // The reader window may change the theme or text size while this one is open.
    const onStorage = () => applyAppearance(loadAppearance());
    window.addEventListener('storage', onStorage);
    const off = aloud.on('player:state', setState);
    aloud.player.current().then((s) => setState((now) => now ?? s), () => {});
    return () => {
      off();
      window.removeEventListener('storage', onStorage);
    };
  }, [aloud]);

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
        <PlayerControls hasText={hasText} active={active} paused={phase === 'paused'} onCommand={(command) => void aloud.player.control(command).catch(() => {})} />
      </div>
    </main>
  );
}
