import { bufferSecondsFor, MAX_BUFFER_SECONDS, MIN_BUFFER_SECONDS, spokenSecondsGuess } from './start-buffer';

/** One delivery from synthesis: `seconds` of audio arriving at wall time `at`. */
interface Delivery {
  at: number;
  seconds: number;
}

interface Reading {
  /** Audio seconds of the whole reading, split in segments of this many seconds each. */
  segments: number[];
  deliveries: Delivery[];
  /** 'words': timings come with the audio; 'segment-end': estimated, a segment's words come with its last audio. */
  timings: 'words' | 'segment-end';
  playbackSpeed?: number;
  /** Leaves the playback speed out of what the rule is told (to show that it matters). */
  hideSpeed?: boolean;
}

/** Audio arriving at `speed` seconds per second after `firstDelay`, in pieces of `piece` seconds. */
function steady(total: number, speed: number, firstDelay: number, piece = 0.1): Delivery[] {
  const out: Delivery[] = [];
  for (let got = 0; got < total - 1e-9; got += piece) {
    const seconds = Math.min(piece, total - got);
    out.push({ at: firstDelay + (got + seconds) / speed, seconds });
  }
  return out;
}

/** Each segment in one burst, `every` seconds after the previous one (a request per segment). */
function bursts(segments: number[], every: number): Delivery[] {
  return segments.map((seconds, i) => ({ at: (i + 1) * every, seconds }));
}

/** The English text a reading of `seconds` would speak at an ordinary 15 characters a second. */
function textLasting(seconds: number): string {
  return 'word '.repeat(Math.ceil((seconds * 15) / 5));
}

/**
 * Plays a reading through a simple model of the player: the rule is asked again at each delivery
 * (as the reading session does on each chunk); playback starts once that much is buffered.
 */
function simulate({ segments, deliveries, timings, playbackSpeed = 1, hideSpeed = false }: Reading): { underran: boolean; startedAt: number } {
  const total = segments.reduce((a, b) => a + b, 0);
  const guessedSeconds = spokenSecondsGuess(textLasting(total));
  const step = 0.005;
  let received = 0;
  let played = 0;
  let next = 0;
  let need = MAX_BUFFER_SECONDS;
  let playing = false;
  let startedAt = NaN;
  for (let t = 0; t < 1000 && played < total - 1e-9; t += step) {
    let arrived = false;
    while (next < deliveries.length && deliveries[next]!.at <= t + 1e-9) {
      received += deliveries[next++]!.seconds;
      arrived = true;
    }
    if (arrived) {
      let wordsReach: number;
      if (timings === 'words') wordsReach = received;
      else {
        wordsReach = 0;
        for (const s of segments) if (wordsReach + s <= received + 1e-9) wordsReach += s;
      }
      need = bufferSecondsFor({ receivedSeconds: received, elapsedSeconds: t, textFraction: wordsReach / total, guessedSeconds, playbackSpeed: hideSpeed ? 1 : playbackSpeed });
    }
    const buffered = received - played;
    const all = received >= total - 1e-9;
    if (!playing) {
      if (buffered >= need - 1e-9 || all) {
        playing = true;
        startedAt = t;
      }
    } else {
      const use = step * playbackSpeed;
      if (buffered < use - 1e-9 && !all) return { underran: true, startedAt };
      played += Math.min(use, buffered);
    }
  }
  return { underran: false, startedAt };
}

const even = (total: number, n: number) => Array.from({ length: n }, () => total / n);

