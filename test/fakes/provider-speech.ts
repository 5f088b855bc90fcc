// The speech the provider fakes serve in tests: the built-in voice (electron/engine) with its true
// word timings. Until that voice is in the tree, espeak-ng's command line speaks the text one word
// at a time and the words are joined, which is real speech whose word timings are exact by
// construction.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { WordTiming } from '../../shared/chunk';
import type { Synthesizer } from '../../electron/speech/synthesizer';
import { decodePcm, stripWavHeader } from '../../electron/providers/pcm';
import { speechFromSynthesizer, type SpeechSource, type SpokenAudio } from './spoken-audio';

const builtinPath = fileURLToPath(new URL('../../electron/engine/builtin-voice.ts', import.meta.url));

interface BuiltinModule {
  createBuiltinVoice(): Synthesizer & { close(): Promise<void> | void };
  DEFAULT_BUILTIN_VOICE: string;
}

let closeVoice: (() => Promise<void> | void) | undefined;

export async function providerTestSpeech(): Promise<SpeechSource> {
  if (existsSync(builtinPath)) {
    const mod = (await import(/* @vite-ignore */ builtinPath)) as BuiltinModule;
    const voice = mod.createBuiltinVoice();
    closeVoice = () => voice.close();
    return speechFromSynthesizer(voice, mod.DEFAULT_BUILTIN_VOICE);
  }
  return espeakWordByWord();
}

export async function closeProviderTestSpeech(): Promise<void> {
  await closeVoice?.();
  closeVoice = undefined;
}

function espeakWordByWord(): SpeechSource {
  const cache = new Map<string, SpokenAudio>();
  return async (text) => {
    const hit = cache.get(text);
    if (hit) return hit;
    const pieces: Float32Array[] = [];
    const words: WordTiming[] = [];
    let at = 0;
    const sampleRate = 22050;
    for (const m of text.matchAll(/\S+/gu)) {
      const { data } = stripWavHeader(new Uint8Array(execFileSync('espeak-ng', ['-v', 'en-us', '--stdout', m[0]])));
      const samples = decodePcm(data, 's16le');
      pieces.push(samples);
      words.push({ text: m[0], charStart: m.index, charEnd: m.index + m[0].length, startMs: (at / sampleRate) * 1000, endMs: ((at + samples.length) / sampleRate) * 1000 });
      at += samples.length;
    }
    const samples = new Float32Array(at);
    let o = 0;
    for (const p of pieces) {
      samples.set(p, o);
      o += p.length;
    }
    const spoken = { samples, sampleRate, words };
    cache.set(text, spoken);
    return spoken;
  };
}
