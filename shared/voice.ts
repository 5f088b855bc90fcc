import { z } from 'zod';

export const voiceSchema = z.object({
  /** Unique within its provider. */
  id: z.string().min(1),
  provider: z.string().min(1),
  name: z.string(),
  /** BCP-47 tags, most specific first. */
  languages: z.array(z.string()),
});
export type Voice = z.infer<typeof voiceSchema>;

/** Speaking rate as a multiple of the voice's normal rate. */
export const rateSchema = z.number().min(0.5).max(4);
