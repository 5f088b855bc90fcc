// A failed reading, said over the reading with what to do next: the one-sentence cause (from main,
// naming the voice's provider) and the actions that can help: try again from where it stopped, go on
// with the built-in voice (when another voice failed), or open Settings (a key, a provider, a voice).
import { useEffect, useState } from 'react';
import type { Voice } from '../../../shared/voice';
import { useAloud } from '../app/aloud-client';

interface Props {
  message: string;
  /** The voice that failed (a voice key); null when the reading never started. */
  voice: string | null;
  onRetry(): void;
  onUseBuiltin(voiceKey: string): void;
  onOpenSettings(): void;
}

/**
 * The built-in voice nearest the failed voice's language: the same tag (en-GB), else the language's
 * main voice (fr-fr, en-us), else any of that language; English when the language is not known or
 * not spoken; else any built-in voice.
 */
export function builtinStandIn(voices: readonly Voice[], failed: string | null): string | null {
  const builtin = voices.filter((v) => v.provider === 'builtin');
  const tag = voices.find((v) => `${v.provider}/${v.id}` === failed)?.languages[0]?.toLowerCase();
  const language = (t: string) => t.split('-')[0]!.toLowerCase();
  const ofLanguage = (lang: string) => {
    const speakers = builtin.filter((v) => v.languages.some((l) => language(l) === lang));
    return speakers.find((v) => v.id === lang || v.id === `${lang}-${lang}` || v.id === `${lang}-us`) ?? speakers[0];
  };
  const pick = (tag && builtin.find((v) => v.languages.some((l) => l.toLowerCase() === tag))) ?? (tag && ofLanguage(language(tag))) ?? ofLanguage('en') ?? builtin[0];
  return pick ? `builtin/${pick.id}` : null;
}

export function ErrorBanner({ message, voice, onRetry, onUseBuiltin, onOpenSettings }: Props) {
  const aloud = useAloud();
  const [standIn, setStandIn] = useState<string | null>(null);
  useEffect(() => {
    if (voice?.startsWith('builtin/')) {
      setStandIn(null);
      return;
    }
    let live = true;
    aloud.voices.list().then(
      (voices) => live && setStandIn(builtinStandIn(voices, voice)),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [aloud, voice]);
  return (
    <section className="error-banner" aria-label="The reading failed">
      <p className="error-banner-message">{message}</p>
      <div className="error-banner-actions">
        <button type="button" className="control small" onClick={onRetry}>
          Try again
        </button>
        {standIn && (
          <button type="button" className="control small" onClick={() => onUseBuiltin(standIn)}>
            Use the built-in voice
          </button>
        )}
        <button type="button" className="control small" onClick={onOpenSettings}>
          Open Settings
        </button>
      </div>
    </section>
  );
}
