// A natural voice (Piper's, Kokoro's) inside the whole core, as the app runs it: a reading spoken by
// the fixture voice through the natural voices' worker, highlighted and saved in the library like any other, replayed from
// the library with the same word timings; and a voice whose model is damaged handing the reading to
// the built-in voice, with the person told which voice failed and why.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Chunk } from '../../shared/chunk';
import { createBuiltinVoice, DEFAULT_BUILTIN_VOICE } from '../../electron/engine/builtin-voice';
import { createNaturalVoices, type NaturalVoices } from '../../electron/engine/natural-voices';
import { openLibrary } from '../../electron/history/library-store';
import { replayChunks } from '../../electron/history/replay';
import { createAloudCore, type AloudCore } from '../../electron/service/aloud-core';
import { installTinyKokoro, KOKORO_KEY } from '../support/tiny-kokoro';
import { installTinyVoice, TINY_VOICE } from '../support/tiny-piper';
import { listenAll } from '../support/listen-all';

const builtin = createBuiltinVoice();
const open: { core: AloudCore; natural: NaturalVoices }[] = [];
afterAll(async () => {
  for (const { core, natural } of open) {
    await core.close();
    await natural.close();
  }
  await builtin.close();
});

async function appWith(folder: string) {
  const store = openLibrary({ path: ':memory:' });
  const natural = createNaturalVoices({ folder });
  const events: { channel: string; payload: unknown }[] = [];
  const ended = new Map<string, (reason: string) => void>();
  const core = listenAll(createAloudCore({
    builtin: { synthesizer: builtin, voice: DEFAULT_BUILTIN_VOICE },
    moreSynthesizers: natural.synthesizers,
    
    store,
    settings: null,
  }), (channel, payload) => {
      events.push({ channel, payload });
      const p = payload as { readingId: string; segment: number; reason: string };
      // Play along: the player reports each segment as it reaches it.
      if (channel === 'reading:chunk') core.readings.progress(p.readingId, p.segment);
      if (channel === 'reading:ended') ended.get(p.readingId)?.(p.reason);
    });
  open.push({ core, natural });
  const read = async (text: string, voice: string) => {
    const done = new Promise<string>((resolve) => {
      void core.readings.read({ text, voice }).then(({ readingId }) => ended.set(readingId, resolve));
    });
    const reason = await done;
    await core.recorder?.idle();
    return reason;
  };
  return { core, store, events, read };
}

describe('a natural voice in the app', () => {
  it('reads, highlights and saves like any voice; the library replays it with the same timings', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'aloud-voices-'));
    await installTinyVoice(folder);
    const app = await appWith(folder);
    const text = 'Natural voices read offline. Every word is lit as it is spoken.';
    expect(await app.read(text, `piper/${TINY_VOICE}`)).toBe('finished');
    const chunks = app.events.filter((e) => e.channel === 'reading:chunk').map((e) => e.payload as Chunk);
    const words = chunks.flatMap((c) => c.words);
    // eSpeak, which gives the phonemes, says "as it is" as one word, with one word event (as the
    // built-in voice highlights it).
    expect(words.map((w) => w.text)).toEqual(['Natural', 'voices', 'read', 'offline', 'Every', 'word', 'is', 'lit', 'as it is', 'spoken']);
    for (const w of words) expect(text.slice(w.charStart, w.charEnd)).toBe(w.text);

    const [saved] = app.store.list({ limit: 1 });
    expect(saved).toMatchObject({ provider: 'piper', voice: TINY_VOICE, status: 'complete' });
    const replayed: Chunk[] = [];
    for await (const c of replayChunks(app.store, saved!.id)) replayed.push(c);
    expect(replayed.flatMap((c) => c.words)).toEqual(words);
  });

  it('hands the reading to the built-in voice when the model is damaged, saying which voice failed and why', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'aloud-voices-'));
    await installTinyVoice(folder);
    const model = join(folder, TINY_VOICE, `${TINY_VOICE}.onnx`);
    writeFileSync(model, readFileSync(model).subarray(0, 700));
    const app = await appWith(folder);
    expect(await app.read('This voice file is broken. The built-in voice reads it instead.', `piper/${TINY_VOICE}`)).toBe('finished');
    const fallback = app.events.find((e) => e.channel === 'reading:fallback')?.payload as { from: string; to: string; message: string };
    expect(fallback).toMatchObject({ from: `piper/${TINY_VOICE}`, to: `builtin/${DEFAULT_BUILTIN_VOICE}` });
    expect(fallback.message).toMatch(new RegExp(`^Piper failed while speaking: the voice file .*${TINY_VOICE}\\.onnx could not be loaded \\(.+\\); reinstall the voice`));
    const chunks = app.events.filter((e) => e.channel === 'reading:chunk').map((e) => e.payload as Chunk);
    expect(chunks.flatMap((c) => c.words).length).toBeGreaterThan(8);
  });

  it('reads with a Kokoro voice, highlighted from its durations and saved; the library replays it with the same timings', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'aloud-voices-'));
    await installTinyKokoro(folder);
    const app = await appWith(folder);
    const text = 'Kokoro reads offline too. Every word is lit as it is spoken.';
    expect(await app.read(text, 'kokoro/af_heart')).toBe('finished');
    const chunks = app.events.filter((e) => e.channel === 'reading:chunk').map((e) => e.payload as Chunk);
    expect(chunks.every((c) => c.audio.kind === 'pcm' && c.audio.sampleRate === 24000)).toBe(true);
    const words = chunks.flatMap((c) => c.words);
    expect(words.map((w) => w.text)).toEqual(['Kokoro', 'reads', 'offline', 'too', 'Every', 'word', 'is', 'lit', 'as it is', 'spoken']);
    for (const w of words) expect(text.slice(w.charStart, w.charEnd)).toBe(w.text);
    const [saved] = app.store.list({ limit: 1 });
    expect(saved).toMatchObject({ provider: 'kokoro', voice: 'af_heart', status: 'complete' });
    const replayed: Chunk[] = [];
    for await (const c of replayChunks(app.store, saved!.id)) replayed.push(c);
    expect(replayed.flatMap((c) => c.words)).toEqual(words);
  });

  it('hands a Kokoro reading to the built-in voice when its model is damaged, saying which voice failed and why', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'aloud-voices-'));
    await installTinyKokoro(folder);
    const model = join(folder, KOKORO_KEY, `${KOKORO_KEY}.onnx`);
    writeFileSync(model, readFileSync(model).subarray(0, 700));
    const app = await appWith(folder);
    expect(await app.read('This voice file is broken. The built-in voice reads it instead.', 'kokoro/af_heart')).toBe('finished');
    const fallback = app.events.find((e) => e.channel === 'reading:fallback')?.payload as { from: string; to: string; message: string };
    expect(fallback).toMatchObject({ from: 'kokoro/af_heart', to: `builtin/${DEFAULT_BUILTIN_VOICE}` });
    expect(fallback.message).toMatch(new RegExp(`^Kokoro failed while speaking: the voice file .*${KOKORO_KEY}\\.onnx could not be loaded \\(.+\\); reinstall the voice`));
  });
});
