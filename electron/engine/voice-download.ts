// Installs a voice from the catalogue: its files (a Piper voice's model and settings file; a Kokoro
// pack's model, vocabulary and style vectors) downloaded into the staging folder (voices/.incoming/KEY),
// each as FILE.part, resumed with an HTTP Range request where a cut left off, checked against the
// catalogue's size and checksum, then renamed; when all are there the voice is finished and moved
// into place (voice-install.ts). A failed check deletes that file's download; a
// cut connection keeps it, so the next install goes on from where it stopped.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, statSync } from 'node:fs';
import { mkdir, rename, rm, truncate } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { fileUrl, type CatalogueFile, type CatalogueVoice } from './piper-catalogue';
import { finishInstall, stagingFolder, VoiceInstallError, type InstalledResult } from './voice-install';
import { messageOf } from '../../shared/ipc-error';

export interface DownloadProgress {
  key: string;
  /** Bytes of the voice on disk so far (resumed bytes included) and in all. */
  receivedBytes: number;
  totalBytes: number;
}

export interface DownloadOptions {
  signal?: AbortSignal;
  onProgress?(progress: DownloadProgress): void;
}

/** Whether the file on disk has the checksum the catalogue lists. */
async function checksumMatches(path: string, file: CatalogueFile): Promise<boolean> {
  const { algorithm, hex } = file.digest;
  const hash = createHash(algorithm === 'git-sha1' ? 'sha1' : algorithm);
  // A git blob's id hashes a header before the content.
  if (algorithm === 'git-sha1') hash.update(`blob ${sizeOf(path)}\0`);
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex') === hex;
}

const sizeOf = (path: string) => (existsSync(path) ? statSync(path).size : 0);

/** Downloads one file into `target`, resuming `target.part`; checks size and MD5. */
async function downloadFile(url: string, file: CatalogueFile, target: string, progress: (bytes: number) => void, signal?: AbortSignal): Promise<void> {
  if (sizeOf(target) === file.sizeBytes && existsSync(target) && (await checksumMatches(target, file))) {
    progress(file.sizeBytes);
    return; // downloaded and checked by an earlier, interrupted install
  }
  const part = `${target}.part`;
  let have = sizeOf(part);
  if (have > file.sizeBytes) {
    await rm(part);
    have = 0;
  }
  if (have < file.sizeBytes) {
    let response: Response;
    try {
      response = await fetch(url, { signal, headers: have > 0 ? { Range: `bytes=${have}-` } : {} });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new VoiceInstallError(`Could not reach ${new URL(url).host} to download the voice: check the network connection, then install it again.`, { cause: error });
    }
    if (response.status === 200 && have > 0) {
      // The server ignored the range: start the file over.
      await truncate(part, 0);
      have = 0;
    } else if (response.status !== 206 && response.status !== 200) {
      await response.body?.cancel();
      throw new VoiceInstallError(`The download of ${url} failed: the server answered ${response.status} ${response.statusText}.`);
    }
    progress(have);
    let received = have;
    const counted = Readable.fromWeb(response.body! as WebReadableStream<Uint8Array>);
    counted.on('data', (chunk: Buffer) => {
      received += chunk.length;
      progress(received);
    });
    try {
      await pipeline(counted, createWriteStream(part, { flags: have > 0 ? 'a' : 'w' }), { signal });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new VoiceInstallError(
        `The download stopped after ${Math.round(sizeOf(part) / 1024)} KB of ${Math.round(file.sizeBytes / 1024)} KB (${messageOf(error)}): install the voice again to go on from there.`,
        { cause: error },
      );
    }
  }
  const size = sizeOf(part);
  if (size < file.sizeBytes) {
    throw new VoiceInstallError(`The download stopped after ${Math.round(size / 1024)} KB of ${Math.round(file.sizeBytes / 1024)} KB: install the voice again to go on from there.`);
  }
  if (size !== file.sizeBytes || !(await checksumMatches(part, file))) {
    await rm(part, { force: true });
    throw new VoiceInstallError(`The downloaded ${file.path} is not the file the catalogue lists (its size or checksum differs), so it was deleted: install the voice again, or check the catalogue address in Settings.`);
  }
  await rename(part, target);
}

export async function downloadVoice(folder: string, voice: CatalogueVoice, baseUrl: string, options: DownloadOptions = {}): Promise<InstalledResult> {
  const { key } = voice;
  const staging = stagingFolder(folder, key);
  await mkdir(staging, { recursive: true });
  let done = 0;
  for (const { file, target } of voice.files) {
    const path = join(staging, target);
    await mkdir(dirname(path), { recursive: true });
    await downloadFile(fileUrl(baseUrl, file), file, path, (bytes) => options.onProgress?.({ key, receivedBytes: done + bytes, totalBytes: voice.sizeBytes }), options.signal);
    done += file.sizeBytes;
  }
  try {
    return await finishInstall(folder, key, staging, voice.family);
  } catch (error) {
    // Checked files that still cannot be used: nothing is worth keeping for a retry.
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}
