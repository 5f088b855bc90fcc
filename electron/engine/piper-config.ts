// A Piper voice's `.onnx.json`: what the model needs besides its weights (piper/config.py reads the
// same fields, with the same defaults).
import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { z } from 'zod';

// Every field has a bound, well beyond the largest real voice (libritts_r: 904 speakers, about 150
// phonemes, ids under 256, hop 256) and well short of what a hostile file could make us allocate: the
// same parse runs whenever the installed voices are listed.
export const MAX_CONFIG_BYTES = 1024 * 1024;
const MAX_SPEAKERS = 10_000;
const MAX_PHONEMES = 4096;
const MAX_IDS_PER_PHONEME = 64;
const MAX_PHONEME_ID = 65_535;
const MAX_PHONEME_CHARS = 32;
const MAX_NAME_CHARS = 200;
const MAX_HOP_LENGTH = 8192;
const MAX_CLUSTERS = 1024;
const MAX_CLUSTER_PHONEMES = 8;

const name = (max = MAX_NAME_CHARS) => z.string().max(max, `longer than ${max} characters`);
const boundedRecord = <T extends z.ZodTypeAny>(key: z.ZodString, value: T, max: number, what: string) =>
  z.record(key, value).refine((r) => Object.keys(r).length <= max, `more than ${max} ${what}`);
const scale = (max: number) => z.number().finite().min(0).max(max);

const configSchema = z
  .object({
    audio: z.object({ sample_rate: z.number().int().min(8000).max(96000), quality: name(32).optional() }),
    espeak: z.object({ voice: name(64).min(1) }),
    language: z.object({ code: name(35).min(1), name_english: name().optional() }).optional(),
    dataset: name().optional(),
    phoneme_type: name(32).optional(),
    phoneme_id_map: boundedRecord(
      name(MAX_PHONEME_CHARS),
      z.array(z.number().int().min(0).max(MAX_PHONEME_ID)).max(MAX_IDS_PER_PHONEME, `more than ${MAX_IDS_PER_PHONEME} ids`),
      MAX_PHONEMES,
      'phonemes',
    ),
    num_speakers: z.number().int().min(1).max(MAX_SPEAKERS).default(1),
    speaker_id_map: boundedRecord(name(), z.number().int().min(0).max(MAX_SPEAKERS - 1), MAX_SPEAKERS, 'speakers').default({}),
    inference: z
      .object({ noise_scale: scale(10).optional(), length_scale: scale(20).positive().optional(), noise_w: scale(10).optional() })
      .default({}),
    hop_length: z.number().int().positive().max(MAX_HOP_LENGTH).optional(),
    // piper1-gpl (config.py): runs of phonemes the model takes as one, e.g. ["a", "ɪ"] for aɪ.
    vowel_clusters: z
      .array(z.array(name(MAX_PHONEME_CHARS).min(1)).min(2, 'a cluster of fewer than 2 phonemes').max(MAX_CLUSTER_PHONEMES, `a cluster of more than ${MAX_CLUSTER_PHONEMES} phonemes`))
      .max(MAX_CLUSTERS, `more than ${MAX_CLUSTERS} clusters`)
      .optional(),
    default_speaker_id: z.number().int().min(0).max(MAX_SPEAKERS - 1).optional(),
  })
  .refine((c) => c.num_speakers < 2 || Object.values(c.speaker_id_map).every((id) => id < c.num_speakers), {
    path: ['speaker_id_map'],
    message: "a speaker's id is not below num_speakers",
  })
  .refine((c) => (c.default_speaker_id ?? 0) < c.num_speakers, { path: ['default_speaker_id'], message: 'not below num_speakers' })
  .refine((c) => (c.vowel_clusters ?? []).every((cluster) => Object.hasOwn(c.phoneme_id_map, cluster.join(''))), {
    path: ['vowel_clusters'],
    // piper1-gpl: "The final cluster phoneme must be present in the id map."
    message: 'a cluster that is not in the phoneme map',
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
  /** The speaker a multi-speaker voice speaks with when none is chosen (piper1-gpl: default_speaker_id). */
  defaultSpeakerId: number;
  /** Runs of phonemes merged into one before the ids, each as its phonemes (piper1-gpl: vowel_clusters). */
  vowelClusters: readonly (readonly string[])[];
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

/** Reads and parses a voice's .onnx.json, refusing one larger than any voice needs before reading it. */
export function readPiperConfig(path: string): PiperConfig {
  return parsePiperConfig(readCapped(path));
}

export async function readPiperConfigAsync(path: string): Promise<PiperConfig> {
  const handle = await open(path, 'r');
  try {
    if ((await handle.stat()).size > MAX_CONFIG_BYTES) throw tooLarge();
    return parsePiperConfig(await handle.readFile('utf8'));
  } finally {
    await handle.close();
  }
}

function readCapped(path: string): string {
  const fd = openSync(path, 'r');
  try {
    if (fstatSync(fd).size > MAX_CONFIG_BYTES) throw tooLarge();
    return readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
}

const tooLarge = () => new PiperConfigError(`its settings file (.onnx.json) is larger than ${MAX_CONFIG_BYTES / 1024 / 1024} MB, far more than a voice's settings need`);

export function parsePiperConfig(json: string): PiperConfig {
  if (json.length > MAX_CONFIG_BYTES) throw tooLarge();
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new PiperConfigError('its settings file (.onnx.json) is not valid JSON');
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    // Only the path's first names: a key of the file may be as long as the file allows.
    const path = issue.path.slice(0, 2).map((p) => String(p).slice(0, 40)).join('.');
    throw new PiperConfigError(`its settings file (.onnx.json) is not a Piper voice's: ${path || 'the file'}: ${issue.message.slice(0, 120)}`);
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
    defaultSpeakerId: c.default_speaker_id ?? 0,
    vowelClusters: c.vowel_clusters ?? [],
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
