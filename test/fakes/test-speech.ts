// The speech the fake providers send in tests. For now Debian's espeak-ng command (real speech,
// installed in CI by apt); to be switched to the built-in voice (electron/engine) once it lands.
import { execFileSync } from 'node:child_process';
import { stripWavHeader, decodePcm } from '../../electron/providers/pcm';
import type { SpeechSource } from './spoken-audio';

export function testSpeech(): SpeechSource {
  const cache = new Map<string, ReturnType<SpeechSource>>();
  return (text) => {
    let hit = cache.get(text);
    if (!hit) {
      const wav = new Uint8Array(execFileSync('espeak-ng', ['--stdout', text], { maxBuffer: 1 << 28 }));
      const { format, data } = stripWavHeader(wav);
      hit = Promise.resolve({ samples: decodePcm(data, 's16le'), sampleRate: format?.sampleRate ?? 22050, words: [] });
      cache.set(text, hit);
    }
    return hit;
  };
}
