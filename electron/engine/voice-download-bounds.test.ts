// Voice downloads against a catalogue server that misbehaves (test/fakes/hostile-catalogue-server.ts,
// on 127.0.0.1): every transfer ends within its bounds, in one sentence, leaving nothing on disk past
// what may be resumed, and no connection open. The bounds are shrunk so the tests finish quickly;
// the defaults are checked apart.
import { existsSync, mkdtempSync, readdirSync, statfsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HOSTILE_VOICE, startHostileCatalogue } from '../../test/fakes/hostile-catalogue-server';
import { mountTinyDisk } from '../../test/support/tiny-disk';
import { DEFAULT_DOWNLOAD_LIMITS, limitsForFile, type DownloadLimits } from './bounded-fetch';
import { listInstalledVoices } from './installed-voices';
import { CatalogueError, fetchCatalogue, parseCatalogue, type CatalogueVoice } from './piper-catalogue';
import { downloadVoice } from './voice-download';
import { removeVoice, stagingFolder } from './voice-install';

const server = await startHostileCatalogue();
afterAll(() => server.close());
let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'aloud-hostile-'));
  server.reset();
});
// Whatever a test did, the client must have let go of every connection.
afterEach(async () => {
  await expect.poll(() => server.openConnections()).toBe(0);
});

/** Small bounds, so that a hostile case ends in seconds; not so small that a loaded machine's pause trips them. */
const LIMITS: Partial<DownloadLimits> = { stallMs: 1500, minDeadlineMs: 3000, minBytesPerSecond: 1e9, marginBytes: 64 * 1024, catalogueMaxBytes: 256 * 1024 };

// The catalogue itself with the default bounds: only the case's own transfer is held to the small ones.
const entry = async (): Promise<CatalogueVoice> => (await fetchCatalogue(server.baseUrl))[0]!;
const install = async (limits: Partial<DownloadLimits> = LIMITS) => downloadVoice(folder, await entry(), server.baseUrl, { limits });
/** Every file under `dir`, with its size. */
function filesUnder(dir: string): Record<string, number> {
  const found: Record<string, number> = {};
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const path = join(dir, name);
    if (statSync(path).isFile()) found[name] = statSync(path).size;
  }
  return found;
}
const partOf = (target: string) => join(stagingFolder(folder, HOSTILE_VOICE), `${target}.part`);

describe('a download bounded by what the catalogue lists', () => {
  it('stops a model served past its listed size at the cap, and deletes what came', async () => {
    server.model = { kind: 'endless' };
    const before = server.bytesSent();
    await expect(install()).rejects.toThrow(
      /^The download of en\/en_US\/hostile\/low\/en_US-hostile-low\.onnx from 127\.0\.0\.1:\d+ was stopped and deleted: the server sent more than the 68 KB it may be\.$/,
    );
    expect(existsSync(partOf(`${HOSTILE_VOICE}.onnx`))).toBe(false);
    expect(listInstalledVoices(folder).voices).toEqual([]);
    // What stays is the checked settings file, for the next try; nothing of the model.
    expect(Object.keys(filesUnder(folder))).toEqual([join('.incoming', HOSTILE_VOICE, `${HOSTILE_VOICE}.onnx.json`)]);
    // The server may have sent a socket's buffers more, never megabytes.
    expect(server.bytesSent() - before).toBeLessThan(16 * 2 ** 20);
  });

  it('stops a server that sends a byte at a time at the deadline, keeps what came for the next try, and remove deletes it', async () => {
    server.model = { kind: 'trickle', everyMs: 100 };
    const started = performance.now();
    await expect(install()).rejects.toThrow(/^The download of .*\.onnx from 127\.0\.0\.1:\d+ stopped after \d+ bytes of 3 KB: it took longer than 3 seconds, the most a file of its size may take; install the voice again to go on from there\.$/);
    expect(performance.now() - started).toBeLessThan(60_000);
    const kept = statSync(partOf(`${HOSTILE_VOICE}.onnx`)).size;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(2812);
    const staged = Object.values(filesUnder(stagingFolder(folder, HOSTILE_VOICE))).reduce((a, b) => a + b, 0);
    expect(await removeVoice(folder, HOSTILE_VOICE)).toEqual({ installed: false, leftoverBytes: staged });
    expect(existsSync(stagingFolder(folder, HOSTILE_VOICE))).toBe(false);
  });

  it('gives up on a server that accepts the connection and never answers, after the stall time', async () => {
    server.model = { kind: 'silent' };
    await expect(install()).rejects.toThrow(/^The download of .*\.onnx from 127\.0\.0\.1:\d+ was stopped: the server sent nothing for 1\.5 seconds\.$/);
    expect(listInstalledVoices(folder).voices).toEqual([]);
  });

  it('holds a settings file to a fixed cap whatever size the catalogue lists', async () => {
    server.config = { kind: 'endless' };
    await expect(install({ ...LIMITS, configMaxBytes: 8 * 1024 })).rejects.toThrow(/\.onnx\.json from 127\.0\.0\.1:\d+ was stopped and deleted: the server sent more than the 8 KB it may be\.$/);
    expect(existsSync(partOf(`${HOSTILE_VOICE}.onnx.json`))).toBe(false);
  });
});

