// The tray's mini player: a remote control for the one player, which lives in the reader window
// (kept alive while hidden). Commands go through main ('player:control' -> 'player:command'); the
// reader's reports come back as 'player:state', once a second while reading. It has no audio of its
// own, so the two can never play at once or disagree about where the reading is. It shows the
// position (and seeks by it) and the Speed (Slower, Faster), as the reader does. Its buttons keep their
// place in every state and at 200% zoom (mini-player.css); the reading's title is its heading.
import { useEffect, useState } from 'react';
import type { PlayerCommand, PlayerState } from '../../../shared/ipc';
import { SPEED_MAX, SPEED_MIN } from '../../../shared/speed';
import { useAloud } from '../app/aloud-client';
import { applyAppearance, loadAppearance } from './appearance';
import { PlayerControls } from './PlayerControls';
import { ReadingPosition } from './ReadingPosition';
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
  const control = (command: PlayerCommand) => void aloud.player.control({ command }).catch(() => {});
  const speed = state?.speed ?? 1;

  return (
    <main className="mini" aria-label="Aloud mini player">
      <h1 className="mini-title" title={state?.title}>
        {state?.title || 'Nothing is being read.'}
      </h1>
      <p className="mini-status" role="status" aria-live="polite" aria-atomic="true">
        {state?.message ?? 'Ready.'}
      </p>
      {state?.position && <ReadingPosition {...state.position} onSeek={(word) => control({ seekToWord: word })} />}
      <div className="mini-controls" role="group" aria-label="Player">
        <div className="mini-transport">
          <PlayerControls hasText={hasText} active={active} paused={phase === 'paused'} onCommand={control} />
        </div>
        <div className="mini-speed" role="group" aria-label="Speed">
          <button type="button" className="control small" onClick={() => control('slower')} disabled={speed <= SPEED_MIN} aria-label="Slower">
            −
          </button>
          <span className="mini-speed-value" aria-live="polite">
            {speed}× speed
          </span>
          <button type="button" className="control small" onClick={() => control('faster')} disabled={speed >= SPEED_MAX} aria-label="Faster">
            +
          </button>
        </div>
      </div>
    </main>
  );
}
