import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chunkSchema, type Chunk } from '../../shared/chunk';
import { contract, invokeChannelNames, invokeDef, type EventChannel, type EventPayload } from '../../shared/ipc';
import { createBuiltinVoice, DEFAULT_BUILTIN_VOICE, type BuiltinVoice } from '../engine/builtin-voice';
import { createScriptedSynthesizer } from '../../test/fakes/scripted-synthesizer';
import { routedReadings, type RoutedReadings } from '../../test/support/routed-readings';
import type { Emit } from './reading-service';
import { ServiceError } from './service-error';

interface Recorded {
  channel: EventChannel;
  payload: unknown;
}

/** Records every event, checks each against its schema, and lets a test wait for one. */
function recorder() {
  const events: Recorded[] = [];
  const waiters: { pred: (e: Recorded) => boolean; resolve: (e: Recorded) => void }[] = [];
  const emit: Emit = (channel, payload) => {
    contract[channel].payload.parse(payload);
    const e = { channel, payload };
    events.push(e);
    for (const w of [...waiters]) {
      if (!w.pred(e)) continue;
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(e);
    }
  };
  function next<C extends EventChannel>(channel: C, pred: (p: EventPayload<C>) => boolean = () => true): Promise<EventPayload<C>> {
    const match = (e: Recorded) => e.channel === channel && pred(e.payload as EventPayload<C>);
    const seen = events.find(match);
    if (seen) return Promise.resolve(seen.payload as EventPayload<C>);
    return new Promise((resolve) => waiters.push({ pred: match, resolve: (e) => resolve(e.payload as EventPayload<C>) }));
  }
  const of = <C extends EventChannel>(channel: C) => events.filter((e) => e.channel === channel).map((e) => e.payload as EventPayload<C>);
  return { emit, events, next, of };
}

const builtinKey = `builtin/${DEFAULT_BUILTIN_VOICE}`;
const fox = 'The quick brown fox jumps over the lazy dog. It was not amused.';
const longText = Array.from({ length: 12 }, (_, i) => `This is sentence number ${i + 1} of a longer text.`).join(' ');

describe('the reading service with the built-in voice', () => {
  let voice: BuiltinVoice;
  beforeAll(async () => {
    voice = createBuiltinVoice();
    await voice.warmUp();
  });
  afterAll(async () => {
    await voice.close();
  });

  function service(lookahead?: number): { svc: RoutedReadings; rec: ReturnType<typeof recorder> } {
    const rec = recorder();
    const svc = routedReadings({ synthesizers: [voice], defaultVoice: builtinKey, emit: rec.emit, ...(lookahead ? { lookahead } : {}) });
    return { svc, rec };
  }

  it('reads a text: started, chunks in sequence with audio and words, then finished', async () => {
    const { svc, rec } = service();
    const result = invokeDef('reading:start').result.parse(await svc.invoke('reading:start', { text: fox }));
    const ended = await rec.next('reading:ended');
    expect(ended).toEqual({ readingId: result.readingId, reason: 'finished' });

    expect(rec.events[0]).toEqual({ channel: 'reading:started', payload: { readingId: result.readingId, text: fox, voice: builtinKey, speed: 1 } });
    expect(rec.events.at(-1)!.channel).toBe('reading:ended');
    const chunks = rec.of('reading:chunk') as Chunk[];
    expect(chunks.length).toBeGreaterThan(0);
    chunks.forEach((c, i) => {
      chunkSchema.parse(c);
      expect(c.readingId).toBe(result.readingId);
      expect(c.seq).toBe(i);
    });
    for (let i = 1; i < chunks.length; i++) {
      expect(chunks[i]!.segment).toBeGreaterThanOrEqual(chunks[i - 1]!.segment);
      expect(chunks[i]!.startMs).toBeGreaterThanOrEqual(chunks[i - 1]!.startMs);
    }
    // Every word is spoken once, in order, and points at itself in the original text.
    const words = chunks.flatMap((c) => c.words);
    expect(words.map((w) => fox.slice(w.charStart, w.charEnd).replace(/[.,]$/, ''))).toEqual(fox.replace(/\./g, '').split(' '));
    expect(svc.current()).toBeNull();
    await svc.close();
  });

  it('stops a reading in the middle: ended as stopped, and no chunk after it', async () => {
    const { svc, rec } = service();
    const { readingId } = (await svc.invoke('reading:start', { text: longText })) as { readingId: string };
    await rec.next('reading:chunk');
    expect(svc.current()).toMatchObject({ readingId, paused: false });
    await svc.invoke('reading:stop', { readingId });
    // stop resolves once the reading has ended.
    const ended = rec.of('reading:ended');
    expect(ended).toEqual([{ readingId, reason: 'stopped' }]);
    expect(rec.events.at(-1)!.channel).toBe('reading:ended');
    const spoken = new Set((rec.of('reading:chunk') as Chunk[]).map((c) => c.segment));
    expect(spoken.size).toBeLessThan(12);
    expect(svc.current()).toBeNull();
    await svc.invoke('reading:stop', { readingId }); // stopping again is harmless
    expect(rec.of('reading:ended')).toHaveLength(1);
    await svc.close();
  });

  it('a second start replaces the first: the first ends as stopped before the second starts', async () => {
    const { svc, rec } = service();
    const first = (await svc.invoke('reading:start', { text: longText })) as { readingId: string };
    await rec.next('reading:chunk');
    const second = (await svc.invoke('reading:start', { text: fox, speed: 1.5 })) as { readingId: string };
    expect(second.readingId).not.toBe(first.readingId);
    await rec.next('reading:ended', (p) => p.readingId === second.readingId);

    const order = rec.events.filter((e) => e.channel !== 'reading:chunk').map((e) => [e.channel, (e.payload as { readingId: string }).readingId]);
    expect(order).toEqual([
      ['reading:started', first.readingId],
      ['reading:ended', first.readingId],
      ['reading:started', second.readingId],
      ['reading:ended', second.readingId],
    ]);
    expect(rec.of('reading:ended').map((e) => e.reason)).toEqual(['stopped', 'finished']);
    // No chunk of the first reading arrives after it ended.
    const firstEnd = rec.events.findIndex((e) => e.channel === 'reading:ended');
    expect(rec.events.slice(firstEnd).some((e) => e.channel === 'reading:chunk' && (e.payload as Chunk).readingId === first.readingId)).toBe(false);
    await svc.close();
  });

  it('lists the built-in voices, each valid and named by provider', async () => {
    const { svc } = service();
    const voices = invokeDef('voices:list').result.parse(await svc.invoke('voices:list', {}));
    expect(voices.length).toBeGreaterThan(10);
    expect(voices.every((v) => v.provider === 'builtin')).toBe(true);
    expect(voices.map((v) => v.id)).toContain(DEFAULT_BUILTIN_VOICE);
    await svc.close();
  });

  it('close() stops the reading in progress and refuses further requests', async () => {
    const { svc, rec } = service();
    const { readingId } = (await svc.invoke('reading:start', { text: longText })) as { readingId: string };
    await svc.close();
    expect(rec.of('reading:ended')).toEqual([{ readingId, reason: 'stopped' }]);
    await expect(svc.invoke('voices:list', {})).rejects.toThrow(/closed/);
  });
});

