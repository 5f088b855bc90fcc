// The natural voices' channels as the renderer reaches them: the IPC router (each message validated
// against shared/natural-voices-ipc.ts) over the whole core, with the real manager installing from a
// fake Piper voices repository on localhost.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createBuiltinVoice, DEFAULT_BUILTIN_VOICE } from '../../electron/engine/builtin-voice';
import { voicesFolder } from '../../electron/engine/installed-voices';
import { createNaturalVoiceManager } from '../../electron/engine/natural-voice-manager';
import { createNaturalVoices } from '../../electron/engine/natural-voices';
import { createAloudCore } from '../../electron/service/aloud-core';
import { startFakeCatalogue } from '../fakes/piper-catalogue-server';
import { routedCore } from '../support/routed-readings';
import { TINY_DUO_VOICE, TINY_VOICE } from '../support/tiny-piper';
import { listenAll } from '../support/listen-all';

const catalogue = await startFakeCatalogue([TINY_VOICE, TINY_DUO_VOICE]);
const dataDir = mkdtempSync(join(tmpdir(), 'aloud-natural-'));
const builtin = createBuiltinVoice();
const natural = createNaturalVoices({ folder: voicesFolder(dataDir) });
const events: { channel: string; payload: unknown }[] = [];
const core = routedCore(
  listenAll(createAloudCore({
    builtin: { synthesizer: builtin, voice: DEFAULT_BUILTIN_VOICE },
    moreSynthesizers: natural.synthesizers,
    naturalVoices: createNaturalVoiceManager({ folder: voicesFolder(dataDir), catalogueUrl: () => catalogue.baseUrl, kokoroSource: () => catalogue.kokoroSource }),
    
    store: null,
    settings: null,
  }), (channel, payload) => events.push({ channel, payload })),
);
afterAll(async () => {
  await core.close();
  await Promise.all([builtin.close(), natural.close(), catalogue.close()]);
});

