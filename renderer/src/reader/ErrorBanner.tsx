// A failed reading, said over the reading with what to do next: the one-sentence cause (from main,
// naming the voice's provider) and the actions that can help, chosen and ordered by the failure's
// kind: try again from where it stopped, go on with the built-in voice (when another voice failed),
// or open Settings (a key, a provider, a voice).
import { useEffect, useState } from 'react';
import type { ErrorKind } from '../../../shared/ipc-error';
import type { Voice } from '../../../shared/voice';
import { useAloud } from '../app/aloud-client';

export type BannerAction = 'retry' | 'builtin' | 'settings';

/**
 * What can help, most likely first: a refused key is fixed in Settings; a network fault or a busy
 * provider may pass on a retry (Settings cannot mend a network); a voice that is gone is replaced
 * there; a request the voice cannot do is read by the built-in voice.
 */
export function bannerActions(kind: ErrorKind): BannerAction[] {
  switch (kind) {
    case 'auth':
      return ['settings', 'builtin', 'retry'];
    case 'network':
      return ['retry', 'builtin'];
    case 'not-found':
      return ['settings', 'builtin'];
    case 'invalid-input':
      return ['builtin', 'settings'];
    default:
      return ['retry', 'builtin', 'settings'];
  }
}

interface Props {
  message: string;
  kind: ErrorKind;
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

export function ErrorBanner({ message, kind, voice, onRetry, onUseBuiltin, onOpenSettings }: Props) {
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
        {bannerActions(kind).map((action, i) => {
          // The first action is the one most likely to help, and looks it.
          const className = i === 0 ? 'control small accent' : 'control small';
          if (action === 'retry')
            return (
              <button key={action} type="button" className={className} onClick={onRetry}>
                Try again
              </button>
            );
          if (action === 'builtin')
            return (
              standIn && (
                <button key={action} type="button" className={className} onClick={() => onUseBuiltin(standIn)}>
                  Use the built-in voice
                </button>
              )
            );
          return (
            <button key={action} type="button" className={className} onClick={onOpenSettings}>
              Open Settings
            </button>
          );
        })}
      </div>
    </section>
  );
}
