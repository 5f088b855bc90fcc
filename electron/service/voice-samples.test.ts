import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AudioPayload } from '../../shared/chunk';
import type { Voice } from '../../shared/voice';
import { createScriptedSynthesizer, type ScriptedSynthesizer } from '../../test/fakes/scripted-synthesizer';
import { openLibrary, type LibraryStore } from '../history/library-store';
import { VoiceSampleStore } from '../history/voice-sample-store';
import { SynthesisError } from '../speech/synthesis-error';
import type { SynthesisPart, SynthesisRequest, Synthesizer } from '../speech/synthesizer';
import { createIpcRouter } from './ipc-router';
import { createReadingService } from './reading-service';
import { sampleSentence } from './sample-sentences';
import { createVoiceSamples, joinAudio } from './voice-samples';

const dirs: string[] = [];
const stores: LibraryStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function library(path = ':memory:'): LibraryStore {
  const store = openLibrary({ path });
  stores.push(store);
  return store;
}

/** The router as the renderer reaches it, over a reading service of these voices and this library. */
function samplesOver(synthesizers: Synthesizer[], store: LibraryStore | null, timeoutMs?: number) {
  const readings = createReadingService({ synthesizers, defaultVoice: `${synthesizers[0]!.provider}/alpha`, emit: () => {} });
  const voiceSamples = createVoiceSamples({ resolveVoice: readings.resolveVoice, store: store ? new VoiceSampleStore(store.db) : null, ...(timeoutMs ? { timeoutMs } : {}) });
  const router = createIpcRouter({ readings, library: null, settings: null, voiceSamples });
  return (voice: string) => router.invoke('voices:sample', { voice }) as Promise<{ text: string; audio: AudioPayload; saved: boolean }>;
}

/** A cloud voice speaking encoded audio in two parts, in French, counting its requests. */
function frenchEncodedVoice(): Synthesizer & { requests: SynthesisRequest[] } {
  const requests: SynthesisRequest[] = [];
  return {
    provider: 'cloud',
    maxChars: 500,
    requests,
    async listVoices(): Promise<Voice[]> {
      return [{ id: 'Amélie', provider: 'cloud', name: 'Amélie', languages: ['fr-FR'] }];
    },
    async *synthesize(request): AsyncIterable<SynthesisPart> {
      requests.push(request);
      yield { audio: { kind: 'encoded', mime: 'audio/mpeg', bytes: new Uint8Array([1, 2, 3]) }, words: [], durationMs: 10 };
      yield { audio: { kind: 'encoded', mime: 'audio/mpeg', bytes: new Uint8Array([4, 5]) }, words: [], durationMs: 10 };
    },
  };
}

describe('voice samples for the voice picker', () => {
  it('makes a sample once: the second time it comes from the library, with the same audio', async () => {
    const synth = createScriptedSynthesizer({ provider: 'builtin', voices: ['alpha'], sampleRate: 22050 });
    const sample = samplesOver([synth], library());
    const first = await sample('builtin/alpha');
    const again = await sample('builtin/alpha');
    expect(synth.requests.map((r) => r.text)).toEqual([sampleSentence('en')]);
    expect([first.saved, again.saved]).toEqual([false, true]);
    expect(first.text).toBe(sampleSentence('en'));
    const [made, kept] = [first.audio, again.audio];
    if (made.kind !== 'pcm' || kept.kind !== 'pcm') throw new Error('expected PCM');
    expect(kept.sampleRate).toBe(22050);
    expect(kept.samples.length).toBe(made.samples.length);
    // Kept as 16-bit samples: within one step of 16-bit quantization.
    const worst = made.samples.reduce((m, s, i) => Math.max(m, Math.abs(s - kept.samples[i]!)), 0);
    expect(worst).toBeLessThanOrEqual(1 / 32767);
  });

  it('keeps a cloud sample across restarts, so it plays with the provider unreachable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aloud-samples-'));
    dirs.push(dir);
    const path = join(dir, 'library.sqlite');
    const online = frenchEncodedVoice();
    const first = await samplesOver([online], library(path))('cloud/Amélie');
    stores.pop()!.close();

    const offline: Synthesizer = {
      ...frenchEncodedVoice(),
      // eslint-disable-next-line require-yield
      async *synthesize(): AsyncIterable<SynthesisPart> {
        throw new SynthesisError('cloud', 'network', 'connection refused');
      },
    };
    const again = await samplesOver([offline], library(path))('cloud/Amélie');
    expect(online.requests).toHaveLength(1);
    expect(again).toEqual({ ...first, saved: true });
  });

  it('says the sentence in the voice’s language, and joins an encoded stream’s parts in order', async () => {
    const voice = frenchEncodedVoice();
    const got = await samplesOver([voice], library())('cloud/Amélie');
    expect(got.text).toBe(sampleSentence('fr-FR'));
    expect(got.text).toMatch(/^Bonjour/);
    expect(got.audio).toEqual({ kind: 'encoded', mime: 'audio/mpeg', bytes: new Uint8Array([1, 2, 3, 4, 5]) });
  });

  it('asks once when the button is pressed twice before the sample arrives', async () => {
    const voice = frenchEncodedVoice();
    const sample = samplesOver([voice], null);
    const [a, b] = await Promise.all([sample('cloud/Amélie'), sample('cloud/Amélie')]);
    expect(voice.requests).toHaveLength(1);
    expect(a).toBe(b);
  });

  it('tells a failing provider in one sentence, and keeps nothing', async () => {
    const synth: ScriptedSynthesizer = createScriptedSynthesizer({ provider: 'inworld', voices: ['alpha'], failOn: { request: 0, kind: 'auth', detail: '401' } });
    const store = library();
    const sample = samplesOver([synth], store);
    await expect(sample('inworld/alpha')).rejects.toThrow('Inworld refused the API key.');
    expect(store.db.prepare('SELECT count(*) AS n FROM voice_samples').get()).toEqual({ n: 0 });
    // The next press asks again (a fixed key works).
    await expect(sample('inworld/alpha')).resolves.toMatchObject({ saved: false });
  });

  it('gives up on a voice that does not answer, in words', async () => {
    const silent: Synthesizer = {
      ...frenchEncodedVoice(),
      // eslint-disable-next-line require-yield
      async *synthesize(request): AsyncIterable<SynthesisPart> {
        await new Promise((_, reject) => request.signal.addEventListener('abort', () => reject(request.signal.reason), { once: true }));
      },
    };
    await expect(samplesOver([silent], null, 50)('cloud/Amélie')).rejects.toThrow('The voice took more than a second to answer; try again later.');
  });

  it('refuses a voice no provider has, in one sentence', async () => {
    const sample = samplesOver([createScriptedSynthesizer({ provider: 'builtin', voices: ['alpha'] })], null);
    await expect(sample('builtin/zeta')).rejects.toThrow("Provider 'builtin' has no voice 'zeta'.");
  });

  it('refuses audio whose format changes within the sentence', () => {
    const pcm = (sampleRate: number): AudioPayload => ({ kind: 'pcm', sampleRate, channels: 1, samples: new Float32Array(4) });
    expect(() => joinAudio([pcm(22050), pcm(24000)])).toThrow('The voice changed its audio format within one sentence.');
    expect(() => joinAudio([])).toThrow('The voice sent no audio for its sample.');
    const joined = joinAudio([pcm(24000), pcm(24000)]);
    expect(joined.kind === 'pcm' && joined.samples.length).toBe(8);
  });
});
