// The assembled core (reading service + library + settings) over real SQLite, a real settings file
// and a real Inworld fake: every library and settings channel, its validation, and that an API key
// never comes back out in a result, an event, the settings file or a log line.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Chunk, WordTiming } from '../../shared/chunk';
import { openLibrary, type LibraryStore } from '../history/library-store';
import type { KeyCipher } from '../settings/key-cipher';
import { openProviderSettings, type ProviderSettings } from '../settings/provider-settings';
import type { Synthesizer } from '../speech/synthesizer';
import { startInworldFake, type InworldFake } from '../../test/fakes/inworld-server';
import { createScriptedSynthesizer, type ScriptedSynthesizer } from '../../test/fakes/scripted-synthesizer';
import { testSpeech, type TestSpeech } from '../../test/fakes/test-speech';
import { createAloudCore } from './aloud-core';
import { routedCore } from '../../test/support/routed-readings';
import { listenAll } from '../../test/support/listen-all';

const KEY = 'iw-SECRET-key-7f3a9c';
const TEXT = 'The library keeps every reading. Search finds this paragraph again later.';

function testCipher(): KeyCipher & { on: boolean } {
  const c = {
    on: true,
    available: () => c.on,
    encrypt: (plain: string) => Buffer.concat([Buffer.from('v10'), Buffer.from(plain, 'utf8').map((b) => b ^ 0x5a)]),
    decrypt: (sealed: Buffer) => Buffer.from(sealed.subarray(3).map((b) => b ^ 0x5a)).toString('utf8'),
  };
  return c;
}

/** The built-in voice as the tests see it: scripted, and switchable off to prove replay needs no synthesis. */
function switchable(inner: ScriptedSynthesizer): Synthesizer & { on: boolean } {
  const s = {
    on: true,
    provider: inner.provider,
    maxChars: inner.maxChars,
    listVoices: (signal?: AbortSignal) => (s.on ? inner.listVoices(signal) : Promise.reject(new Error('switched off'))),
    synthesize: (req: Parameters<Synthesizer['synthesize']>[0]) => {
      if (!s.on) throw new Error('the voice is switched off: this must not be synthesized');
      return inner.synthesize(req);
    },
  };
  return s;
}

let speech: TestSpeech;
let inworld: InworldFake;
beforeAll(async () => {
  speech = testSpeech();
  inworld = await startInworldFake({ speech, apiKey: KEY });
});
afterAll(async () => {
  await inworld.close();
  await speech.close();
});

