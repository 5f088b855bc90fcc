import { describe, expect, it } from 'vitest';
import type { CatalogueNaturalVoice } from '../../../shared/natural-voices-ipc';
import { installedVoiceKey, suggestedVoice } from './suggested-voice';

const voice = (key: string, family: 'piper' | 'kokoro', language: string, quality: string, installed = false): CatalogueNaturalVoice => ({
  key, family, name: key, language, languageName: language, quality, speakers: 1, sizeBytes: 1, hasSample: family === 'piper', installed,
});
const catalogue = [
  voice('en_US-lessac-low', 'piper', 'en-US', 'low'),
  voice('en_US-lessac-medium', 'piper', 'en-US', 'medium'),
  voice('de_DE-thorsten-medium', 'piper', 'de-DE', 'medium'),
  voice('kokoro-82m-fp32', 'kokoro', 'en-US', 'fp32'),
  voice('kokoro-82m-q8', 'kokoro', 'en-US', 'q8'),
];

describe('the natural voice suggested', () => {
  it("is Kokoro's q8 for English, a medium Piper voice for another language, nothing for a language without one", () => {
    expect(suggestedVoice(catalogue, 'en-GB')?.key).toBe('kokoro-82m-q8');
    expect(suggestedVoice(catalogue, 'de')?.key).toBe('de_DE-thorsten-medium');
    expect(suggestedVoice(catalogue, 'is-IS')).toBeNull();
  });

  it('is never one installed already: English falls back to its medium Piper voice once Kokoro is there', () => {
    const withKokoro = catalogue.map((v) => (v.key === 'kokoro-82m-q8' ? { ...v, installed: true } : v));
    expect(suggestedVoice(withKokoro, 'en-US')?.key).toBe('en_US-lessac-medium');
  });

  it("reads with Kokoro's Heart, or a Piper voice's first speaker", () => {
    const installed = { key: 'kokoro-82m-q8', family: 'kokoro' as const, name: 'Kokoro · compact', language: 'en-US', languages: ['en-US'], speakers: ['af_bella', 'af_heart'], sizeBytes: 1 };
    expect(installedVoiceKey(installed)).toBe('kokoro/af_heart');
    expect(installedVoiceKey({ ...installed, speakers: ['bf_emma'] })).toBe('kokoro/bf_emma');
    expect(installedVoiceKey({ ...installed, key: 'en_US-libritts-high', family: 'piper', speakers: ['p123', 'p456'] })).toBe('piper/en_US-libritts-high#p123');
    expect(installedVoiceKey({ ...installed, key: 'en_US-lessac-medium', family: 'piper', speakers: [] })).toBe('piper/en_US-lessac-medium');
  });
});
