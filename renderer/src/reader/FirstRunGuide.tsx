// The first-run guide, above the empty reader: three short steps (the hotkey, tried at once on a
// sample; a voice chosen by ear, with a natural voice for the person's language installed in one click
// while none is; where the library is). It can be skipped at any step; once finished or skipped it is
// never shown again (remembered in this window's storage). It downloads nothing unless asked.
import { useEffect, useState } from 'react';
import { useAloud } from '../app/aloud-client';
import { formatBytes } from '../app/format';
import { baseLanguage, languageName } from '../app/language-name';
import { messageOf } from '../../../shared/ipc-error';
import { installedVoiceKey, suggestedVoice } from '../settings/suggested-voice';
import { ErrorNotice } from '../app/ErrorNotice';

/** Set once the guide is finished or skipped. */
export const GUIDE_DONE_KEY = 'aloud.first-run-guide';

/** The sentence step 1 offers to try the hotkey on. */
export const GUIDE_SAMPLE = 'Aloud reads any text you select, and lights up each word as it is spoken.';

interface Props {
  /** The read hotkey, as this platform writes it. */
  /** The read hotkey's keys; null when the person removed it. */
  shortcut: string | null;
  /** Whether the hotkey surely reads the selection here (Linux); elsewhere it may read what was copied, so the guide says to copy. */
  readsSelection: boolean;
  onHearSample(text: string): void;
  onChooseVoice(): void;
  onFindNaturalVoices(): void;
  /** A natural voice was installed from the guide: it reads from now on. */
  onUseVoice(key: string, name: string): void;
  onOpenLibrary(): void;
  /** The guide was finished or skipped (focus goes on from here). */
  onDone(): void;
}

function guideDone(): boolean {
  return localStorage.getItem(GUIDE_DONE_KEY) !== null;
}

type Install = { phase: 'finding' } | { phase: 'installing'; name: string; receivedBytes: number; totalBytes: number } | { phase: 'done'; name: string } | { phase: 'failed'; message: string };

export function FirstRunGuide({ shortcut, readsSelection, onHearSample, onChooseVoice, onFindNaturalVoices, onUseVoice, onOpenLibrary, onDone }: Props) {
  const aloud = useAloud();
  const [step, setStep] = useState(guideDone() ? -1 : 0);
  const [naturalInstalled, setNaturalInstalled] = useState(true);
  const [install, setInstall] = useState<Install | null>(null);
  const own = baseLanguage(navigator.language || 'en');
  const ownName = languageName(own);
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
  useEffect(
    () =>
      aloud.on('natural-voices:progress', (p) =>
        setInstall((current) => (current?.phase === 'installing' ? { ...current, receivedBytes: p.receivedBytes, totalBytes: p.totalBytes } : current)),
      ),
    [aloud],
  );
  if (step < 0) return null;

  // One click: the catalogue is asked, the voice suggested for the person's language installed and made the reading voice.
  const installSuggested = async () => {
    setInstall({ phase: 'finding' });
    try {
      const { voices } = await aloud.naturalVoices.catalogue();
      const voice = suggestedVoice(voices, navigator.language || 'en');
      if (!voice) {
        setInstall({ phase: 'failed', message: `The catalogue has no natural voice for ${ownName}; Find natural voices shows every one.` });
        return;
      }
      setInstall({ phase: 'installing', name: voice.name, receivedBytes: 0, totalBytes: voice.sizeBytes });
      await aloud.naturalVoices.install({ key: voice.key });
      const installed = (await aloud.naturalVoices.installed()).voices.find((v) => v.key === voice.key);
      setInstall({ phase: 'done', name: voice.name });
      setNaturalInstalled(true);
      if (installed) onUseVoice(installedVoiceKey(installed), voice.name);
    } catch (err) {
      setInstall({ phase: 'failed', message: messageOf(err) });
    }
  };
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
        <>
          <p className="guide-text">
            Hear each voice say a sentence, then choose the one you like.
            {!naturalInstalled && ` Natural-sounding voices work offline too, with every word highlighted: one for ${ownName} is a download of about ${own === 'en' ? '115' : '60'} MB.`}
          </p>
          {install?.phase === 'finding' && <p className="guide-text">Looking for a natural voice for {ownName}…</p>}
          {install?.phase === 'installing' && (
            <div className="download">
              <progress max={install.totalBytes || 1} value={install.receivedBytes} aria-label={`Downloading ${install.name}`} />
              <span className="muted">
                {install.name}: {formatBytes(install.receivedBytes)} of {formatBytes(install.totalBytes)}
              </span>
            </div>
          )}
          {install?.phase === 'done' && <p className="guide-text" role="status">{install.name} is installed and reads from now on.</p>}
          {install?.phase === 'failed' && (
            <ErrorNotice>
              {install.message}
            </ErrorNotice>
          )}
        </>
      ),
      action: (
        <>
          <button type="button" className="control small" onClick={onChooseVoice}>
            Choose a voice
          </button>
          {!naturalInstalled && (
            <>
              <button type="button" className="control small" onClick={() => void installSuggested()} disabled={install?.phase === 'finding' || install?.phase === 'installing'}>
                Install a natural voice
              </button>
              <button type="button" className="control small" onClick={onFindNaturalVoices}>
                Find natural voices
              </button>
            </>
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
