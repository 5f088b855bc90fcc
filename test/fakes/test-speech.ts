// The speech the fake providers send in tests: the built-in voice (eSpeak NG), so the audio is real
// speech and its word timings are the engine's own. Close it after the tests.
import { DEFAULT_BUILTIN_VOICE, createBuiltinVoice } from '../../electron/engine/builtin-voice';
import { speechFromSynthesizer, type SpeechSource } from './spoken-audio';

/** `ready` settles once the engine has started: await it in beforeAll, since a cold start on a loaded
 * machine can outlast a client's stall timeout inside a test. */
export type TestSpeech = SpeechSource & { ready: Promise<void>; close(): Promise<void> };

export function testSpeech(): TestSpeech {
  const voice = createBuiltinVoice();
  const speak = speechFromSynthesizer(voice, DEFAULT_BUILTIN_VOICE);
  return Object.assign((text: string) => speak(text), { ready: voice.warmUp(), close: () => voice.close() });
}
