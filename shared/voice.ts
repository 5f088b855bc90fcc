import { z } from 'zod';
import { SPEED_MAX, SPEED_MIN } from './speed';

export const voiceSchema = z.object({
  /** Unique within its provider. */
  id: z.string().min(1),
  provider: z.string().min(1),
  name: z.string(),
  /** BCP-47 tags, most specific first. */
  languages: z.array(z.string()),
});
export type Voice = z.infer<typeof voiceSchema>;

/** A Speed: how fast a reading is heard, as a multiple of the voice's normal rate (shared/speed.ts). */
export const speedSchema = z.number().min(SPEED_MIN).max(SPEED_MAX);
