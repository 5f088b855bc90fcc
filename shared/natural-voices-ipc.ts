// The natural voices' IPC channels: the Piper voices and the Kokoro pack installed on this machine,
// the catalogue one can install from (Piper's voices and Kokoro's model variants), installing (with
// progress events) and removing.
import { z } from 'zod';
import type { ChannelGroup } from './ipc-channel';
import { encodedAudioSchema } from './chunk';

/** A catalogue key, which is also the voice's folder and file name: never a path. */
export const naturalVoiceKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/, 'A voice key holds only letters, digits, _ - and .')
  .refine((key) => !key.includes('..'), 'A voice key holds only letters, digits, _ - and .');

export const naturalVoiceFamilySchema = z.enum(['piper', 'kokoro']);

export const installedNaturalVoiceSchema = z.object({
  key: naturalVoiceKeySchema,
  family: naturalVoiceFamilySchema,
  /** e.g. Lessac (medium), Kokoro 82M (q8). */
  name: z.string(),
  /** BCP-47, e.g. en-US; null when its settings file does not say. */
  language: z.string().nullable(),
  /** Every language it speaks (a Kokoro pack's voices speak several), its own first. */
  languages: z.array(z.string()),
  /** The speakers' names of a multi-speaker voice, a Kokoro pack's voices (af_heart); empty for one speaker. */
  speakers: z.array(z.string()),
  sizeBytes: z.number().nonnegative(),
});
export type InstalledNaturalVoice = z.infer<typeof installedNaturalVoiceSchema>;

export const installedNaturalVoicesSchema = z.object({
  voices: z.array(installedNaturalVoiceSchema),
  /** Voices whose files cannot be used, each with the reason in words. */
  problems: z.array(z.object({ key: z.string(), problem: z.string() })),
  /** Where they are on disk, and how much room they take. */
  folder: z.string(),
  sizeBytes: z.number().nonnegative(),
});
export type InstalledNaturalVoices = z.infer<typeof installedNaturalVoicesSchema>;

export const catalogueNaturalVoiceSchema = z.object({
  key: naturalVoiceKeySchema,
  family: naturalVoiceFamilySchema,
  name: z.string(),
  language: z.string(),
  /** e.g. English (United States). */
  languageName: z.string(),
  quality: z.string(),
  speakers: z.number().int().positive(),
  /** What installing it downloads. */
  sizeBytes: z.number().nonnegative(),
  /** Whether the catalogue has a recorded sample to hear before installing (Piper's has; Kokoro's repository not). */
  hasSample: z.boolean(),
  installed: z.boolean(),
});
export type CatalogueNaturalVoice = z.infer<typeof catalogueNaturalVoiceSchema>;

export const naturalVoiceProgressSchema = z.object({
  key: naturalVoiceKeySchema,
  receivedBytes: z.number().nonnegative(),
  totalBytes: z.number().nonnegative(),
});
export type NaturalVoiceProgress = z.infer<typeof naturalVoiceProgressSchema>;

export const naturalVoicesChannels = {
  'natural-voices:installed': { args: z.object({}), result: installedNaturalVoicesSchema },
  /**
   * The catalogue, fetched from its address (an unreachable one is refused with the reason in words);
   * `problem`: why Piper's catalogue or Kokoro's repository is missing from the list (the other answered).
   */
  'natural-voices:catalogue': {
    args: z.object({}),
    result: z.object({ voices: z.array(catalogueNaturalVoiceSchema), catalogueUrl: z.string(), kokoroSource: z.string(), problem: z.string().nullable() }),
  },
  /**
   * Downloads, checks and installs a voice of the catalogue; 'natural-voices:progress' events follow
   * the download. `timings`: exact (from the model) or estimated, with `note` saying why.
   */
  'natural-voices:install': {
    args: z.object({ key: naturalVoiceKeySchema }),
    result: z.object({ key: naturalVoiceKeySchema, timings: z.enum(['exact', 'estimated']), note: z.string().nullable() }),
  },
  /** Stops an install under way; what was downloaded is kept, so installing again goes on from there. */
  'natural-voices:cancel-install': { args: z.object({ key: naturalVoiceKeySchema }), result: z.object({ cancelled: z.boolean() }) },
  'natural-voices:remove': { args: z.object({ key: naturalVoiceKeySchema }), result: z.object({ removed: z.boolean() }) },
  /** A catalogue voice's recorded sample (the repository's MP3), to hear it before installing it. */
  'natural-voices:sample': { args: z.object({ key: naturalVoiceKeySchema }), result: z.object({ audio: encodedAudioSchema }) },
  /** How far the download of a natural voice being installed has got. */
  'natural-voices:progress': { payload: naturalVoiceProgressSchema },
} as const satisfies ChannelGroup<'natural-voices'>;

