// The app's core as main assembles it (createAloudCore over a real library and settings file on
// disk), reached through the same entry points the hotkey and the tray use (createActions, with a
// clipboard the test fills), and a player that plays along: it reports each segment as it arrives,
// pauses and resumes on the player commands, and says when a reading has played to its end.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Chunk } from '../../shared/chunk';
import { openLibrary, type LibraryStore } from '../../electron/history/library-store';
import { createActions, type Actions } from '../../electron/main/actions';
import { createCapture } from '../../electron/main/capture';
import { createReadingWriter } from '../../electron/history/reading-writer';
import { startReadingWriterThread } from '../support/reading-writer-thread';
import { createAloudCore, type AloudCore } from '../../electron/service/aloud-core';
import type { KeyCipher } from '../../electron/settings/key-cipher';
import { openProviderSettings, type ProviderSettings } from '../../electron/settings/provider-settings';
import type { Synthesizer } from '../../electron/speech/synthesizer';
import { listenAll } from '../support/listen-all';

export type ChunkSeen = Omit<Chunk, 'audio'>;

export interface RigEvent {
  channel: string;
  payload: Record<string, unknown>;
}

export interface Rig {
  core: AloudCore;
  store: LibraryStore;
  settings: ProviderSettings;
  dataDir: string;
  actions: Actions;
  /** What the hotkey would capture (the PRIMARY selection on Linux). */
  selection: { text: string };
  events: RigEvent[];
  /** Notifications shown to the user. */
  notes: string[];
  /** Errors the core logged (onError). */
  errors: unknown[];
  /** Chunks per reading, as the player received them (without their audio, which is not kept). */
  chunks: Map<string, ChunkSeen[]>;
  ended(readingId: string): string | undefined;
  /** The longest event-loop stall since the last reset, ms. */
  maxStallMs(): number;
  resetStall(): void;
  close(): Promise<void>;
}

const cipher: KeyCipher = {
  available: () => true,
  encrypt: (plain) => Buffer.concat([Buffer.from('v10'), Buffer.from(plain, 'utf8').map((b) => b ^ 0x5a)]),
  decrypt: (sealed) => Buffer.from(sealed.subarray(3).map((b) => b ^ 0x5a)).toString('utf8'),
};

export interface RigOptions {
  builtin: Synthesizer;
  builtinVoice: string;
  more?: Synthesizer[];
  /** The settings' voice for readings that name none (the hotkey's). */
  defaultVoice?: string;
  stoppedReadings?: 'keep' | 'complete' | 'discard';
  /** The player reports segments this many ms after they arrive (0: at once). */
  playerLagMs?: number;
  /** The test plays the readings itself (its own clock, its own progress reports). */
  manualPlayer?: boolean;
  dataDir?: string;
}

export function startRig(o: RigOptions): Rig {
  const dataDir = o.dataDir ?? mkdtempSync(join(tmpdir(), 'aloud-stress-'));
  const store = openLibrary({ path: join(dataDir, 'library.sqlite') });
  // As the app has it: long texts are written by the library's writer thread.
  const writer = createReadingWriter({ path: join(dataDir, 'library.sqlite'), startThread: startReadingWriterThread });
  const settings = openProviderSettings({ dataDir, cipher });
  settings.setStoppedReadings(o.stoppedReadings ?? 'keep');
  if (o.defaultVoice) settings.setDefaultVoice(o.defaultVoice);
  const events: RigEvent[] = [];
  const notes: string[] = [];
  const errors: unknown[] = [];
  const chunks = new Map<string, ChunkSeen[]>();
  const endings = new Map<string, string>();
  const stall = monitorEventLoopDelay({ resolution: 10 });
  stall.enable();

  const playerReport = (fn: () => unknown) => {
    const run = () => void Promise.resolve().then(fn).catch(() => undefined);
    if (o.playerLagMs) setTimeout(run, o.playerLagMs);
    else setImmediate(run);
  };
  const emit = (channel: string, payload: unknown) => {
    const p = payload as Record<string, unknown>;
    // Keep no copy of a reading's text: a stress run reads megabytes, and holding them would tax the GC.
    if (channel !== 'reading:chunk') events.push({ channel, payload: channel === 'reading:started' ? { ...p, text: undefined } : p });
    if (channel === 'reading:chunk') {
      // Keep what the player would show (words, times), not the audio: hours of it would tax the GC.
      const { audio: _audio, ...c } = payload as Chunk;
      (chunks.get(c.readingId) ?? chunks.set(c.readingId, []).get(c.readingId)!).push(c);
      if (!o.manualPlayer) playerReport(() => core.readings.progress(c.readingId, c.segment));
    } else if (channel === 'reading:ended') {
      endings.set(p.readingId as string, p.reason as string);
      if (p.reason === 'finished' && !o.manualPlayer) playerReport(() => core.readings.played(p.readingId as string));
    } else if (channel === 'player:command') {
      const current = core.readings.current();
      if (current && p.command === 'toggle-pause') playerReport(() => (current.paused ? core.readings.resume(current.readingId) : core.readings.pause(current.readingId)));
    }
  };
  const core: AloudCore = listenAll(createAloudCore({
    builtin: { synthesizer: o.builtin, voice: o.builtinVoice },
    moreSynthesizers: o.more ?? [],
    
    store,
    settings,
    keyStorageAvailable: () => true,
    onError: (err) => errors.push(err),
    onLibraryProblem: (sentence) => notes.push(sentence),
    readingWriter: writer,
  }), emit as never);
  const selection = { text: '' };
  const actions = createActions({
    readings: core.readings,
    // The hotkey's own capture, over a Linux clipboard whose PRIMARY selection holds the case's text.
    capture: createCapture({
      clipboard: { readText: async () => selection.text, selection: { readText: async () => selection.text }, read: async () => [], write: async () => undefined },
      platform: 'linux',
      selection: null,
      makeItem: () => {
        throw new Error('the stress rig never restores a clipboard');
      },
      whenNothingSelected: () => 'clipboard',
      notify: (m) => notes.push(m),
    }),
    platform: 'linux',
    remote: core.player,
    showReader: () => undefined,
    notify: (m) => notes.push(m),
    quit: () => undefined,
  });
  return {
    core,
    store,
    settings,
    dataDir,
    actions,
    selection,
    events,
    notes,
    errors,
    chunks,
    ended: (id) => endings.get(id),
    maxStallMs: () => stall.max / 1e6,
    resetStall: () => stall.reset(),
    async close() {
      stall.disable();
      await core.close();
      await writer.close();
      store.close();
      if (!o.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The readingIds of 'reading:started' events, in order. */
export function startedIds(rig: Rig): string[] {
  return rig.events.filter((e) => e.channel === 'reading:started').map((e) => e.payload.readingId as string);
}
