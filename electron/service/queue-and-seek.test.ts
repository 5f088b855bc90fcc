// The service's queue (replace vs queue, editing, advancing when the player reports a reading played)
// and seeking (reading:start with fromChar), over the real built-in voice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Chunk } from '../../shared/chunk';
import { contract, type EventChannel, type EventPayload } from '../../shared/ipc';
import { createBuiltinVoice, DEFAULT_BUILTIN_VOICE, type BuiltinVoice } from '../engine/builtin-voice';
import { routedReadings } from '../../test/support/routed-readings';
import type { Emit, ReadingServiceOptions } from './reading-service';
import { ServiceError } from './service-error';

interface Recorded {
  channel: EventChannel;
  payload: unknown;
}

function recorder() {
  const events: Recorded[] = [];
  const emit: Emit = (channel, payload) => {
    contract[channel].payload.parse(payload);
    events.push({ channel, payload });
  };
  const of = <C extends EventChannel>(channel: C) => events.filter((e) => e.channel === channel).map((e) => e.payload as EventPayload<C>);
  /** Polls: the events come from the pump, after the invoke that caused them has returned. */
  async function until<C extends EventChannel>(channel: C, pred: (p: EventPayload<C>) => boolean): Promise<EventPayload<C>> {
    for (;;) {
      const hit = of(channel).find(pred);
      if (hit) return hit;
      await new Promise((r) => setTimeout(r, 5));
    }
  }
  return { emit, events, of, until };
}

const builtinKey = `builtin/${DEFAULT_BUILTIN_VOICE}`;
const TEXT = 'The quick brown fox jumps over the lazy dog. It was not amused. Then it ran away.';
const idOf = (r: unknown) => (r as { readingId: string }).readingId;

