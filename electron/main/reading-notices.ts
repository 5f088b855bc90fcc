// What a person who cannot see the reader is told in a notification: a reading that failed, or a
// voice that failed part way with the built-in voice reading on. With the reader showing, it says so.
import type { CoreEvents } from '../service/core-events';

export function noticeProblems(events: CoreEvents, notify: (message: string) => void, readerShowing: () => boolean): () => void {
  const tell = (message: string) => {
    if (!readerShowing()) notify(message);
  };
  const offs = [
    events.on('reading:ended', (e) => {
      if (e.reason === 'error') tell(`The reading stopped: ${e.message ?? 'the voice failed.'}`);
    }),
    events.on('reading:fallback', (e) => tell(`${e.message} The built-in voice reads on.`)),
  ];
  return () => offs.forEach((off) => off());
}
