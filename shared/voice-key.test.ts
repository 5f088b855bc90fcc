import { describe, expect, it } from 'vitest';
import { parseVoiceKey, voiceKey } from './voice-key';

describe('voice keys', () => {
  it('round-trip a provider and an id, even an id that contains a slash', () => {
    for (const v of [{ provider: 'builtin', id: 'en-us' }, { provider: 'openai', id: 'models/tts-1/alloy' }]) {
      expect(parseVoiceKey(voiceKey(v))).toEqual(v);
    }
  });

  it.each(['en-us', '/en-us', 'builtin/', '', '/'])('reject the malformed key %j', (key) => {
    expect(parseVoiceKey(key)).toBeNull();
  });
});