describe('the reading service argument validation', () => {
  function service() {
    const rec = recorder();
    const synth = createScriptedSynthesizer({ provider: 'builtin', voices: ['en-us', 'de'] });
    const svc = routedReadings({ synthesizers: [synth], defaultVoice: 'builtin/en-us', emit: rec.emit });
    return { svc, rec, synth };
  }

  const bad: [string, unknown, RegExp][] = [
    ['reading:start', undefined, /reading:start/],
    ['reading:start', { text: '' }, /text/],
    ['reading:start', { text: 42 }, /text/],
    ['reading:start', { text: 'hi', speed: 10 }, /speed/],
    ['reading:start', { text: 'hi', speed: 'fast' }, /speed/],
    ['reading:start', { text: 'hi', voice: '' }, /voice/],
    ['reading:pause', {}, /readingId/],
    ['reading:resume', { readingId: 7 }, /readingId/],
    ['reading:stop', null, /reading:stop/],
    ['reading:progress', { readingId: 'r', segment: -1 }, /segment/],
    ['reading:progress', { readingId: 'r', segment: 1.5 }, /segment/],
    ['voices:list', 'all', /voices:list/],
    ['voices:sample', {}, /voice/],
    ['text:as-heard', { text: '' }, /text/],
    ['text:language', { text: 42 }, /text/],
    ['voices:sample', { voice: '' }, /voice/],
    ['reading:start', { text: 'hi', fromChar: -1 }, /fromChar/],
    ['reading:start', { text: 'hi', mode: 'append' }, /mode/],
    ['reading:played', {}, /readingId/],
    ['queue:list', 'all', /queue:list/],
    ['queue:remove', { id: 3 }, /id/],
    ['queue:move', { id: 'q', to: -1 }, /to/],
    ['queue:clear', null, /queue:clear/],
    ['queue:mode', { mode: 'later' }, /mode/],
    ['queue:play', {}, /id/],
    ['player:control', { command: 'dance' }, /command/],
    ['player:report', { readingId: 5 }, /player:report|readingId/],
    ['player:current', 'now', /player:current/],
  ];

  it.each(bad)('refuses %s with %j, naming the problem, and starts nothing', async (channel, args, message) => {
    const { svc, rec, synth } = service();
    const p = svc.invoke(channel, args);
    await expect(p).rejects.toBeInstanceOf(ServiceError);
    await expect(p).rejects.toThrow(message);
    expect(rec.events).toEqual([]);
    expect(synth.requests).toEqual([]);
    expect(svc.current()).toBeNull();
  });

  it('covers every invoke channel of the contract', () => {
    expect(new Set(bad.map(([c]) => c))).toEqual(new Set(invokeChannelNames.filter((c) => /^(reading|voices|text|queue|player):/u.test(c))));
  });

  it('refuses unknown channels, including inherited property names', async () => {
    const { svc, rec } = service();
    await expect(svc.invoke('reading:explode', {})).rejects.toThrow(/Unknown channel 'reading:explode'/);
    await expect(svc.invoke('toString', {})).rejects.toThrow(/Unknown channel/);
    await expect(svc.invoke('__proto__', {})).rejects.toThrow(/Unknown channel/);
    expect(rec.events).toEqual([]);
  });

  it.each([
    ['en-us', /not of the form provider\/id/],
    ['nobody/en-us', /No voice provider named 'nobody' \(available: builtin\)/],
    ['builtin/xx-nonexistent', /no voice 'xx-nonexistent'/],
    ['builtin/', /not of the form/],
  ])('refuses the voice %s', async (voice, message) => {
    const { svc, rec, synth } = service();
    await expect(svc.invoke('reading:start', { text: 'Hello.', voice })).rejects.toThrow(message);
    expect(rec.events).toEqual([]);
    expect(synth.requests).toEqual([]);
  });

  it('passes the provider-local voice id to the synthesizer; one without a rate parameter is asked for 1x, the player stretches the Speed', async () => {
    const { svc, rec, synth } = service();
    await svc.invoke('reading:start', { text: 'Hallo Welt.', voice: 'builtin/de', speed: 2 });
    await rec.next('reading:ended');
    expect(synth.requests.map((r) => [r.voice, r.synthRate])).toEqual([['de', 1]]);
    expect(rec.of('reading:chunk').every((c) => c.synthRate === 1)).toBe(true);
    expect(rec.of('reading:started')[0]).toMatchObject({ voice: 'builtin/de', speed: 2 });
  });

  it('ignores pause, resume, progress and stop for a reading that is not running', async () => {
    const { svc, rec } = service();
    for (const channel of ['reading:pause', 'reading:resume', 'reading:stop'] as const) {
      await expect(svc.invoke(channel, { readingId: 'gone' })).resolves.toBeUndefined();
    }
    await expect(svc.invoke('reading:progress', { readingId: 'gone', segment: 3 })).resolves.toBeUndefined();
    expect(rec.events).toEqual([]);
  });

  it('tracks pause and resume of the current reading', async () => {
    const { svc, rec } = service();
    const { readingId } = (await svc.invoke('reading:start', { text: longText })) as { readingId: string };
    await svc.invoke('reading:pause', { readingId });
    expect(svc.current()).toMatchObject({ readingId, paused: true });
    await svc.invoke('reading:resume', { readingId });
    expect(svc.current()).toMatchObject({ readingId, paused: false });
    await svc.invoke('reading:stop', { readingId });
    expect(rec.of('reading:ended')).toEqual([{ readingId, reason: 'stopped' }]);
  });
});

