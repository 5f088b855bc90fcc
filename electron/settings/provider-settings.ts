// Provider settings as main uses them: add a provider, paste its key (sealed at once), test the
// connection, pick a voice from a cached list, and get the Synthesizers a reading needs. Views
// handed out (to the renderer, to logs) never contain a key, sealed or open: only `hasKey`.
import { DEFAULT_HEARING_RULES, type HearingRules } from '../../shared/hearing-rules';
import { DEFAULT_HOTKEYS, type HotkeyBindings, type WhenNothingSelected } from '../../shared/hotkeys';
import type { PronunciationRule } from '../../shared/pronunciation';
import { z } from 'zod';
import type { SpeedMethod } from '../../shared/speed';
import type { Voice } from '../../shared/voice';
import { SynthesisError } from '../speech/synthesis-error';
import type { Synthesizer } from '../speech/synthesizer';
import { rememberSecret } from '../../shared/scrub-secrets';
import { openKey, sealKey, type KeyCipher } from './key-cipher';
import { createSynthesizerFor, testConnection, type ConnectionResult } from './provider-registry';
import { PROVIDER_KINDS, openSettingsStore, providerEntrySchema, type ProviderEntry, type Settings } from './settings-store';
import { openVoiceCache, type CachedVoices } from './voice-cache';

export const providerInputSchema = z.object({
  kind: z.enum(PROVIDER_KINDS),
  name: z.string().trim().min(1).max(100),
  baseUrl: z.string().url().optional(),
  model: z.string().max(200).optional(),
  voice: z.string().max(300).optional(),
  options: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
});
export type ProviderInput = z.infer<typeof providerInputSchema>;

export type ProviderView = Omit<ProviderEntry, 'sealedKey'> & { hasKey: boolean };

export interface ProviderSettings {
  /** Why the settings file was not used at start-up, if it was not. */
  readonly problem: string | undefined;
  list(): ProviderView[];
  get(id: string): ProviderView;
  add(input: ProviderInput, key?: string): ProviderView;
  /** `key`: a new key, null to remove it, undefined to keep it. */
  update(id: string, patch: Partial<ProviderInput>, key?: string | null): ProviderView;
  remove(id: string): void;
  /** Checks an entry (or a draft not yet saved, with its key as pasted). */
  testConnection(target: string | { input: ProviderInput; key?: string }, opts?: { timeoutMs?: number; signal?: AbortSignal }): Promise<ConnectionResult>;
  voices(id: string, opts?: { refresh?: boolean }): Promise<CachedVoices>;
  /** One Synthesizer per entry, named by the entry id (so two OpenAI-compatible servers can coexist). */
  synthesizers(): Synthesizer[];
  readonly fallbackToBuiltin: boolean;
  setFallbackToBuiltin(on: boolean): void;
  readonly defaultVoice: string | undefined;
  setDefaultVoice(voiceKey: string | undefined): void;
  /** The Speed readings are heard at (the reader's Speed control, the tray's readings, the library's replays). */
  readonly speed: number;
  setSpeed(speed: number): void;
  /** How Speed is made for a voice key ('auto' unless chosen). */
  speedMethod(voiceKey: string): SpeedMethod;
  readonly speedMethods: Readonly<Record<string, SpeedMethod>>;
  /** 'auto' forgets the choice. */
  setSpeedMethod(voiceKey: string, method: SpeedMethod): void;
  /** What happens to a reading stopped part way. */
  readonly stoppedReadings: Settings['stoppedReadings'];
  setStoppedReadings(policy: Settings['stoppedReadings']): void;
  /** The rules that make text fit to hear, as they stand (all on unless switched off). */
  readonly hearing: HearingRules;
  setHearing(changes: Partial<HearingRules>): void;
  /** Each hotkey's keys as they stand (the defaults unless changed). */
  readonly hotkeys: HotkeyBindings;
  setHotkeys(changes: Partial<HotkeyBindings>): void;
  readonly whenNothingSelected: WhenNothingSelected;
  setWhenNothingSelected(choice: WhenNothingSelected): void;
  /** The voice the person last chose for each language. */
  readonly languageVoices: Readonly<Record<string, string>>;
  setLanguageVoice(language: string, voiceKey: string): void;
  /** Whether a text in another language is read by that language's voice (else the chosen voice reads every text). */
  readonly voiceByLanguage: boolean;
  setVoiceByLanguage(on: boolean): void;
  /** The user's pronunciation rules, in order. */
  readonly pronunciation: readonly PronunciationRule[];
  setPronunciation(rules: readonly PronunciationRule[]): void;
  /** The natural voices' catalogue address; undefined: Piper's own. */
  readonly voiceCatalogueUrl: string | undefined;
  setVoiceCatalogueUrl(url: string | undefined): void;
  readonly kokoroSourceUrl: string | undefined;
  setKokoroSourceUrl(url: string | undefined): void;
  /** The library's size/age limit. */
  readonly libraryLimits: Settings['library'];
  setLibraryLimits(limits: Settings['library']): void;
}