describe('a full disk', () => {
  const disk = mountTinyDisk(192);
  afterAll(() => disk?.unmount());

  it.skipIf(!disk)('refuses, before a byte of it is downloaded, a voice the disk has no room for', async () => {
    server.listedModelBytes = 1e6;
    const voice = await entry();
    const before = server.bytesSent();
    await expect(downloadVoice(join(disk!.path, 'voices'), voice, server.baseUrl, { limits: LIMITS })).rejects.toThrow(/^The voice needs 1\.0 MB but the disk holding .* has only \d+ KB free\.$/);
    expect(server.bytesSent()).toBe(before);
  });

  it.skipIf(!disk)('ends the download with one sentence, and deletes the part so the room is given back', async () => {
    const voices = join(disk!.path, 'voices');
    const free = () => statfsSync(disk!.path).bavail;
    const freeBefore = free();
    server.model = { kind: 'endless' };
    const voice = await entry();
    // A margin larger than the disk, so the disk fills before the cap is reached.
    await expect(downloadVoice(voices, voice, server.baseUrl, { limits: { ...LIMITS, marginBytes: 2 ** 30 } })).rejects.toThrow(
      new RegExp(`^The voice cannot be saved in ${stagingFolder(voices, HOSTILE_VOICE)}: the disk is full; what was downloaded is deleted\\.$`),
    );
    expect(existsSync(join(stagingFolder(voices, HOSTILE_VOICE), `${HOSTILE_VOICE}.onnx.part`))).toBe(false);
    // Only the small settings file and folders stay.
    expect(freeBefore - free()).toBeLessThan(8);
  });
});

describe('a catalogue bounded', () => {
  it('cuts off an endless voices.json at the catalogue cap, in one sentence', async () => {
    server.catalogue = { kind: 'endless' };
    await expect(fetchCatalogue(server.baseUrl, { limits: LIMITS })).rejects.toThrow(
      new CatalogueError(`The voice catalogue at ${server.baseUrl}/voices.json could not be read: the server sent more than the 262 KB it may be; try again later, or check the catalogue address in Settings.`),
    );
  });

  it('gives up on a catalogue server that never answers, or sends a byte at a time', async () => {
    server.catalogue = { kind: 'silent' };
    await expect(fetchCatalogue(server.baseUrl, { limits: LIMITS })).rejects.toThrow(/could not be read: the server sent nothing for 1\.5 seconds; try again later/);
    server.catalogue = { kind: 'trickle', everyMs: 50 };
    await expect(fetchCatalogue(server.baseUrl, { limits: LIMITS })).rejects.toThrow(/could not be read: it took longer than 3 seconds/);
  });

  it('leaves out a voice with a field past any real one’s bounds', () => {
    const voice = (over: Record<string, unknown>) => ({
      key: 'en_US-big-low',
      name: 'big',
      language: { code: 'en_US', name_english: 'English' },
      quality: 'low',
      num_speakers: 1,
      files: { 'en_US-big-low.onnx': { size_bytes: 10, md5_digest: '0'.repeat(32) }, 'en_US-big-low.onnx.json': { size_bytes: 10, md5_digest: '0'.repeat(32) } },
      ...over,
    });
    const fine = voice({ key: 'en_US-fine-low', files: { 'en_US-fine-low.onnx': { size_bytes: 10, md5_digest: '0'.repeat(32) }, 'en_US-fine-low.onnx.json': { size_bytes: 10, md5_digest: '0'.repeat(32) } } });
    const hostile = [
      voice({ num_speakers: 16_000_000 }),
      voice({ name: 'x'.repeat(100_000) }),
      voice({ quality: 'q'.repeat(10_000) }),
      voice({ files: { 'en_US-big-low.onnx': { size_bytes: 1e15, md5_digest: '0'.repeat(32) }, 'en_US-big-low.onnx.json': { size_bytes: 10, md5_digest: '0'.repeat(32) } } }),
    ];
    for (const bad of hostile) expect(parseCatalogue(JSON.stringify({ fine, bad })).map((v) => v.key)).toEqual(['en_US-fine-low']);
  });
});

describe('the bounds Aloud downloads with', () => {
  it('are a 30 second stall, and a deadline that grows with the size from a minute', () => {
    expect(DEFAULT_DOWNLOAD_LIMITS.stallMs).toBe(30_000);
    expect(limitsForFile(DEFAULT_DOWNLOAD_LIMITS, 0).deadlineMs).toBe(60_000);
    // A 63 MB Piper voice: 22 minutes at the slowest rate worth waiting for.
    expect(limitsForFile(DEFAULT_DOWNLOAD_LIMITS, 63e6).deadlineMs / 60_000).toBeCloseTo(22, 0);
    expect(limitsForFile(DEFAULT_DOWNLOAD_LIMITS, 63e6).maxBytes).toBe(63e6 + 64 * 1024);
  });
});
