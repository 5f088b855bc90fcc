// The IPC channel names alone, without their zod schemas: the sandboxed preload checks names against
// these and stays a small bundle with no dependency (shared/ipc.ts holds the schemas; a test keeps the
// two lists equal).
export const INVOKE_CHANNEL_NAMES = [
  'reading:start',
  'reading:pause',
  'reading:resume',
  'reading:stop',
  'reading:progress',
  'voices:list',
  'reading:played',
  'queue:list',
  'queue:remove',
  'queue:move',
  'queue:clear',
  'queue:play',
  'queue:mode',
  'player:control',
  'player:report',
  'player:current',
] as const;

export const EVENT_CHANNEL_NAMES = ['reading:started', 'reading:chunk', 'reading:ended', 'reading:fallback', 'player:command', 'queue:changed', 'player:state'] as const;

/** The library's and the settings' invoke channels (shared/library-ipc.ts, shared/settings-ipc.ts). */
export const APP_INVOKE_CHANNEL_NAMES = [
  ...INVOKE_CHANNEL_NAMES,
  'library:list',
  'library:search',
  'library:get',
  'library:play',
  'library:delete',
  'library:pin',
  'library:export',
  'library:limits',
  'library:set-limits',
  'settings:get',
  'settings:set',
  'settings:add-provider',
  'settings:update-provider',
  'settings:remove-provider',
  'settings:test-provider',
  'settings:provider-voices',
] as const;
