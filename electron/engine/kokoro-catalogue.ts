// Kokoro as the voice catalogue offers it: the timestamped ONNX export of Kokoro-82M on Hugging Face
// (onnx-community/Kokoro-82M-v1.0-ONNX-timestamped), or a mirror of that repository at another address
// (a setting). The repository's file list (Hugging Face's tree API) gives each file's size and its
// checksum: SHA-256 for the large (LFS) files, the git blob's SHA-1 for the small ones. Each model
// variant is one pack to install: the model, the phoneme vocabulary and every voice's style vectors
// in a language Aloud can phonemize.
import { z } from 'zod';
import { kokoroVoiceInfo } from './kokoro-pack';
import { CatalogueError, type CatalogueDownload, type CatalogueFile, type CatalogueVoice } from './piper-catalogue';

export const DEFAULT_KOKORO_SOURCE = 'https://huggingface.co/onnx-community/Kokoro-82M-v1.0-ONNX-timestamped';

/** The model variants, smallest first: q8 runs fastest on a laptop's CPU. */
export const KOKORO_VARIANTS = [
  { variant: 'q8', path: 'onnx/model_quantized.onnx' },
  { variant: 'fp16', path: 'onnx/model_fp16.onnx' },
  { variant: 'fp32', path: 'onnx/model.onnx' },
] as const;

const treeSchema = z.array(
  z.object({
    type: z.string(),
    path: z.string(),
    size: z.number().int().min(0),
    oid: z.string().regex(/^[0-9a-f]{40}$/i),
    lfs: z.object({ oid: z.string().regex(/^[0-9a-f]{64}$/i), size: z.number().int().min(0) }).optional(),
  }),
);

/** Where the repository's files download from: SOURCE/resolve/main/PATH. */
export function kokoroFilesUrl(source: string): string {
  return `${source.replace(/\/+$/, '')}/resolve/main`;
}

/** The tree API of the repository at `source` (https://HOST/OWNER/REPO): https://HOST/api/models/OWNER/REPO/tree/main/DIR. */
export function kokoroTreeUrl(source: string, dir: string): string {
  const url = new URL(source.replace(/\/+$/, ''));
  return `${url.origin}/api/models${url.pathname}/tree/main${dir ? `/${dir}` : ''}`;
}

/** Kokoro 82M (q8), for the pack kokoro-82m-q8. */
export function kokoroPackName(key: string): string {
  const variant = /-(q8|fp16|fp32|q4|q4f16)$/.exec(key)?.[1];
  return `Kokoro 82M${variant ? ` (${variant})` : ''}`;
}

async function listFolder(source: string, dir: string, signal?: AbortSignal): Promise<CatalogueFile[]> {
  const url = kokoroTreeUrl(source, dir);
  let response: Response;
  try {
    response = await fetch(url, { signal });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new CatalogueError(`Could not reach Kokoro's repository at ${new URL(url).host}: check the network connection, or Kokoro's address in Settings.`, { cause: error });
  }
  if (!response.ok) throw new CatalogueError(`Kokoro's repository at ${source} answered ${response.status} ${response.statusText}: check Kokoro's address in Settings.`);
  const parsed = treeSchema.safeParse(await response.json().catch(() => null));
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
export async function fetchKokoroCatalogue(source: string, signal?: AbortSignal): Promise<CatalogueVoice[]> {
  const [root, models, styles] = await Promise.all(['', 'onnx', 'voices'].map((dir) => listFolder(source, dir, signal)));
  const tokenizer = root!.find((f) => f.path === 'tokenizer.json');
  const voices: CatalogueDownload[] = [];
  for (const file of styles!) {
    const name = /^voices\/([^/]+)\.bin$/.exec(file.path)?.[1];
    if (name && kokoroVoiceInfo(name)) voices.push({ file, target: `voices/${name}.bin` });
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
