// Kokoro as the voice catalogue offers it: the timestamped ONNX export of Kokoro-82M on Hugging Face
// (onnx-community/Kokoro-82M-v1.0-ONNX-timestamped), or a mirror of that repository at another address
// (a setting). The repository's file list (Hugging Face's tree API) gives each file's size and its
// checksum: SHA-256 for the large (LFS) files, the git blob's SHA-1 for the small ones. Each model
// variant is one pack to install: the model, the phoneme vocabulary and every voice's style vectors
// in a language Aloud can phonemize.
import { z } from 'zod';
import { kokoroVoiceInfo, STYLE_FILE_BYTES } from './kokoro-pack';
import {
  CatalogueError,
  fetchListText,
  MAX_LISTED_FILE_BYTES,
  MAX_LISTED_PATH,
  SETTINGS_HINTS,
  type CatalogueDownload,
  type CatalogueFetchOptions,
  type CatalogueFile,
  type CatalogueVoice,
} from './piper-catalogue';

export const DEFAULT_KOKORO_SOURCE = 'https://huggingface.co/onnx-community/Kokoro-82M-v1.0-ONNX-timestamped';

/** The model variants, smallest first: q8 runs fastest on a laptop's CPU. */
export const KOKORO_VARIANTS = [
  { variant: 'q8', path: 'onnx/model_quantized.onnx' },
  { variant: 'fp16', path: 'onnx/model_fp16.onnx' },
  { variant: 'fp32', path: 'onnx/model.onnx' },
] as const;

/** Kokoro's folders hold a few dozen files (voices/ about 60). */
const MAX_TREE_ENTRIES = 10_000;
const size = z.number().int().min(0).max(MAX_LISTED_FILE_BYTES);
const treeSchema = z
  .array(
    z.object({
      type: z.string().max(32),
      path: z.string().max(MAX_LISTED_PATH),
      size,
      oid: z.string().regex(/^[0-9a-f]{40}$/i),
      lfs: z.object({ oid: z.string().regex(/^[0-9a-f]{64}$/i), size }).optional(),
    }),
  )
  .max(MAX_TREE_ENTRIES);

/** Whether an install key is one of Kokoro's packs (kokoro-82m-q8) rather than a Piper voice. */
export function isKokoroPackKey(key: string): boolean {
  return key.startsWith('kokoro-');
}

/** Where the repository's files download from: SOURCE/resolve/main/PATH. */
export function kokoroFilesUrl(source: string): string {
  return `${source.replace(/\/+$/, '')}/resolve/main`;
}

/** The tree API of the repository at `source` (https://HOST/OWNER/REPO): https://HOST/api/models/OWNER/REPO/tree/main/DIR. */
export function kokoroTreeUrl(source: string, dir: string): string {
  const url = new URL(source.replace(/\/+$/, ''));
  return `${url.origin}/api/models${url.pathname}/tree/main${dir ? `/${dir}` : ''}`;
}

/** Each variant in plain words (its technical name, q8 or fp32, is the pack's key). */
const VARIANT_WORDS: Record<string, string> = { q4: 'smallest', q4f16: 'small', q8: 'compact', fp16: 'medium', fp32: 'full size' };

/** "Kokoro · compact" for the pack kokoro-82m-q8. */
export function kokoroPackName(key: string): string {
  const variant = /-(q8|fp16|fp32|q4|q4f16)$/.exec(key)?.[1];
  return variant ? `Kokoro · ${VARIANT_WORDS[variant]}` : 'Kokoro';
}

async function listFolder(source: string, dir: string, options: CatalogueFetchOptions): Promise<CatalogueFile[]> {
  const url = kokoroTreeUrl(source, dir);
  const text = await fetchListText(url, { what: "Kokoro's repository", where: source }, (options.hints ?? SETTINGS_HINTS).kokoro, options);
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // said below
  }
  const parsed = treeSchema.safeParse(json);
  if (!parsed.success) throw new CatalogueError(`The file list at ${url} is not a Hugging Face repository's.`);
  return parsed.data
    .filter((e) => e.type === 'file' && !e.path.split('/').includes('..'))
    .map((e) => ({
      path: e.path,
      sizeBytes: e.lfs?.size ?? e.size,
      digest: e.lfs ? { algorithm: 'sha256', hex: e.lfs.oid.toLowerCase() } : { algorithm: 'git-sha1', hex: e.oid.toLowerCase() },
    }));
}

/** The Kokoro packs one can install from `source`: one per model variant the repository has. */
export async function fetchKokoroCatalogue(source: string, options: CatalogueFetchOptions = {}): Promise<CatalogueVoice[]> {
  const [root, models, styles] = await Promise.all(['', 'onnx', 'voices'].map((dir) => listFolder(source, dir, options)));
  const tokenizer = root!.find((f) => f.path === 'tokenizer.json');
  const voices: CatalogueDownload[] = [];
  for (const file of styles!) {
    const name = /^voices\/([^/]+)\.bin$/.exec(file.path)?.[1];
    // A style file is 510 vectors of 256 floats: one listed at another size is not one.
    if (name && kokoroVoiceInfo(name) && file.sizeBytes === STYLE_FILE_BYTES) voices.push({ file, target: `voices/${name}.bin` });
  }
  if (!tokenizer || voices.length === 0) throw new CatalogueError(`The repository at ${source} is not Kokoro's: it has no tokenizer.json or no voices.`);
  const languages = new Set(voices.map((v) => kokoroVoiceInfo(v.target.slice('voices/'.length, -'.bin'.length))!.language.split('-')[0]!));
  const languageName = [...languages].map((l) => new Intl.DisplayNames(['en'], { type: 'language' }).of(l) ?? l).join(', ');
  const packs: CatalogueVoice[] = [];
  for (const { variant, path } of KOKORO_VARIANTS) {
    const model = models!.find((f) => f.path === path);
    if (!model) continue;
    const key = `kokoro-82m-${variant}`;
    const files = [{ file: tokenizer, target: 'tokenizer.json' }, ...voices, { file: model, target: `${key}.onnx` }];
    packs.push({
      family: 'kokoro',
      key,
      name: kokoroPackName(key),
      language: 'en-US',
      languageName,
      quality: variant,
      speakers: voices.length,
      files,
      sizeBytes: files.reduce((sum, f) => sum + f.file.sizeBytes, 0),
      samplePath: null,
    });
  }
  if (packs.length === 0) throw new CatalogueError(`The repository at ${source} has none of Kokoro's ONNX models (${KOKORO_VARIANTS.map((v) => v.path).join(', ')}).`);
  return packs;
}
