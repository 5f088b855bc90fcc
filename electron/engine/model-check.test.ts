// A file that is not a voice model is refused at install, in one sentence, before it is called
// installed: the oracle is onnxruntime-node itself (the runtime the voice would run in), loading the
// real generated fixture models and broken copies of them.
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HOSTILE_VOICE, startHostileCatalogue } from '../../test/fakes/hostile-catalogue-server';
import { installTinyKokoro } from '../../test/support/tiny-kokoro';
import { FIXTURE_VOICES, TINY_VOICE } from '../../test/support/tiny-piper';
import { listInstalledVoices } from './installed-voices';
import { checkVoiceModel } from './model-check';
import { fetchCatalogue } from './piper-catalogue';
import { downloadVoice } from './voice-download';
import { installVoiceFile, VoiceInstallError } from './voice-install';

const tinyModel = readFileSync(join(FIXTURE_VOICES, `${TINY_VOICE}.onnx`));
let folder: string;
let downloads: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'aloud-model-check-'));
  downloads = mkdtempSync(join(tmpdir(), 'aloud-downloads-'));
});

/** A hand-downloaded "voice": `model` as NAME.onnx, with the tiny voice's real settings beside it. */
function handDownloaded(name: string, model: Uint8Array): string {
  const path = join(downloads, `${name}.onnx`);
  writeFileSync(path, model);
  copyFileSync(join(FIXTURE_VOICES, `${TINY_VOICE}.onnx.json`), `${path}.json`);
  return path;
}

const notAModel: [string, Uint8Array, string][] = [
  ['en_US-hello-low', Buffer.from('hello\n'), 'it is not an ONNX model'],
  ['en_US-ls-low', readFileSync('/bin/ls'), 'it is not an ONNX model'],
  ['en_US-cut-low', tinyModel.subarray(0, tinyModel.length >> 1), 'it is not an ONNX model'],
  ['en_US-empty-low', new Uint8Array(0), 'it is empty'],
  ['en_US-kokoro-low', readFileSync(join(FIXTURE_VOICES, 'kokoro-tiny', 'kokoro-tiny.onnx')), "it is an ONNX model, but not a Piper voice (it has no 'input')"],
];

describe('installing a file that is not a voice model', () => {
  it.each(notAModel)('refuses %s in one sentence and installs nothing', async (name, bytes, why) => {
    await expect(installVoiceFile(folder, handDownloaded(name, bytes))).rejects.toThrow(new VoiceInstallError(`${name}.onnx is not a voice model Aloud can load: ${why}.`));
    expect(listInstalledVoices(folder)).toEqual({ voices: [], problems: [] });
    expect(readdirSync(folder).filter((f) => f !== '.incoming')).toEqual([]);
  });

  it('still installs the real model, cut copies of which are refused', async () => {
    await installVoiceFile(folder, handDownloaded('en_US-real-low', tinyModel));
    expect(listInstalledVoices(folder).voices.map((v) => v.key)).toEqual(['en_US-real-low']);
  });

  it('refuses a Piper model in a Kokoro pack', async () => {
    const installed = await installTinyKokoro(folder);
    const model = listInstalledVoices(folder).voices.find((v) => v.key === installed.key)!.modelPath;
    await expect(checkVoiceModel(model, 'kokoro', readFileSync(model).length)).resolves.toBeUndefined();
    const piper = join(downloads, 'piper.onnx');
    writeFileSync(piper, tinyModel);
    await expect(checkVoiceModel(piper, 'kokoro', tinyModel.length)).rejects.toThrow("piper.onnx is not a voice model Aloud can load: it is an ONNX model, but not a Kokoro voice (it has no 'input_ids').");
  });
});

describe('downloading a file that is not a voice model', () => {
  let server: Awaited<ReturnType<typeof startHostileCatalogue>>;
  beforeAll(async () => {
    server = await startHostileCatalogue();
  });
  afterAll(() => server.close());

  it.each([
    ['a program', readFileSync('/bin/ls'), 'it is not an ONNX model'],
    ['an empty file listed as one', new Uint8Array(0), 'it is empty'],
  ])('refuses %s after its checksum matched, and keeps nothing of it', async (_what, bytes, why) => {
    server.setModel(bytes);
    const [voice] = await fetchCatalogue(server.baseUrl);
    await expect(downloadVoice(folder, voice!, server.baseUrl)).rejects.toThrow(new VoiceInstallError(`${HOSTILE_VOICE}.onnx is not a voice model Aloud can load: ${why}.`));
    expect(listInstalledVoices(folder).voices).toEqual([]);
    expect(readdirSync(join(folder, '.incoming'))).toEqual([]);
  });
});
