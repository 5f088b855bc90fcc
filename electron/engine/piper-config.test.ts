import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURE_VOICES, TINY_DUO_VOICE } from '../../test/support/tiny-piper';
import { parsePiperConfig, PiperConfigError } from './piper-config';

describe("a Piper voice's settings file", () => {
  it('gives the rate, phonemes, scales, speakers and language, with Piper\'s defaults', () => {
    const config = parsePiperConfig(readFileSync(join(FIXTURE_VOICES, `${TINY_DUO_VOICE}.onnx.json`), 'utf8'));
    expect(config).toMatchObject({ sampleRate: 16000, espeakVoice: 'en-us', noiseScale: 0.667, lengthScale: 1, noiseW: 0.8, hopLength: 256, language: 'en-US', quality: 'low', dataset: 'tinyduo' });
    expect([...config.speakers]).toEqual([['ada', 0], ['ben', 1]]);
    expect(config.phonemeIds.get('ə')).toEqual([59]);
    const minimal = parsePiperConfig(JSON.stringify({ audio: { sample_rate: 22050 }, espeak: { voice: 'de' }, phoneme_id_map: { _: [0], '^': [1], $: [2] } }));
    expect(minimal).toMatchObject({ noiseScale: 0.667, lengthScale: 1, noiseW: 0.8, hopLength: 256, language: undefined });
    expect(minimal.speakers.size).toBe(0);
  });

  it('says in words what is wrong with one that is not a usable Piper voice', () => {
    expect(() => parsePiperConfig('{')).toThrow(new PiperConfigError('its settings file (.onnx.json) is not valid JSON'));
    expect(() => parsePiperConfig('{"audio":{}}')).toThrow(/^its settings file \(\.onnx\.json\) is not a Piper voice's: audio\.sample_rate:/);
    expect(() => parsePiperConfig(JSON.stringify({ audio: { sample_rate: 22050 }, espeak: { voice: 'zh' }, phoneme_type: 'pinyin', phoneme_id_map: { _: [0], '^': [1], $: [2] } }))).toThrow(
      "it takes 'pinyin' phonemes; Aloud reads Piper voices that take eSpeak phonemes",
    );
  });
});
