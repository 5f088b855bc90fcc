// The IPC channel names alone, without their zod schemas: the sandboxed preload checks names against
// these and stays a small bundle with no dependency. shared/ipc.ts (with library-ipc.ts and
// settings-ipc.ts) gives each name its schemas in a table typed ChannelTable over these names, so
// `tsc` fails when a channel is in one place and not the other. (Only zod's types are used here.)
import type { z } from 'zod';
export const INVOKE_CHANNEL_NAMES = [
  'reading:start',
  'reading:pause',
  'reading:resume',
  'reading:stop',
  'reading:progress',
  'voices:list',
  'voices:sample',
  'text:as-heard',
  'text:language',
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

export const EVENT_CHANNEL_NAMES = [
  'reading:started',
  'reading:chunk',
  'reading:ended',
  'reading:fallback',
  'player:command',
  'queue:changed',
  'player:state',
  'natural-voices:progress',
] as const;

export const LIBRARY_INVOKE_CHANNEL_NAMES = [
  'library:list',
  'library:search',
  'library:get',
  'library:play',
  'library:delete',
  'library:pin',
  'library:export',
  'library:limits',
  'library:set-limits',
  'library:status',
] as const;

export const SETTINGS_INVOKE_CHANNEL_NAMES = [
  'settings:get',
  'settings:set',
  'settings:add-provider',
  'settings:update-provider',
  'settings:remove-provider',
  'settings:test-provider',
  'settings:provider-voices',
] as const;

export const NATURAL_VOICES_INVOKE_CHANNEL_NAMES = [
  'natural-voices:installed',
  'natural-voices:catalogue',
  'natural-voices:install',
  'natural-voices:cancel-install',
  'natural-voices:remove',
  'natural-voices:sample',
] as const;

/** Every channel the renderer may invoke: the reading core's, the library's, the settings' and the natural voices'. */
export const APP_INVOKE_CHANNEL_NAMES = [...INVOKE_CHANNEL_NAMES, ...LIBRARY_INVOKE_CHANNEL_NAMES, ...SETTINGS_INVOKE_CHANNEL_NAMES, ...NATURAL_VOICES_INVOKE_CHANNEL_NAMES] as const;

export type InvokeChannelName = (typeof INVOKE_CHANNEL_NAMES)[number];
export type EventChannelName = (typeof EVENT_CHANNEL_NAMES)[number];
export type LibraryInvokeChannelName = (typeof LIBRARY_INVOKE_CHANNEL_NAMES)[number];
export type SettingsInvokeChannelName = (typeof SETTINGS_INVOKE_CHANNEL_NAMES)[number];
export type NaturalVoicesInvokeChannelName = (typeof NATURAL_VOICES_INVOKE_CHANNEL_NAMES)[number];

/**
 * A table with exactly one entry per name: used as `{ ... } as const satisfies ChannelTable<Name, Def>`,
 * a missing name fails as a missing property and an unlisted one as an unknown property.
 */
export type ChannelTable<Name extends string, Def> = { readonly [C in Name]: Def };

/** What an invoke channel is: the schemas of its arguments and its result. */
export interface InvokeChannelDef {
  args: z.ZodType;
  result: z.ZodType;
}
