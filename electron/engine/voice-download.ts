// Installs a voice from the catalogue: its files (a Piper voice's model and settings file; a Kokoro
// pack's model, vocabulary and style vectors) downloaded into the staging folder (voices/.incoming/KEY),
// each as FILE.part, resumed with an HTTP Range request where a cut left off, checked against the
// catalogue's size and checksum, then renamed; when all are there the voice is finished and moved
// into place (voice-install.ts). Every transfer is bounded (bounded-fetch.ts): no more than the listed
// size and a margin, no stall past the stall time, no longer than its deadline.
// What is wrong is deleted at once (bytes past the listed size, a checksum that differs, a write the
// disk refused); what is only unfinished (a cut, a stall, a stop) is kept, never more than the listed
// size, so the next install goes on from there, and `voices remove KEY` deletes it.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { mkdir, open, rename, rm, statfs, truncate } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { boundedFetch, downloadLimits, formatBytes, limitsForFile, TransferError, type DownloadLimits } from './bounded-fetch';
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
  /** Tighter bounds than the defaults (tests). */
  limits?: Partial<DownloadLimits>;
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

/** A write the disk refused, in words. */
function writeProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOSPC') return 'the disk is full';
  if (code === 'EDQUOT') return 'the disk quota is used up';
  if (code === 'EROFS') return 'the disk is read-only';
  if (code === 'EACCES' || code === 'EPERM') return 'Aloud may not write there';
  return messageOf(error);
}

class WriteError extends Error {}

interface FileJob {
  url: string;
  file: CatalogueFile;
  target: string;
  /** The most bytes this file may have: its listed size and a margin, or less for a small file. */
  cap: number;
  limits: DownloadLimits;
  progress(bytes: number): void;
  signal: AbortSignal | undefined;
}

/** Downloads one file into `target`, resuming `target.part`; checks size and checksum. */
async function downloadFile(job: FileJob): Promise<void> {
  const { file, target } = job;
  if (sizeOf(target) === file.sizeBytes && existsSync(target) && (await checksumMatches(target, file))) {
    job.progress(file.sizeBytes);
    return; // downloaded and checked by an earlier, interrupted install
  }
  const part = `${target}.part`;
  if (sizeOf(part) > file.sizeBytes) await rm(part);
  // An empty file listed as such is fetched too: there must be a file to check.
  if (sizeOf(part) < file.sizeBytes || !existsSync(part)) await receive(job, part);
  const size = sizeOf(part);
  if (size < file.sizeBytes) {
    throw new VoiceInstallError(`The download of ${file.path} stopped after ${formatBytes(size)} of ${formatBytes(file.sizeBytes)}: install the voice again to go on from there.`);
  }
  if (size !== file.sizeBytes || !(await checksumMatches(part, file))) {
    await rm(part, { force: true });
    throw new VoiceInstallError(`The downloaded ${file.path} is not the file the catalogue lists (its size or checksum differs), so it was deleted: install the voice again, or check the catalogue's address.`);
  }
  await rename(part, target);
}

