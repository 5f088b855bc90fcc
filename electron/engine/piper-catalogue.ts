// The Piper voices one can install: the public voices repository's voices.json (rhasspy/piper-voices),
// or a mirror's copy of it at another base URL (a setting). Each voice lists its files with their size
// and MD5, relative to the base URL.
import { z } from 'zod';
import { boundedBytes, boundedFetch, downloadLimits, limitsForList, TransferError, type DownloadLimits } from './bounded-fetch';
import { languageTag } from './piper-config';
import { isVoiceKey } from './installed-voices';
import { messageOf } from '../../shared/ipc-error';

export const DEFAULT_CATALOGUE_URL = 'https://huggingface.co/rhasspy/piper-voices/resolve/main';

/** The largest file a catalogue may list: protobuf's limit, so no ONNX model without external data is larger. */
export const MAX_LISTED_FILE_BYTES = 2 ** 31 - 1;
/** A file's path in a repository; Piper's are under 100 characters. */
export const MAX_LISTED_PATH = 512;
/** Piper's largest voice (libritts_r) has 904 speakers. */
const MAX_LISTED_SPEAKERS = 10_000;
/** Piper's catalogue lists about 150 voices; each with a handful of files. */
const MAX_CATALOGUE_VOICES = 20_000;
const MAX_VOICE_FILES = 64;

/** What to do about a catalogue's address, as its messages say it (a verb phrase): Settings, or an option of the command line. */
export interface AddressHints {
  piper: string;
  kokoro: string;
}
export const SETTINGS_HINTS: AddressHints = { piper: 'check the catalogue address in Settings', kokoro: "check Kokoro's address in Settings" };

export interface CatalogueFetchOptions {
  signal?: AbortSignal | undefined;
  limits?: Partial<DownloadLimits> | undefined;
  hints?: AddressHints | undefined;
}

const text = (max: number) => z.string().max(max);
const entrySchema = z.object({
  key: text(128),
  name: text(100),
  language: z.object({ code: text(35), name_english: text(100).optional(), name_native: text(100).optional(), country_english: text(100).optional() }),
  quality: text(32),
  num_speakers: z.number().int().min(1).max(MAX_LISTED_SPEAKERS).default(1),
  files: z
    .record(text(MAX_LISTED_PATH), z.object({ size_bytes: z.number().int().min(0).max(MAX_LISTED_FILE_BYTES), md5_digest: z.string().regex(/^[0-9a-f]{32}$/i) }))
    .refine((files) => Object.keys(files).length <= MAX_VOICE_FILES),
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
  /** The server could not be reached at all (offline, a wrong host), as opposed to answering wrongly. */
  readonly unreachable: boolean;
  constructor(message: string, options: { cause?: unknown; unreachable?: boolean } = {}) {
    super(message, { cause: options.cause });
    this.unreachable = options.unreachable ?? false;
  }
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
  if (Object.keys(raw).length > MAX_CATALOGUE_VOICES) throw new CatalogueError(`the voice catalogue lists more than ${MAX_CATALOGUE_VOICES} voices, more than any real one`);
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

/**
 * A catalogue or file list from `url`, bounded (a fixed cap, the stall time, a deadline); every
 * failure a CatalogueError that names `what` and says what to do (`hint`: where its address is changed).
 */
export async function fetchListText(url: string, source: { what: string; where: string }, hint: string, options: CatalogueFetchOptions): Promise<string> {
  const { what, where } = source;
  const What = what.charAt(0).toUpperCase() + what.slice(1);
  const limits = downloadLimits(options.limits);
  try {
    const response = await boundedFetch(url, limitsForList(limits), { signal: options.signal });
    if (response.status < 200 || response.status > 299) {
      await response.cancel();
      throw new CatalogueError(`${What} at ${where} answered ${response.status} ${response.statusText}: ${hint}.`);
    }
    return new TextDecoder().decode(await boundedBytes(response));
  } catch (error) {
    if (options.signal?.aborted || error instanceof CatalogueError) throw error;
    if (error instanceof TransferError) throw new CatalogueError(`${What} at ${where} could not be read: ${error.message}; try again later, or ${hint}.`, { cause: error });
    throw new CatalogueError(`Could not reach ${what} at ${where}: check the network connection, or ${hint}.`, { cause: error, unreachable: true });
  }
}

/** Fetches and reads the catalogue; the error says where it looked and what went wrong. */
export async function fetchCatalogue(baseUrl: string, options: CatalogueFetchOptions = {}): Promise<CatalogueVoice[]> {
  const url = catalogueUrl(baseUrl);
  const text = await fetchListText(url, { what: 'the voice catalogue', where: url }, (options.hints ?? SETTINGS_HINTS).piper, options);
  try {
    return parseCatalogue(text);
  } catch (error) {
    throw new CatalogueError(`The file at ${url} is not a Piper voice catalogue (${messageOf(error)}).`, { cause: error });
  }
}

/** A sample is a few seconds of MP3; anything much larger is not one. */
const SAMPLE_MAX_BYTES = 4 * 2 ** 20;

/** Fetches a voice's recorded sample (MP3) from the catalogue, to hear it before installing it. */
export async function fetchSample(baseUrl: string, voice: CatalogueVoice, options: Omit<CatalogueFetchOptions, 'hints'> = {}): Promise<Uint8Array<ArrayBuffer>> {
  if (!voice.samplePath) throw new CatalogueError(`There is no recorded sample of ${voice.name}; install it to hear it.`);
  const url = fileUrl(baseUrl, { path: voice.samplePath });
  const limits = downloadLimits(options.limits);
  try {
    const response = await boundedFetch(url, { ...limitsForList(limits), maxBytes: SAMPLE_MAX_BYTES }, { signal: options.signal });
    if (response.status === 404) {
      await response.cancel();
      throw new CatalogueError(`The voice catalogue has no sample of ${voice.key}; install it to hear it.`);
    }
    if (response.status < 200 || response.status > 299) {
      await response.cancel();
      throw new CatalogueError(`The voice catalogue answered ${response.status} ${response.statusText} for a sample of ${voice.key}.`);
    }
    return await boundedBytes(response);
  } catch (error) {
    if (options.signal?.aborted || error instanceof CatalogueError) throw error;
    if (error instanceof TransferError) throw new CatalogueError(`The sample of ${voice.key} could not be had: ${error.message}.`, { cause: error });
    throw new CatalogueError(`Could not reach the voice catalogue for a sample of ${voice.key}: check the network connection.`, { cause: error, unreachable: true });
  }
}
