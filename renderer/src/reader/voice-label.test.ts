import { voiceNames } from '../app/voice-names';
import type { SpokenVoice } from './use-spoken-voice';
import { voiceLabel } from './voice-label';

const names = voiceNames(
  [
    { id: 'af_heart', provider: 'kokoro', name: 'Heart', languages: ['en-US'] },
    { id: 'alloy', provider: 'openai-compatible', name: 'alloy', languages: ['en'] },
    { id: 'en-us', provider: 'builtin', name: 'English (America)', languages: ['en-us'] },
  ],
  [{ id: 'openai-compatible', name: 'Home server', kind: 'openai-compatible' }],
);
const language = (code: string) => ({ en: 'English', fr: 'French' })[code] ?? code;
const reading = (o: Partial<SpokenVoice>): SpokenVoice => ({ readingId: 'r1', text: 'Hello.', voice: 'kokoro/af_heart', language: 'en', byLanguage: false, standingInFor: null, ...o });

describe('the Voice button names the voice heard', () => {
  it('names the voice chosen by language, and says so', () => {
    expect(voiceLabel(names, 'openai-compatible/alloy', reading({ byLanguage: true }), language)).toBe(`${names.provider('kokoro')} · Heart — English, chosen by language`);
  });

  it('names the voice that took over from a failing one', () => {
    expect(voiceLabel(names, 'openai-compatible/alloy', reading({ voice: 'builtin/en-us', standingInFor: 'openai-compatible/alloy' }), language)).toBe('Built-in voice · English (America) — standing in for Home server · alloy');
  });

  it('names the chosen voice when it is the one reading, or when nothing reads', () => {
    expect(voiceLabel(names, 'openai-compatible/alloy', reading({ voice: 'openai-compatible/alloy' }), language)).toBe('Home server · alloy');
    expect(voiceLabel(names, 'openai-compatible/alloy', reading({ readingId: '', byLanguage: true }), language)).toBe('Home server · alloy');
    expect(voiceLabel(names, 'openai-compatible/alloy', null, language)).toBe('Home server · alloy');
    expect(voiceLabel(names, null, null, language)).toBe('Voice');
  });

  it('names another voice reading without a reason to give (a replay, a voice the request named) as itself', () => {
    expect(voiceLabel(names, 'openai-compatible/alloy', reading({}), language)).toBe(`${names.provider('kokoro')} · Heart`);
  });
});