export class SettingsError extends Error {
  override readonly name = 'SettingsError';
}

export function openProviderSettings(opts: { dataDir: string; cipher: KeyCipher; voiceMaxAgeMs?: number; now?: () => number }): ProviderSettings {
  const store = openSettingsStore(opts.dataDir, 'settings.json', opts.now ? () => new Date(opts.now!()) : undefined);
  const cache = openVoiceCache(opts.dataDir, { maxAgeMs: opts.voiceMaxAgeMs, now: opts.now });

  const view = ({ sealedKey, ...rest }: ProviderEntry): ProviderView => ({ ...rest, hasKey: sealedKey !== undefined });
  const entry = (id: string, s: Settings = store.get()): ProviderEntry => {
    const e = s.providers.find((p) => p.id === id);
    if (!e) throw new SettingsError(`There is no provider "${id}".`);
    return e;
  };
  // Every key opened or pasted is remembered, so no message or log line can show it (shared/scrub-secrets.ts).
  const keyOf = (e: ProviderEntry): string | undefined => {
    const key = e.sealedKey ? openKey(opts.cipher, e.sealedKey) : undefined;
    rememberSecret(key);
    return key;
  };
  /** Ids are readable and unique: the kind, then kind-2, kind-3... (they name voices: `openai-2/alloy`). */
  const newId = (kind: string, s: Settings): string => {
    const taken = new Set(s.providers.map((p) => p.id));
    if (!taken.has(kind)) return kind;
    for (let n = 2; ; n++) if (!taken.has(`${kind}-${n}`)) return `${kind}-${n}`;
  };

  return {
    get problem() {
      return store.problem;
    },
    list: () => store.get().providers.map(view),
    get: (id) => view(entry(id)),
    add(input, key) {
      const i = providerInputSchema.parse(input);
      rememberSecret(key);
      const sealedKey = key ? sealKey(opts.cipher, key.trim()) : undefined;
      let added: ProviderEntry | undefined;
      store.update((s) => {
        added = providerEntrySchema.parse({ ...i, id: newId(i.kind, s), options: i.options ?? {}, sealedKey });
        s.providers.push(added);
      });
      return view(added!);
    },
    update(id, patch, key) {
      const p = providerInputSchema.partial().parse(patch);
      let updated: ProviderEntry | undefined;
      if (typeof key === 'string') rememberSecret(key);
      const sealed = typeof key === 'string' && key.trim() ? sealKey(opts.cipher, key.trim()) : undefined;
      store.update((s) => {
        const e = entry(id, s);
        if (p.kind && p.kind !== e.kind) throw new SettingsError('A provider’s kind cannot change; add a new one instead.');
        Object.assign(e, p);
        if (key === null) delete e.sealedKey;
        else if (sealed) e.sealedKey = sealed;
        updated = e;
      });
      // A new address or key may mean other voices.
      if (patch.baseUrl !== undefined || key !== undefined) cache.forget(id);
      return view(updated!);
    },
    remove(id) {
      store.update((s) => {
        entry(id, s);
        s.providers = s.providers.filter((p) => p.id !== id);
      });
      cache.forget(id);
    },
    async testConnection(target, o) {
      if (typeof target === 'string') {
        const e = entry(target);
        return testConnection(e, keyOf(e), o);
      }
      const i = providerInputSchema.parse(target.input);
      rememberSecret(target.key);
      return testConnection({ ...i, id: 'draft', options: i.options ?? {} }, target.key?.trim() || undefined, o);
    },
    voices(id, o) {
      const e = entry(id);
      return cache.get(id, async () => named(createSynthesizerFor(e, keyOf(e)), e).listVoices(), o);
    },
    synthesizers() {
      return store.get().providers.flatMap((e) => {
        try {
          return [named(createSynthesizerFor(e, keyOf(e)), e)];
        } catch {
          // An entry without its key (or of a kind not in this build) offers no voices.
          return [];
        }
      });
    },
    get fallbackToBuiltin() {
      return store.get().fallbackToBuiltin;
    },
    get voiceByLanguage() {
      return store.get().voiceByLanguage;
    },
    setVoiceByLanguage(on) {
      store.update((s) => void (s.voiceByLanguage = on));
    },
    setFallbackToBuiltin(on) {
      store.update((s) => void (s.fallbackToBuiltin = on));
    },
    get defaultVoice() {
      return store.get().defaultVoice;
    },
    setDefaultVoice(voiceKey) {
      store.update((s) => {
        if (voiceKey === undefined) delete s.defaultVoice;
        else s.defaultVoice = voiceKey;
      });
    },
    // Kept as `rate` in the file, its name since the first version.
    get speed() {
      return store.get().rate;
    },
    setSpeed(speed) {
      store.update((s) => void (s.rate = speed));
    },
    speedMethod(voiceKey) {
      return store.get().speedMethods[voiceKey] ?? 'auto';
    },
    get speedMethods() {
      return store.get().speedMethods;
    },
    setSpeedMethod(voiceKey, method) {
      store.update((s) => {
        if (method === 'auto') delete s.speedMethods[voiceKey];
        else s.speedMethods[voiceKey] = method;
      });
    },
    get stoppedReadings() {
      return store.get().stoppedReadings;
    },
    setStoppedReadings(policy) {
      store.update((s) => void (s.stoppedReadings = policy));
    },
    get hearing() {
      return { ...DEFAULT_HEARING_RULES, ...store.get().hearing };
    },
    setHearing(changes) {
      store.update((s) => void (s.hearing = { ...s.hearing, ...changes }));
    },
    get hotkeys() {
      return { ...DEFAULT_HOTKEYS, ...store.get().hotkeys };
    },
    setHotkeys(changes) {
      store.update((s) => void (s.hotkeys = { ...s.hotkeys, ...changes }));
    },
    get whenNothingSelected() {
      return store.get().whenNothingSelected;
    },
    setWhenNothingSelected(choice) {
      store.update((s) => void (s.whenNothingSelected = choice));
    },
    get languageVoices() {
      return store.get().languageVoices;
    },
    setLanguageVoice(language, voiceKey) {
      store.update((s) => void (s.languageVoices[language] = voiceKey));
    },
    get pronunciation() {
      return store.get().pronunciation;
    },
    setPronunciation(rules) {
      store.update((s) => void (s.pronunciation = rules.map((r) => ({ ...r }))));
    },
    get voiceCatalogueUrl() {
      return store.get().voiceCatalogueUrl;
    },
    setVoiceCatalogueUrl(url) {
      store.update((s) => {
        if (url === undefined) delete s.voiceCatalogueUrl;
        else s.voiceCatalogueUrl = url;
      });
    },
    get kokoroSourceUrl() {
      return store.get().kokoroSourceUrl;
    },
    setKokoroSourceUrl(url) {
      store.update((s) => {
        if (url === undefined) delete s.kokoroSourceUrl;
        else s.kokoroSourceUrl = url;
      });
    },
    get libraryLimits() {
      return store.get().library;
    },
    setLibraryLimits(limits) {
      store.update((s) => void (s.library = { ...limits }));
    },
  };
}

/**
 * The same adapter under the entry's id, so voice keys name the entry (`openai-2/alloy`), and its
 * failures told with the entry's name ('Could not reach Office server').
 */
function named(synth: Synthesizer, entry: ProviderEntry): Synthesizer {
  const provider = entry.id;
  const tell = (err: unknown): unknown => (err instanceof SynthesisError ? err.named(entry.name) : err);
  return {
    provider,
    maxChars: synth.maxChars,
    ...(synth.rate ? { rate: synth.rate } : {}),
    ...(synth.rateOf ? { rateOf: (voice: string) => synth.rateOf!(voice) } : {}),
    listVoices: async (signal) => {
      try {
        return (await synth.listVoices(signal)).map((v: Voice) => ({ ...v, provider }));
      } catch (err) {
        throw tell(err);
      }
    },
    async *synthesize(req) {
      try {
        yield* synth.synthesize(req);
      } catch (err) {
        throw tell(err);
      }
    },
  };
}
