// The speech the provider fakes serve in tests: the built-in voice (electron/engine) with its true
// word timings, one warm voice per test file.
import { createBuiltinVoice, DEFAULT_BUILTIN_VOICE, type BuiltinVoice } from '../../electron/engine/builtin-voice';
import { speechFromSynthesizer, type SpeechSource } from './spoken-audio';

let voice: BuiltinVoice | undefined;

export async function providerTestSpeech(): Promise<SpeechSource> {
  voice ??= createBuiltinVoice();
  return speechFromSynthesizer(voice, DEFAULT_BUILTIN_VOICE);
}

export async function closeProviderTestSpeech(): Promise<void> {
  await voice?.close();
  voice = undefined;
}
