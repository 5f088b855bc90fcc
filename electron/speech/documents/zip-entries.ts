// The files of a ZIP container (EPUB, DOCX), unpacked within bounds: a hostile archive (a zip bomb,
// millions of entries) is refused in a sentence before it is inflated.
import { unzipSync } from 'fflate';
import { DOCUMENT_LIMITS, DocumentError } from './document-text';

export type ZipEntries = Map<string, Uint8Array>;

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** Unpacks the entries `wanted` keeps (all by default), refusing archives past the bounds. */
export function unzipEntries(bytes: Uint8Array, what: string, wanted: (name: string) => boolean = () => true): ZipEntries {
  let entries = 0;
  let unpacked = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (file) => {
        entries++;
        unpacked += file.originalSize;
        if (entries > DOCUMENT_LIMITS.zipEntries || unpacked > DOCUMENT_LIMITS.unzippedBytes) throw new DocumentError(`This ${what} unpacks to more than Aloud reads from one document.`);
        return wanted(file.name);
      },
    });
  } catch (err) {
    if (err instanceof DocumentError) throw err;
    throw new DocumentError(`This ${what} is damaged: its contents cannot be unpacked.`);
  }
  // A declared size can lie: what was actually inflated counts as well.
  const actual = Object.values(files).reduce((sum, f) => sum + f.length, 0);
  if (actual > DOCUMENT_LIMITS.unzippedBytes) throw new DocumentError(`This ${what} unpacks to more than Aloud reads from one document.`);
  return new Map(Object.entries(files));
}

/** Refuses an archive past the bounds without unpacking it (for a library that unpacks it itself). */
export function checkZipBounds(bytes: Uint8Array, what: string): void {
  unzipEntries(bytes, what, () => false);
}

export function entryText(entries: ZipEntries, name: string): string | null {
  const bytes = entries.get(name);
  return bytes ? new TextDecoder('utf-8').decode(bytes) : null;
}
