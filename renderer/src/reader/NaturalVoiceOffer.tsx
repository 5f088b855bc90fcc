// A first-run suggestion above the empty reader: natural offline voices exist, and one click opens
// Settings on them. Shown while no natural voice is installed, until the person takes it up or says
// "Not now"; never again after that (remembered in this window's storage). It downloads nothing.
import { useEffect, useState } from 'react';
import { useAloud } from '../app/aloud-client';

const DONE_KEY = 'aloud.natural-voice-offer';

export function NaturalVoiceOffer({ onChoose }: { onChoose(): void }) {
  const aloud = useAloud();
  const [shown, setShown] = useState(false);
  useEffect(() => {
    if (localStorage.getItem(DONE_KEY)) return;
    let live = true;
    aloud.naturalVoices.installed().then(
      (installed) => live && setShown(installed.voices.length === 0),
      () => undefined, // natural voices unavailable here: nothing to offer
    );
    return () => {
      live = false;
    };
  }, [aloud]);
  if (!shown) return null;
  const done = () => {
    localStorage.setItem(DONE_KEY, 'done');
    setShown(false);
  };
  return (
    <aside className="offer" aria-label="Try a natural-sounding voice">
      <p className="offer-title">
        <strong>Natural-sounding voices</strong> work offline too, with every word highlighted.
      </p>
      <div className="offer-actions">
        <button
          type="button"
          className="control small"
          onClick={() => {
            done();
            onChoose();
          }}
        >
          Choose a voice
        </button>
        <button type="button" className="control small" onClick={done}>
          Not now
        </button>
      </div>
    </aside>
  );
}
