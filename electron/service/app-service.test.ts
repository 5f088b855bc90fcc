// The router in front of the reading service: channels reach the right service, validated; the
// settings' voice and rate fill a bare reading:start; a provider change takes effect for the next
// reading while a reading under way finishes on the old service, and still only one plays at a time.
import type { Chunk } from '../../shared/chunk';
import { createScriptedSynthesizer } from '../../test/fakes/scripted-synthesizer';
import type { Synthesizer } from '../speech/synthesizer';
import { createAloudService } from './aloud-service';
import { createAppService, type AppService } from './app-service';

const LONG = Array.from({ length: 30 }, (_, i) => `Sentence number ${i + 1} keeps this reading going.`).join(' ');

function setup(defaults: { voice?: string; rate?: number } = {}) {
  const builtin = createScriptedSynthesizer({ provider: 'builtin', voices: ['en-us'], maxChars: 60 });
  const cloud: Synthesizer[] = [];
  const events: { channel: string; payload: { readingId?: string } & Record<string, unknown> }[] = [];
  let built = 0;
  const app: AppService = createAppService({
    baseSynthesizers: [builtin],
    providerSynthesizers: () => cloud,
    createCore: (synthesizers) => {
      built++;
      return createAloudService({ synthesizers, defaultVoice: 'builtin/en-us', lookahead: 1, emit: (channel, payload) => void events.push({ channel, payload: payload as never }) });
    },
    readingDefaults: () => defaults,
  });
  return { app, builtin, cloud, events, built: () => built };
}

const ended = (events: { channel: string; payload: { readingId?: string } }[], id: string) =>
  events.find((e) => e.channel === 'reading:ended' && e.payload.readingId === id)?.payload as { reason: string } | undefined;

async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 2000 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(cond()).toBe(true);
}

describe('the app service router', () => {
  it('fills in the chosen voice and rate when reading:start names none, and keeps them when it does', async () => {
    const { app, cloud, events } = setup({ voice: 'cloud/nova', rate: 1.5 });
    cloud.push(createScriptedSynthesizer({ provider: 'cloud', voices: ['nova'] }));
    app.providersChanged();
    const a = (await app.invoke('reading:start', { text: 'Hello there.' })) as { readingId: string };
    expect(events.find((e) => e.channel === 'reading:started' && e.payload.readingId === a.readingId)!.payload).toMatchObject({ voice: 'cloud/nova', rate: 1.5 });
    const b = (await app.invoke('reading:start', { text: 'Hello there.', voice: 'builtin/en-us', rate: 1 })) as { readingId: string };
    expect(events.find((e) => e.channel === 'reading:started' && e.payload.readingId === b.readingId)!.payload).toMatchObject({ voice: 'builtin/en-us', rate: 1 });
    await app.close();
  });

  it('finishes a reading under way on the old service after a provider change, and stops it when the next one starts', async () => {
    const { app, cloud, events, built } = setup();
    const first = (await app.invoke('reading:start', { text: LONG })) as { readingId: string };
    cloud.push(createScriptedSynthesizer({ provider: 'cloud', voices: ['nova'] }));
    app.providersChanged();
    expect(built()).toBe(2);
    // The old reading is still the current one and still answers pause, resume and progress.
    expect(app.current()?.readingId).toBe(first.readingId);
    await app.invoke('reading:pause', { readingId: first.readingId });
    expect(app.current()).toMatchObject({ readingId: first.readingId, paused: true });
    await app.invoke('reading:resume', { readingId: first.readingId });
    expect(ended(events, first.readingId)).toBeUndefined();
    // The new provider's voices are there for the next reading, which stops the old one first.
    const second = (await app.invoke('reading:start', { text: 'Now in the cloud.', voice: 'cloud/nova' })) as { readingId: string };
    expect(ended(events, first.readingId)?.reason).toBe('stopped');
    const chunksOfSecond = () => events.filter((e) => e.channel === 'reading:chunk' && (e.payload as unknown as Chunk).readingId === second.readingId);
    await until(() => chunksOfSecond().length > 0);
    await until(() => ended(events, second.readingId) !== undefined);
    expect(ended(events, second.readingId)?.reason).toBe('finished');
    await app.close();
  });

  it('refuses unknown channels, and library or settings channels when those services are absent, in one sentence', async () => {
    const { app } = setup();
    await expect(app.invoke('library:explode', {})).rejects.toThrow("Unknown channel 'library:explode'.");
    await expect(app.invoke('library:list', {})).rejects.toThrow("The library is not available (it could not be opened), so 'library:list' cannot be served.");
    await expect(app.invoke('settings:get', {})).rejects.toThrow(/The settings are not available/);
    await app.close();
    await expect(app.invoke('reading:start', { text: 'x' })).rejects.toThrow('The service is closed.');
  });
});
