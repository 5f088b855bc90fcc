import { describe, expect, it } from 'vitest';
import type { VoiceGroup } from '../app/voice-choices';
import { failingFor, pickerList, type PickerListOptions } from './voice-picker-list';

const NAMES: Record<string, string> = { en: 'English', fr: 'French', de: 'German', af: 'Afrikaans' };
const groups: VoiceGroup[] = [
  {
    provider: 'builtin',
    label: 'Built-in voice',
    kind: 'builtin',
    problem: null,
    voices: [
      { id: 'af', provider: 'builtin', name: 'Afrikaans', languages: ['af'] },
      { id: 'en-us', provider: 'builtin', name: 'English (America)', languages: ['en-us'] },
      { id: 'fr-fr', provider: 'builtin', name: 'Français (France)', languages: ['fr-fr'] },
    ],
  },
  { provider: 'piper', label: 'Piper', kind: 'natural', problem: null, voices: [{ id: 'en_US-lessac-medium', provider: 'piper', name: 'Lessac (medium)', languages: ['en_US'] }] },
  { provider: 'openai', label: 'My server', kind: 'cloud', problem: null, voices: [{ id: 'alloy', provider: 'openai', name: 'alloy', languages: [] }] },
  { provider: 'inworld', label: 'Work Inworld', kind: 'cloud', problem: 'Work Inworld refused the API key.', voices: [] },
];
const options = (o: Partial<PickerListOptions> = {}): PickerListOptions => ({ query: '', favourites: new Set(), firstLanguages: [], languageName: (t) => NAMES[t] ?? t, ...o });
const shape = (o: Partial<PickerListOptions>) => pickerList(groups, options(o)).sections.map((s) => [s.title, s.voices.map((v) => v.key)]);

describe('the voice picker’s list', () => {
  it('puts the listener’s languages first, natural before cloud before built-in, and voices of no stated language last', () => {
    expect(shape({ firstLanguages: ['fr-CA', 'en-GB'] })).toEqual([
      ['French', ['builtin/fr-fr']],
      ['English', ['piper/en_US-lessac-medium', 'builtin/en-us']],
      ['Afrikaans', ['builtin/af']],
      ['Other voices', ['openai/alloy']],
    ]);
  });

  it('puts the language the text is written in first, and says so', () => {
    expect(shape({ firstLanguages: ['fr', 'en-GB'], textLanguage: 'fr' }).map(([title]) => title)).toEqual(['French · the language of this text', 'English', 'Afrikaans', 'Other voices']);
  });

  it('shows favourites first, once, in their own section', () => {
    expect(shape({ favourites: new Set(['builtin/af', 'openai/alloy']) })).toEqual([
      ['Favourites', ['openai/alloy', 'builtin/af']],
      ['English', ['piper/en_US-lessac-medium', 'builtin/en-us']],
      ['French', ['builtin/fr-fr']],
    ]);
  });

  it('finds by name, provider, language or kind, blind to case and accents, every word counting', () => {
    expect(shape({ query: 'francais' })).toEqual([['French', ['builtin/fr-fr']]]);
    expect(shape({ query: 'NATURAL english' })).toEqual([['English', ['piper/en_US-lessac-medium']]]);
    expect(shape({ query: 'my server' })).toEqual([['Other voices', ['openai/alloy']]]);
    expect(shape({ query: 'zzyzx' })).toEqual([]);
  });

  it('names each voice’s provider and how it sounds, never an id', () => {
    const english = pickerList(groups, options()).sections.find((s) => s.id === 'en')!;
    expect(english.voices.map((v) => `${v.name} · ${v.provider} · ${v.quality}`)).toEqual([
      'Lessac (medium) · Piper · Natural, offline',
      'English (America) · Built-in voice · Robotic, offline',
    ]);
  });

  it('lists a provider that offers no voices with its reason', () => {
    expect(pickerList(groups, options()).failing).toEqual([{ provider: 'inworld', name: 'Work Inworld', problem: 'Work Inworld refused the API key.' }]);
  });

  it('keeps a failing provider’s line while searching only when the search finds its name', () => {
    const { failing } = pickerList(groups, options());
    expect(failingFor(failing, '').map((f) => f.name)).toEqual(['Work Inworld']);
    expect(failingFor(failing, 'inworld').map((f) => f.name)).toEqual(['Work Inworld']);
    expect(failingFor(failing, 'french')).toEqual([]);
  });
});
