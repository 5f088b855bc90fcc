import { PlayClock } from './play-clock';
import type { WorkletClock } from './worklet-protocol';

const report = (contextFrame: number, played: number, state: WorkletClock['state'], extra: Partial<WorkletClock> = {}): WorkletClock => ({
  type: 'clock',
  generation: 1,
  state,
  paused: false,
  played,
  speed: 1,
  firstAt: 0,
  speedFrom: { contextFrame: 0, played: 0, speed: 1 },
  contextFrame,
  drainedAt: 0,
  queued: 10_000,
  underruns: 0,
  underrunFrames: 0,
  ...extra,
});

describe('PlayClock', () => {
  it('is -1 until the speaker reaches the frame where playback began', () => {
    const c = new PlayClock();
    c.report(report(1000, 0, 'buffering'));
    c.report(report(5000, 0, 'playing'));
    expect(c.heardAt(500, 1e9)).toBe(-1);
    expect(c.heardAt(4999, 1e9)).toBe(-1);
    expect(c.heardAt(5000, 1e9)).toBe(0);
    expect(c.heardAt(5100, 1e9)).toBe(100);
  });

  it('answers an observer’s look ahead without raising what it answers the reader next', () => {
    const c = new PlayClock();
    c.report(report(0, 0, 'playing'));
    c.report(report(800, 1000, 'playing'));
    expect(c.heardAt(900, 1e9, false)).toBe(1100);
    // The reader's own question for an earlier frame is answered for that frame, not the peeked one.
    expect(c.heardAt(600, 1e9)).toBe(600);
    expect(c.heardAt(500, 1e9)).toBe(600);
  });

  it('follows the speaker, which lags the worklet: older reports answer for earlier output frames', () => {
    const c = new PlayClock();
    c.report(report(0, 0, 'playing'));
    c.report(report(1024, 1024, 'playing'));
    c.report(report(2048, 2048, 'playing'));
    // The worklet is at 2048, but the speaker is only at context frame 700.
    expect(c.heardAt(700, 1e9)).toBe(700);
    expect(c.heardAt(1500, 1e9)).toBe(1500);
  });

  it('stands still while paused and resumes from the same frame', () => {
    const c = new PlayClock();
    c.report(report(0, 0, 'playing'));
    c.report(report(1000, 1000, 'playing', { paused: true }));
    c.report(report(9000, 1000, 'playing'));
    expect(c.heardAt(1000, 1e9)).toBe(1000);
    expect(c.heardAt(8999, 1e9)).toBe(1000);
    expect(c.heardAt(9500, 1e9)).toBe(1500);
  });

  it('does not run past the queue when the worklet starves, nor past the frames pushed', () => {
    const c = new PlayClock();
    c.report(report(0, 0, 'playing', { queued: 300 }));
    expect(c.heardAt(1000, 1e9)).toBe(300);
    c.report(report(2000, 300, 'starved', { queued: 0 }));
    expect(c.heardAt(2500, 1e9)).toBe(300);
    const d = new PlayClock();
    d.report(report(0, 0, 'playing'));
    expect(d.heardAt(5000, 4000)).toBe(4000);
  });

  it('never goes backwards', () => {
    const c = new PlayClock();
    c.report(report(0, 0, 'playing'));
    expect(c.heardAt(800, 1e9)).toBe(800);
    expect(c.heardAt(600, 1e9)).toBe(800);
  });

  it('time-stretched, extrapolates at the speed: source frames heard per output frame', () => {
    const clock = new PlayClock();
    clock.report(report(1000, 400, 'playing', { speed: 3 }));
    expect(clock.heardAt(1100, 100_000)).toBe(700);
    expect(clock.heardAt(1200, 100_000)).toBe(1000);
  });
});
