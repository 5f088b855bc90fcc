import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { AITTS_FAKE_VOICES, startAittsFake, type AittsFake } from '../../test/fakes/aitts-server';
import { startElevenLabsFake } from '../../test/fakes/elevenlabs-server';
import { startInworldFake } from '../../test/fakes/inworld-server';
import { startTogetherFake } from '../../test/fakes/together-server';
import { startOpenAiFake, type OpenAiFake } from '../../test/fakes/openai-server';
import { startSarvamFake, type SarvamFake } from '../../test/fakes/sarvam-server';
import { testSpeech, type TestSpeech } from '../../test/fakes/test-speech';
import { KeyStorageError, maskKey, type KeyCipher } from './key-cipher';
import { availableProviderKinds } from './provider-registry';
import { SynthesisError } from '../speech/synthesis-error';
import { openProviderSettings } from './provider-settings';
import { PROVIDER_KINDS } from './settings-store';

const OPENAI_KEY = 'sk-live-SECRET-openai-0001';
const SARVAM_KEY = 'sv-SECRET-sarvam-0002';
const AITTS_KEY = 'tts_SECRET-aitts-0003';

/** A stand-in for safeStorage: reversible, tagged, and unlike the plain text. */
function testCipher(): KeyCipher & { on: boolean } {
  const c = {
    on: true,
    available: () => c.on,
    encrypt: (plain: string) => Buffer.concat([Buffer.from('v10'), Buffer.from(plain, 'utf8').map((b) => b ^ 0x5a)]),
    decrypt: (sealed: Buffer) => {
      if (sealed.subarray(0, 3).toString() !== 'v10') throw new Error(`bad blob ${sealed.toString('hex')}`);
      return Buffer.from(sealed.subarray(3).map((b) => b ^ 0x5a)).toString('utf8');
    },
  };
  return c;
}

let speech: TestSpeech;
let openai: OpenAiFake;
let sarvam: SarvamFake;
let aitts: AittsFake;
beforeAll(async () => {
  speech = testSpeech();
  await speech.ready;
  [openai, sarvam, aitts] = await Promise.all([
    startOpenAiFake({ speech, apiKey: OPENAI_KEY }),
    startSarvamFake({ speech, apiKey: SARVAM_KEY }),
    startAittsFake({ speech, apiKey: AITTS_KEY }),
  ]);
});
afterAll(async () => {
  await Promise.all([openai.close(), sarvam.close(), aitts.close()]);
  await speech.close();
});
beforeEach(() => {
  openai.requests.length = 0;
  aitts.clear();
});

const dataDir = () => mkdtempSync(join(tmpdir(), 'aloud-providers-'));

describe('provider settings: keys', () => {
  it('seals keys: never in the file, the views or the logs, yet usable', async () => {
    const dir = dataDir();
    const logs = [vi.spyOn(console, 'log'), vi.spyOn(console, 'warn'), vi.spyOn(console, 'error'), vi.spyOn(console, 'info'), vi.spyOn(console, 'debug')];
    const settings = openProviderSettings({ dataDir: dir, cipher: testCipher() });
    const p = settings.add({ kind: 'openai', name: 'OpenAI', baseUrl: openai.baseUrl }, `  ${OPENAI_KEY} `);
    expect(p).toEqual({ id: 'openai', kind: 'openai', name: 'OpenAI', baseUrl: openai.baseUrl, options: {}, hasKey: true });
    const file = readFileSync(join(dir, 'settings.json'), 'utf8');
    expect(file).not.toContain(OPENAI_KEY);
    expect(file).not.toContain(Buffer.from(OPENAI_KEY).toString('base64'));
    expect(JSON.stringify(settings.list())).not.toContain('SECRET');
    expect(await settings.testConnection('openai')).toMatchObject({ ok: true, voices: 13 });
    // The key (trimmed) went to the provider, and nowhere else.
    expect(openai.requests[0]!.headers.authorization).toBe(`Bearer ${OPENAI_KEY}`);
    for (const spy of logs) {
      expect(JSON.stringify(spy.mock.calls)).not.toContain('SECRET');
      spy.mockRestore();
    }
  });

  it('without secure storage a key is refused with a clear message, and nothing is saved', () => {
    const cipher = testCipher();
    cipher.on = false;
    const dir = dataDir();
    const settings = openProviderSettings({ dataDir: dir, cipher });
    expect(() => settings.add({ kind: 'sarvam', name: 'Sarvam' }, SARVAM_KEY)).toThrow(KeyStorageError);
    expect(readdirSync(dir)).toEqual([]);
    // A provider that needs no key can still be added.
    expect(settings.add({ kind: 'openai', name: 'Local', baseUrl: openai.baseUrl }).hasKey).toBe(false);
  });

  it('a key that no longer decrypts is reported as such, without the key in the message', async () => {
    const dir = dataDir();
    openProviderSettings({ dataDir: dir, cipher: testCipher() }).add({ kind: 'sarvam', name: 'Sarvam', baseUrl: sarvam.url }, SARVAM_KEY);
    const other = { ...testCipher(), decrypt: () => { throw new Error('keychain says no'); } };
    const settings = openProviderSettings({ dataDir: dir, cipher: other });
    const err = await settings.testConnection('sarvam').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KeyStorageError);
    expect((err as Error).message).toMatch(/could not be decrypted/u);
    expect((err as Error).message).not.toContain('SECRET');
    expect(settings.synthesizers()).toEqual([]);
  });

  it('replaces and removes keys', () => {
    const settings = openProviderSettings({ dataDir: dataDir(), cipher: testCipher() });
    settings.add({ kind: 'aitts', name: 'AI TTS' });
    expect(settings.get('aitts').hasKey).toBe(false);
    expect(settings.update('aitts', {}, AITTS_KEY).hasKey).toBe(true);
    expect(settings.update('aitts', { name: 'Renamed' }).hasKey).toBe(true);
    expect(settings.update('aitts', {}, null).hasKey).toBe(false);
    expect(maskKey(AITTS_KEY)).toBe('••••••••0003');
  });
});

