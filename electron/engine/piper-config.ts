// A Piper voice's `.onnx.json`: what the model needs besides its weights (piper/config.py reads the
// same fields, with the same defaults).
import { z } from 'zod';

const configSchema = z.object({
  audio: z.object({ sample_rate: z.number().int().min(8000).max(96000), quality: z.string().optional() }),
  espeak: z.object({ voice: z.string().min(1) }),
  language: z.object({ code: z.string().min(1), name_english: z.string().optional() }).optional(),
  dataset: z.string().optional(),
  phoneme_type: z.string().optional(),
  phoneme_id_map: z.record(z.string(), z.array(z.number().int().min(0))),
  num_speakers: z.number().int().min(1).default(1),
  speaker_id_map: z.record(z.string(), z.number().int().min(0)).default({}),
  inference: z
    .object({ noise_scale: z.number().optional(), length_scale: z.number().positive().optional(), noise_w: z.number().optional() })
    .default({}),
  hop_length: z.number().int().positive().optional(),
});

export interface PiperConfig {
  sampleRate: number;
  /** The eSpeak NG voice whose phonemes the model was trained on, e.g. en-us. */
  espeakVoice: string;
  /** A phoneme (one code point after NFD, or a cluster) -> its ids. */
  phonemeIds: ReadonlyMap<string, readonly number[]>;
  noiseScale: number;
  lengthScale: number;
  noiseW: number;
  /** Audio samples per frame of the model's durations (w_ceil). */
  hopLength: number;
  /** Speaker name -> id; empty for a single-speaker voice. */
  speakers: ReadonlyMap<string, number>;
  /** BCP-47, e.g. en-US; undefined when the file does not say. */
  language: string | undefined;
  quality: string | undefined;
  dataset: string | undefined;
}

export class PiperConfigError extends Error {
  override name = 'PiperConfigError';
}

// piper/config.py
const DEFAULT_NOISE_SCALE = 0.667;
const DEFAULT_LENGTH_SCALE = 1;
const DEFAULT_NOISE_W = 0.8;
const DEFAULT_HOP_LENGTH = 256;

export function parsePiperConfig(json: string): PiperConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new PiperConfigError('its settings file (.onnx.json) is not valid JSON');
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new PiperConfigError(`its settings file (.onnx.json) is not a Piper voice's: ${issue.path.join('.') || 'the file'}: ${issue.message}`);
  }
  const c = parsed.data;
  if ((c.phoneme_type ?? 'espeak') !== 'espeak') {
    throw new PiperConfigError(`it takes '${c.phoneme_type}' phonemes; Aloud reads Piper voices that take eSpeak phonemes`);
  }
  for (const symbol of ['_', '^', '$']) {
    if (!c.phoneme_id_map[symbol]) throw new PiperConfigError(`its phoneme map has no '${symbol}'`);
  }
  const speakers = new Map(c.num_speakers > 1 ? Object.entries(c.speaker_id_map) : []);
  if (c.num_speakers > 1 && speakers.size === 0) {
    for (let id = 0; id < c.num_speakers; id++) speakers.set(`speaker ${id}`, id);
  }
  return {
    sampleRate: c.audio.sample_rate,
    espeakVoice: c.espeak.voice,
    phonemeIds: new Map(Object.entries(c.phoneme_id_map)),
    noiseScale: c.inference.noise_scale ?? DEFAULT_NOISE_SCALE,
    lengthScale: c.inference.length_scale ?? DEFAULT_LENGTH_SCALE,
    noiseW: c.inference.noise_w ?? DEFAULT_NOISE_W,
    hopLength: c.hop_length ?? DEFAULT_HOP_LENGTH,
    speakers,
    language: c.language ? languageTag(c.language.code) : undefined,
    quality: c.audio.quality,
    dataset: c.dataset,
  };
}

/** Piper's en_US -> en-US; undefined when it is no BCP-47 tag. */
export function languageTag(code: string): string | undefined {
  try {
    return Intl.getCanonicalLocales(code.replace(/_/g, '-'))[0];
  } catch {
    return undefined;
  }
}
