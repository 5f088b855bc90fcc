// The voice actually speaking the reading, and why it is not the one chosen: main's 'reading:started'
// names the voice that reads (the voice for the text's language when `byLanguage`), 'reading:fallback'
// the one that took over from a failing voice. The Voice button names it, so what is shown is what is
// heard. Null while nothing is read: the next reading starts from the chosen voice.
import { useEffect, useState } from 'react';
import { useAloud } from '../app/aloud-client';

export interface SpokenVoice {
  readingId: string;
  text: string;
  /** The voice key reading now. */
  voice: string;
  /** The text's language, as told or detected. */
  language: string | null;
  /** Chosen by the text's language, over the reading voice. */
  byLanguage: boolean;
  /** Took over from this voice key, which failed part way. */
  standingInFor: string | null;
}

export function useSpokenVoice(): SpokenVoice | null {
  const aloud = useAloud();
  const [spoken, setSpoken] = useState<SpokenVoice | null>(null);
  useEffect(() => {
    const offs = [
      aloud.on('reading:started', (e) =>
        setSpoken((was) => ({
          readingId: e.readingId,
          text: e.text,
          voice: e.voice,
          language: e.language ?? null,
          // A seek names the voice it goes on with, so main does not choose again: the reason holds.
          byLanguage: e.byLanguage === true || (was !== null && was.byLanguage && was.text === e.text && was.voice === e.voice),
          standingInFor: null,
        })),
      ),
      aloud.on('reading:fallback', (e) => setSpoken((was) => (was && was.readingId === e.readingId ? { ...was, voice: e.to, byLanguage: false, standingInFor: e.from } : was))),
      aloud.on('reading:ended', (e) => setSpoken((was) => (was && was.readingId === e.readingId ? { ...was, readingId: '' } : was))),
    ];
    return () => offs.forEach((off) => off());
  }, [aloud]);
  return spoken;
}
