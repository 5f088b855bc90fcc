import { voiceNames } from './voice-names';

const voices = [
  { id: 'en-us', provider: 'builtin', name: 'English (America)', languages: ['en-US'] },
  { id: 'Dennis', provider: 'inworld-2', name: 'Dennis', languages: ['en-US'] },
];
const providers = [{ id: 'inworld-2', name: 'Work Inworld', kind: 'inworld' }];

describe('voice and provider names', () => {
  it('names a voice by its provider’s own name and the voice’s name, never an id', () => {
    const names = voiceNames(voices, providers);
    expect(names.voice('builtin/en-us')).toBe('Built-in voice · English (America)');
    expect(names.voice('inworld-2/Dennis')).toBe('Work Inworld · Dennis');
    expect(names.voice('inworld-2', 'Dennis')).toBe('Work Inworld · Dennis');
    expect(names.provider('inworld-2')).toBe('Work Inworld');
  });

  it('before the lists arrive, or for a removed provider, uses the kind’s display name', () => {
    const names = voiceNames([], []);
    expect(names.voice('inworld-2/Dennis')).toBe('Inworld · Dennis');
    expect(names.provider('openai')).toBe('OpenAI-compatible server');
    expect(names.provider('builtin')).toBe('Built-in voice');
    expect(names.provider('custom-thing')).toBe('A removed provider');
    expect(names.voice('builtin/en-us')).toBe('Built-in voice · en-us');
  });
});
