// The remote control acts in main on what main knows (pause, stop, Speed) and sends the player only
// what needs its own clock; the player's reports go on to the remotes and release the queue.
import { describe, expect, it } from 'vitest';
import type { EventChannel, PlayerState } from '../../shared/ipc';
import { createPlayerRemote } from './player-remote';

function setup(playing: { readingId: string; paused: boolean } | null) {
  const calls: string[] = [];
  const events: { name: EventChannel; payload: unknown }[] = [];
  let speed = 1;
  const remote = createPlayerRemote({
    readings: {
      playing: () => playing,
      pause: async (id) => void calls.push(`pause ${id}`),
      resume: async (id) => void calls.push(`resume ${id}`),
      stop: async (id) => void calls.push(`stop ${id}`),
      playerIdle: (id) => void calls.push(`idle ${id}`),
    },
    events: { emit: (name, payload) => void events.push({ name, payload }) },
    speed: { get: () => speed, set: (s) => void (speed = s) },
  });
  return { remote, calls, events, speed: () => speed };
}

const state = (over: Partial<PlayerState>): PlayerState => ({ readingId: 'r1', phase: 'reading', title: 'Hello', message: 'Reading.', ...over });

describe("the player's remote control", () => {
  it('pauses and resumes the reading in main, sending the player no command', async () => {
    const a = setup({ readingId: 'r1', paused: false });
    await a.remote.control('toggle-pause');
    const b = setup({ readingId: 'r1', paused: true });
    await b.remote.control('toggle-pause');
    expect([a.calls, b.calls]).toEqual([['pause r1'], ['resume r1']]);
    expect([...a.events, ...b.events]).toEqual([]);
  });

  it('changes the Speed in main by a quarter step, within its range', async () => {
    const { remote, speed, events } = setup(null);
    await remote.control('faster');
    await remote.control('faster');
    expect(speed()).toBe(1.5);
    await remote.control('slower');
    expect(speed()).toBe(1.25);
    for (let i = 0; i < 10; i++) await remote.control('slower');
    expect(speed()).toBe(0.5);
    expect(events).toEqual([]);
  });

  it('stops synthesis in main, then tells the player to drop the audio it holds', async () => {
    const { remote, calls, events } = setup({ readingId: 'r1', paused: false });
    await remote.control('stop');
    expect(calls).toEqual(['stop r1']);
    expect(events).toEqual([{ name: 'player:command', payload: { command: 'stop' } }]);
  });

  it("sends steps by the player's clock to the player, and nothing while nothing is read or shown", async () => {
    const idle = setup(null);
    await idle.remote.control('next-sentence');
    await idle.remote.control('toggle-pause');
    await idle.remote.control({ seekToWord: 3 });
    expect(idle.events).toEqual([]);
    const reading = setup({ readingId: 'r1', paused: false });
    await reading.remote.control('previous-sentence');
    await reading.remote.control({ seekToWord: 3 });
    expect(reading.events.map((e) => e.payload)).toEqual([{ command: 'previous-sentence' }, { command: { seekToWord: 3 } }]);
  });

  it('plays the shown text again on Play when it has ended', async () => {
    const { remote, events } = setup(null);
    remote.report(state({ phase: 'finished' }));
    await remote.control('toggle-pause');
    expect(events.at(-1)).toEqual({ name: 'player:command', payload: { command: 'restart' } });
  });

  it("passes the player's reports on, keeps the last for a remote that opens, and releases the queue when the player plays nothing", () => {
    const { remote, calls, events } = setup(null);
    expect(remote.current()).toBeNull();
    remote.report(state({}));
    remote.report(state({ phase: 'stopped' }));
    expect(remote.current()).toMatchObject({ phase: 'stopped' });
    expect(events.map((e) => e.name)).toEqual(['player:state', 'player:state']);
    expect(calls).toEqual(['idle r1']);
  });
});
