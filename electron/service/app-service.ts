// Everything the renderer may invoke, behind one `invoke`: the reading service's channels go to it
// (with the settings' voice and rate filled in), the library's and the settings' to their handlers.
// Every argument is validated against shared/ipc.ts's appInvokeChannels first. When providers change,
// a fresh reading service is built over the new synthesizers; a reading already under way finishes on
// the old one, which is closed before the next reading starts (still one reading at a time).
import type { z } from 'zod';
import { appInvokeChannels, isAppInvokeChannel, isInvokeChannel, type AppInvokeChannel } from '../../shared/ipc';
import type { Synthesizer } from '../speech/synthesizer';
import { ServiceError, type AloudService } from './aloud-service';
import type { LibraryHandlers } from './library-service';
import type { SettingsHandlers } from './settings-service';

export interface AppServiceOptions {
  /** Builds the reading service over these synthesizers (again after each provider change). */
  createCore(synthesizers: readonly Synthesizer[]): AloudService;
  /** Synthesizers that never change (the built-in voice). */
  baseSynthesizers: readonly Synthesizer[];
  /** The cloud providers' synthesizers as the settings stand now. */
  providerSynthesizers?: () => readonly Synthesizer[];
  library?: ((app: AppService) => LibraryHandlers) | null;
  settings?: ((app: AppService) => SettingsHandlers) | null;
  /** Voice key and rate for a reading started without them (the settings). */
  readingDefaults?: () => { voice?: string | undefined; rate?: number | undefined };
  /** Where a failed provider synthesizer list is reported. */
  onError?: (error: unknown) => void;
}

export interface AppService extends AloudService {
  /** Providers were added, changed or removed: the next reading sees their voices. */
  providersChanged(): void;
}

type AnyHandlers = Partial<Record<AppInvokeChannel, (args: unknown) => Promise<unknown>>>;

export function createAppService(o: AppServiceOptions): AppService {
  const build = (): AloudService => {
    let cloud: readonly Synthesizer[] = [];
    try {
      cloud = o.providerSynthesizers?.() ?? [];
    } catch (err) {
      o.onError?.(err);
    }
    return o.createCore([...o.baseSynthesizers, ...cloud]);
  };
  let core = build();
  let retired: AloudService[] = [];
  let closed = false;
  const more: AnyHandlers = {};

  /** The core running `readingId`, if a retired one still is; else the current core. */
  const ownerOf = (readingId: unknown): AloudService => retired.find((c) => c.current()?.readingId === readingId) ?? core;

  async function invoke(channel: string, rawArgs: unknown): Promise<unknown> {
    if (closed) throw new ServiceError('The service is closed.');
    if (isInvokeChannel(channel)) {
      if (channel === 'reading:start') {
        // Still one reading at a time: a reading under way on a retired core stops first.
        const old = retired;
        retired = [];
        await Promise.all(old.map((c) => c.close()));
        return core.invoke(channel, withDefaults(rawArgs));
      }
      const readingId = typeof rawArgs === 'object' && rawArgs !== null ? (rawArgs as { readingId?: unknown }).readingId : undefined;
      return ownerOf(readingId).invoke(channel, rawArgs);
    }
    if (!isAppInvokeChannel(channel)) throw new ServiceError(`Unknown channel '${String(channel)}'.`);
    const handler = more[channel];
    if (!handler) {
      const what = channel.startsWith('library:') ? 'The library is not available (it could not be opened)' : 'The settings are not available';
      throw new ServiceError(`${what}, so '${channel}' cannot be served.`);
    }
    const parsed = appInvokeChannels[channel].args.safeParse(rawArgs);
    if (!parsed.success) throw new ServiceError(`Invalid arguments for '${channel}': ${describeIssues(parsed.error)}.`);
    return handler(parsed.data);
  }

  function withDefaults(rawArgs: unknown): unknown {
    if (typeof rawArgs !== 'object' || rawArgs === null || !o.readingDefaults) return rawArgs;
    const d = o.readingDefaults();
    const args = { ...(rawArgs as Record<string, unknown>) };
    if (args['voice'] === undefined && d.voice !== undefined) args['voice'] = d.voice;
    if (args['rate'] === undefined && d.rate !== undefined) args['rate'] = d.rate;
    return args;
  }

  const app: AppService = {
    invoke,
    call: (channel, args) => invoke(channel, args) as never,
    setSpeed(speed) {
      for (const c of [core, ...retired]) c.setSpeed(speed);
    },
    current: () => core.current() ?? retired.map((c) => c.current()).find((s) => s !== null) ?? null,
    providersChanged() {
      if (closed) return;
      const old = core;
      core = build();
      // An idle core has nothing to finish; one that is reading finishes that reading.
      if (old.current()) retired.push(old);
      else void old.close();
    },
    async close() {
      closed = true;
      await Promise.all([core, ...retired].map((c) => c.close()));
    },
  };
  Object.assign(more, o.library?.(app) ?? {}, o.settings?.(app) ?? {});
  return app;
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message)).join('; ');
}
