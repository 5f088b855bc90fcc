// The settings as the app uses them: providers (their keys go in once, sealed at once, and never come
// back out: views carry only `hasKey`), connection tests, cached voices, the reading voice and Speed,
// and the built-in fallback.
import type { HearingRules } from '../../shared/hearing-rules';
import { acceleratorLabel, acceleratorProblem, HOTKEY_ACTION_TEXT, HOTKEY_ACTIONS, hotkeyConflict, hotkeyPlatformOf, type HotkeyAction, type HotkeyBindings, type HotkeyProblems, type WhenNothingSelected } from '../../shared/hotkeys';
import type { PronunciationRule } from '../../shared/pronunciation';
import type { ConnectionResultView, ProviderInputView, ProviderView, SettingsView, StoppedReadings } from '../../shared/settings-ipc';
import type { SpeedMethod } from '../../shared/speed';
import { type Voice } from '../../shared/voice';
import { parseVoiceKey } from '../../shared/voice-key';
import { KeyStorageError } from '../settings/key-cipher';
import { availableProviderKinds } from '../settings/provider-registry';
import { SettingsError, type ProviderSettings } from '../settings/provider-settings';
import { SynthesisError } from '../speech/synthesis-error';
import type { DesktopPort } from './desktop-port';
import { errorKindOf, ServiceError } from './service-error';
import { messageOf } from '../../shared/ipc-error';

export interface SettingsChanges {
  /** A voice key (`provider/id`). */
  voice?: string | undefined;
  /** The Speed: a reading under way takes it at once (the next segments from the voice at its new synthRate). */
  speed?: number | undefined;
  speedMethod?: { voice: string; method: SpeedMethod } | undefined;
  fallbackToBuiltin?: boolean | undefined;
  stoppedReadings?: StoppedReadings | undefined;
  /** Rules that make text fit to hear, switched on or off (from the next reading on). */
  hearing?: Partial<HearingRules> | undefined;
  /** The voice for a language: a text in it is read by this voice (the voice picker's choice records it). */
  languageVoice?: { language: string; voice: string } | undefined;
  /** false: the chosen voice reads every text, whatever its language. */
  voiceByLanguage?: boolean | undefined;
  /** The whole list of pronunciation rules (from the next reading on). */
  pronunciation?: readonly PronunciationRule[] | undefined;
  /** null: back to Piper's own repository. */
  voiceCatalogueUrl?: string | null | undefined;
  /** null: back to Kokoro's own repository. */
  kokoroSourceUrl?: string | null | undefined;
  /** Hotkeys to change (null: no keys); the others stay as they are. */
  hotkeys?: Partial<HotkeyBindings> | undefined;
  whenNothingSelected?: WhenNothingSelected | undefined;
  launchAtLogin?: boolean | undefined;
}

export type ProviderTarget = { id: string } | { input: ProviderInputView; key?: string | undefined };

export interface SettingsService {
  get(): SettingsView;
  set(changes: SettingsChanges): SettingsView;
  /** Adds a provider; with a key, tests it at once (the result is the view's `check`). */
  addProvider(input: ProviderInputView, key: string | undefined): Promise<ProviderView>;
  /** `key`: a new key, tested at once; null removes it; undefined keeps it. */
  updateProvider(id: string, patch: Partial<ProviderInputView>, key: string | null | undefined): Promise<ProviderView>;
  removeProvider(id: string): { removed: boolean };
  /** Tests a saved provider, or a draft with its key as pasted (not saved). */
  testProvider(target: ProviderTarget): Promise<ConnectionResultView>;
  /** A provider's voices, from the cache unless stale or `refresh`. */
  providerVoices(id: string, refresh: boolean): Promise<{ voices: Voice[]; fetchedAt: number; stale: boolean; error?: string }>;
}

export interface SettingsServiceOptions {
  settings: ProviderSettings;
  /** Whether keys can be sealed (Electron's safeStorage.isEncryptionAvailable()). */
  keyStorageAvailable(): boolean;
  /** The voice used when none is chosen (the built-in voice). */
  builtinVoice: string;
  /** Providers that are always there besides the settings' (builtin, piper): their voices may be chosen. */
  fixedProviders?: readonly string[];
  /** Called after providers change, so the reading service picks up their voices. */
  onProvidersChanged?(): void;
  /** Called after the Speed or a voice's speed method changes, so a reading under way follows. */
  onSpeedChanged?(speed: number): void;
  /** The hotkeys and the start at login; without it (the command line, tests) hotkeys are only saved. */
  desktop?: DesktopPort | undefined;
}

const NO_KEY_STORAGE = 'Secure storage is not available on this system, so API keys cannot be saved (Aloud never stores them in plain text).';