describe('provider settings: entries, registry and connection tests', () => {
  it('ids name the entry, so two OpenAI-compatible servers coexist, and voices carry that name', async () => {
    const settings = openProviderSettings({ dataDir: dataDir(), cipher: testCipher() });
    settings.add({ kind: 'openai', name: 'OpenAI', baseUrl: openai.baseUrl }, OPENAI_KEY);
    settings.add({ kind: 'openai', name: 'Kokoro at home', baseUrl: openai.baseUrl, model: 'kokoro' }, OPENAI_KEY);
    const synths = settings.synthesizers();
    expect(synths.map((s) => s.provider)).toEqual(['openai', 'openai-2']);
    const voices = await synths[1]!.listVoices();
    expect(voices[0]).toMatchObject({ provider: 'openai-2', id: 'alloy' });
    settings.remove('openai');
    expect(settings.list().map((p) => p.id)).toEqual(['openai-2']);
  });

  it("tells a provider's failures, in its voice list and its readings, by the name the person gave it", async () => {
    const settings = openProviderSettings({ dataDir: dataDir(), cipher: testCipher() });
    settings.add({ kind: 'openai', name: 'Office server', baseUrl: 'http://127.0.0.1:9/v1' });
    const [office] = settings.synthesizers();
    const listed = await office!.listVoices().then(() => null, (err: unknown) => err);
    expect(listed).toBeInstanceOf(SynthesisError);
    expect((listed as SynthesisError).userMessage).toBe('Could not reach Office server: check the network connection.');
    const read = await (async () => {
      for await (const _ of office!.synthesize({ text: 'Hello.', voice: 'alloy', synthRate: 1, signal: new AbortController().signal })) return null;
      return null;
    })().catch((err: unknown) => err);
    expect(read, String(read)).toBeInstanceOf(SynthesisError);
    expect((read as SynthesisError).userMessage).toBe('Could not reach Office server: check the network connection.');
    expect((read as SynthesisError).kind).toBe('network');
  });

  it('testConnection: each kind, and every failure as one classified sentence', async () => {
    const settings = openProviderSettings({ dataDir: dataDir(), cipher: testCipher() });
    expect(await settings.testConnection({ input: { kind: 'sarvam', name: 'S', baseUrl: sarvam.url, voice: 'shubh' }, key: SARVAM_KEY })).toMatchObject({ ok: true });
    expect(await settings.testConnection({ input: { kind: 'aitts', name: 'A', baseUrl: aitts.api.url }, key: AITTS_KEY })).toMatchObject({ ok: true, voices: AITTS_FAKE_VOICES.length });
    // Each failure names the provider as the person named it, and says what happened (Settings, where
    // this is shown, is where it is fixed: the sentence does not send the person there).
    expect(await settings.testConnection({ input: { kind: 'sarvam', name: 'Sarvam at work', baseUrl: sarvam.url }, key: 'wrong' })).toEqual({
      ok: false,
      kind: 'auth',
      message: 'Sarvam at work refused the API key.',
    });
    expect(await settings.testConnection({ input: { kind: 'aitts', name: 'Pixel voices', baseUrl: aitts.api.url } })).toEqual({
      ok: false,
      kind: 'auth',
      message: 'Pixel voices needs an API key.',
    });
    const down = await settings.testConnection({ input: { kind: 'openai', name: 'Office server', baseUrl: 'http://127.0.0.1:9/v1' } });
    expect(down).toMatchObject({ ok: false, kind: 'network', message: 'Could not reach Office server: check the network connection.' });
    // The drafts were not saved.
    expect(settings.list()).toEqual([]);
  });

  it('testConnection gives up after its timeout on a server that never answers', async () => {
    const settings = openProviderSettings({ dataDir: dataDir(), cipher: testCipher() });
    sarvam.inject({ kind: 'stall', afterFrames: 0 });
    const r = await settings.testConnection({ input: { kind: 'sarvam', name: 'S', baseUrl: sarvam.url, voice: 'shubh' }, key: SARVAM_KEY }, { timeoutMs: 300 });
    expect(r).toMatchObject({ ok: false, kind: 'network' });
    await sarvam.waitForNoConnections();
  });
});

