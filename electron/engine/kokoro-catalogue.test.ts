// Installing Kokoro from its repository over real HTTP: a fake Hugging Face host on localhost that
// speaks the tree API and serves the files with Range support, made of the tiny Kokoro pack.
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeCatalogue } from '../../test/fakes/piper-catalogue-server';
import { FIXTURE_VOICES, installTinyVoice, TINY_VOICE } from '../../test/support/tiny-piper';
import { listInstalledVoices } from './installed-voices';
import { fetchKokoroCatalogue, kokoroFilesUrl, kokoroTreeUrl } from './kokoro-catalogue';
import { kokoroPack } from './kokoro-voices';
import { CatalogueError, type CatalogueVoice } from './piper-catalogue';
import { downloadVoice, type DownloadProgress } from './voice-download';
import { removeVoice } from './voice-install';

const server = await startFakeCatalogue([TINY_VOICE]);
afterAll(() => server.close());
let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'aloud-kokoro-install-'));
  server.requests.length = 0;
  server.faults.cutAfter.clear();
  server.faults.corrupt.clear();
});

const pack = (key: string): Promise<CatalogueVoice> => fetchKokoroCatalogue(server.kokoroSource).then((packs) => packs.find((p) => p.key === key)!);
const install = (voice: CatalogueVoice, onProgress?: (p: DownloadProgress) => void) =>
  downloadVoice(folder, voice, kokoroFilesUrl(server.kokoroSource), onProgress ? { onProgress } : {});
const tiny = (file: string) => readFileSync(join(FIXTURE_VOICES, 'kokoro-tiny', file));

describe("Kokoro's repository as a catalogue", () => {
  it('reads the file list of a Hugging Face repository at any address', () => {
    expect(kokoroTreeUrl('https://huggingface.co/onnx-community/Kokoro-82M-v1.0-ONNX-timestamped/', 'voices')).toBe(
      'https://huggingface.co/api/models/onnx-community/Kokoro-82M-v1.0-ONNX-timestamped/tree/main/voices',
    );
    expect(kokoroFilesUrl('https://hf-mirror.com/onnx-community/Kokoro-82M-v1.0-ONNX-timestamped')).toBe('https://hf-mirror.com/onnx-community/Kokoro-82M-v1.0-ONNX-timestamped/resolve/main');
  });

  it('offers a pack per model variant: the model, the vocabulary and the voices it can speak, with sizes and checksums', async () => {
    const packs = await fetchKokoroCatalogue(server.kokoroSource);
    expect(packs.map((p) => [p.key, p.name, p.quality, p.speakers, p.languageName])).toEqual([
      ['kokoro-82m-q8', 'Kokoro · compact', 'q8', 2, 'English, French'],
      ['kokoro-82m-fp32', 'Kokoro · full size', 'fp32', 2, 'English, French'],
    ]);
    const q8 = packs[0]!;
    // The Japanese voice is left out: eSpeak cannot give Kokoro its phonemes.
    expect(q8.files.map((f) => f.target)).toEqual(['tokenizer.json', 'voices/af_heart.bin', 'voices/ff_siwis.bin', 'kokoro-82m-q8.onnx']);
    expect(q8.files.map((f) => f.file.digest.algorithm)).toEqual(['git-sha1', 'sha256', 'sha256', 'sha256']);
    expect(q8.sizeBytes).toBe(tiny('tokenizer.json').length + 2 * tiny('voices/af_heart.bin').length + tiny('kokoro-tiny.onnx').length);
    expect(q8.samplePath).toBeNull();
  });

  it('says where it looked when the repository cannot be had or is not Kokoro’s', async () => {
    await expect(fetchKokoroCatalogue('http://127.0.0.1:9/onnx-community/Kokoro')).rejects.toThrow(
      /^Could not reach Kokoro's repository at http:\/\/127\.0\.0\.1:9\/onnx-community\/Kokoro: check the network connection, or check Kokoro's address in Settings\.$/,
    );
    await expect(fetchKokoroCatalogue(`${new URL(server.kokoroSource).origin}/someone/else`)).rejects.toThrow(CatalogueError);
  });
});

describe('installing Kokoro', () => {
  it('downloads every file with progress, checks each, and lists the voices once the pack is whole', async () => {
    const progress: DownloadProgress[] = [];
    const q8 = await pack('kokoro-82m-q8');
    expect(await install(q8, (p) => progress.push(p))).toEqual({ key: 'kokoro-82m-q8', alignment: { kind: 'exact' } });
    expect(progress.at(-1)).toEqual({ key: 'kokoro-82m-q8', receivedBytes: q8.sizeBytes, totalBytes: q8.sizeBytes });
    for (let i = 1; i < progress.length; i++) expect(progress[i]!.receivedBytes).toBeGreaterThanOrEqual(progress[i - 1]!.receivedBytes);
    const installed = kokoroPack(listInstalledVoices(folder).voices)!;
    expect(installed.voices.map((v) => v.name)).toEqual(['af_heart', 'ff_siwis']);
    expect(readFileSync(installed.modelPath).equals(tiny('kokoro-tiny.onnx'))).toBe(true);
    expect(existsSync(join(folder, '.incoming', 'kokoro-82m-q8'))).toBe(false);
  });

  it('goes on from where a cut connection left the model, with one Range request', async () => {
    const q8 = await pack('kokoro-82m-q8');
    const model = q8.files.at(-1)!.file.path;
    server.faults.cutAfter.set(`kokoro:${model}`, 1024);
    await expect(install(q8)).rejects.toThrow(/^The download of onnx\/model_quantized\.onnx stopped after 1 KB of 3 KB .*install the voice again to go on from there\.$/);
    expect(listInstalledVoices(folder).voices).toEqual([]);
    server.requests.length = 0;
    await install(q8);
    const modelRequests = server.requests.filter((r) => r.path === `kokoro:${model}`);
    expect(modelRequests).toEqual([{ path: `kokoro:${model}`, range: 'bytes=1024-' }]);
    expect(kokoroPack(listInstalledVoices(folder).voices)?.key).toBe('kokoro-82m-q8');
  });

  it('rejects a file whose checksum differs (a git blob id or an LFS SHA-256), installing nothing', async () => {
    for (const path of ['tokenizer.json', 'voices/ff_siwis.bin']) {
      server.faults.corrupt.clear();
      server.faults.corrupt.add(`kokoro:${path}`);
      await expect(install(await pack('kokoro-82m-q8'))).rejects.toThrow(`The downloaded ${path} is not the file the catalogue lists (its size or checksum differs), so it was deleted`);
      expect(listInstalledVoices(folder).voices).toEqual([]);
      expect(readdirSync(folder)).not.toContain('kokoro-82m-q8');
    }
  });

  it('replaces the variant installed before, keeps the Piper voices, and removes cleanly', async () => {
    await installTinyVoice(folder);
    await install(await pack('kokoro-82m-q8'));
    await install(await pack('kokoro-82m-fp32'));
    expect(listInstalledVoices(folder).voices.map((v) => v.key).sort()).toEqual(['en_US-tiny-low', 'kokoro-82m-fp32']);
    expect((await removeVoice(folder, 'kokoro-82m-fp32')).installed).toBe(true);
    expect(listInstalledVoices(folder).voices.map((v) => v.key)).toEqual([TINY_VOICE]);
  });
});
