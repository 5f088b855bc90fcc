// The catalogue as last fetched, kept beside the voices (voices/.catalogue/FAMILY.json), so that
// offline the voices one could install are still known. A cache only: a write that fails (a full or
// read-only disk) is let go, and a file that is too large, damaged or of another address is ignored.
import { readFileSync, statSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { catalogueNaturalVoiceSchema, type CatalogueNaturalVoice } from '../../shared/natural-voices-ipc';

type Family = CatalogueNaturalVoice['family'];

/** Piper's catalogue lists about 150 voices: a few hundred KB of this. */
const MAX_CACHE_BYTES = 32 * 2 ** 20;
const cacheSchema = z.object({ source: z.string().max(2048), voices: z.array(catalogueNaturalVoiceSchema).max(20_000) });

const cachePath = (folder: string, family: Family) => join(folder, '.catalogue', `${family}.json`);

export async function saveCatalogue(folder: string, family: Family, source: string, voices: readonly CatalogueNaturalVoice[]): Promise<void> {
  const path = cachePath(folder, family);
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await mkdir(join(folder, '.catalogue'), { recursive: true });
    await writeFile(temporary, JSON.stringify({ source, voices }));
    await rename(temporary, path);
  } catch {
    await rm(temporary, { force: true }).catch(() => undefined);
  }
}

/** The voices last fetched from `source`, or [] when there are none. */
export function loadCatalogue(folder: string, family: Family, source: string): CatalogueNaturalVoice[] {
  const path = cachePath(folder, family);
  try {
    if (statSync(path).size > MAX_CACHE_BYTES) return [];
    const parsed = cacheSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return parsed.success && parsed.data.source === source ? parsed.data.voices.filter((v) => v.family === family) : [];
  } catch {
    return [];
  }
}
