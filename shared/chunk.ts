// The one chunk model that flows from a synthesizer to the player and the library.
// Char offsets point into the reading's original text; times count from the start of the reading.
import { z } from 'zod';

export const pcmAudioSchema = z.object({
  kind: z.literal('pcm'),
  sampleRate: z.number().int().min(8000).max(192000),
  channels: z.number().int().min(1).max(2),
  /** Interleaved float samples in [-1, 1]. */
  samples: z.instanceof(Float32Array),
});

export const encodedAudioSchema = z.object({
  kind: z.literal('encoded'),
  /** e.g. audio/mpeg, audio/ogg; codecs=opus */
  mime: z.string().min(1),
  bytes: z.instanceof(Uint8Array),
});

export const audioPayloadSchema = z.discriminatedUnion('kind', [pcmAudioSchema, encodedAudioSchema]);

/** One phone of a word, with its viseme when the provider gives one (Inworld: for lip-sync). */
export const phonemeTimingSchema = z.object({
  symbol: z.string(),
  startMs: z.number().nonnegative(),
  durationMs: z.number().nonnegative(),
  viseme: z.string().optional(),
});

export const wordTimingSchema = z.object({
  text: z.string(),
  charStart: z.number().int().nonnegative(),
  charEnd: z.number().int().nonnegative(),
  startMs: z.number().nonnegative(),
  endMs: z.number().nonnegative(),
  /** Phones of the word, when the provider reports them. */
  phonemes: z.array(phonemeTimingSchema).optional(),
});

export const chunkSchema = z.object({
  readingId: z.string().min(1),
  /** Index of the text segment this chunk belongs to. */
  segment: z.number().int().nonnegative(),
  /** Position of this chunk in the reading, from 0, with no gaps. */
  seq: z.number().int().nonnegative(),
  /** Where this chunk's audio starts, in ms from the start of the reading. */
  startMs: z.number().nonnegative(),
  durationMs: z.number().nonnegative(),
  audio: audioPayloadSchema,
  words: z.array(wordTimingSchema),
  /**
   * The rate the voice spoke this audio at (a multiple of its normal rate; absent: 1). The player
   * time-stretches it by Speed / synthRate (shared/speed.ts), so every chunk is heard at Speed.
   */
  synthRate: z.number().positive().optional(),
});

export type PcmAudio = z.infer<typeof pcmAudioSchema>;
export type EncodedAudio = z.infer<typeof encodedAudioSchema>;
export type AudioPayload = z.infer<typeof audioPayloadSchema>;
export type WordTiming = z.infer<typeof wordTimingSchema>;
export type PhonemeTiming = z.infer<typeof phonemeTimingSchema>;
export type Chunk = z.infer<typeof chunkSchema>;