describe('the service queue and seeking', () => {
  let voice: BuiltinVoice;
  beforeAll(async () => {
    voice = createBuiltinVoice();
    await voice.warmUp();
  });
  afterAll(async () => {
    await voice.close();
  });

  function service(extra: Partial<ReadingServiceOptions> = {}) {
    const rec = recorder();
    const svc = routedReadings({ synthesizers: [voice], defaultVoice: builtinKey, emit: rec.emit, ...extra });
    return { svc, rec };
  }

  it('a seek reads from fromChar to the end, its word offsets pointing into the whole text', async () => {
    const { svc, rec } = service();
    const from = TEXT.indexOf('It was');
    const id = idOf(await svc.invoke('reading:start', { text: TEXT, fromChar: from }));
    await rec.until('reading:ended', (e) => e.readingId === id);
    // The reader shows the whole text, so highlighting lands on the words where the user sees them.
    expect(rec.of('reading:started')[0]).toMatchObject({ readingId: id, text: TEXT });
    const words = (rec.of('reading:chunk') as Chunk[]).flatMap((c) => c.words);
    expect(words[0]!.charStart).toBe(from);
    expect(words.map((w) => TEXT.slice(w.charStart, w.charEnd).replace(/\.$/, ''))).toEqual(
      TEXT.slice(from).replace(/\./g, '').split(' '),
    );
    expect(words[0]!.startMs).toBeLessThan(500);
    await expect(svc.invoke('reading:start', { text: TEXT, fromChar: TEXT.length })).rejects.toThrow(ServiceError);
    await svc.close();
  });

  it("'replace' stops the reading that plays; 'queue' waits until the player reports it played", async () => {
    const { svc, rec } = service();
    const first = idOf(await svc.invoke('reading:start', { text: TEXT }));
    const second = idOf(await svc.invoke('reading:start', { text: 'Second text.', mode: 'queue' }));
    expect(rec.of('queue:changed').at(-1)!.items.map((i) => i.id)).toEqual([second]);
    // Synthesis of the first ends, but its audio still plays: the queued text does not start yet.
    await rec.until('reading:ended', (e) => e.readingId === first);
    expect(rec.of('reading:started').map((s) => s.readingId)).toEqual([first]);
    // A report for some other reading changes nothing.
    await svc.invoke('reading:played', { readingId: second });
    expect(rec.of('reading:started')).toHaveLength(1);
    await svc.invoke('reading:played', { readingId: first });
    expect(rec.of('reading:started').map((s) => s.text)).toEqual([TEXT, 'Second text.']);
    expect(rec.of('queue:changed').at(-1)!.items).toEqual([]);
    // Replace: a third reading stops the second at once.
    const second2 = rec.of('reading:started')[1]!.readingId;
    const third = idOf(await svc.invoke('reading:start', { text: 'Third text.', mode: 'replace' }));
    expect(rec.of('reading:ended').find((e) => e.readingId === second2)?.reason).toMatch(/stopped|finished/);
    expect(rec.of('reading:started').at(-1)!.readingId).toBe(third);
    await svc.close();
  });

  it('follows the queue mode when a start names no mode (the tray and the hotkey)', async () => {
    const { svc, rec } = service();
    svc.setQueueMode('queue');
    const first = idOf(await svc.invoke('reading:start', { text: TEXT }));
    expect(await svc.invoke('reading:start', { text: 'Queued.' })).toMatchObject({ queued: true });
    svc.setQueueMode('replace');
    // The reader's choice reaches main as queue:mode, which the tray and hotkey then follow.
    const plain = service();
    const playing = idOf(await plain.svc.invoke('reading:start', { text: TEXT }));
    await plain.svc.invoke('queue:mode', { mode: 'queue' });
    expect(await plain.svc.invoke('reading:start', { text: 'From the hotkey.' })).toMatchObject({ queued: true });
    await plain.svc.invoke('reading:played', { readingId: playing });
    expect(plain.rec.of('reading:started').at(-1)!.text).toBe('From the hotkey.');
    await plain.svc.close();
    const replacing = await svc.invoke('reading:start', { text: 'Replacing.' });
    expect(replacing).not.toHaveProperty('queued');
    expect(rec.of('reading:ended').find((e) => e.readingId === first)).toBeDefined();
    expect(await svc.invoke('queue:list', {})).toHaveLength(1);
    await svc.close();
  });

  it('edits the queue: reorder, remove, play one now, clear; a stop leaves the queue waiting', async () => {
    const { svc, rec } = service();
    const first = idOf(await svc.invoke('reading:start', { text: TEXT }));
    const q = [];
    for (const t of ['A text.', 'B text.', 'C text.', 'D text.']) q.push(idOf(await svc.invoke('reading:start', { text: t, mode: 'queue' })));
    const [a, b, c, d] = q as [string, string, string, string];
    const titles = async () => ((await svc.invoke('queue:list', {})) as { title: string }[]).map((i) => i.title);
    await svc.invoke('queue:move', { id: d, to: 0 });
    expect(await titles()).toEqual(['D text.', 'A text.', 'B text.', 'C text.']);
    await svc.invoke('queue:remove', { id: b });
    expect(await titles()).toEqual(['D text.', 'A text.', 'C text.']);
    expect(rec.of('queue:changed').at(-1)!.items.map((i) => i.title)).toEqual(['D text.', 'A text.', 'C text.']);

    // The user stops: nothing starts by itself, and the next queued start plays at once.
    await svc.invoke('reading:stop', { readingId: first });
    expect(rec.of('reading:started')).toHaveLength(1);
    const now = await svc.invoke('reading:start', { text: 'E text.', mode: 'queue' });
    expect(now).not.toHaveProperty('queued');
    expect(rec.of('reading:started').at(-1)!.text).toBe('E text.');

    // Play one from the queue now: it leaves the queue and replaces what plays.
    await svc.invoke('queue:play', { id: c });
    expect(rec.of('reading:started').at(-1)!.text).toBe('C text.');
    expect(await titles()).toEqual(['D text.', 'A text.']);
    await expect(svc.invoke('queue:play', { id: c })).rejects.toThrow(ServiceError);
    await svc.invoke('queue:clear', {});
    expect(await titles()).toEqual([]);
    void a;
    await svc.close();
  });

  it('relays a remote control to the player and the player state to remote controls', async () => {
    const { svc, rec } = service();
    expect(await svc.invoke('player:current', {})).toBeNull();
    // Nothing is shown yet: a step has nothing to step through.
    await svc.invoke('player:control', { command: 'next-sentence' });
    expect(rec.of('player:command')).toEqual([]);
    const state = { readingId: 'r1', phase: 'paused', title: 'Some text', message: 'Paused.' };
    await svc.invoke('player:report', state);
    expect(rec.of('player:state')).toEqual([state]);
    expect(await svc.invoke('player:current', {})).toEqual(state);
    await svc.invoke('player:control', { command: { seekToWord: 4 } });
    expect(rec.of('player:command')).toEqual([{ command: { seekToWord: 4 } }]);
    await expect(svc.invoke('player:control', { command: 'explode' })).rejects.toThrow(ServiceError);
    // A reader that reloads reports no reading: a queued start then plays at once.
    const playing = idOf(await svc.invoke('reading:start', { text: TEXT }));
    expect(await svc.invoke('reading:start', { text: 'Queued.', mode: 'queue' })).toMatchObject({ queued: true });
    await svc.invoke('player:report', { readingId: playing, phase: 'stopped', title: '', message: 'Stopped.' });
    expect(await svc.invoke('reading:start', { text: 'Now.', mode: 'queue' })).not.toHaveProperty('queued');
    await svc.close();
  });
});
