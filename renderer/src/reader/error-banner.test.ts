import { describe, expect, it } from 'vitest';
import type { Voice } from '../../../shared/voice';
import { ERROR_KINDS } from '../../../shared/ipc-error';
import { bannerActions, builtinStandIn } from './ErrorBanner';

const voices: Voice[] = [
  { id: 'en-029', provider: 'builtin', name: 'English (Caribbean)', languages: ['en-029', 'en'] },
  { id: 'en-gb', provider: 'builtin', name: 'English (Great Britain)', languages: ['en-GB', 'en'] },
  { id: 'en-us', provider: 'builtin', name: 'English (America)', languages: ['en-US', 'en'] },
  { id: 'fr-fr', provider: 'builtin', name: 'French (France)', languages: ['fr-FR', 'fr'] },
  { id: 'Dennis', provider: 'inworld-2', name: 'Dennis', languages: ['en-US'] },
  { id: 'Amelie', provider: 'inworld-2', name: 'Amélie', languages: ['fr-CA'] },
  { id: 'Ada', provider: 'inworld-2', name: 'Ada', languages: ['en-GB'] },
  { id: 'Kai', provider: 'inworld-2', name: 'Kai', languages: ['haw'] },
];

describe('the built-in voice a failed reading can go on with', () => {
  it('speaks the failed voice’s language (its own region first), else English, else any built-in voice', () => {
    expect(builtinStandIn(voices, 'inworld-2/Ada')).toBe('builtin/en-gb');
    expect(builtinStandIn(voices, 'inworld-2/Dennis')).toBe('builtin/en-us');
    expect(builtinStandIn(voices, 'inworld-2/Amelie')).toBe('builtin/fr-fr');
    expect(builtinStandIn(voices, 'inworld-2/Kai')).toBe('builtin/en-us');
    expect(builtinStandIn(voices, 'gone/voice')).toBe('builtin/en-us');
    expect(builtinStandIn(voices.filter((v) => v.id === 'fr-fr' || v.provider !== 'builtin'), 'inworld-2/Dennis')).toBe('builtin/fr-fr');
    expect(builtinStandIn(voices.filter((v) => v.provider !== 'builtin'), 'inworld-2/Dennis')).toBeNull();
  });
});

// The banner's actions follow the failure's kind: what is most likely to help comes first, and what
// cannot help (Settings for a network fault) is not offered.
describe("the failed reading's actions", () => {
  it('lead with Settings for a refused key or a voice that is gone, and with Try again for a network fault', () => {
    expect(bannerActions('auth')[0]).toBe('settings');
    expect(bannerActions('not-found')[0]).toBe('settings');
    expect(bannerActions('network')).toEqual(['retry', 'builtin']);
    expect(bannerActions('quota')[0]).toBe('retry');
  });

  it('offer the built-in voice and at least one other way on for every kind', () => {
    for (const kind of ERROR_KINDS) {
      const actions = bannerActions(kind);
      expect(actions, kind).toContain('builtin');
      expect(actions.length, kind).toBeGreaterThanOrEqual(2);
      expect(new Set(actions).size, kind).toBe(actions.length);
    }
  });
});
