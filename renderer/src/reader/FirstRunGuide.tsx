// The first-run guide, above the empty reader: three short steps (the hotkey, tried at once on a
// sample; a voice chosen by ear, with natural voices offered when none is installed; where the
// library is). It can be skipped at any step; once finished or skipped it is never shown again
// (remembered in this window's storage). It downloads nothing.
import { useEffect, useState } from 'react';
import { useAloud } from '../app/aloud-client';

/** Set once the guide is finished or skipped. */
export const GUIDE_DONE_KEY = 'aloud.first-run-guide';

/** The sentence step 1 offers to try the hotkey on. */
export const GUIDE_SAMPLE = 'Aloud reads any text you select, and lights up each word as it is spoken.';

interface Props {
  /** The read hotkey, as this platform writes it. */
  /** The read hotkey's keys; null when the person removed it. */
  shortcut: string | null;
  /** Whether the hotkey reads the selection here (Linux), or what was copied (Windows, macOS). */
  readsSelection: boolean;
  onHearSample(text: string): void;
  onChooseVoice(): void;
  onFindNaturalVoices(): void;
  onOpenLibrary(): void;
  /** The guide was finished or skipped (focus goes on from here). */
  onDone(): void;
}

function guideDone(): boolean {
  return localStorage.getItem(GUIDE_DONE_KEY) !== null;
}

export function FirstRunGuide({ shortcut, readsSelection, onHearSample, onChooseVoice, onFindNaturalVoices, onOpenLibrary, onDone }: Props) {
  const aloud = useAloud();
  const [step, setStep] = useState(guideDone() ? -1 : 0);
  const [naturalInstalled, setNaturalInstalled] = useState(true);
  useEffect(() => {
    if (step < 0) return;
    let live = true;
    aloud.naturalVoices.installed().then(
      (installed) => live && setNaturalInstalled(installed.voices.length > 0),
      () => undefined, // natural voices unavailable here: nothing to offer
    );
    return () => {
      live = false;
    };
  }, [aloud]);
  if (step < 0) return null;
  const finish = () => {
    localStorage.setItem(GUIDE_DONE_KEY, 'done');
    setStep(-1);
    onDone();
  };

  const steps = [
    {
      title: 'Read anything with one key',
      body: (
        <>
          <p className="guide-text">
            {readsSelection ? 'Select text in any app' : 'Copy text in any app'} and press {shortcut ? <kbd>{shortcut}</kbd> : 'the read hotkey (set one in Settings)'}. Try it on this sentence:
          </p>
          <p className="guide-sample">{GUIDE_SAMPLE}</p>
        </>
      ),
      action: (
        <button type="button" className="control small" onClick={() => onHearSample(GUIDE_SAMPLE)}>
          Hear it now
        </button>
      ),
    },
    {
      title: 'Pick a voice by ear',
      body: (
        <p className="guide-text">
          Hear each voice say a sentence, then choose the one you like.
          {!naturalInstalled && ' Natural-sounding voices work offline too, with every word highlighted.'}
        </p>
      ),
      action: (
        <>
          <button type="button" className="control small" onClick={onChooseVoice}>
            Choose a voice
          </button>
          {!naturalInstalled && (
            <button type="button" className="control small" onClick={onFindNaturalVoices}>
              Find natural voices
            </button>
          )}
        </>
      ),
    },
    {
      title: 'Everything you hear is kept',
      body: <p className="guide-text">The Library keeps each reading: search it, replay it offline with its highlighting, or export it.</p>,
      action: (
        <button type="button" className="control small" onClick={onOpenLibrary}>
          Open the Library
        </button>
      ),
    },
  ];
  const current = steps[step]!;
  const last = step === steps.length - 1;

  return (
    <section className="offer guide" aria-labelledby="guide-title">
      <div className="guide-body">
        <h2 id="guide-title" className="offer-title">
          <span className="guide-step">
            Step {step + 1} of {steps.length}:
          </span>{' '}
          <strong>{current.title}</strong>
        </h2>
        {current.body}
      </div>
      <div className="offer-actions">
        {current.action}
        {step > 0 && (
          <button type="button" className="control small" onClick={() => setStep(step - 1)}>
            Back
          </button>
        )}
        <button type="button" className="control small accent" onClick={() => (last ? finish() : setStep(step + 1))}>
          {last ? 'Done' : 'Next'}
        </button>
        {!last && (
          <button type="button" className="control small" onClick={finish}>
            Skip the guide
          </button>
        )}
      </div>
    </section>
  );
}
