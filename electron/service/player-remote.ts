// The remote control of the one player (which lives in the reader window, beside the audio): the
// hotkeys, the tray and the mini player all steer it here. What main already knows it does at once:
// pause and resume the reading, stop it, change the Speed; each is then told as an event the player
// follows ('reading:paused', 'reading:ended', 'reading:speed'), with no call back. Only what needs the
// player's own clock (a sentence back or on, a word to seek to, the shown text again), and the audio
// it holds at a stop, goes to the player as a 'player:command', which it carries out without calling back. The player's reports are kept for a remote that opens, and passed on.
import type { PlayerCommand, PlayerState } from '../../shared/ipc';
import { clampSpeed } from '../../shared/speed';
import type { CoreEventHub } from './core-events';
import type { ReadingService } from './reading-service';

/** One press of Faster or Slower, as one step of the reader's Speed slider. */
export const SPEED_STEP = 0.25;

export interface PlayerRemote {
  control(command: PlayerCommand): Promise<void>;
  /** The player tells what it is doing; passed on to the remotes as 'player:state'. */
  report(state: PlayerState): void;
  /** The player's last report (null before any), for a remote control that just opened. */
  current(): PlayerState | null;
}

export interface PlayerRemoteOptions {
  readings: Pick<ReadingService, 'playing' | 'pause' | 'resume' | 'stop' | 'playerIdle'>;
  events: Pick<CoreEventHub, 'emit'>;
  /** The Speed as the settings hold it, and the way to change it (which tells 'reading:speed'). */
  speed: { get(): number; set(speed: number): Promise<void> | void };
}

export function createPlayerRemote(o: PlayerRemoteOptions): PlayerRemote {
  let last: PlayerState | null = null;
  const toPlayer = (command: PlayerCommand) => o.events.emit('player:command', { command });

  return {
    async control(command) {
      const playing = o.readings.playing();
      if (command === 'toggle-pause') {
        if (playing) await (playing.paused ? o.readings.resume(playing.readingId) : o.readings.pause(playing.readingId));
        // Nothing plays: the player reads its shown text again, if it shows one.
        else if (last?.readingId) toPlayer('restart');
      } else if (command === 'stop') {
        // Synthesis stops here; the player drops the audio it holds (its synthesis may have ended already).
        if (playing) await o.readings.stop(playing.readingId);
        if (playing || last?.readingId) toPlayer('stop');
      } else if (command === 'faster' || command === 'slower') {
        await o.speed.set(clampSpeed(o.speed.get() + (command === 'faster' ? SPEED_STEP : -SPEED_STEP)));
      } else if (playing || command === 'restart' || (typeof command === 'object' && last?.readingId)) {
        toPlayer(command);
      }
    },
    report(state) {
      last = state;
      // A player that plays nothing (a reader just loaded, or one that stopped) holds up no queue.
      if (state.readingId === null || state.phase === 'stopped' || state.phase === 'error' || state.phase === 'idle') o.readings.playerIdle(state.readingId);
      o.events.emit('player:state', state);
    },
    current: () => last,
  };
}