/** Appends the rest of the file to `part`, within the job's bounds. */
async function receive(job: FileJob, part: string): Promise<void> {
  const { file, signal } = job;
  let have = sizeOf(part);
  const host = new URL(job.url).host;
  let response;
  try {
    response = await boundedFetch(job.url, { ...limitsForFile(job.limits, file.sizeBytes - have), maxBytes: job.cap }, { signal, headers: have > 0 ? { Range: `bytes=${have}-` } : {} });
  } catch (error) {
    if (signal?.aborted) throw error;
    if (error instanceof TransferError) throw new VoiceInstallError(`The download of ${file.path} from ${host} was stopped: ${error.message}.`, { cause: error });
    throw new VoiceInstallError(`Could not reach ${host} to download the voice: check the network connection, then install it again.`, { cause: error });
  }
  if (response.status === 200 && have > 0) {
    // The server ignored the range: start the file over.
    await truncate(part, 0);
    have = 0;
  } else if (response.status !== 206 && response.status !== 200) {
    await response.cancel();
    throw new VoiceInstallError(`The download of ${job.url} failed: the server answered ${response.status} ${response.statusText}.`);
  }
  job.progress(have);
  let size = have;
  const handle = await open(part, have > 0 ? 'a' : 'w').catch((error: unknown) => {
    throw new VoiceInstallError(`The voice cannot be saved in ${dirname(part)}: ${writeProblem(error)}.`, { cause: error });
  });
  try {
    for await (const chunk of response.chunks()) {
      size += chunk.length;
      // A resumed file counts what it had: its whole stays within the cap.
      if (size > job.cap) throw new TransferError('too-large', `the server sent more than the ${formatBytes(job.cap)} it may be`);
      await handle.write(chunk).catch((error: unknown) => {
        throw new WriteError(writeProblem(error), { cause: error });
      });
      job.progress(size);
    }
    await handle.close();
  } catch (error) {
    await handle.close().catch(() => undefined);
    if (error instanceof WriteError || (error instanceof TransferError && error.failure === 'too-large')) {
      // Nothing of it is worth keeping, and a full disk needs the room back.
      await rm(part, { force: true });
      if (error instanceof WriteError) throw new VoiceInstallError(`The voice cannot be saved in ${dirname(part)}: ${error.message}; what was downloaded is deleted.`, { cause: error });
      throw new VoiceInstallError(`The download of ${file.path} from ${host} was stopped and deleted: ${error.message}.`, { cause: error });
    }
    if (signal?.aborted) throw error;
    const got = `${formatBytes(sizeOf(part))} of ${formatBytes(file.sizeBytes)}`;
    if (error instanceof TransferError) throw new VoiceInstallError(`The download of ${file.path} from ${host} stopped after ${got}: ${error.message}; install the voice again to go on from there.`, { cause: error });
    throw new VoiceInstallError(`The download of ${file.path} stopped after ${got} (${messageOf(error)}): install the voice again to go on from there.`, { cause: error });
  }
}

/** The most bytes a file of the voice may have. Small files (settings, vocabulary) are read whole, so they are held to a fixed cap too. */
function capOf(target: string, file: CatalogueFile, limits: DownloadLimits): number {
  const cap = file.sizeBytes + limits.marginBytes;
  return target.endsWith('.json') ? Math.min(cap, limits.configMaxBytes) : cap;
}

/** Refuses at once a voice the disk has no room for, rather than filling it. */
async function checkRoom(staging: string, bytes: number): Promise<void> {
  const stats = await statfs(staging).catch(() => undefined);
  if (!stats) return;
  const free = stats.bavail * stats.bsize;
  if (free < bytes) throw new VoiceInstallError(`The voice needs ${formatBytes(bytes)} but the disk holding ${staging} has only ${formatBytes(free)} free.`);
}

export async function downloadVoice(folder: string, voice: CatalogueVoice, baseUrl: string, options: DownloadOptions = {}): Promise<InstalledResult> {
  const { key } = voice;
  const limits = downloadLimits(options.limits);
  const staging = stagingFolder(folder, key);
  await mkdir(staging, { recursive: true });
  for (const { file, target } of voice.files) {
    if (file.sizeBytes > capOf(target, file, limits)) throw new VoiceInstallError(`The catalogue lists ${file.path} at ${formatBytes(file.sizeBytes)}, more than such a file can be, so ${key} was not downloaded.`);
  }
  const onDisk = voice.files.reduce((sum, { target }) => sum + Math.max(sizeOf(join(staging, target)), sizeOf(join(staging, `${target}.part`))), 0);
  await checkRoom(staging, voice.sizeBytes - onDisk);
  let done = 0;
  for (const { file, target } of voice.files) {
    const path = join(staging, target);
    await mkdir(dirname(path), { recursive: true });
    await downloadFile({
      url: fileUrl(baseUrl, file),
      file,
      target: path,
      cap: capOf(target, file, limits),
      limits,
      progress: (bytes) => options.onProgress?.({ key, receivedBytes: done + bytes, totalBytes: voice.sizeBytes }),
      signal: options.signal,
    });
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
