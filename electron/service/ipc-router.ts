// The one router from the IPC contract (shared/ipc.ts) to the core's typed methods: every call's
// arguments are validated here, once, against its zod schema, then handed to the method that serves
// it. Electron's ipcMain (electron/main/ipc-bridge.ts) and the e2e harness's WebSocket both use it.
import type { z } from 'zod';
import { invokeChannelNames, invokeDef, isInvokeChannel, type InvokeChannel, type InvokeArgs, type InvokeResult } from '../../shared/ipc';
import type { IpcReply } from '../../shared/ipc-error';
import type { AloudCore } from './aloud-core';
import { ServiceError, toIpcError } from './service-error';

type Handlers = { [C in InvokeChannel]: (args: z.output<ReturnType<typeof invokeDef<C>>['args']>) => Promise<z.input<ReturnType<typeof invokeDef<C>>['result']>> | z.input<ReturnType<typeof invokeDef<C>>['result']> };

export interface IpcRouter {
  /** Validates `rawArgs` against the channel's schema, then acts. Rejects with a ServiceError on bad input. */
  invoke<C extends InvokeChannel>(channel: C, rawArgs: InvokeArgs<C>): Promise<InvokeResult<C>>;
  invoke(channel: string, rawArgs: unknown): Promise<unknown>;
  /** The same call, answered as it crosses IPC: the result, or the failure with its kind; never rejects. */
  reply(channel: string, rawArgs: unknown): Promise<IpcReply>;
  /** Every channel it answers. */
  readonly channels: readonly InvokeChannel[];
}

/**
 * A core without libraryStatus (a test's readings alone) reports the library as there or not, no
 * more; one without the library, settings, player, natural voices or samples refuses their calls in a sentence.
 */
type RoutedCore = Pick<AloudCore, 'readings' | 'library' | 'settings'> & Partial<Pick<AloudCore, 'player' | 'libraryStatus' | 'naturalVoices' | 'voiceSamples' | 'languageOf'>>;

/** The part a call needs, or a refusal saying why it is missing. */
function needed<T>(part: T | null | undefined, why: string): T {
  if (part === null || part === undefined) throw new ServiceError(why, 'unavailable');
  return part;
}

export function createIpcRouter(core: RoutedCore): IpcRouter {
  const { readings } = core;
  const library = () => needed(core.library, 'The library could not be opened, so readings are not being saved or listed.');
  const settings = () => needed(core.settings, 'The settings could not be opened, so only the built-in voice is available.');
  const naturalVoices = () => needed(core.naturalVoices, 'Natural voices cannot be installed here.');
  const voiceSamples = () => needed(core.voiceSamples, 'Voice samples are not available here.');
  const player = () => needed(core.player, 'The player cannot be steered from here.');

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
    'player:control': ({ command }) => player().control(command),
    'player:report': (state) => player().report(state),
    'player:current': () => player().current(),

    'library:list': (a) => library().list(a),
    'library:search': (a) => library().search(a),
    'library:get': ({ id }) => library().get(id),
    'library:play': ({ id }) => library().play(id),
    'library:delete': ({ id }) => library().delete(id),
    'library:pin': ({ id, pinned }) => library().pin(id, pinned),
    'library:export': ({ ids, formats }) => library().export(ids, formats),
    'library:limits': () => library().limits(),
    'library:set-limits': (limits) => library().setLimits(limits),
    // Answered even without a library: that is what it reports.
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

  async function invoke(channel: string, rawArgs: unknown): Promise<unknown> {
    if (!isInvokeChannel(channel)) throw new ServiceError(`Unknown channel '${String(channel)}'.`);
    const parsed = invokeDef(channel).args.safeParse(rawArgs);
    if (!parsed.success) throw new ServiceError(`Invalid arguments for '${channel}': ${describeIssues(parsed.error)}.`);
    const handler = handlers[channel] as (args: unknown) => unknown;
    return handler(parsed.data);
  }

  return {
    channels: invokeChannelNames,
    invoke: invoke as IpcRouter['invoke'],
    async reply(channel, rawArgs) {
      try {
        return { ok: true, value: await invoke(channel, rawArgs) };
      } catch (err) {
        return { ok: false, error: toIpcError(err) };
      }
    },
  };
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message)).join('; ');
}
