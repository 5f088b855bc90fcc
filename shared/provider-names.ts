// What a person reads for each voice provider, wherever the app names one.

const DISPLAY_NAMES: Record<string, string> = {
  builtin: 'The built-in voice',
  inworld: 'Inworld',
  together: 'Together AI',
  aitts: 'The AI TTS Microservice',
  sarvam: 'Sarvam',
  openai: 'The OpenAI-compatible server',
  elevenlabs: 'ElevenLabs',
  // The natural offline voices (electron/engine/piper-voices.ts, kokoro-voices.ts), known by the names their users know.
  piper: 'Piper',
  kokoro: 'Kokoro',
};

export function providerDisplayName(provider: string): string {
  return DISPLAY_NAMES[provider] ?? provider;
}
