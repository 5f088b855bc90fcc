// The one router in front of the core: channels reach the right typed method, validated once; the
// settings' voice and Speed fill a bare reading:start; a provider change takes effect for the next
// reading while a reading under way finishes on its own voice, and still only one plays at a time.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Chunk } from '../../shared/chunk';
import { invokeChannelNames } from '../../shared/ipc';
import { createScriptedSynthesizer } from '../../test/fakes/scripted-synthesizer';
import type { KeyCipher } from '../settings/key-cipher';
import { openProviderSettings, type ProviderSettings } from '../settings/provider-settings';
import type { Synthesizer } from '../speech/synthesizer';
import { createAloudCore, type AloudCore } from './aloud-core';
import { createIpcRouter } from './ipc-router';
import { toIpcError } from './service-error';
import { SynthesisError } from '../speech/synthesis-error';
import { listenAll } from '../../test/support/listen-all';

const LONG = Array.from({ length: 30 }, (_, i) => `Sentence number ${i + 1} keeps this reading going.`).join(' ');
const cipher: KeyCipher = { available: () => true, encrypt: (p) => Buffer.from(p), decrypt: (b) => b.toString() };

let dir: string;
let core: AloudCore;

/** The core over a scripted built-in voice and a settings file whose providers are `cloud`. */
function setup(settingsFile = true) {
  dir = mkdtempSync(join(tmpdir(), 'aloud-router-'));
  const builtin = createScriptedSynthesizer({ provider: 'builtin', voices: ['en-us'], maxChars: 60 });
  const cloud: Synthesizer[] = [];
  const events: { channel: string; payload: { readingId?: string } & Record<string, unknown> }[] = [];
  const real = settingsFile ? openProviderSettings({ dataDir: dir, cipher }) : null;
  // The settings' own providers need keys and servers; these stand in for them as named voices.
  const settings: ProviderSettings | null = real ? Object.assign(Object.create(real) as ProviderSettings, { synthesizers: () => cloud }) : null;
  core = listenAll(createAloudCore({ builtin: { synthesizer: builtin, voice: 'en-us' }, store: null, settings, lookahead: 1 }), (channel, payload) => void events.push({ channel, payload: payload as never }));
  const router = createIpcRouter(core);
  /** Any provider change through the settings channel: the core then reads the providers again. */
  const providersChanged = () => router.invoke('settings:add-provider', { input: { kind: 'openai', name: 'Local server', baseUrl: 'http://127.0.0.1:9/v1' } });
  return { router, settings, cloud, events, providersChanged };
}

afterEach(async () => {
  await core.close();
  rmSync(dir, { recursive: true, force: true });
});

const ended = (events: { channel: string; payload: { readingId?: string } }[], id: string) =>
  events.find((e) => e.channel === 'reading:ended' && e.payload.readingId === id)?.payload as { reason: string } | undefined;

async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 2000 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(cond()).toBe(true);
}