describe('the reading service errors and providers', () => {
  it('ends a reading whose provider fails with reason error, the provider\'s sentence and its kind', async () => {
    const rec = recorder();
    const synth = createScriptedSynthesizer({ provider: 'inworld', failOn: { request: 0, kind: 'auth' } });
    const svc = routedReadings({ synthesizers: [synth], defaultVoice: 'inworld/alpha', emit: rec.emit });
    const { readingId } = (await svc.invoke('reading:start', { text: 'Hello there.' })) as { readingId: string };
    expect(await rec.next('reading:ended')).toEqual({ readingId, reason: 'error', message: 'Inworld refused the API key.', kind: 'auth' });
    expect(svc.current()).toBeNull();
  });

  it('lists the voices of every reachable provider even when one is unreachable', async () => {
    const rec = recorder();
    const a = createScriptedSynthesizer({ provider: 'builtin', voices: ['en-us'] });
    const b = createScriptedSynthesizer({ provider: 'together', listFails: true });
    const c = createScriptedSynthesizer({ provider: 'sarvam', voices: ['anushka', 'abhilash'] });
    const svc = routedReadings({ synthesizers: [a, b, c], defaultVoice: 'builtin/en-us', emit: rec.emit });
    const voices = invokeDef('voices:list').result.parse(await svc.invoke('voices:list', {}));
    expect(voices.map((v) => `${v.provider}/${v.id}`)).toEqual(['builtin/en-us', 'sarvam/anushka', 'sarvam/abhilash']);
  });

  it('starts a reading with a provider whose voice list is unreachable (synthesis decides)', async () => {
    const rec = recorder();
    const synth = createScriptedSynthesizer({ provider: 'together', listFails: true });
    const svc = routedReadings({ synthesizers: [synth], defaultVoice: 'together/any', emit: rec.emit });
    await svc.invoke('reading:start', { text: 'One. Two.' });
    expect((await rec.next('reading:ended')).reason).toBe('finished');
    expect(synth.requests.length).toBeGreaterThan(0);
    expect(synth.requests.every((r) => r.voice === 'any')).toBe(true);
  });

  it('refuses two synthesizers for the same provider', () => {
    const a = createScriptedSynthesizer({ provider: 'builtin' });
    expect(() => routedReadings({ synthesizers: [a, a], defaultVoice: 'builtin/alpha', emit: () => {} })).toThrow(/provider 'builtin'/);
  });
});

