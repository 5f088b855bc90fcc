import { afterEach, describe, expect, it } from 'vitest';
import { openLibrary, type LibraryStore } from '../history/library-store';
import { createScriptedSynthesizer } from '../../test/fakes/scripted-synthesizer';
import { routedReadings } from '../../test/support/routed-readings';
import { type EndReason } from './reading-service';
import { recordReadings } from './record-readings';

let store: LibraryStore | null = null;
afterEach(() => store?.close());

async function readAndRecord(text: string, opts: { failOn?: number; stopAfterFirstChunk?: boolean } = {}) {
  store = openLibrary({ path: ':memory:' });
  const recorder = recordReadings(store);
  const synth = createScriptedSynthesizer({
    provider: 'builtin',
    voices: ['en-us'],
    sampleRate: 24000,
    ...(opts.failOn === undefined ? {} : { failOn: { request: opts.failOn, kind: 'server' as const } }),
  });
  let ended: (r: EndReason) => void = () => {};
  const end = new Promise<EndReason>((r) => (ended = r));
  let chunks = 0;
  const svc = routedReadings({
    synthesizers: [synth],
    defaultVoice: 'builtin/en-us',
    observe: (r) => recorder.observe(r),
    emit: (channel, payload) => {
      if (channel === 'reading:chunk' && ++chunks === 1 && opts.stopAfterFirstChunk) void svc.invoke('reading:stop', { readingId: (payload as { readingId: string }).readingId });
      if (channel === 'reading:ended') ended((payload as { reason: EndReason }).reason);
    },
  });
  const { readingId } = (await svc.invoke('reading:start', { text })) as { readingId: string };
  const reason = await end;
  await recorder.idle();
  await svc.close();
  return { readingId, reason, chunks, detail: store.get(readingId) };
}

describe('recording readings into the library', () => {
  it('saves a finished reading as complete, with every chunk and its text', async () => {
    const text = 'One sentence here. Another one there. And a third.';
    const { reason, chunks, detail } = await readAndRecord(text);
    expect(reason).toBe('finished');
    expect(detail).toMatchObject({ status: 'complete', provider: 'builtin', voice: 'en-us', synthRate: 1, chunkCount: chunks });
    expect(detail!.durationMs).toBeGreaterThan(0);
  });

  it('saves a stopped reading as stopped and a failed one as partial', async () => {
    const many = Array.from({ length: 20 }, (_, i) => `Sentence ${i} of many.`).join(' ');
    expect((await readAndRecord(many, { stopAfterFirstChunk: true })).detail).toMatchObject({ status: 'stopped' });
    store!.close();
    const failed = await readAndRecord(many, { failOn: 1 });
    expect(failed.reason).toBe('error');
    expect(failed.detail).toMatchObject({ status: 'partial' });
  });
});

describe('observers', () => {
  it('an observer that throws is dropped and the reading goes on', async () => {
    const errors: unknown[] = [];
    const ends: string[] = [];
    const synth = createScriptedSynthesizer({ provider: 'builtin', voices: ['en-us'] });
    let done: () => void = () => {};
    const finished = new Promise<void>((r) => (done = r));
    const svc = routedReadings({
      synthesizers: [synth],
      defaultVoice: 'builtin/en-us',
      observe: () => ({
        chunk: () => {
          throw new Error('disk full');
        },
        end: (reason) => ends.push(reason),
      }),
      onObserverError: (e) => errors.push(e),
      emit: (channel, payload) => {
        if (channel === 'reading:ended') {
          ends.push(`event:${(payload as { reason: string }).reason}`);
          done();
        }
      },
    });
    await svc.invoke('reading:start', { text: 'One. Two. Three.' });
    await finished;
    expect(errors.map((e) => (e as Error).message)).toEqual(['disk full']);
    expect(ends).toEqual(['event:finished']);
  });
});
