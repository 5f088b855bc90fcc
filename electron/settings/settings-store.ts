// The settings file: JSON in the data directory, validated with zod, written atomically (a temp
// file, fsync, rename) so a crash never leaves half a file. A file that cannot be read or does not
// validate is moved aside (never deleted), the defaults are used, and `problem` says so in one
// sentence for the user. A file from a newer version of Aloud is left untouched and never written
// over (its providers and keys are still there for that version): the defaults are used, unsaved.
import { HEARING_RULES } from '../../shared/hearing-rules';
import { HOTKEY_ACTIONS, WHEN_NOTHING_SELECTED } from '../../shared/hotkeys';
import { MAX_PRONUNCIATION_RULES } from '../../shared/pronunciation';
import { pronunciationRuleSchema } from '../../shared/settings-ipc';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { SPEED_MAX, SPEED_METHODS, SPEED_MIN } from '../../shared/speed';

export const PROVIDER_KINDS = ['aitts', 'sarvam', 'openai', 'inworld', 'together', 'elevenlabs'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

export const STOPPED_READING_POLICIES = ['complete', 'keep', 'discard'] as const;

/** The settings file's format; a file with a higher one was written by a newer Aloud. */
export const SETTINGS_VERSION = 1;

const optionValue = z.union([z.string(), z.number(), z.boolean()]);

export const providerEntrySchema = z.object({
  id: z.string().min(1).max(100),
  kind: z.enum(PROVIDER_KINDS),
  name: z.string().min(1).max(100),
  baseUrl: z.string().url().optional(),
  model: z.string().max(200).optional(),
  voice: z.string().max(300).optional(),
  options: z.record(z.string(), optionValue).default({}),
  /** The API key as sealed by the key cipher (base64); never leaves the main process. */
  sealedKey: z.string().optional(),
});
export type ProviderEntry = z.infer<typeof providerEntrySchema>;

export const settingsSchema = z.object({
  version: z.literal(SETTINGS_VERSION),
  providers: z.array(providerEntrySchema).default([]),
  /** When a provider fails mid-reading, finish the text with the built-in voice. */
  fallbackToBuiltin: z.boolean().default(true),
  /** A voice key (`provider/id`), or unset for the built-in default. */
  defaultVoice: z.string().optional(),
  /**
   * The Speed every reading is heard at (0.5-4x, pitch kept). Files from before it was one Speed
   * held the voice's rate here, which the reader's playback speed multiplied; it reads as the Speed.
   */
  rate: z.number().min(SPEED_MIN).max(SPEED_MAX).default(1),
  /** How Speed is made, per voice key; a voice not listed: 'auto'. */
  speedMethods: z.record(z.string(), z.enum(SPEED_METHODS)).default({}),
  /** A reading stopped part way: finished in the background, kept as heard, or deleted. */
  stoppedReadings: z.enum(STOPPED_READING_POLICIES).default('complete'),
  /** The rules that make text fit to hear, each on or off; a rule not listed: on. */
  hearing: z.partialRecord(z.enum(HEARING_RULES), z.boolean()).default({}),
  /** Each hotkey's keys (an Electron accelerator), or null for none; an action not listed: its default. */
  hotkeys: z.partialRecord(z.enum(HOTKEY_ACTIONS), z.string().max(100).nullable()).default({}),
  /** The read-selection hotkey with nothing selected: read the clipboard, or say so. */
  whenNothingSelected: z.enum(WHEN_NOTHING_SELECTED).default('clipboard'),
  /** The voice the person last chose for each language (its base code): a text in that language is read by it. */
  languageVoices: z.record(z.string(), z.string()).default({}),
  /** A text in another language than the reading voice's is read by that language's voice; false: the chosen voice reads every text. */
  voiceByLanguage: z.boolean().default(true),
  /** The user's pronunciation rules, in order (shared/pronunciation.ts). */
  pronunciation: z.array(pronunciationRuleSchema).max(MAX_PRONUNCIATION_RULES).default([]),
  /** Where natural voices are installed from: a Piper voices catalogue's base URL (a mirror); unset: Piper's own. */
  voiceCatalogueUrl: z.string().url().optional(),
  /** Where Kokoro is installed from: a Hugging Face repository's address (a mirror); unset: Kokoro's own. */
  kokoroSourceUrl: z.string().url().optional(),
  /** The library's size/age limit; null: no limit. */
  library: z
    .object({ maxBytes: z.number().int().positive().nullable().default(null), maxAgeDays: z.number().int().positive().nullable().default(null) })
    .default({ maxBytes: null, maxAgeDays: null }),
});
export type Settings = z.infer<typeof settingsSchema>;

export function defaultSettings(): Settings {
  return { version: 1, providers: [], fallbackToBuiltin: true, rate: 1, speedMethods: {}, stoppedReadings: 'complete', hearing: {}, hotkeys: {}, whenNothingSelected: 'clipboard', languageVoices: {}, voiceByLanguage: true, pronunciation: [], library: { maxBytes: null, maxAgeDays: null } };
}

export interface SettingsStore {
  /** The current settings (a copy: change them with update()). */
  get(): Settings;
  /** Applies a change and writes the file atomically; the change is validated first. */
  update(change: (draft: Settings) => void): Settings;
  /** Set when the file on disk could not be used at load time. */
  readonly problem: string | undefined;
  readonly path: string;
}

export function openSettingsStore(dir: string, fileName = 'settings.json', now: () => Date = () => new Date()): SettingsStore {
  // The data folder holds keys (sealed) and what the user listened to: the user's alone.
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, fileName);
  let problem: string | undefined;
  let current = defaultSettings();

  let text: string | undefined;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') problem = `Could not read the settings (${(err as Error).message}); using defaults.`;
  }
  /** Set for a file from a newer Aloud: nothing is written over it. */
  let readOnly = false;
  if (text !== undefined) {
    let reason: string | undefined;
    try {
      const raw = JSON.parse(text) as unknown;
      const version = typeof raw === 'object' && raw !== null ? (raw as { version?: unknown }).version : undefined;
      if (typeof version === 'number' && version > SETTINGS_VERSION) {
        readOnly = true;
        problem = `The settings in ${path} were saved by a newer version of Aloud; they are left as they are, with your providers and keys. Update Aloud to use them: until then the defaults are in use and changes are not saved.`;
      } else {
        const parsed = settingsSchema.safeParse(raw);
        if (parsed.success) current = parsed.data;
        else reason = 'its contents are not valid settings';
      }
    } catch {
      reason = 'it is not valid JSON';
    }
    if (reason) {
      const aside = `${path}.bad-${now().toISOString().replace(/[:.]/gu, '-')}`;
      try {
        renameSync(path, aside);
        problem = `The settings file could not be used (${reason}); defaults are in use and the old file was kept as ${aside}.`;
      } catch (err) {
        problem = `The settings file could not be used (${reason}) nor moved aside (${(err as Error).message}); defaults are in use.`;
      }
    }
  }

  return {
    path,
    get problem() {
      return problem;
    },
    get() {
      return structuredClone(current);
    },
    update(change) {
      if (readOnly) throw new Error(problem);
      const draft = structuredClone(current);
      change(draft);
      const valid = settingsSchema.parse(draft);
      writeAtomically(path, `${JSON.stringify(valid, null, 2)}\n`);
      current = valid;
      return structuredClone(current);
    },
  };
}

/** Write to a temp file beside the target, flush it to disk, then rename over the target. */
export function writeAtomically(path: string, content: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}