describe('bufferSecondsFor', () => {
  it('asks only for jitter cover when the voice is faster than real time, with or without words', () => {
    expect(bufferSecondsFor({ receivedSeconds: 3, elapsedSeconds: 0.5, textFraction: 0.1, guessedSeconds: 60 })).toBe(MIN_BUFFER_SECONDS);
    expect(bufferSecondsFor({ receivedSeconds: 3, elapsedSeconds: 0.5, textFraction: 0, guessedSeconds: 60 })).toBe(MIN_BUFFER_SECONDS);
  });

  it('starts at once when the whole text has arrived', () => {
    expect(bufferSecondsFor({ receivedSeconds: 5, elapsedSeconds: 50, textFraction: 1, guessedSeconds: 8 })).toBe(MIN_BUFFER_SECONDS);
  });

  it('before any word, sizes a slow voice by the guessed length of the text, up to the cap', () => {
    const short = bufferSecondsFor({ receivedSeconds: 0.5, elapsedSeconds: 1, textFraction: 0, guessedSeconds: 2 });
    expect(short).toBeCloseTo(1.5 * 1 * 1.3, 5);
    expect(bufferSecondsFor({ receivedSeconds: 0.5, elapsedSeconds: 1, textFraction: 0, guessedSeconds: 600 })).toBe(MAX_BUFFER_SECONDS);
  });

  it('counts the playback speed: a voice twice as fast as real time is slow for playback at 3x', () => {
    const at1 = bufferSecondsFor({ receivedSeconds: 2, elapsedSeconds: 1, textFraction: 0.2, guessedSeconds: 20, playbackSpeed: 1 });
    const at3 = bufferSecondsFor({ receivedSeconds: 2, elapsedSeconds: 1, textFraction: 0.2, guessedSeconds: 20, playbackSpeed: 3 });
    expect(at1).toBe(MIN_BUFFER_SECONDS);
    expect(at3).toBe(MAX_BUFFER_SECONDS);
  });

  it('starts a fast voice within a fraction of a second of its first audio, with timings or with words only at segment ends', () => {
    for (const timings of ['words', 'segment-end'] as const) {
      const started = simulate({ segments: even(60, 6), deliveries: steady(60, 8, 0.2), timings }).startedAt;
      expect(started, timings).toBeLessThan(0.3);
    }
  });

  it('keeps a slower-than-real-time voice from running dry, with timings or without, when the buffer needed fits under the cap', () => {
    for (const timings of ['words', 'segment-end'] as const) {
      for (const [total, speed] of [
        [4.3, 0.7],
        [10, 0.8],
        [3, 0.5],
        [20, 0.9],
      ] as const) {
        expect(simulate({ segments: even(total, Math.ceil(total / 5)), deliveries: steady(total, speed, 0.3), timings }), `${timings} ${total}s at ${speed}x`).toMatchObject({
          underran: false,
        });
      }
    }
  });

  it('makes a slow voice without words wait longer than a fast one, but less than the whole reading', () => {
    const slow = simulate({ segments: even(10, 2), deliveries: steady(10, 0.8, 0.3), timings: 'segment-end' });
    expect(slow.underran).toBe(false);
    expect(slow.startedAt).toBeGreaterThan(1);
    expect(slow.startedAt).toBeLessThan(10 / 0.8);
  });

  it('plays bursty deliveries (a segment per request) through without running dry', () => {
    for (const timings of ['words', 'segment-end'] as const) {
      // Faster than real time on average: 3 s of audio every 2 s; starts on the first burst.
      const fast = simulate({ segments: even(15, 5), deliveries: bursts(even(15, 5), 2), timings });
      expect(fast, timings).toMatchObject({ underran: false });
      expect(fast.startedAt, timings).toBeLessThan(2.1);
      // Slower: 2 s of audio every 2.5 s.
      expect(simulate({ segments: even(10, 5), deliveries: bursts(even(10, 5), 2.5), timings }), timings).toMatchObject({ underran: false });
    }
  });

  it('keeps up with playback sped up past the delivery speed, when the buffer needed fits under the cap', () => {
    for (const timings of ['words', 'segment-end'] as const) {
      expect(simulate({ segments: even(6, 2), deliveries: steady(6, 1.5, 0.2), timings, playbackSpeed: 2 }), timings).toMatchObject({ underran: false });
      // The same voice runs dry if the rule is not told the speed.
      expect(simulate({ segments: even(6, 2), deliveries: steady(6, 1.5, 0.2), timings, playbackSpeed: 2, hideSpeed: true }), timings).toMatchObject({ underran: true });
    }
  });
});

describe('spokenSecondsGuess', () => {
  it('guesses an English text no shorter than it takes to say at an ordinary pace', () => {
    expect(spokenSecondsGuess(textLasting(10))).toBeGreaterThanOrEqual(10);
  });

  it('gives each CJK character about three times the time of a letter', () => {
    expect(spokenSecondsGuess('読み上げます')).toBeCloseTo(3.3 * spokenSecondsGuess('abcdef'), 5);
  });
});