export function createSettingsService(o: SettingsServiceOptions): SettingsService {
  const { settings, desktop } = o;
  const platform = desktop?.platform ?? hotkeyPlatformOf(process.platform);
  // The keys the desktop refused, as of the last time they were set: Settings shows each beside its action.
  let hotkeyProblems: HotkeyProblems = desktop?.applyHotkeys(settings.hotkeys) ?? {};
  const view = (): SettingsView => {
    const available = o.keyStorageAvailable();
    return {
      providers: settings.list().map(withCheck),
      kinds: availableProviderKinds().map(({ kind, displayName, keyRequired, defaultBaseUrl }) => ({ kind, displayName, keyRequired, defaultBaseUrl })),
      voice: settings.defaultVoice ?? o.builtinVoice,
      speed: settings.speed,
      speedMethods: { ...settings.speedMethods },
      fallbackToBuiltin: settings.fallbackToBuiltin,
      stoppedReadings: settings.stoppedReadings,
      hearing: settings.hearing,
      pronunciation: settings.pronunciation.map((r) => ({ ...r })),
      languageVoices: { ...settings.languageVoices },
      voiceByLanguage: settings.voiceByLanguage,
      voiceCatalogueUrl: settings.voiceCatalogueUrl ?? null,
      kokoroSourceUrl: settings.kokoroSourceUrl ?? null,
      platform,
      hotkeys: HOTKEY_ACTIONS.map((action) => ({ action, accelerator: settings.hotkeys[action], ...(hotkeyProblems[action] ? { problem: hotkeyProblems[action] } : {}) })),
      whenNothingSelected: settings.whenNothingSelected,
      launchAtLogin: desktop?.launchAtLogin() ?? null,
      keyStorage: available ? { available } : { available, message: NO_KEY_STORAGE },
      ...(settings.problem ? { problem: settings.problem } : {}),
    };
  };
  // Each provider's last connection test, until the app quits: a failing provider is marked in Settings.
  const checks = new Map<string, NonNullable<ProviderView['check']>>();
  const withCheck = (p: Omit<ProviderView, 'check'>): ProviderView => ({ ...p, check: checks.get(p.id) ?? null });
  const record = (id: string, result: ConnectionResultView): ConnectionResultView => {
    checks.set(id, {
      ok: result.ok,
      message: result.ok ? `Connected: ${result.voices} ${result.voices === 1 ? 'voice' : 'voices'}.` : result.message,
      at: Date.now(),
    });
    return result;
  };
  /** Tests a provider's saved key; a test that cannot even run is recorded as its failure. */
  const check = async (id: string): Promise<void> => {
    try {
      record(id, await settings.testConnection(id));
    } catch (err) {
      record(id, { ok: false, kind: 'config', message: toServiceError(err).message });
    }
  };
  const needKeyStorage = (key: string | null | undefined) => {
    if (typeof key === 'string' && !o.keyStorageAvailable()) throw new ServiceError(NO_KEY_STORAGE, 'unavailable');
  };
  const changed = () => o.onProvidersChanged?.();

  /**
   * New keys are checked (they can be a hotkey, no other action has them) and tried before they are
   * saved: keys the desktop refuses are given back, the old ones restored, and the refusal said.
   */
  const changeHotkeys = (changes: Partial<HotkeyBindings>) => {
    const before = settings.hotkeys;
    const next: HotkeyBindings = { ...before };
    const changedActions = HOTKEY_ACTIONS.filter((a) => changes[a] !== undefined && changes[a] !== before[a]);
    for (const action of changedActions) next[action] = changes[action] ?? null;
    for (const action of changedActions) {
      const keys = next[action];
      if (keys === null) continue;
      const problem = acceleratorProblem(keys, platform);
      if (problem) throw new ServiceError(problem);
      const other = hotkeyConflict(next, action, keys, platform);
      if (other) throw new ServiceError(`${acceleratorLabel(keys, platform)} is already the hotkey for ${HOTKEY_ACTION_TEXT[other]}: choose other keys, or change that one first.`);
    }
    if (desktop) {
      const problems = desktop.applyHotkeys(next);
      const refused = changedActions.find((a): a is HotkeyAction => problems[a] !== undefined);
      if (refused) {
        hotkeyProblems = desktop.applyHotkeys(before);
        throw new ServiceError(problems[refused]!);
      }
      hotkeyProblems = problems;
    }
    settings.setHotkeys(Object.fromEntries(changedActions.map((a) => [a, next[a]])));
  };
  const changeLaunchAtLogin = (on: boolean) => {
    if (!desktop || desktop.launchAtLogin() === null) throw new ServiceError('Starting at login is set up by the installed app; this copy of Aloud runs from its sources.', 'unavailable');
    try {
      desktop.setLaunchAtLogin(on);
    } catch (err) {
      throw new ServiceError(`Aloud could not be set to ${on ? 'start' : 'stop starting'} at login: ${messageOf(err)}`);
    }
  };

  return {
    get: view,
    set({ voice, speed, speedMethod, fallbackToBuiltin, stoppedReadings, hearing, pronunciation, languageVoice, voiceByLanguage, voiceCatalogueUrl, kokoroSourceUrl, hotkeys, whenNothingSelected, launchAtLogin }) {
      // First, as they may be refused: nothing else in the same change is saved then.
      if (hotkeys !== undefined) changeHotkeys(hotkeys);
      if (launchAtLogin !== undefined) changeLaunchAtLogin(launchAtLogin);
      if (languageVoice !== undefined && !parseVoiceKey(languageVoice.voice)) throw new ServiceError(`Voice '${languageVoice.voice}' is not of the form provider/id (e.g. builtin/en-us).`);
      if (voice !== undefined) {
        const parsed = parseVoiceKey(voice);
        const builtinProvider = parseVoiceKey(o.builtinVoice)?.provider;
        if (!parsed) throw new ServiceError(`Voice '${voice}' is not of the form provider/id (e.g. builtin/en-us).`);
        const fixed = parsed.provider === builtinProvider || (o.fixedProviders ?? []).includes(parsed.provider);
        if (!fixed && !settings.list().some((p) => p.id === parsed.provider)) {
          throw new ServiceError(`There is no provider '${parsed.provider}' for the voice '${voice}'.`);
        }
        settings.setDefaultVoice(voice === o.builtinVoice ? undefined : voice);
      }
      if (speed !== undefined) settings.setSpeed(speed);
      if (speedMethod !== undefined) {
        if (!parseVoiceKey(speedMethod.voice)) throw new ServiceError(`Voice '${speedMethod.voice}' is not of the form provider/id (e.g. builtin/en-us).`);
        settings.setSpeedMethod(speedMethod.voice, speedMethod.method);
      }
      if (speed !== undefined || speedMethod !== undefined) o.onSpeedChanged?.(settings.speed);
      if (fallbackToBuiltin !== undefined) settings.setFallbackToBuiltin(fallbackToBuiltin);
      if (whenNothingSelected !== undefined) settings.setWhenNothingSelected(whenNothingSelected);
      if (stoppedReadings !== undefined) settings.setStoppedReadings(stoppedReadings);
      if (pronunciation !== undefined) settings.setPronunciation(pronunciation);
      if (languageVoice !== undefined) settings.setLanguageVoice(languageVoice.language, languageVoice.voice);
      if (voiceByLanguage !== undefined) settings.setVoiceByLanguage(voiceByLanguage);
      if (hearing !== undefined) settings.setHearing(Object.fromEntries(Object.entries(hearing).filter(([, on]) => on !== undefined)));
      if (voiceCatalogueUrl !== undefined) settings.setVoiceCatalogueUrl(voiceCatalogueUrl ?? undefined);
      if (kokoroSourceUrl !== undefined) settings.setKokoroSourceUrl(kokoroSourceUrl ?? undefined);
      return view();
    },
    async addProvider(input, key) {
      needKeyStorage(key);
      const added = guard(() => settings.add(input, key));
      changed();
      if (key !== undefined) await check(added.id);
      return withCheck(added);
    },
    async updateProvider(id, patch, key) {
      needKeyStorage(key);
      const updated = guard(() => settings.update(id, patch, key));
      changed();
      // A new key, or a new address for the old one, is tried at once.
      if (typeof key === 'string' || (patch.baseUrl !== undefined && updated.hasKey)) await check(id);
      else if (key === null) checks.delete(id);
      return withCheck(updated);
    },
    removeProvider(id) {
      guard(() => settings.remove(id));
      checks.delete(id);
      // A chosen voice of a removed provider would fail every reading: back to the built-in voice.
      if (parseVoiceKey(settings.defaultVoice ?? '')?.provider === id) settings.setDefaultVoice(undefined);
      changed();
      return { removed: true };
    },
    async testProvider(target) {
      try {
        if ('id' in target) return record(target.id, await settings.testConnection(target.id));
        return await settings.testConnection({ input: target.input, ...(target.key !== undefined ? { key: target.key } : {}) });
      } catch (err) {
        throw toServiceError(err);
      }
    },
    async providerVoices(id, refresh) {
      try {
        const got = await settings.voices(id, { refresh });
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
  if (err instanceof SynthesisError) return new ServiceError(err.userMessage, errorKindOf(err));
  if (err instanceof SettingsError || err instanceof KeyStorageError) return new ServiceError(err.message);
  return new ServiceError(`The settings could not be changed: ${messageOf(err)}`, 'internal');
}
