// The position bar: where the listener is (which word of how many) with the time heard and the time
// left, in the reader and, compactly, in the mini player. Drag it, click it, or use its keys (arrows:
// a word; Page Up/Down: a tenth; Home, End) and the reading goes on from that word once the bar is
// let go. Its value says to screen readers which word of how many, and the times.
import { useState, type KeyboardEvent } from 'react';
import { formatClock, spokenClock } from './reading-position';

interface Props {
  /** The word being spoken (an index into the text's words) and how many words there are. */
  word: number;
  words: number;
  heardSeconds: number;
  leftSeconds: number;
  onSeek(word: number): void;
}

/** Keys that move a range input: a seek waits for their release, so holding one is one seek. */
const MOVING_KEYS = new Set(['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'PageUp', 'PageDown', 'Home', 'End']);

export function ReadingPosition({ word, words, heardSeconds, leftSeconds, onSeek }: Props) {
  /** The word the bar is being moved to, until it is let go. */
  const [moving, setMoving] = useState<number | null>(null);
  const index = moving ?? word;
  // While moving, the times follow the bar at the same pace.
  const pace = word > 0 ? heardSeconds / word : (heardSeconds + leftSeconds) / Math.max(1, words);
  const heard = moving === null ? heardSeconds : moving * pace;
  const left = moving === null ? leftSeconds : Math.max(0, heardSeconds + leftSeconds - heard);
  const commit = () => {
    if (moving === null) return;
    setMoving(null);
    onSeek(moving);
  };
  const onKeyUp = (e: KeyboardEvent) => {
    if (MOVING_KEYS.has(e.key)) commit();
  };
  if (words === 0) return null;
  return (
    <div className="position">
      <span className="position-time" aria-hidden="true">
        {formatClock(heard)}
      </span>
      <input
        type="range"
        aria-label="Position in the text"
        min={0}
        max={Math.max(0, words - 1)}
        step={1}
        value={index}
        aria-valuetext={`Word ${index + 1} of ${words}: ${spokenClock(heard)} in, about ${spokenClock(left)} left`}
        onChange={(e) => setMoving(Number(e.target.value))}
        onPointerUp={commit}
        onKeyUp={onKeyUp}
        onBlur={commit}
      />
      <span className="position-time" aria-hidden="true">
        −{formatClock(left)}
      </span>
    </div>
  );
}