describe('the reading service and a failing listener', () => {
  it('keeps reading when emit throws, and reports each failure', async () => {
    const failures: unknown[] = [];
    const rec = recorder();
    let sends = 0;
    const synth = createScriptedSynthesizer({ provider: 'builtin', voices: ['en-us'] });
    const svc = routedReadings({
      synthesizers: [synth],
      defaultVoice: 'builtin/en-us',
      lookahead: Infinity,
      onEmitError: (e) => failures.push(e),
      emit: (channel, payload) => {
        // The window is gone for the first two chunks.
        if (channel === 'reading:chunk' && ++sends <= 2) throw new Error('Object has been destroyed');
        rec.emit(channel, payload);
      },
    });
    const { readingId } = (await svc.invoke('reading:start', { text: 'One. Two. Three. Four.' })) as { readingId: string };
    expect(await rec.next('reading:ended')).toEqual({ readingId, reason: 'finished' });
    expect(failures).toHaveLength(2);
    expect(rec.of('reading:chunk').length).toBe(sends - 2);
  });
});

describe('the reading service fallback to the built-in voice', () => {
  const text = 'First sentence here. Second sentence here. Third sentence here. Fourth sentence here.';
  function setup(fallbackOn: boolean, fallbackProvider = 'builtin') {
    const rec = recorder();
    const cloud = createScriptedSynthesizer({ provider: 'inworld', maxChars: 25, failOn: { request: 1, kind: 'server', detail: 'stream broke' } });
    const builtin = createScriptedSynthesizer({ provider: fallbackProvider, voices: ['en-us'], maxChars: 25 });
    const svc = routedReadings({
      synthesizers: fallbackProvider === 'inworld' ? [cloud] : [cloud, builtin],
      defaultVoice: 'inworld/alpha',
      emit: rec.emit,
      lookahead: Infinity,
      fallback: () => (fallbackOn ? { synthesizer: fallbackProvider === 'inworld' ? cloud : builtin, voice: fallbackProvider === 'inworld' ? 'alpha' : 'en-us' } : null),
    });
    return { rec, svc, cloud, builtin };
  }

  it('finishes the text with the fallback voice after the provider fails, and tells the reader', async () => {
    const { rec, svc, builtin } = setup(true);
    const { readingId } = (await svc.invoke('reading:start', { text })) as { readingId: string };
    expect(await rec.next('reading:ended')).toEqual({ readingId, reason: 'finished' });
    expect(rec.of('reading:fallback')).toEqual([
      { readingId, segment: 1, from: 'inworld/alpha', to: 'builtin/en-us', message: 'Inworld failed while speaking: stream broke' },
    ]);
    expect(builtin.requests.length).toBeGreaterThan(0);
    const chunks = rec.of('reading:chunk') as Chunk[];
    expect(chunks.map((c) => c.seq)).toEqual(chunks.map((_, i) => i));
    expect(new Set(chunks.map((c) => c.segment)).size).toBe(4);
  });

  it('ends the reading with the error when the fallback is off', async () => {
    const { rec, svc, builtin } = setup(false);
    await svc.invoke('reading:start', { text });
    expect(await rec.next('reading:ended')).toMatchObject({ reason: 'error', message: 'Inworld failed while speaking: stream broke' });
    expect(rec.of('reading:fallback')).toEqual([]);
    expect(builtin.requests).toEqual([]);
  });

  it('does not fall back to the provider that failed', async () => {
    const { rec, svc } = setup(true, 'inworld');
    await svc.invoke('reading:start', { text });
    expect(await rec.next('reading:ended')).toMatchObject({ reason: 'error' });
    expect(rec.of('reading:fallback')).toEqual([]);
  });
});