describe('provider settings: every kind', () => {
  it('offers every provider kind of the app', () => {
    expect(availableProviderKinds().map((k) => k.kind).sort()).toEqual([...PROVIDER_KINDS].sort());
  });

  for (const [kind, start, base] of [
    ['inworld', startInworldFake, (url: string) => url],
    ['together', startTogetherFake, (url: string) => `${url}/v1`],
    ['elevenlabs', startElevenLabsFake, (url: string) => url],
  ] as const) {
    it(`${kind}: a draft entry with its key connects, a wrong key is told as such`, async () => {
      const fake = await start({ speech, apiKey: 'right-key' });
      try {
        const settings = openProviderSettings({ dataDir: dataDir(), cipher: testCipher() });
        const input = { kind, name: kind, baseUrl: base(fake.url) };
        expect(await settings.testConnection({ input, key: 'right-key' })).toMatchObject({ ok: true });
        expect(await settings.testConnection({ input, key: 'wrong-key' })).toMatchObject({ ok: false, kind: 'auth' });
        settings.add(input, 'right-key');
        const [synth] = settings.synthesizers();
        expect(synth!.provider).toBe(kind);
        expect((await synth!.listVoices()).length).toBeGreaterThan(0);
        await fake.waitForNoConnections();
      } finally {
        await fake.close();
      }
    });
  }
});

describe('provider settings: the voice-list cache', () => {
  it('keeps each list with its age, refreshes it when old, and serves the old one if the refresh fails', async () => {
    let t = 1_000_000;
    const dir = dataDir();
    const settings = openProviderSettings({ dataDir: dir, cipher: testCipher(), voiceMaxAgeMs: 60_000, now: () => t });
    settings.add({ kind: 'aitts', name: 'AI TTS', baseUrl: aitts.api.url }, AITTS_KEY);
    const voiceGets = () => aitts.api.requests.filter((r) => r.path === '/api/v1/voices').length;

    const first = await settings.voices('aitts');
    expect(first).toMatchObject({ ageMs: 0, stale: false });
    expect(first.voices.map((v) => v.id)).toContain('polly:en-GB-Generative-Brian');
    expect(first.voices[0]!.provider).toBe('aitts');
    t += 30_000;
    expect(await settings.voices('aitts')).toMatchObject({ ageMs: 30_000, stale: false });
    expect(voiceGets()).toBe(1);

    // Kept across restarts.
    const reopened = openProviderSettings({ dataDir: dir, cipher: testCipher(), voiceMaxAgeMs: 60_000, now: () => t });
    expect((await reopened.voices('aitts')).ageMs).toBe(30_000);
    expect(voiceGets()).toBe(1);

    t += 60_000;
    aitts.api.inject({ kind: 'status', status: 503 }, 4);
    const stale = await reopened.voices('aitts');
    expect(stale).toMatchObject({ stale: true, ageMs: 90_000, error: { kind: 'server' } });
    expect(stale.voices).toEqual(first.voices);

    aitts.api.clearFaults();
    expect(await reopened.voices('aitts')).toMatchObject({ stale: false, ageMs: 0 });
    // A new key may mean other voices: the list is fetched again.
    reopened.update('aitts', {}, AITTS_KEY);
    const before = voiceGets();
    await reopened.voices('aitts');
    expect(voiceGets()).toBe(before + 1);
  });

  it('a refresh can be forced, and a failing first fetch is an error', async () => {
    const settings = openProviderSettings({ dataDir: dataDir(), cipher: testCipher() });
    settings.add({ kind: 'aitts', name: 'AI TTS', baseUrl: aitts.api.url }, 'wrong');
    await expect(settings.voices('aitts')).rejects.toMatchObject({ kind: 'auth' });
    settings.update('aitts', {}, AITTS_KEY);
    await settings.voices('aitts');
    await settings.voices('aitts', { refresh: true });
    expect(aitts.api.requests.filter((r) => r.path === '/api/v1/voices')).toHaveLength(3);
  });
});

describe('provider settings: other settings', () => {
  it('the built-in fallback is on by default and can be turned off; the default voice is kept', () => {
    const dir = dataDir();
    const settings = openProviderSettings({ dataDir: dir, cipher: testCipher() });
    expect(settings.fallbackToBuiltin).toBe(true);
    settings.setFallbackToBuiltin(false);
    settings.setDefaultVoice('openai/nova');
    const again = openProviderSettings({ dataDir: dir, cipher: testCipher() });
    expect(again.fallbackToBuiltin).toBe(false);
    expect(again.defaultVoice).toBe('openai/nova');
    expect(again.problem).toBeUndefined();
  });
});
