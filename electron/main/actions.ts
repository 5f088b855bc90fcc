// What the tray, the hotkey and forwarded command lines can do, in one place and without Electron:
// the electron-facing parts (window, notification, quit) come in as functions.
import { MAX_READING_CHARS } from '../../shared/speakable';
import { hasSpeakableText } from '../../shared/speakable';
import type { Emit, ReadingService } from '../service/reading-service';
import type { Captured } from './capture';
import type { MainCommand } from './command-line';

export interface ActionDeps {
  readings: Pick<ReadingService, 'read' | 'stop' | 'current'>;
  /** Where the text comes from (electron/main/capture.ts). */
  capture: { selection(): Promise<Captured>; clipboard(): Promise<string> };
  platform: NodeJS.Platform;
  /** Sends an event to the reader window. */
  emit: Emit;
  showReader(): void;
  /** Tells the user something went wrong, in one sentence. */
  notify(message: string): void;
  quit(): void;
}

export interface Actions {
  readSelection(): Promise<void>;
  readClipboard(): Promise<void>;
  readText(text: string): Promise<void>;
  togglePause(): void;
  stop(): Promise<void>;
  /** Passes a command to the reader's player: a step through the reading, or the Speed. */
  steer(command: 'previous-sentence' | 'next-sentence' | 'faster' | 'slower'): void;
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
      deps.notify(err instanceof Error ? err.message : String(err));
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
    // The player owns the audio clock, so pausing is its job; it tells the core in turn.
    togglePause() {
      if (deps.readings.current()) deps.emit('player:command', { command: 'toggle-pause' });
    },
    // Stop in both places: the player drops queued audio, the core stops synthesis even if the
    // reader window is unresponsive.
    async stop() {
      const current = deps.readings.current();
      deps.emit('player:command', { command: 'stop' });
      if (current) await deps.readings.stop(current.readingId);
    },
    // Sentences are steps through a reading; the Speed is the reader's own, reading or not.
    steer(command) {
      if (deps.readings.current() || command === 'faster' || command === 'slower') deps.emit('player:command', { command });
    },
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
