// The position bar: where the listener is in the text, with the time heard and the time left at the
// pace heard so far. Drag it, click it, or use its keys (arrows: a word; Page Up/Down: a tenth; Home,
// End) and the reading goes on from that word once the bar is let go. Its value says to screen
// readers which word of how many, and the times.
import { useMemo, useState, type KeyboardEvent } from 'react';
import { formatClock, positionTimes, spokenClock, wordIndexAt, wordStarts } from './reading-position';

interface Props {
  text: string;
  /** The spoken word's start, and the pace heard (seconds per character; null: not known yet). */
  char: number;
  secondsPerChar: number | null;
  speed: number;
  onSeek(char: number): void;
}

/** Keys that move a range input: a seek waits for their release, so holding one is one seek. */
const MOVING_KEYS = new Set(['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'PageUp', 'PageDown', 'Home', 'End']);

export function ReadingPosition({ text, char, secondsPerChar, speed, onSeek }: Props) {
  const starts = useMemo(() => wordStarts(text), [text]);
  /** The word the bar is being moved to, until it is let go. */
  const [moving, setMoving] = useState<number | null>(null);
  const index = moving ?? wordIndexAt(starts, char);
  const at = starts[index] ?? 0;
  const { heard, left } = positionTimes(at, text.length, secondsPerChar, speed);
  const commit = () => {
    if (moving === null) return;
    setMoving(null);
    onSeek(starts[moving] ?? 0);
  };
  const onKeyUp = (e: KeyboardEvent) => {
    if (MOVING_KEYS.has(e.key)) commit();
  };
  if (starts.length === 0) return null;
  return (
    <div className="position">
      <span className="position-time" aria-hidden="true">
        {formatClock(heard)}
      </span>
      <input
        type="range"
        aria-label="Position in the text"
        min={0}
        max={Math.max(0, starts.length - 1)}
        step={1}
        value={index}
        aria-valuetext={`Word ${index + 1} of ${starts.length}: ${spokenClock(heard)} in, about ${spokenClock(left)} left`}
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
