// The Piper voices one can install: the public voices repository's voices.json (rhasspy/piper-voices),
// or a mirror's copy of it at another base URL (a setting). Each voice lists its files with their size
// and MD5, relative to the base URL.
import { z } from 'zod';
import { languageTag } from './piper-config';
import { isVoiceKey } from './installed-voices';
import { messageOf } from '../../shared/ipc-error';

export const DEFAULT_CATALOGUE_URL = 'https://huggingface.co/rhasspy/piper-voices/resolve/main';

const entrySchema = z.object({
  key: z.string(),
  name: z.string(),
  language: z.object({ code: z.string(), name_english: z.string().optional(), name_native: z.string().optional(), country_english: z.string().optional() }),
  quality: z.string(),
  num_speakers: z.number().int().min(1).default(1),
  files: z.record(z.string(), z.object({ size_bytes: z.number().int().min(0), md5_digest: z.string().regex(/^[0-9a-f]{32}$/i) })),
});

export interface CatalogueFile {
  /** Relative to the catalogue's base URL, e.g. en/en_US/lessac/medium/en_US-lessac-medium.onnx. */
  path: string;
  sizeBytes: number;
  /** How the file is checked, lowercase hex: Piper's catalogue gives MD5; Hugging Face, SHA-256 (LFS) or a git blob's SHA-1. */
  digest: { algorithm: 'md5' | 'sha256' | 'git-sha1'; hex: string };
}

/** A file an install downloads, and its name in the voice's folder. */
export interface CatalogueDownload {
  file: CatalogueFile;
  target: string;
}

export interface CatalogueVoice {
  family: 'piper' | 'kokoro';
  key: string;
  /** The dataset's name, e.g. lessac. */
  name: string;
  /** BCP-47, e.g. en-US. */
  language: string;
  /** e.g. English (United States). */
  languageName: string;
  quality: string;
  speakers: number;
  /** What an install downloads (a Piper voice: its settings file, then its model). */
  files: CatalogueDownload[];
  /** Bytes an install downloads. */
  sizeBytes: number;
  /** A recorded sample's path beside the files, or null when the catalogue has none. */
  samplePath: string | null;
}

export class CatalogueError extends Error {
  override name = 'CatalogueError';
}

export function catalogueUrl(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/voices.json`;
}

export function fileUrl(baseUrl: string, file: Pick<CatalogueFile, 'path'>): string {
  return `${baseUrl.replace(/\/+$/, '')}/${file.path.split('/').map(encodeURIComponent).join('/')}`;
}

/** The voices of a voices.json; entries that are not usable voices (no model file, a bad key) are left out. */
export function parseCatalogue(json: string): CatalogueVoice[] {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new CatalogueError('the voice catalogue is not valid JSON');
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new CatalogueError('the voice catalogue is not a list of Piper voices');
  const voices: CatalogueVoice[] = [];
  for (const value of Object.values(raw)) {
    const parsed = entrySchema.safeParse(value);
    if (!parsed.success || !isVoiceKey(parsed.data.key)) continue;
    const e = parsed.data;
    const files = Object.entries(e.files).map(([path, f]): CatalogueFile => ({ path, sizeBytes: f.size_bytes, digest: { algorithm: 'md5', hex: f.md5_digest.toLowerCase() } }));
    const model = files.find((f) => f.path.endsWith(`/${e.key}.onnx`) || f.path === `${e.key}.onnx`);
    const config = files.find((f) => f.path.endsWith(`/${e.key}.onnx.json`) || f.path === `${e.key}.onnx.json`);
    if (!model || !config || files.some((f) => f.path.split('/').includes('..'))) continue;
    const country = e.language.country_english;
    // The repository keeps a voice's recorded sample (its first speaker) beside its model.
    const dir = model.path.split('/').slice(0, -1).join('/');
    voices.push({
      family: 'piper',
      key: e.key,
      name: e.name,
      language: languageTag(e.language.code) ?? e.language.code,
      languageName: `${e.language.name_english ?? e.language.code}${country ? ` (${country})` : ''}`,
      quality: e.quality,
      speakers: e.num_speakers,
      files: [
        { file: config, target: `${e.key}.onnx.json` },
        { file: model, target: `${e.key}.onnx` },
      ],
      sizeBytes: model.sizeBytes + config.sizeBytes,
      samplePath: `${dir ? `${dir}/` : ''}samples/speaker_0.mp3`,
    });
  }
  if (voices.length === 0) throw new CatalogueError('the voice catalogue lists no Piper voice');
  return voices.sort((a, b) => a.key.localeCompare(b.key));
}

/** Fetches and reads the catalogue; the error says where it looked and what went wrong. */
export async function fetchCatalogue(baseUrl: string, signal?: AbortSignal): Promise<CatalogueVoice[]> {
  const url = catalogueUrl(baseUrl);
  let response: Response;
  try {
    response = await fetch(url, { signal });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new CatalogueError(`Could not reach the voice catalogue at ${url}: check the network connection, or the catalogue address in Settings.`, { cause: error });
  }
  if (!response.ok) throw new CatalogueError(`The voice catalogue at ${url} answered ${response.status} ${response.statusText}: check the catalogue address in Settings.`);
  try {
    return parseCatalogue(await response.text());
  } catch (error) {
    throw new CatalogueError(`The file at ${url} is not a Piper voice catalogue (${messageOf(error)}).`, { cause: error });
  }
}

/** A sample is a few seconds of MP3; anything much larger is not one. */
const SAMPLE_MAX_BYTES = 4 * 2 ** 20;

/** Fetches a voice's recorded sample (MP3) from the catalogue, to hear it before installing it. */
export async function fetchSample(baseUrl: string, voice: CatalogueVoice, signal?: AbortSignal): Promise<Uint8Array<ArrayBuffer>> {
  if (!voice.samplePath) throw new CatalogueError(`There is no recorded sample of ${voice.name}; install it to hear it.`);
  const url = fileUrl(baseUrl, { path: voice.samplePath });
  let response: Response;
  try {
    response = await fetch(url, { signal });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new CatalogueError(`Could not reach the voice catalogue for a sample of ${voice.key}: check the network connection.`, { cause: error });
  }
  if (response.status === 404) throw new CatalogueError(`The voice catalogue has no sample of ${voice.key}; install it to hear it.`);
  if (!response.ok) throw new CatalogueError(`The voice catalogue answered ${response.status} ${response.statusText} for a sample of ${voice.key}.`);
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > SAMPLE_MAX_BYTES) throw new CatalogueError(`The sample of ${voice.key} is too large to be one (${declared} bytes).`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.length > SAMPLE_MAX_BYTES) throw new CatalogueError(`The sample of ${voice.key} is too large to be one (${bytes.length} bytes).`);
  return bytes;
}
