// Installing voices from a catalogue over real HTTP (a fake Piper voices repository on localhost).
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeCatalogue } from '../../test/fakes/piper-catalogue-server';
import { FIXTURE_VOICES, TINY_DUO_VOICE, TINY_VOICE } from '../../test/support/tiny-piper';
import { listInstalledVoices } from './installed-voices';
import { addAlignmentOutput } from './onnx-alignment-patch';
import { CatalogueError, fetchCatalogue, fetchSample, type CatalogueVoice } from './piper-catalogue';
import { downloadVoice, type DownloadProgress } from './voice-download';
import { removeVoice, stagingFolder } from './voice-install';

const server = await startFakeCatalogue([TINY_VOICE, TINY_DUO_VOICE]);
afterAll(() => server.close());
let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'aloud-voices-'));
  server.requests.length = 0;
  server.faults.cutAfter.clear();
  server.faults.corrupt.clear();
  server.faults.ignoreRange = false;
});

async function tinyEntry(): Promise<CatalogueVoice> {
  return (await fetchCatalogue(server.baseUrl)).find((v) => v.key === TINY_VOICE)!;
}
const modelPath = (voice: CatalogueVoice) => voice.files.find((f) => f.target.endsWith('.onnx'))!.file.path;

describe('a voice’s sample, before it is installed', () => {
  it('is the recorded MP3 beside the model in the repository, fetched alone', async () => {
    const bytes = await fetchSample(server.baseUrl, await tinyEntry());
    expect(Buffer.from(bytes).equals(readFileSync(join(FIXTURE_VOICES, 'sample-speaker_0.mp3')))).toBe(true);
    expect(server.requests.map((r) => r.path)).toEqual(['voices.json', 'en/en_US/tiny/low/samples/speaker_0.mp3']);
  });

  it('says so, in words, when the catalogue has none or cannot be reached', async () => {
    const tiny = await tinyEntry();
    await expect(fetchSample(server.baseUrl, { ...tiny, samplePath: 'en/en_US/nobody/low/samples/speaker_0.mp3' })).rejects.toThrow(
      new CatalogueError(`The voice catalogue has no sample of ${TINY_VOICE}; install it to hear it.`),
    );
    await expect(fetchSample('http://127.0.0.1:9/piper', tiny)).rejects.toThrow(`Could not reach the voice catalogue for a sample of ${TINY_VOICE}: check the network connection.`);
  });
});

describe('the voice catalogue', () => {
  it("lists the repository's voices with language, quality, speakers and download size", async () => {
    const voices = await fetchCatalogue(server.baseUrl);
    expect(voices.map((v) => [v.key, v.language, v.languageName, v.quality, v.speakers])).toEqual([
      [TINY_VOICE, 'en-US', 'English (United States)', 'low', 1],
      [TINY_DUO_VOICE, 'en-US', 'English (United States)', 'low', 2],
    ]);
    const tiny = voices[0]!;
    expect(tiny.sizeBytes).toBe(readFileSync(join(FIXTURE_VOICES, `${TINY_VOICE}.onnx`)).length + readFileSync(join(FIXTURE_VOICES, `${TINY_VOICE}.onnx.json`)).length);
  });

  it('says where it looked when the catalogue cannot be had', async () => {
    await expect(fetchCatalogue(`${server.baseUrl}/nowhere`)).rejects.toThrow(new CatalogueError(`The voice catalogue at ${server.baseUrl}/nowhere/voices.json answered 404 Not Found: check the catalogue address in Settings.`));
    await expect(fetchCatalogue('http://127.0.0.1:9/piper')).rejects.toThrow(/^Could not reach the voice catalogue at http:\/\/127\.0\.0\.1:9\/piper\/voices\.json: check the network connection/);
  });
});

