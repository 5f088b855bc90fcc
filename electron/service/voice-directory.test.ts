import { describe, expect, it } from 'vitest';
import type { Voice } from '../../shared/voice';
import type { Synthesizer } from '../speech/synthesizer';
import { createScriptedSynthesizer } from '../../test/fakes/scripted-synthesizer';
import { createVoiceDirectory } from './voice-directory';
import { ServiceError } from './service-error';

/** A synthesizer whose listing a test switches off and counts. */
function counted(provider: string, voices: string[]): Synthesizer & { listings: number; offline: boolean } {
  const inner = createScriptedSynthesizer({ provider, voices });
  const s = {
    ...inner,
    listings: 0,
    offline: false,
    listVoices(): Promise<Voice[]> {
      s.listings++;
      return s.offline ? Promise.reject(new Error('offline')) : inner.listVoices();
    },
  };
  return s;
}

describe('the voice directory', () => {
  it('lists each provider once for every caller: the voice list and each resolution', async () => {
    const builtin = counted('builtin', ['en-us', 'fr-fr']);
    const cloud = counted('inworld', ['Dennis']);
    const directory = createVoiceDirectory([builtin, cloud]);
    expect((await directory.voices()).map((v) => `${v.provider}/${v.id}`)).toEqual(['builtin/en-us', 'builtin/fr-fr', 'inworld/Dennis']);
    const resolved = await directory.resolveVoice('builtin/fr-fr');
    expect(resolved).toMatchObject({ synthesizer: builtin, id: 'fr-fr', voice: { id: 'fr-fr', provider: 'builtin' } });
    await directory.resolveVoice('inworld/Dennis');
    await directory.voices();
    expect([builtin.listings, cloud.listings]).toEqual([1, 1]);
  });

  it('forgets a failed listing, so the next call asks again; meanwhile a voice resolves unlisted (synthesis decides)', async () => {
    const cloud = counted('inworld', ['Dennis']);
    cloud.offline = true;
    const directory = createVoiceDirectory([cloud]);
    expect(await directory.voices()).toEqual([]);
    expect(await directory.resolveVoice('inworld/Anyone')).toEqual({ synthesizer: cloud, id: 'Anyone' });
    cloud.offline = false;
    expect((await directory.voices()).map((v) => v.id)).toEqual(['Dennis']);
    await expect(directory.resolveVoice('inworld/Anyone')).rejects.toThrow("Provider 'inworld' has no voice 'Anyone'.");
    expect(cloud.listings).toBe(3);
  });

  it('refuses, in one sentence, a key of the wrong form, a provider not there and a voice its provider does not list', async () => {
    const directory = createVoiceDirectory([counted('builtin', ['en-us'])]);
    await expect(directory.resolveVoice('en-us')).rejects.toThrow(new ServiceError("Voice 'en-us' is not of the form provider/id (e.g. builtin/en-us)."));
    await expect(directory.resolveVoice('nobody/en-us')).rejects.toThrow("No voice provider named 'nobody' (available: builtin).");
    await expect(directory.resolveVoice('builtin/zz')).rejects.toThrow("Provider 'builtin' has no voice 'zz'.");
    await expect(createVoiceDirectory([]).resolveVoice('builtin/en-us')).rejects.toThrow('(available: none)');
  });

  it('takes new synthesizers with fresh lists, and refuses two for one provider', async () => {
    const before = counted('builtin', ['en-us']);
    const directory = createVoiceDirectory([before]);
    await directory.voices();
    const after = counted('builtin', ['en-gb']);
    directory.setSynthesizers([after, counted('piper', ['tiny'])]);
    expect((await directory.voices()).map((v) => `${v.provider}/${v.id}`)).toEqual(['builtin/en-gb', 'piper/tiny']);
    expect((await directory.resolveVoice('builtin/en-gb')).synthesizer).toBe(after);
    expect(() => directory.setSynthesizers([after, after])).toThrow("Two synthesizers claim provider 'builtin'.");
    expect(() => createVoiceDirectory([before, before])).toThrow(/provider 'builtin'/);
  });
});
