// What the tray, the hotkey and forwarded command lines can do, in one place and without Electron:
// the electron-facing parts (window, notification, quit) come in as functions.
import { MAX_READING_CHARS } from '../../shared/speakable';
import { hasSpeakableText } from '../../shared/speakable';
import { messageOf } from '../../shared/ipc-error';
import type { PlayerRemote } from '../service/player-remote';
import type { ReadingService } from '../service/reading-service';
import type { Captured } from './capture';
import type { MainCommand } from './command-line';

export interface ActionDeps {
  readings: Pick<ReadingService, 'read'>;
  /** The player's remote control in main: pause and Speed act there at once, steps go to the player. */
  remote: Pick<PlayerRemote, 'control'>;
  /** Where the text comes from (electron/main/capture.ts). */
  capture: { selection(): Promise<Captured>; clipboard(): Promise<string> };
  platform: NodeJS.Platform;
  showReader(): void;
  /** Tells the user something went wrong, in one sentence. */
  notify(message: string): void;
  quit(): void;
}

export interface Actions {
  readSelection(): Promise<void>;
  readClipboard(): Promise<void>;
  readText(text: string): Promise<void>;
  togglePause(): Promise<void>;
  stop(): Promise<void>;
  /** A step through the reading, or the Speed. */
  steer(command: 'previous-sentence' | 'next-sentence' | 'faster' | 'slower'): Promise<void>;
  showReader(): void;
  quit(): void;
  run(command: MainCommand): Promise<void>;
}

export function createActions(deps: ActionDeps): Actions {
  async function readText(text: string): Promise<void> {
    if (!hasSpeakableText(text)) {
      deps.notify(deps.platform === 'linux' ? 'Nothing to read: select or copy some text first.' : 'Nothing to read: copy some text first.');
      return;
    }
    // Longer than one reading may be: read the first part rather than nothing.
    const bounded = text.length > MAX_READING_CHARS ? text.slice(0, MAX_READING_CHARS) : text;
    deps.showReader();
    try {
      await deps.readings.read({ text: bounded });
    } catch (err) {
      deps.notify(messageOf(err));
    }
  }

  const actions: Actions = {
    readText,
    async readSelection() {
      const got = await deps.capture.selection();
      if ('nothing' in got) deps.notify(got.nothing);
      else await readText(got.text);
    },
    readClipboard: async () => readText(await deps.capture.clipboard()),
    togglePause: () => deps.remote.control('toggle-pause'),
    stop: () => deps.remote.control('stop'),
    steer: (command) => deps.remote.control(command),
    showReader: () => deps.showReader(),
    quit: () => deps.quit(),
    async run(command) {
      switch (command) {
        case 'read-selection':
          return actions.readSelection();
        case 'read-clipboard':
          return actions.readClipboard();
        case 'toggle-pause':
          return actions.togglePause();
        case 'stop':
          return actions.stop();
        case 'previous-sentence':
        case 'next-sentence':
        case 'faster':
        case 'slower':
          return actions.steer(command);
        case 'show':
          return actions.showReader();
      }
    },
  };
  return actions;
}
