import { bufferSecondsFor, MAX_BUFFER_SECONDS, MIN_BUFFER_SECONDS } from './start-buffer';

/** Plays a reading through a simple model: audio arrives at `speed`, playback starts once the rule allows. */
function simulate(totalSeconds: number, speed: number, firstDelay: number): { underran: boolean; startedAt: number } {
  const step = 0.01;
  let played = 0;
  let playing = false;
  let startedAt = NaN;
  for (let t = 0; t < 1000 && played < totalSeconds - 1e-9; t += step) {
    const received = Math.min(totalSeconds, Math.max(0, (t - firstDelay) * speed));
    const buffered = received - played;
    if (!playing) {
      const need = bufferSecondsFor({ receivedSeconds: received, elapsedSeconds: t, textFraction: received / totalSeconds });
      if (buffered >= need - 1e-9 || received >= totalSeconds) {
        playing = true;
        startedAt = t;
      }
    } else {
      if (buffered < step - 1e-9 && received < totalSeconds) return { underran: true, startedAt };
      played += Math.min(step, buffered);
    }
  }
  return { underran: false, startedAt };
}

describe('bufferSecondsFor', () => {
  it('asks only for jitter cover when the voice is faster than real time', () => {
    expect(bufferSecondsFor({ receivedSeconds: 3, elapsedSeconds: 0.5, textFraction: 0.1 })).toBe(MIN_BUFFER_SECONDS);
  });

  it('waits until words arrive before trusting any estimate', () => {
    expect(bufferSecondsFor({ receivedSeconds: 0.1, elapsedSeconds: 0.2, textFraction: 0 })).toBe(MAX_BUFFER_SECONDS);
  });

  it('starts at once when the whole text has arrived', () => {
    expect(bufferSecondsFor({ receivedSeconds: 5, elapsedSeconds: 50, textFraction: 1 })).toBe(MIN_BUFFER_SECONDS);
  });

  it('keeps a slower-than-real-time voice from running dry, when the buffer needed fits under the cap', () => {
    for (const [total, speed] of [
      [4.3, 0.7],
      [10, 0.8],
      [3, 0.5],
      [20, 0.9],
    ] as const) {
      expect(simulate(total, speed, 0.3)).toMatchObject({ underran: false });
    }
  });

  it('starts a fast voice within a fraction of a second of its first audio', () => {
    expect(simulate(60, 8, 0.2).startedAt).toBeLessThan(0.3);
  });
});
