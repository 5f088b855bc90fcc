// The speech the fake providers send in tests: the built-in voice (eSpeak NG), so the audio is real
// speech and its word timings are the engine's own. Close it after the tests.
import { DEFAULT_BUILTIN_VOICE, createBuiltinVoice } from '../../electron/engine/builtin-voice';
import { speechFromSynthesizer, type SpeechSource } from './spoken-audio';

export type TestSpeech = SpeechSource & { close(): Promise<void> };

export function testSpeech(): TestSpeech {
  const voice = createBuiltinVoice();
  const speak = speechFromSynthesizer(voice, DEFAULT_BUILTIN_VOICE);
  return Object.assign((text: string) => speak(text), { close: () => voice.close() });
}