describe('the IPC router', () => {
  it('answers every invoke channel of the contract', () => {
    const { router } = setup();
    expect([...router.channels].sort()).toEqual([...invokeChannelNames].sort());
  });

  it('fills in the chosen voice and Speed when reading:start names none, and keeps them when it does', async () => {
    const { router, settings, cloud, events, providersChanged } = setup();
    cloud.push(createScriptedSynthesizer({ provider: 'cloud', voices: ['nova'] }));
    await providersChanged();
    settings!.setDefaultVoice('cloud/nova');
    await router.invoke('settings:set', { speed: 1.5 });
    const a = (await router.invoke('reading:start', { text: 'Hello there.' })) as { readingId: string };
    expect(events.find((e) => e.channel === 'reading:started' && e.payload.readingId === a.readingId)!.payload).toMatchObject({ voice: 'cloud/nova', speed: 1.5 });
    const b = (await router.invoke('reading:start', { text: 'Hello there.', voice: 'builtin/en-us', speed: 1 })) as { readingId: string };
    expect(events.find((e) => e.channel === 'reading:started' && e.payload.readingId === b.readingId)!.payload).toMatchObject({ voice: 'builtin/en-us', speed: 1 });
  });

  it('finishes a reading under way on its own voice after a provider change, and stops it when the next one starts', async () => {
    const { router, cloud, events, providersChanged } = setup();
    const first = (await router.invoke('reading:start', { text: LONG })) as { readingId: string };
    cloud.push(createScriptedSynthesizer({ provider: 'cloud', voices: ['nova'] }));
    await providersChanged();
    // The old reading is still the current one and still answers pause, resume and progress.
    expect(core.readings.current()?.readingId).toBe(first.readingId);
    await router.invoke('reading:pause', { readingId: first.readingId });
    expect(core.readings.current()).toMatchObject({ readingId: first.readingId, paused: true });
    await router.invoke('reading:resume', { readingId: first.readingId });
    expect(ended(events, first.readingId)).toBeUndefined();
    // The new provider's voices are there for the next reading, which stops the old one first.
    expect(((await router.invoke('voices:list', {})) as { id: string }[]).map((v) => v.id)).toContain('nova');
    const second = (await router.invoke('reading:start', { text: 'Now in the cloud.', voice: 'cloud/nova' })) as { readingId: string };
    expect(ended(events, first.readingId)?.reason).toBe('stopped');
    const chunksOfSecond = () => events.filter((e) => e.channel === 'reading:chunk' && (e.payload as unknown as Chunk).readingId === second.readingId);
    await until(() => chunksOfSecond().length > 0);
    await until(() => ended(events, second.readingId) !== undefined);
    expect(ended(events, second.readingId)?.reason).toBe('finished');
  });

  it('refuses unknown channels, and library or settings channels when those parts are absent, in one sentence', async () => {
    const { router } = setup(false);
    await expect(router.invoke('library:explode', {})).rejects.toThrow("Unknown channel 'library:explode'.");
    await expect(router.invoke('library:list', {})).rejects.toThrow('The library could not be opened, so readings are not being saved or listed.');
    // The Library view asks why, even with no library.
    await expect(router.invoke('library:status', {})).resolves.toEqual({ available: false, problem: null });
    await expect(router.invoke('settings:get', {})).rejects.toThrow(/The settings could not be opened/);
    await core.close();
    await expect(router.invoke('reading:start', { text: 'x' })).rejects.toThrow('The service is closed.');
  });
});

describe("the router's replies, as they cross IPC", () => {
  it('answer with the value, or with the failure as its kind and sentence: never a throw', async () => {
    const refusing = createScriptedSynthesizer({ provider: 'builtin', voices: ['en-us'] });
    const lone = listenAll(createAloudCore({ builtin: { synthesizer: refusing, voice: 'en-us' }, store: null, settings: null }), () => {});
    const router = createIpcRouter(lone);
    try {
      await expect(router.reply('voices:list', {})).resolves.toMatchObject({ ok: true, value: [{ id: 'en-us' }] });
      await expect(router.reply('reading:start', { text: 42 })).resolves.toMatchObject({ ok: false, error: { kind: 'invalid-input', message: expect.stringMatching(/^Invalid arguments for 'reading:start'/) } });
      await expect(router.reply('queue:play', { id: 'gone' })).resolves.toEqual({ ok: false, error: { kind: 'not-found', message: 'That text is no longer in the queue.' } });
      await expect(router.reply('library:list', {})).resolves.toMatchObject({ ok: false, error: { kind: 'unavailable' } });
      await expect(router.reply('reading:start', { text: 'Hi.', voice: 'nobody/x' })).resolves.toMatchObject({ ok: false, error: { kind: 'not-found' } });
      await expect(router.reply('toString', {})).resolves.toMatchObject({ ok: false, error: { kind: 'invalid-input', message: "Unknown channel 'toString'." } });
    } finally {
      await lone.close();
    }
  });

  it('tell a refused key from a network fault by kind', () => {
    expect(toIpcError(new SynthesisError('office', 'auth', '401'))).toMatchObject({ kind: 'auth' });
    expect(toIpcError(new SynthesisError('office', 'network', 'ECONNREFUSED'))).toMatchObject({ kind: 'network' });
    expect(toIpcError(new SynthesisError('office', 'billing', '402'))).toMatchObject({ kind: 'quota' });
    expect(toIpcError(new Error('boom'))).toEqual({ kind: 'internal', message: 'boom' });
  });
});
