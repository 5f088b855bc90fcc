// Tells the user that a reading's cloud voice failed part way and the built-in voice reads the rest:
// one polite live-region sentence, and a small badge beside the voice line until the next reading.
// It listens to main's 'reading:fallback' itself so the reader needs only to place it.
import { useEffect, useState } from 'react';
import type { AloudApi, EventPayload } from '../../../shared/ipc';
import './fallback-notice.css';

type Fallback = EventPayload<'reading:fallback'>;

const PROVIDER_NAMES: Record<string, string> = {
  builtin: 'the built-in voice',
  inworld: 'Inworld',
  together: 'Together AI',
  aitts: 'the AI TTS Microservice',
  sarvam: 'Sarvam',
  openai: 'the OpenAI-compatible server',
  elevenlabs: 'ElevenLabs',
};

/** 'inworld/Dennis' -> 'Inworld'. */
export function providerName(voiceKey: string): string {
  const provider = voiceKey.split('/')[0] ?? voiceKey;
  return PROVIDER_NAMES[provider] ?? provider;
}

/** The sentence announced: main's one-sentence failure (it names the provider), then who continues. */
export function fallbackSentence(e: Fallback): string {
  const failure = e.message.trim() || `${providerName(e.from)} failed.`;
  const continues = e.to.startsWith('builtin/') ? 'The built-in voice reads the rest.' : `${providerName(e.to)} reads the rest.`;
  return `${/[.!?]$/u.test(failure) ? failure : `${failure}.`} ${continues}`;
}

export function FallbackNotice({ api }: { api: AloudApi }) {
  const [shown, setShown] = useState<Fallback | null>(null);
  useEffect(() => {
    const offFallback = api.on('reading:fallback', setShown);
    // The badge belongs to the reading that fell back; the next reading starts clean.
    const offStarted = api.on('reading:started', (e) => setShown((s) => (s && s.readingId !== e.readingId ? null : s)));
    return () => {
      offFallback();
      offStarted();
    };
  }, [api]);
  return (
    <div className="fallback-notice">
      {/* A live region without role="status": the reader's status line keeps that role to itself. */}
      <p className="fallback-message" aria-live="polite" aria-atomic="true">
        {shown ? fallbackSentence(shown) : ''}
      </p>
      {shown && (
        <span className="fallback-badge" title={shown.message}>
          {shown.to.startsWith('builtin/') ? 'Built-in voice' : providerName(shown.to)} took over from {providerName(shown.from)}
        </span>
      )}
    </div>
  );
}
