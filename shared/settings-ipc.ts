// The settings IPC channels: providers (never their keys: only whether one is set), connection
// tests, cached voice lists, the reading voice and rate, and the built-in fallback.
import { z } from 'zod';
import type { ChannelGroup } from './ipc-channel';
import { HEARING_RULES, type HearingRule } from './hearing-rules';
import { HOTKEY_ACTIONS, WHEN_NOTHING_SELECTED } from './hotkeys';
import { MAX_PRONUNCIATION_RULES, ruleProblem } from './pronunciation';
import { SPEED_METHODS } from './speed';
import { speedSchema, voiceSchema } from './voice';

export const PROVIDER_KIND_NAMES = ['aitts', 'sarvam', 'openai', 'inworld', 'together', 'elevenlabs'] as const;

/** A reading stopped part way: finished in the background, kept as heard, or deleted. */
export const STOPPED_READINGS = ['complete', 'keep', 'discard'] as const;
export type StoppedReadings = (typeof STOPPED_READINGS)[number];

const optionValue = z.union([z.string(), z.number(), z.boolean()]);
const providerId = z.string().min(1).max(100);
/** A key as pasted: sent once from the renderer to main, never sent back. */
const apiKey = z.string().trim().min(1, 'The API key is empty.').max(4096);

/** A pronunciation rule as the settings keep it; one that cannot be used is refused in one sentence. */
export const pronunciationRuleSchema = z
  .object({
    find: z.string().min(1, 'A rule needs something to find.').max(500),
    replace: z.string().max(500),
    regex: z.boolean(),
    wholeWord: z.boolean(),
    matchCase: z.boolean(),
    language: z.string().trim().toLowerCase().regex(/^[a-z]{2,3}$/u, 'A rule’s language is a language code such as en or fr.').nullable(),
    voice: z.string().min(3).max(400).nullable(),
  })
  .superRefine((rule, ctx) => {
    const problem = ruleProblem(rule);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const hearingRulesSchema = z.object(Object.fromEntries(HEARING_RULES.map((r) => [r, z.boolean()])) as Record<HearingRule, z.ZodBoolean>);

export const providerInputSchema = z.object({
  kind: z.enum(PROVIDER_KIND_NAMES),
  name: z.string().trim().min(1).max(100),
  baseUrl: z.string().url().optional(),
  model: z.string().max(200).optional(),
  voice: z.string().max(300).optional(),
  options: z.record(z.string(), optionValue).optional(),
});
export type ProviderInputView = z.infer<typeof providerInputSchema>;

export const providerViewSchema = z.object({
  id: z.string(),
  kind: z.enum(PROVIDER_KIND_NAMES),
  name: z.string(),
  baseUrl: z.string().optional(),
  model: z.string().optional(),
  voice: z.string().optional(),
  options: z.record(z.string(), optionValue),
  hasKey: z.boolean(),
  /**
   * How the provider answered its last connection test (run when a key is saved, and by Test
   * connection): null until tested since Aloud started. `message` is one sentence for the person.
   */
  check: z.object({ ok: z.boolean(), message: z.string(), at: z.number() }).nullable(),
});
export type ProviderView = z.infer<typeof providerViewSchema>;

export const providerKindSchema = z.object({
  kind: z.enum(PROVIDER_KIND_NAMES),
  displayName: z.string(),
  keyRequired: z.boolean(),
  defaultBaseUrl: z.string(),
});

export const settingsViewSchema = z.object({
  providers: z.array(providerViewSchema),
  kinds: z.array(providerKindSchema),
  /** The reading voice as a voice key (`provider/id`). */
  voice: z.string(),
  /** The one Speed readings are heard at (shared/speed.ts). */
  speed: speedSchema,
  /** How Speed is made, for each voice key that is not 'auto'. */
  speedMethods: z.record(z.string(), z.enum(SPEED_METHODS)),
  fallbackToBuiltin: z.boolean(),
  stoppedReadings: z.enum(STOPPED_READINGS),
  /** The rules that make text fit to hear (shared/hearing-rules.ts), each on or off. */
  hearing: hearingRulesSchema,
  /** The user's pronunciation rules, in order. */
  pronunciation: z.array(pronunciationRuleSchema),
  /** The voice the person last chose for each language (base code -> voice key). */
  languageVoices: z.record(z.string(), z.string()),
  /** A text in another language is read by that language's voice; false: the chosen voice reads every text. */
  voiceByLanguage: z.boolean(),
  /** The natural voices' catalogue address; null: Piper's own repository. */
  voiceCatalogueUrl: z.string().nullable(),
  /** Kokoro's repository address; null: Kokoro's own on Hugging Face. */
  kokoroSourceUrl: z.string().nullable(),
  /** The system, as hotkeys are written on it (Ctrl+Alt+R, Cmd+Option+R). */
  platform: z.enum(['darwin', 'win32', 'linux']),
  /** Every hotkey action in order, with its keys (null: none) and, when the desktop refused them, why. */
  hotkeys: z.array(z.object({ action: z.enum(HOTKEY_ACTIONS), accelerator: z.string().nullable(), problem: z.string().optional() })),
  /** The read-selection hotkey with nothing selected: read the clipboard, or say so. */
  whenNothingSelected: z.enum(WHEN_NOTHING_SELECTED),
  /** Whether Aloud starts in the tray at login; null where it cannot be set (a run from the sources). */
  launchAtLogin: z.boolean().nullable(),
  /** Whether keys can be stored (safeStorage); when false, adding a key is refused. */
  keyStorage: z.object({ available: z.boolean(), message: z.string().optional() }),
  /** Why the settings file was not used at start, if it was not. */
  problem: z.string().optional(),
});
export type SettingsView = z.infer<typeof settingsViewSchema>;

export const connectionResultSchema = z.union([
  z.object({ ok: z.literal(true), voices: z.number(), latencyMs: z.number() }),
  z.object({ ok: z.literal(false), kind: z.string(), message: z.string() }),
]);
export type ConnectionResultView = z.infer<typeof connectionResultSchema>;

export const settingsChannels = {
  'settings:get': { args: z.object({}), result: settingsViewSchema },
  'settings:set': {
    args: z.object({
      voice: z.string().min(3).max(400).optional(),
      /** The Speed: a reading under way takes it at once (the next segments from the voice at its new rate). */
      speed: speedSchema.optional(),
      speedMethod: z.object({ voice: z.string().min(3).max(400), method: z.enum(SPEED_METHODS) }).optional(),
      fallbackToBuiltin: z.boolean().optional(),
      stoppedReadings: z.enum(STOPPED_READINGS).optional(),
      /** Rules to switch on or off; the others stay as they are. */
      hearing: hearingRulesSchema.partial().optional(),
      /** The voice for a language (the voice picker's choice): a text in that language is read by it. */
      languageVoice: z.object({ language: z.string().regex(/^[a-z]{2,3}$/u), voice: z.string().min(3).max(400) }).optional(),
      /** false: the chosen voice reads every text, whatever its language. */
      voiceByLanguage: z.boolean().optional(),
      /** The whole list of pronunciation rules, in order (replacing the list). */
      pronunciation: z.array(pronunciationRuleSchema).max(MAX_PRONUNCIATION_RULES, `At most ${MAX_PRONUNCIATION_RULES} pronunciation rules.`).optional(),
      /** null: back to Piper's own repository. */
      voiceCatalogueUrl: z
        .string()
        .trim()
        .url('The catalogue address must be a web address, such as https://example.org/piper-voices.')
        .refine((u) => /^https?:\/\//i.test(u), 'The catalogue address must start with http:// or https://.')
        .nullable()
        .optional(),
      /** null: back to Kokoro's own repository. */
      kokoroSourceUrl: z
        .string()
        .trim()
        .url("Kokoro's address must be a web address, such as https://huggingface.co/onnx-community/Kokoro-82M-v1.0-ONNX-timestamped.")
        .refine((u) => /^https?:\/\/[^/]+\/[^/]+\/[^/]+/i.test(u), "Kokoro's address must start with http:// or https:// and name a repository (https://HOST/OWNER/REPOSITORY).")
        .nullable()
        .optional(),
      /** Hotkeys to change (null: no keys), as Electron accelerators; the others stay as they are. */
      hotkeys: z.partialRecord(z.enum(HOTKEY_ACTIONS), z.string().min(1).max(100).nullable()).optional(),
      whenNothingSelected: z.enum(WHEN_NOTHING_SELECTED).optional(),
      launchAtLogin: z.boolean().optional(),
    }),
    result: settingsViewSchema,
  },
  'settings:add-provider': { args: z.object({ input: providerInputSchema, key: apiKey.optional() }), result: providerViewSchema },
  /** `key`: a new key; null removes it; absent keeps it. */
  'settings:update-provider': {
    args: z.object({ id: providerId, patch: providerInputSchema.partial(), key: apiKey.nullable().optional() }),
    result: providerViewSchema,
  },
  'settings:remove-provider': { args: z.object({ id: providerId }), result: z.object({ removed: z.boolean() }) },
  /** Tests a saved provider, or a draft with its key as pasted (not saved). */
  'settings:test-provider': {
    args: z.union([z.object({ id: providerId }), z.object({ input: providerInputSchema, key: apiKey.optional() })]),
    result: connectionResultSchema,
  },
  /** A provider's voices, from the cache unless stale or `refresh`. */
  'settings:provider-voices': {
    args: z.object({ id: providerId, refresh: z.boolean().optional() }),
    result: z.object({ voices: z.array(voiceSchema), fetchedAt: z.number(), stale: z.boolean(), error: z.string().optional() }),
  },
} as const satisfies ChannelGroup<'settings'>;
