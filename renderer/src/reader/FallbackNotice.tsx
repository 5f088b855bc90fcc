// Tells the user that a reading's cloud voice failed part way and the built-in voice reads the rest:
// one polite live-region sentence, and a small badge beside the voice line until the next reading.
// It listens to main's 'reading:fallback' itself so the reader needs only to place it.
import { useEffect, useState } from 'react';
import type { EventPayload } from '../../../shared/ipc';
import { useAloud } from '../app/aloud-client';
import { useVoiceNames, type VoiceNames } from '../app/voice-names';
import './fallback-notice.css';

type Fallback = EventPayload<'reading:fallback'>;

/** 'inworld-2/Dennis' -> the provider's name ('Work Inworld'). */
function providerOf(names: VoiceNames, voiceKey: string): string {
  return names.provider(voiceKey.split('/')[0] ?? voiceKey);
}

/** The sentence announced: main's one-sentence failure (it names the provider), then who continues. */
export function fallbackSentence(e: Fallback, names: VoiceNames): string {
  const failure = e.message.trim() || `${providerOf(names, e.from)} failed.`;
  const continues = e.to.startsWith('builtin/') ? 'The built-in voice reads the rest.' : `${providerOf(names, e.to)} reads the rest.`;
  return `${/[.!?]$/u.test(failure) ? failure : `${failure}.`} ${continues}`;
}

export function FallbackNotice() {
  const aloud = useAloud();
  const [shown, setShown] = useState<Fallback | null>(null);
  const names = useVoiceNames(shown?.readingId ?? null);
  useEffect(() => {
    const offFallback = aloud.on('reading:fallback', setShown);
    // The badge belongs to the reading that fell back; the next reading starts clean.
    const offStarted = aloud.on('reading:started', (e) => setShown((s) => (s && s.readingId !== e.readingId ? null : s)));
    return () => {
      offFallback();
      offStarted();
    };
  }, [aloud]);
  return (
    <div className="fallback-notice">
      {/* A live region without role="status": the reader's status line keeps that role to itself. */}
      <p className="fallback-message" aria-live="polite" aria-atomic="true">
        {shown ? fallbackSentence(shown, names) : ''}
      </p>
      {shown && (
        <span className="fallback-badge" title={shown.message}>
          {providerOf(names, shown.to)} took over from {providerOf(names, shown.from)}
        </span>
      )}
    </div>
  );
}
