// The main process as the renderer's code calls it: named, typed methods over the preload API, so
// components never spell a channel. The one place in the renderer that names invoke channels.
import type { AloudApi, AppInvokeArgs, AppInvokeResult, EventChannel, EventPayload, PlayerCommand, PlayerState, QueueMode } from '../../../shared/ipc';

type Args<C extends Parameters<AloudApi['invoke']>[0]> = AppInvokeArgs<C>;
type Result<C extends Parameters<AloudApi['invoke']>[0]> = Promise<AppInvokeResult<C>>;

export interface AloudClient {
  readings: {
    start(args: Args<'reading:start'>): Result<'reading:start'>;
    pause(readingId: string): Result<'reading:pause'>;
    resume(readingId: string): Result<'reading:resume'>;
    stop(readingId: string): Result<'reading:stop'>;
    progress(readingId: string, segment: number): Result<'reading:progress'>;
    played(readingId: string): Result<'reading:played'>;
    voices(): Result<'voices:list'>;
    /** A short sentence in `voice`, to hear before choosing it (see shared/ipc.ts). */
    sample(voice: string): Result<'voices:sample'>;
    /** The text as it would be spoken by the rules in force, sentence by sentence; nothing is spoken. */
    asHeard(text: string): Result<'text:as-heard'>;
    /** The language the text is written in, or null when it cannot be told. */
    language(text: string): Result<'text:language'>;
  };
  queue: {
    list(): Result<'queue:list'>;
    remove(id: string): Result<'queue:remove'>;
    move(id: string, to: number): Result<'queue:move'>;
    clear(): Result<'queue:clear'>;
    setMode(mode: QueueMode): Result<'queue:mode'>;
    play(id: string): Result<'queue:play'>;
  };
  player: {
    control(command: PlayerCommand): Result<'player:control'>;
    report(state: PlayerState): Result<'player:report'>;
    current(): Result<'player:current'>;
  };
  library: {
    list(args: Args<'library:list'>): Result<'library:list'>;
    search(args: Args<'library:search'>): Result<'library:search'>;
    get(id: string): Result<'library:get'>;
    play(id: string): Result<'library:play'>;
    delete(id: string): Result<'library:delete'>;
    pin(id: string, pinned: boolean): Result<'library:pin'>;
    export(args: Args<'library:export'>): Result<'library:export'>;
    limits(): Result<'library:limits'>;
    setLimits(limits: Args<'library:set-limits'>): Result<'library:set-limits'>;
    status(): Result<'library:status'>;
  };
  settings: {
    get(): Result<'settings:get'>;
    set(changes: Args<'settings:set'>): Result<'settings:set'>;
    addProvider(args: Args<'settings:add-provider'>): Result<'settings:add-provider'>;
    updateProvider(args: Args<'settings:update-provider'>): Result<'settings:update-provider'>;
    removeProvider(id: string): Result<'settings:remove-provider'>;
    testProvider(target: Args<'settings:test-provider'>): Result<'settings:test-provider'>;
    providerVoices(id: string, refresh?: boolean): Result<'settings:provider-voices'>;
  };
  naturalVoices: {
    installed(): Result<'natural-voices:installed'>;
    catalogue(): Result<'natural-voices:catalogue'>;
    install(key: string): Result<'natural-voices:install'>;
    cancelInstall(key: string): Result<'natural-voices:cancel-install'>;
    remove(key: string): Result<'natural-voices:remove'>;
    sample(key: string): Result<'natural-voices:sample'>;
  };
  /** Listens to an event from main; returns the function that stops listening. */
  on<C extends EventChannel>(channel: C, listener: (payload: EventPayload<C>) => void): () => void;
}

export function createAloudClient(api: AloudApi): AloudClient {
  const invoke: AloudApi['invoke'] = (channel, args) => api.invoke(channel, args);
  return {
    readings: {
      start: (args) => invoke('reading:start', args),
      pause: (readingId) => invoke('reading:pause', { readingId }),
      resume: (readingId) => invoke('reading:resume', { readingId }),
      stop: (readingId) => invoke('reading:stop', { readingId }),
      progress: (readingId, segment) => invoke('reading:progress', { readingId, segment }),
      played: (readingId) => invoke('reading:played', { readingId }),
      voices: () => invoke('voices:list', {}),
      sample: (voice) => invoke('voices:sample', { voice }),
      asHeard: (text) => invoke('text:as-heard', { text }),
      language: (text) => invoke('text:language', { text }),
    },
    queue: {
      list: () => invoke('queue:list', {}),
      remove: (id) => invoke('queue:remove', { id }),
      move: (id, to) => invoke('queue:move', { id, to }),
      clear: () => invoke('queue:clear', {}),
      setMode: (mode) => invoke('queue:mode', { mode }),
      play: (id) => invoke('queue:play', { id }),
    },
    player: {
      control: (command) => invoke('player:control', { command }),
      report: (state) => invoke('player:report', state),
      current: () => invoke('player:current', {}),
    },
    library: {
      list: (args) => invoke('library:list', args),
      search: (args) => invoke('library:search', args),
      get: (id) => invoke('library:get', { id }),
      play: (id) => invoke('library:play', { id }),
      delete: (id) => invoke('library:delete', { id }),
      pin: (id, pinned) => invoke('library:pin', { id, pinned }),
      export: (args) => invoke('library:export', args),
      limits: () => invoke('library:limits', {}),
      setLimits: (limits) => invoke('library:set-limits', limits),
      status: () => invoke('library:status', {}),
    },
    settings: {
      get: () => invoke('settings:get', {}),
      set: (changes) => invoke('settings:set', changes),
      addProvider: (args) => invoke('settings:add-provider', args),
      updateProvider: (args) => invoke('settings:update-provider', args),
      removeProvider: (id) => invoke('settings:remove-provider', { id }),
      testProvider: (target) => invoke('settings:test-provider', target),
      providerVoices: (id, refresh) => invoke('settings:provider-voices', refresh === undefined ? { id } : { id, refresh }),
    },
    naturalVoices: {
      installed: () => invoke('natural-voices:installed', {}),
      catalogue: () => invoke('natural-voices:catalogue', {}),
      install: (key) => invoke('natural-voices:install', { key }),
      cancelInstall: (key) => invoke('natural-voices:cancel-install', { key }),
      remove: (key) => invoke('natural-voices:remove', { key }),
      sample: (key) => invoke('natural-voices:sample', { key }),
    },
    on: (channel, listener) => api.on(channel, listener),
  };
}

let shared: AloudClient | null = null;

/** The client over the page's preload API (window.aloud), made once. */
export function useAloud(): AloudClient {
  shared ??= createAloudClient(window.aloud);
  return shared;
}
