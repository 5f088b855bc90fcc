// The one router from the IPC contract (shared/ipc.ts) to the core's typed methods: every channel's
// arguments are validated here, once, against its zod schema, then handed to the method that serves
// it. Electron's ipcMain (electron/main/ipc-bridge.ts) and the e2e harness's WebSocket both use it.
import type { z } from 'zod';
import { appInvokeChannelNames, appInvokeChannels, isAppInvokeChannel, type AppInvokeChannel } from '../../shared/ipc';
import type { AloudCore } from './aloud-core';
import { ServiceError } from './service-error';

type Channels = typeof appInvokeChannels;
type Handlers = { [C in AppInvokeChannel]: (args: z.output<Channels[C]['args']>) => Promise<z.input<Channels[C]['result']>> | z.input<Channels[C]['result']> };

export interface IpcRouter {
  /** Validates `rawArgs` against the channel's schema, then acts. Rejects with a ServiceError on bad input. */
  invoke(channel: string, rawArgs: unknown): Promise<unknown>;
  /** Every channel it answers. */
  readonly channels: readonly AppInvokeChannel[];
}

/**
 * A core without libraryStatus (a test's readings alone) reports the library as there or not, no
 * more; one without naturalVoices refuses those channels.
 */
type RoutedCore = Pick<AloudCore, 'readings' | 'library' | 'settings'> & Partial<Pick<AloudCore, 'libraryStatus' | 'naturalVoices' | 'voiceSamples' | 'languageOf'>>;

export function createIpcRouter(core: RoutedCore): IpcRouter {
  const { readings } = core;
  // invoke() refuses a library or settings channel when that part is missing.
  const library = () => core.library!;
  const settings = () => core.settings!;
  const naturalVoices = () => core.naturalVoices!;
  const voiceSamples = () => core.voiceSamples!;

  const handlers: Handlers = {
    'reading:start': (a) => readings.read(a),
    'reading:pause': ({ readingId }) => readings.pause(readingId),
    'reading:resume': ({ readingId }) => readings.resume(readingId),
    'reading:stop': ({ readingId }) => readings.stop(readingId),
    'reading:progress': ({ readingId, segment }) => readings.progress(readingId, segment),
    'reading:played': ({ readingId }) => readings.played(readingId),
    'voices:list': () => readings.voices(),
    'voices:sample': ({ voice }) => voiceSamples().sample(voice),
    'text:language': async ({ text }) => (await core.languageOf?.(text)) ?? { language: null, reliable: false },
    'text:as-heard': async ({ text, voice }) => ({ sentences: await readings.textAsHeard(text, voice) }),
    'queue:list': () => readings.listQueue(),
    'queue:remove': ({ id }) => readings.removeFromQueue(id),
    'queue:move': ({ id, to }) => readings.moveInQueue(id, to),
    'queue:clear': () => readings.clearQueue(),
    'queue:mode': ({ mode }) => readings.setQueueMode(mode),
    'queue:play': ({ id }) => readings.playFromQueue(id),
    'player:control': ({ command }) => readings.controlPlayer(command),
    'player:report': (state) => readings.reportPlayer(state),
    'player:current': () => readings.playerState(),

    'library:list': (a) => library().list(a),
    'library:search': (a) => library().search(a),
    'library:get': ({ id }) => library().get(id),
    'library:play': ({ id }) => library().play(id),
    'library:delete': ({ id }) => library().delete(id),
    'library:pin': ({ id, pinned }) => library().pin(id, pinned),
    'library:export': ({ ids, formats }) => library().export(ids, formats),
    'library:limits': () => library().limits(),
    'library:set-limits': (limits) => library().setLimits(limits),
    'library:status': () => core.libraryStatus?.() ?? { available: core.library !== null, problem: null },

    'settings:get': () => settings().get(),
    'settings:set': (changes) => settings().set(changes),
    'settings:add-provider': ({ input, key }) => settings().addProvider(input, key),
    'settings:update-provider': ({ id, patch, key }) => settings().updateProvider(id, patch, key),
    'settings:remove-provider': ({ id }) => settings().removeProvider(id),
    'settings:test-provider': (target) => settings().testProvider(target),
    'settings:provider-voices': ({ id, refresh }) => settings().providerVoices(id, refresh ?? false),

    'natural-voices:installed': () => naturalVoices().installed(),
    'natural-voices:catalogue': () => naturalVoices().catalogue(),
    'natural-voices:install': ({ key }) => naturalVoices().install(key),
    'natural-voices:cancel-install': ({ key }) => naturalVoices().cancelInstall(key),
    'natural-voices:remove': ({ key }) => naturalVoices().remove(key),
    'natural-voices:sample': ({ key }) => naturalVoices().sample(key),
  };

  return {
    channels: appInvokeChannelNames,
    async invoke(channel, rawArgs) {
      if (!isAppInvokeChannel(channel)) throw new ServiceError(`Unknown channel '${String(channel)}'.`);
      const parsed = appInvokeChannels[channel].args.safeParse(rawArgs);
      if (!parsed.success) throw new ServiceError(`Invalid arguments for '${channel}': ${describeIssues(parsed.error)}.`);
      if (channel.startsWith('library:') && channel !== 'library:status' && !core.library) throw new ServiceError('The library could not be opened, so readings are not being saved or listed.');
      if (channel.startsWith('settings:') && !core.settings) throw new ServiceError('The settings could not be opened, so only the built-in voice is available.');
      if (channel.startsWith('natural-voices:') && !core.naturalVoices) throw new ServiceError('Natural voices cannot be installed here.');
      if (channel === 'voices:sample' && !core.voiceSamples) throw new ServiceError('Voice samples are not available here.');
      const handler = handlers[channel] as (args: unknown) => unknown;
      return handler(parsed.data);
    },
  };
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message)).join('; ');
}