describe('installing a voice from the catalogue', () => {
  it('downloads, checks and patches it, reports progress, and leaves nothing but the voice behind', async () => {
    const voice = await tinyEntry();
    const progress: DownloadProgress[] = [];
    const result = await downloadVoice(folder, voice, server.baseUrl, { onProgress: (p) => progress.push(p) });
    expect(result).toEqual({ key: TINY_VOICE, alignment: { kind: 'exact' } });
    expect(progress.at(-1)).toEqual({ key: TINY_VOICE, receivedBytes: voice.sizeBytes, totalBytes: voice.sizeBytes });
    for (let i = 1; i < progress.length; i++) expect(progress[i]!.receivedBytes).toBeGreaterThanOrEqual(progress[i - 1]!.receivedBytes);
    expect(listInstalledVoices(folder).voices.map((v) => v.key)).toEqual([TINY_VOICE]);
    // Patched once, at install: the model on disk already has the alignment output.
    expect(addAlignmentOutput(readFileSync(join(folder, TINY_VOICE, `${TINY_VOICE}.onnx`))).kind).toBe('already');
    expect(readdirSync(folder)).toEqual(['.incoming', TINY_VOICE]);
    expect(readdirSync(join(folder, '.incoming'))).toEqual([]);
  });

  it('goes on from where a cut connection stopped it, asking only for the rest', async () => {
    const voice = await tinyEntry();
    server.faults.cutAfter.set(modelPath(voice), 1500);
    await expect(downloadVoice(folder, voice, server.baseUrl)).rejects.toThrow(/^The download of .*\.onnx stopped after 2 KB of 3 KB .*install the voice again to go on from there\.$/);
    expect(listInstalledVoices(folder).voices).toEqual([]); // nothing half-installed is listed
    expect(existsSync(join(stagingFolder(folder, TINY_VOICE), `${TINY_VOICE}.onnx.part`))).toBe(true);

    server.requests.length = 0;
    await downloadVoice(folder, voice, server.baseUrl);
    expect(server.requests).toEqual([{ path: modelPath(voice), range: 'bytes=1500-' }]);
    expect(listInstalledVoices(folder).voices.map((v) => v.key)).toEqual([TINY_VOICE]);
  });

  it('starts a file over when the server ignores the range', async () => {
    const voice = await tinyEntry();
    server.faults.cutAfter.set(modelPath(voice), 1024);
    await expect(downloadVoice(folder, voice, server.baseUrl)).rejects.toThrow(/stopped after 1 KB of 3 KB/);
    server.faults.ignoreRange = true;
    await downloadVoice(folder, voice, server.baseUrl);
    expect(listInstalledVoices(folder).voices.map((v) => v.key)).toEqual([TINY_VOICE]);
  });

  it('rejects a file whose checksum is wrong, deletes it, and installs nothing', async () => {
    const voice = await tinyEntry();
    server.faults.corrupt.add(modelPath(voice));
    await expect(downloadVoice(folder, voice, server.baseUrl)).rejects.toThrow(
      `The downloaded ${modelPath(voice)} is not the file the catalogue lists (its size or checksum differs), so it was deleted: install the voice again, or check the catalogue's address.`,
    );
    expect(listInstalledVoices(folder).voices).toEqual([]);
    expect(readdirSync(stagingFolder(folder, TINY_VOICE))).toEqual([`${TINY_VOICE}.onnx.json`]); // the checked file stays for the retry
  });

  it('removes an installed voice whole, and knows one that is not there', async () => {
    await downloadVoice(folder, await tinyEntry(), server.baseUrl);
    expect(await removeVoice(folder, TINY_VOICE)).toEqual({ installed: true, leftoverBytes: 0 });
    expect(listInstalledVoices(folder).voices).toEqual([]);
    expect(readdirSync(folder).filter((f) => !f.startsWith('.incoming') && !f.startsWith('.catalogue'))).toEqual([]);
    expect(await removeVoice(folder, TINY_VOICE)).toEqual({ installed: false, leftoverBytes: 0 });
    expect(await removeVoice(folder, '../../etc')).toEqual({ installed: false, leftoverBytes: 0 });
  });
});