describe('the natural voices channels', () => {
  it('install a voice with progress events up to its whole size, after which readings can use it', async () => {
    const before = (await core.invoke('voices:list', {})) as { provider: string }[];
    expect(before.filter((v) => v.provider === 'piper')).toEqual([]);
    const { voices } = (await core.invoke('natural-voices:catalogue', {})) as { voices: { key: string; sizeBytes: number; installed: boolean }[] };
    const tiny = voices.find((v) => v.key === TINY_VOICE)!;
    expect(tiny.installed).toBe(false);

    expect(await core.invoke('natural-voices:install', { key: TINY_VOICE })).toEqual({ key: TINY_VOICE, timings: 'exact', note: null });
    const progress = events.filter((e) => e.channel === 'natural-voices:progress').map((e) => e.payload);
    expect(progress.at(-1)).toEqual({ key: TINY_VOICE, receivedBytes: tiny.sizeBytes, totalBytes: tiny.sizeBytes });
    // The voice lists are asked afresh: the new voice is there for the reader and the settings.
    const after = (await core.invoke('voices:list', {})) as { provider: string; id: string; name: string }[];
    expect(after.filter((v) => v.provider === 'piper')).toEqual([{ id: TINY_VOICE, provider: 'piper', name: 'Tiny (low)', languages: ['en-US'] }]);
    expect(await core.invoke('natural-voices:installed', {})).toMatchObject({ voices: [{ key: TINY_VOICE, name: 'Tiny (low)', language: 'en-US', speakers: [] }], problems: [] });

    expect(await core.invoke('natural-voices:remove', { key: TINY_VOICE })).toEqual({ removed: true });
    const gone = (await core.invoke('voices:list', {})) as { provider: string }[];
    expect(gone.filter((v) => v.provider === 'piper')).toEqual([]);
  });

  it('stop an install under way with a sentence that says it can go on, and refuse a second install of the same voice', async () => {
    catalogue.faults.chunkDelayMs = 200;
    try {
      const first = core.invoke('natural-voices:install', { key: TINY_DUO_VOICE });
      // Some bytes are down (and kept) before the stop.
      const got = (e: { channel: string; payload: unknown }) => e.channel === 'natural-voices:progress' && (e.payload as { key: string; receivedBytes: number }).key === TINY_DUO_VOICE && (e.payload as { receivedBytes: number }).receivedBytes > 0;
      await expect.poll(() => events.some(got)).toBe(true);
      await expect(core.invoke('natural-voices:install', { key: TINY_DUO_VOICE })).rejects.toThrow(`${TINY_DUO_VOICE} is already being installed.`);
      expect(await core.invoke('natural-voices:cancel-install', { key: TINY_DUO_VOICE })).toEqual({ cancelled: true });
      await expect(first).rejects.toThrow(`Installing ${TINY_DUO_VOICE} was stopped; install it again to go on from where it stopped.`);
      expect(((await core.invoke('natural-voices:installed', {})) as { voices: unknown[] }).voices).toEqual([]);
    } finally {
      catalogue.faults.chunkDelayMs = 0;
    }
    // Installing again goes on from the part already downloaded.
    catalogue.requests.length = 0;
    await core.invoke('natural-voices:install', { key: TINY_DUO_VOICE });
    expect(catalogue.requests.some((r) => r.range !== undefined)).toBe(true);
    expect(await core.invoke('natural-voices:cancel-install', { key: TINY_DUO_VOICE })).toEqual({ cancelled: false });
  });

  it('refuse a key that is a path, before anything touches the disk', async () => {
    await expect(core.invoke('natural-voices:remove', { key: '../../settings' })).rejects.toThrow(/Invalid arguments for 'natural-voices:remove': key: A voice key holds only letters/);
    await expect(core.invoke('natural-voices:install', { key: 'en_US-nobody-low' })).rejects.toThrow(`The catalogue at ${catalogue.baseUrl} has no voice en_US-nobody-low.`);
  });

  it('list Kokoro beside the Piper voices, install a variant over IPC, after which its voices can read', async () => {
    const { voices, kokoroSource, problem } = (await core.invoke('natural-voices:catalogue', {})) as {
      voices: { key: string; family: string; name: string; hasSample: boolean; speakers: number }[];
      kokoroSource: string;
      problem: string | null;
    };
    expect(problem).toBeNull();
    expect(kokoroSource).toBe(catalogue.kokoroSource);
    expect(voices.filter((v) => v.family === 'kokoro').map((v) => [v.key, v.name, v.hasSample, v.speakers])).toEqual([
      ['kokoro-82m-q8', 'Kokoro · compact', false, 2],
      ['kokoro-82m-fp32', 'Kokoro · full size', false, 2],
    ]);
    expect(voices.find((v) => v.key === TINY_VOICE)?.hasSample).toBe(true);
    expect(await core.invoke('natural-voices:install', { key: 'kokoro-82m-q8' })).toEqual({ key: 'kokoro-82m-q8', timings: 'exact', note: null });
    const listed = (await core.invoke('voices:list', {})) as { provider: string; id: string; name: string; languages: string[] }[];
    expect(listed.filter((v) => v.provider === 'kokoro')).toEqual([
      { id: 'af_heart', provider: 'kokoro', name: 'Heart', languages: ['en-US'] },
      { id: 'ff_siwis', provider: 'kokoro', name: 'Siwis', languages: ['fr-FR'] },
    ]);
    expect(await core.invoke('natural-voices:installed', {})).toMatchObject({ voices: expect.arrayContaining([{ key: 'kokoro-82m-q8', family: 'kokoro', name: 'Kokoro · compact', language: 'en-US', languages: ['en-US', 'fr-FR'], speakers: ['af_heart', 'ff_siwis'], sizeBytes: expect.any(Number) }]) });
  });

  it("still list Piper's voices when Kokoro's repository cannot be reached, saying so in a sentence", async () => {
    const other = createNaturalVoiceManager({ folder: voicesFolder(dataDir), catalogueUrl: () => catalogue.baseUrl, kokoroSource: () => 'http://127.0.0.1:9/onnx-community/Kokoro' });
    const { voices, problem } = await other.catalogue();
    expect(voices.map((v) => v.family)).toEqual(['piper', 'piper']);
    expect(problem).toBe("Could not reach Kokoro's repository at http://127.0.0.1:9/onnx-community/Kokoro: check the network connection, or check Kokoro's address in Settings.");
  });
});
