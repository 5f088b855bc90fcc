// The player's buttons, the same in the reader and the mini player: restart (the reader only),
// previous sentence, pause/resume (Play again once a reading has ended), next sentence, stop. Each says
// what it does in its text or label; `shortcuts` adds the reader's keys to them. They keep their place
// and size in every state: the one button that changes (Pause, Resume, Play) is as wide as its longest
// word (reader.css), and a button that cannot act is disabled, never removed.
import type { PlayerCommand } from '../../../shared/ipc';
import { NextIcon, PauseIcon, PlayIcon, PrevIcon, RestartIcon, StopIcon } from '../app/icons';

export interface PlayerControlsProps {
  /** A text is shown: it can be navigated (also after it ended). */
  hasText: boolean;
  /** A reading is starting, playing or paused. */
  active: boolean;
  paused: boolean;
  /** The reader's keys, shown in titles and told to assistive technology; the restart button too. */
  shortcuts?: boolean;
  onCommand(command: PlayerCommand): void;
}

export function PlayerControls({ hasText, active, paused, shortcuts = false, onCommand }: PlayerControlsProps) {
  const keys = (key: string, label: string) => (shortcuts ? { title: `${label} (${key === 'ArrowLeft' ? '←' : key === 'ArrowRight' ? '→' : key})`, 'aria-keyshortcuts': key } : {});
  return (
    <>
      {shortcuts && (
        <button type="button" className="control icon-only" onClick={() => onCommand('restart')} disabled={!hasText} aria-label="Restart" {...keys('R', 'Restart')}>
          <RestartIcon />
        </button>
      )}
      <button type="button" className="control icon-only" onClick={() => onCommand('previous-sentence')} disabled={!hasText} aria-label="Previous sentence" {...keys('ArrowLeft', 'Previous sentence')}>
        <PrevIcon />
      </button>
      {/* After the end it is Play: the same command reads the text again from the start. */}
      <button type="button" className="control primary play-pause" onClick={() => onCommand('toggle-pause')} disabled={!active && !hasText} {...(shortcuts ? { 'aria-keyshortcuts': 'Space' } : {})}>
        {active && !paused ? <PauseIcon /> : <PlayIcon />}
        <span>{!active ? 'Play' : paused ? 'Resume' : 'Pause'}</span>
      </button>
      <button type="button" className="control icon-only" onClick={() => onCommand('next-sentence')} disabled={!hasText} aria-label="Next sentence" {...keys('ArrowRight', 'Next sentence')}>
        <NextIcon />
      </button>
      {/* Its word is not shown where the bar is narrow (reader.css): its name stays "Stop". */}
      <button type="button" className="control stop" onClick={() => onCommand('stop')} disabled={!active} aria-label="Stop" {...(shortcuts ? { 'aria-keyshortcuts': 'Escape', title: 'Stop (Esc)' } : {})}>
        <StopIcon />
        <span className="stop-word">Stop</span>
      </button>
    </>
  );
}