let dir: string;
let store: LibraryStore;
let settings: ProviderSettings;
let cipher: ReturnType<typeof testCipher>;
let builtin: ScriptedSynthesizer;
let voice: ReturnType<typeof switchable>;
let app: ReturnType<typeof routedCore<ReturnType<typeof createAloudCore>>>;
let events: { channel: string; payload: unknown }[];
let exportTo: string | null;
let logged: string[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'aloud-app-'));
  store = openLibrary({ path: ':memory:' });
  cipher = testCipher();
  settings = openProviderSettings({ dataDir: dir, cipher });
  builtin = createScriptedSynthesizer({ provider: 'builtin', voices: ['en-us'], sampleRate: 22050, msPerWord: 100 });
  voice = switchable(builtin);
  events = [];
  exportTo = join(dir, 'export');
  logged = [];
  for (const m of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, m).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')));
  }
  app = routedCore(listenAll(createAloudCore({
    builtin: { synthesizer: voice, voice: 'en-us' },
    store,
    settings,
    keyStorageAvailable: () => cipher.available(),
    chooseExportFolder: async () => exportTo,
    
  }), (channel, payload) => {
      events.push({ channel, payload });
      // Play along: the player reports each segment it reaches.
      if (channel === 'reading:chunk') {
        const c = payload as Chunk;
        void app.invoke('reading:progress', { readingId: c.readingId, segment: c.segment }).catch(() => undefined);
      }
    }));
});
afterEach(async () => {
  await app.close();
  store.close();
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

const invoke = (channel: string, args: unknown) => app.invoke(channel, args);

async function readToEnd(text: string, extra: Record<string, unknown> = {}): Promise<string> {
  const { readingId } = (await invoke('reading:start', { text, ...extra })) as { readingId: string };
  await waitFor(() => events.some((e) => e.channel === 'reading:ended' && (e.payload as { readingId: string }).readingId === readingId));
  await app.recorder!.idle();
  return readingId;
}

async function waitFor(cond: () => boolean, what = 'the condition'): Promise<void> {
  for (let i = 0; i < 2000 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!cond()) throw new Error(`timed out waiting for ${what}`);
}

function wordsOf(readingId: string): WordTiming[] {
  return events
    .filter((e) => e.channel === 'reading:chunk' && (e.payload as Chunk).readingId === readingId)
    .flatMap((e) => (e.payload as Chunk).words.map((w) => ({ text: w.text, charStart: w.charStart, charEnd: w.charEnd, startMs: w.startMs, endMs: w.endMs })));
}

describe('library channels', () => {
  it('lists newest first a page at a time, filters by provider, voice and date, and refuses bad filters', async () => {
    const t0 = Date.now() - 10_000;
    for (let i = 0; i < 5; i++) {
      const rid = store.beginReading({ id: `r${i}`, text: `Saved reading number ${i}.`, provider: i % 2 ? 'inworld' : 'builtin', voice: i % 2 ? 'Dennis' : 'en-us', synthRate: 1, createdAt: t0 + i * 1000 });
      store.setStatus(rid, 'complete');
    }
    const first = (await invoke('library:list', { limit: 2 })) as { items: { id: string }[]; next: { id: string } | null };
    expect(first.items.map((r) => r.id)).toEqual(['r4', 'r3']);
    const second = (await invoke('library:list', { limit: 2, after: first.next })) as { items: { id: string }[] };
    expect(second.items.map((r) => r.id)).toEqual(['r2', 'r1']);
    const byProvider = (await invoke('library:list', { filter: { provider: 'inworld' } })) as { items: { id: string }[]; next: unknown };
    expect(byProvider.items.map((r) => r.id)).toEqual(['r3', 'r1']);
    expect(byProvider.next).toBeNull();
    const byVoiceAndDate = (await invoke('library:list', { filter: { voice: 'en-us', from: t0 + 1000, to: t0 + 4000 } })) as { items: { id: string }[] };
    expect(byVoiceAndDate.items.map((r) => r.id)).toEqual(['r2']);
    await expect(invoke('library:list', { limit: 0 })).rejects.toThrow(/Invalid arguments for 'library:list': limit/);
    await expect(invoke('library:list', { filter: { from: 5, to: 1 } })).rejects.toThrow(/'from' must be before 'to'/);
  });

  it('searches the text with FTS5 and marks the matches in a snippet; an empty query is refused', async () => {
    await readToEnd(TEXT);
    await readToEnd('Something else entirely, about the weather.');
    const hits = (await invoke('library:search', { query: 'paragraph' })) as { items: { snippet: string; preview: string }[] };
    expect(hits.items).toHaveLength(1);
    expect(hits.items[0]!.snippet).toContain('[paragraph]');
    expect(((await invoke('library:search', { query: 'weather', filter: { provider: 'inworld' } })) as { items: unknown[] }).items).toHaveLength(0);
    await expect(invoke('library:search', { query: '   ' })).rejects.toThrow(/Invalid arguments for 'library:search'/);
  });

  it('gets one reading with its text, duration and the very words and times the live reading had', async () => {
    const id = await readToEnd(TEXT);
    const got = (await invoke('library:get', { id })) as { text: string; durationMs: number; words: WordTiming[]; status: string };
    expect(got.text).toBe(TEXT);
    expect(got.status).toBe('complete');
    expect(got.words.map(({ text, charStart, charEnd, startMs, endMs }) => ({ text, charStart, charEnd, startMs, endMs }))).toEqual(wordsOf(id));
    expect(got.durationMs).toBeGreaterThanOrEqual(wordsOf(id).at(-1)!.endMs);
    await expect(invoke('library:get', { id: 'nope' })).rejects.toThrow("There is no reading 'nope' in the library");
  });

  it('plays a saved reading offline through the reading:* events: same words, same times, nothing synthesized', async () => {
    const live = await readToEnd(TEXT);
    const requestsBefore = builtin.requests.length;
    voice.on = false;
    const { readingId } = (await invoke('library:play', { id: live })) as { readingId: string };
    expect(readingId).not.toBe(live);
    await waitFor(() => events.some((e) => e.channel === 'reading:ended' && (e.payload as { readingId: string }).readingId === readingId), 'the replay to end');
    const ended = events.find((e) => e.channel === 'reading:ended' && (e.payload as { readingId: string }).readingId === readingId)!.payload as { reason: string };
    expect(ended.reason).toBe('finished');
    expect(events.find((e) => e.channel === 'reading:started' && (e.payload as { readingId: string }).readingId === readingId)!.payload).toMatchObject({ text: TEXT, voice: 'builtin/en-us', speed: 1 });
    expect(wordsOf(readingId)).toEqual(wordsOf(live));
    expect(builtin.requests.length).toBe(requestsBefore);
    // A replay is not saved a second time.
    expect(store.count()).toBe(1);
  });

  it('says which provider to set up again to play a reading whose provider was removed', async () => {
    const rid = store.beginReading({ id: 'gone', text: 'Made elsewhere.', provider: 'elevenlabs', voice: 'Rachel', synthRate: 1 });
    store.setStatus(rid, 'complete');
    await expect(invoke('library:play', { id: 'gone' })).rejects.toThrow("This reading was made with 'elevenlabs', which is no longer set up");
  });

  it('refuses to play a reading that was cut short, naming why', async () => {
    const rid = store.beginReading({ id: 'cut', text: 'Cut short.', provider: 'builtin', voice: 'en-us', synthRate: 1 });
    store.setStatus(rid, 'partial');
    await expect(invoke('library:play', { id: 'cut' })).rejects.toThrow(/cut short/);
  });

  it('pins, deletes and trims to the size/age limit, keeping pinned readings; the limit is saved in the settings', async () => {
    const a = await readToEnd('First reading to keep around.');
    const b = await readToEnd('Second reading that may go.');
    const c = await readToEnd('Third reading, the newest.');
    expect(await invoke('library:pin', { id: a, pinned: true })).toEqual({ pinned: true });
    await expect(invoke('library:pin', { id: 'ghost', pinned: true })).rejects.toThrow(/no reading 'ghost'/);
    const limits = (await invoke('library:limits', {})) as { maxBytes: null; usage: { count: number; audioBytes: number } };
    expect(limits).toMatchObject({ maxBytes: null, maxAgeDays: null, usage: { count: 3 } });
    const newest = store.get(c)!.audioBytes;
    const set = (await invoke('library:set-limits', { maxBytes: newest + store.get(a)!.audioBytes, maxAgeDays: null })) as { removed: number; usage: { count: number } };
    expect(set.removed).toBe(1);
    expect(store.get(b)).toBeUndefined();
    expect(store.get(a)?.pinned).toBe(true);
    expect(settings.libraryLimits).toEqual({ maxBytes: newest + store.get(a)!.audioBytes, maxAgeDays: null });
    expect(await invoke('library:delete', { id: c })).toEqual({ deleted: true });
    expect(await invoke('library:delete', { id: c })).toEqual({ deleted: false });
    await expect(invoke('library:set-limits', { maxBytes: -1, maxAgeDays: null })).rejects.toThrow(/Invalid arguments for 'library:set-limits'/);
  });

  it('keeps to the limit as new readings are saved, the oldest unpinned going first', async () => {
    const first = await readToEnd('One short reading.');
    const bytes = store.get(first)!.audioBytes;
    await invoke('library:set-limits', { maxBytes: Math.ceil(bytes * 1.5), maxAgeDays: null });
    const second = await readToEnd('Two short reading.');
    await waitFor(() => store.get(first) === undefined, 'the oldest reading to be trimmed');
    expect(store.get(second)?.status).toBe('complete');
  });

  it('exports to the folder main chose, in every format asked; a cancelled dialog writes nothing', async () => {
    const id = await readToEnd(TEXT);
    const out = (await invoke('library:export', { ids: [id], formats: ['wav', 'srt', 'vtt', 'txt'] })) as { canceled: false; folder: string; files: string[] };
    expect(out.canceled).toBe(false);
    expect(out.files.map((f) => f.split('.').pop()).sort()).toEqual(['srt', 'txt', 'vtt', 'wav']);
    for (const f of out.files) expect(existsSync(f)).toBe(true);
    expect(readFileSync(out.files.find((f) => f.endsWith('.txt'))!, 'utf8')).toBe(`${TEXT}\n`);
    exportTo = null;
    rmSync(out.folder, { recursive: true });
    expect(await invoke('library:export', { ids: [id], formats: ['txt'] })).toEqual({ canceled: true });
    expect(existsSync(out.folder)).toBe(false);
    await expect(invoke('library:export', { ids: [id], formats: ['flac'] })).rejects.toThrow(/Invalid arguments for 'library:export'/);
  });
});

describe('a library that stops taking writes', () => {
  it('is said once, in words, shown by library:status, and the reading plays on to its end; what was saved is intact', async () => {
    const told: string[] = [];
    const own = openLibrary({ path: ':memory:' });
    const ownEvents: { channel: string; payload: unknown }[] = [];
    const core = routedCore(listenAll(createAloudCore({
      builtin: { synthesizer: createScriptedSynthesizer({ provider: 'builtin', voices: ['en-us'], sampleRate: 22050, msPerWord: 50 }), voice: 'en-us' },
      store: own,
      settings: null,
      onLibraryProblem: (sentence) => told.push(sentence),
      onError: () => undefined,
      
    }), (channel, payload) => {
        ownEvents.push({ channel, payload });
        if (channel === 'reading:chunk') core.readings.progress((payload as Chunk).readingId, (payload as Chunk).segment);
      }));
    const ended = (id: string) => ownEvents.find((e) => e.channel === 'reading:ended' && (e.payload as { readingId: string }).readingId === id)?.payload as { reason: string } | undefined;
    const first = (await core.invoke('reading:start', { text: 'Saved while all was well.' })) as { readingId: string };
    await waitFor(() => ended(first.readingId) !== undefined);
    await core.recorder!.idle();
    const before = own.get(first.readingId)!;
    // The file became read-only under the running app.
    own.db.pragma('query_only = ON');
    for (const text of ['This one cannot be saved. It plays all the same.', 'Nor this one.']) {
      const { readingId } = (await core.invoke('reading:start', { text })) as { readingId: string };
      await waitFor(() => ended(readingId) !== undefined);
      expect(ended(readingId)!.reason).toBe('finished');
      await core.recorder!.idle();
    }
    expect(told).toEqual([expect.stringMatching(/^The library cannot be written \(its file or folder became read-only\), so readings are not being saved\. Readings already saved are safe/)]);
    expect(await core.invoke('library:status', {})).toEqual({ available: true, problem: told[0] });
    own.db.pragma('query_only = OFF');
    expect(own.get(first.readingId)).toEqual(before);
    expect(own.count()).toBe(1);
    await core.close();
    own.close();
  });
});

describe('settings channels', () => {
  const inworldInput = () => ({ kind: 'inworld', name: 'Inworld', baseUrl: inworld.url });

  it('adds a provider with its key sealed; no result, event, file or log line ever holds the key', async () => {
    const added = (await invoke('settings:add-provider', { input: inworldInput(), key: KEY })) as { id: string; hasKey: boolean };
    expect(added).toMatchObject({ id: 'inworld', hasKey: true });
    const results: unknown[] = [added];
    results.push(await invoke('settings:get', {}));
    results.push(await invoke('settings:test-provider', { id: 'inworld' }));
    results.push(await invoke('settings:provider-voices', { id: 'inworld' }));
    results.push(await invoke('settings:update-provider', { id: 'inworld', patch: { name: 'Inworld (work)' } }));
    results.push(await invoke('settings:set', { voice: 'inworld/Dennis' }));
    await readToEnd('Hello from Inworld.');
    const everything = JSON.stringify([results, events.filter((e) => e.channel !== 'reading:chunk'), logged]) + readFileSync(join(dir, 'settings.json'), 'utf8');
    for (const f of readdirSync(dir)) if (f.endsWith('.json')) expect(readFileSync(join(dir, f), 'utf8')).not.toContain(KEY);
    expect(everything).not.toContain(KEY);
    expect(everything).not.toContain('SECRET');
    // The key did reach Inworld, as Basic auth.
    expect(inworld.requests.some((r) => JSON.stringify(r.headers).includes(KEY))).toBe(true);
  });

  it('tests a key as it is saved, and marks a provider whose key does not work until it does', async () => {
    const added = (await invoke('settings:add-provider', { input: inworldInput(), key: KEY })) as { id: string; check: { ok: boolean; message: string } | null };
    expect(added.check).toMatchObject({ ok: true, message: 'Connected: 4 voices.' });
    const replaced = (await invoke('settings:update-provider', { id: added.id, patch: {}, key: 'wrong-key' })) as { check: { ok: boolean; message: string } };
    expect(replaced.check.ok).toBe(false);
    expect(replaced.check.message).toMatch(/^Inworld [^.]*key[^.]*\./);
    // The mark stays in the settings the view reads, until a test says otherwise.
    const listed = (await invoke('settings:get', {})) as { providers: { id: string; check: { ok: boolean } | null }[] };
    expect(listed.providers.find((p) => p.id === added.id)?.check?.ok).toBe(false);
    await invoke('settings:update-provider', { id: added.id, patch: {}, key: KEY });
    expect(((await invoke('settings:get', {})) as typeof listed).providers.find((p) => p.id === added.id)?.check?.ok).toBe(true);
    // Without a key there is nothing to test; the mark goes with the key.
    const keyless = (await invoke('settings:update-provider', { id: added.id, patch: {}, key: null })) as { check: unknown; hasKey: boolean };
    expect(keyless).toMatchObject({ hasKey: false, check: null });
  });

  it('tests a connection: OK with the right key, one sentence naming the provider with a bad one', async () => {
    expect(await invoke('settings:test-provider', { input: inworldInput(), key: KEY })).toMatchObject({ ok: true, voices: 4 });
    const bad = (await invoke('settings:test-provider', { input: inworldInput(), key: 'wrong-key' })) as { ok: false; kind: string; message: string };
    expect(bad).toMatchObject({ ok: false, kind: 'auth' });
    expect(bad.message).toMatch(/^Inworld [^.]*\.$/);
    await expect(invoke('settings:test-provider', { id: 'missing' })).rejects.toThrow('There is no provider "missing".');
  });

  it('refuses to store a key when secure storage is not available, and says so', async () => {
    cipher.on = false;
    const view = (await invoke('settings:get', {})) as { keyStorage: { available: boolean; message: string } };
    expect(view.keyStorage.available).toBe(false);
    expect(view.keyStorage.message).toMatch(/cannot be saved/);
    await expect(invoke('settings:add-provider', { input: inworldInput(), key: KEY })).rejects.toThrow(/Secure storage is not available/);
    expect(settings.list()).toEqual([]);
  });

  it('lists a provider’s voices once and then from the cache', async () => {
    await invoke('settings:add-provider', { input: inworldInput(), key: KEY });
    // A listing is one walk through the Voice API's pages: count the walks (their first pages).
    const listings = () => inworld.requests.filter((r) => r.path === '/voices/v1/voices' && !r.query['pageToken']).length;
    const before = listings();
    const first = (await invoke('settings:provider-voices', { id: 'inworld' })) as { voices: { id: string }[] };
    expect(first.voices.map((v) => v.id)).toEqual(['Dennis', 'Ashley', 'Alex', 'Hana']);
    const afterFirst = listings();
    expect(afterFirst).toBe(before + 1);
    await invoke('settings:provider-voices', { id: 'inworld' });
    expect(listings()).toBe(afterFirst);
    await invoke('settings:provider-voices', { id: 'inworld', refresh: true });
    expect(listings()).toBe(afterFirst + 1);
  });

  it('reads with the chosen cloud voice and rate once the provider is added, and falls back to the built-in voice when it is removed', async () => {
    await invoke('settings:add-provider', { input: inworldInput(), key: KEY });
    const view = (await invoke('settings:set', { voice: 'inworld/Ashley', speed: 1.25, fallbackToBuiltin: false })) as { voice: string; speed: number; fallbackToBuiltin: boolean };
    expect(view).toMatchObject({ voice: 'inworld/Ashley', speed: 1.25, fallbackToBuiltin: false });
    const id = await readToEnd('A cloud voice now.');
    expect(events.find((e) => e.channel === 'reading:started' && (e.payload as { readingId: string }).readingId === id)!.payload).toMatchObject({ voice: 'inworld/Ashley', speed: 1.25 });
    expect(store.get(id)).toMatchObject({ provider: 'inworld', voice: 'Ashley', status: 'complete' });
    await expect(invoke('settings:set', { voice: 'nobody/x' })).rejects.toThrow("There is no provider 'nobody'");
    await expect(invoke('settings:set', { speed: 9 })).rejects.toThrow(/Invalid arguments for 'settings:set': speed/);
    await invoke('settings:remove-provider', { id: 'inworld' });
    expect(((await invoke('settings:get', {})) as { voice: string }).voice).toBe('builtin/en-us');
  });

  it('validates provider input with a clear message', async () => {
    await expect(invoke('settings:add-provider', { input: { kind: 'nope', name: 'X' } })).rejects.toThrow(/Invalid arguments for 'settings:add-provider': input.kind/);
    await expect(invoke('settings:add-provider', { input: inworldInput(), key: '  ' })).rejects.toThrow(/The API key is empty/);
    await expect(invoke('settings:update-provider', { id: 'ghost', patch: {} })).rejects.toThrow('There is no provider "ghost".');
  });
});
