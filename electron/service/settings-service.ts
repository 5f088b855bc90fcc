// The settings channels, in plain Node: providers (their keys go in once, sealed at once, and never
// come back out: views carry only `hasKey`), connection tests, cached voices, the reading voice and
// rate, and the built-in fallback. Arguments arrive validated by app-service.ts.
import type { z } from 'zod';
import type { settingsInvokeChannels, SettingsView } from '../../shared/settings-ipc';
import { parseVoiceKey } from '../../shared/voice';
import { SynthesisError } from '../speech/synthesis-error';
import { KeyStorageError } from '../settings/key-cipher';
import type { ProviderSettings } from '../settings/provider-settings';
import { SettingsError } from '../settings/provider-settings';
import { availableProviderKinds } from '../settings/provider-registry';
import { ServiceError } from './aloud-service';

type Channels = typeof settingsInvokeChannels;
export type SettingsChannel = keyof Channels;
export type SettingsHandlers = { [C in SettingsChannel]: (args: z.output<Channels[C]['args']>) => Promise<z.input<Channels[C]['result']>> };

export interface SettingsServiceOptions {
  settings: ProviderSettings;
  /** Whether keys can be sealed (Electron's safeStorage.isEncryptionAvailable()). */
  keyStorageAvailable(): boolean;
  /** The voice used when none is chosen (the built-in voice). */
  builtinVoice: string;
  /** Called after providers change, so the reading service picks up their voices. */
  onProvidersChanged?(): void;
  /** Called after the Speed or a voice's speed method changes, so a reading under way follows. */
  onSpeedChanged?(speed: number): void;
}

const NO_KEY_STORAGE = 'Secure storage is not available on this system, so API keys cannot be saved (Aloud never stores them in plain text).';

export function createSettingsHandlers(o: SettingsServiceOptions): SettingsHandlers {
  const { settings } = o;
  const view = (): SettingsView => {
    const available = o.keyStorageAvailable();
    return {
      providers: settings.list(),
      kinds: availableProviderKinds().map(({ kind, displayName, keyRequired, defaultBaseUrl }) => ({ kind, displayName, keyRequired, defaultBaseUrl })),
      voice: settings.defaultVoice ?? o.builtinVoice,
      rate: settings.rate,
      speedMethods: { ...settings.speedMethods },
      fallbackToBuiltin: settings.fallbackToBuiltin,
      stoppedReadings: settings.stoppedReadings,
      keyStorage: available ? { available } : { available, message: NO_KEY_STORAGE },
      ...(settings.problem ? { problem: settings.problem } : {}),
    };
  };
  const needKeyStorage = (key: string | null | undefined) => {
    if (typeof key === 'string' && !o.keyStorageAvailable()) throw new ServiceError(NO_KEY_STORAGE);
  };
  const changed = () => o.onProvidersChanged?.();

  return {
    'settings:get': async () => view(),
    'settings:set': async ({ voice, rate, speedMethod, fallbackToBuiltin, stoppedReadings }) => {
      if (voice !== undefined) {
        const parsed = parseVoiceKey(voice);
        const builtinProvider = parseVoiceKey(o.builtinVoice)?.provider;
        if (!parsed) throw new ServiceError(`Voice '${voice}' is not of the form provider/id (e.g. builtin/en-us).`);
        if (parsed.provider !== builtinProvider && !settings.list().some((p) => p.id === parsed.provider)) {
          throw new ServiceError(`There is no provider '${parsed.provider}' for the voice '${voice}'.`);
        }
        settings.setDefaultVoice(voice === o.builtinVoice ? undefined : voice);
      }
      if (rate !== undefined) settings.setRate(rate);
      if (speedMethod !== undefined) {
        if (!parseVoiceKey(speedMethod.voice)) throw new ServiceError(`Voice '${speedMethod.voice}' is not of the form provider/id (e.g. builtin/en-us).`);
        settings.setSpeedMethod(speedMethod.voice, speedMethod.method);
      }
      if (rate !== undefined || speedMethod !== undefined) o.onSpeedChanged?.(settings.rate);
      if (fallbackToBuiltin !== undefined) settings.setFallbackToBuiltin(fallbackToBuiltin);
      if (stoppedReadings !== undefined) settings.setStoppedReadings(stoppedReadings);
      return view();
    },
    'settings:add-provider': async ({ input, key }) => {
      needKeyStorage(key);
      const added = guard(() => settings.add(input, key));
      changed();
      return added;
    },
    'settings:update-provider': async ({ id, patch, key }) => {
      needKeyStorage(key);
      const updated = guard(() => settings.update(id, patch, key));
      changed();
      return updated;
    },
    'settings:remove-provider': async ({ id }) => {
      guard(() => settings.remove(id));
      // A chosen voice of a removed provider would fail every reading: back to the built-in voice.
      if (parseVoiceKey(settings.defaultVoice ?? '')?.provider === id) settings.setDefaultVoice(undefined);
      changed();
      return { removed: true };
    },
    'settings:test-provider': async (target) => {
      try {
        return await settings.testConnection('id' in target ? target.id : target);
      } catch (err) {
        throw toServiceError(err);
      }
    },
    'settings:provider-voices': async ({ id, refresh }) => {
      try {
        const got = await settings.voices(id, { refresh: refresh ?? false });
        return { voices: got.voices, fetchedAt: got.fetchedAt, stale: got.stale, ...(got.error ? { error: got.error.userMessage } : {}) };
      } catch (err) {
        throw toServiceError(err);
      }
    },
  };
}

function guard<T>(act: () => T): T {
  try {
    return act();
  } catch (err) {
    throw toServiceError(err);
  }
}

/** One sentence for the user; never the key (none of these errors carries it). */
function toServiceError(err: unknown): ServiceError {
  if (err instanceof ServiceError) return err;
  if (err instanceof SynthesisError) return new ServiceError(err.userMessage);
  if (err instanceof SettingsError || err instanceof KeyStorageError) return new ServiceError(err.message);
  return new ServiceError(`The settings could not be changed: ${err instanceof Error ? err.message : String(err)}`);
}
