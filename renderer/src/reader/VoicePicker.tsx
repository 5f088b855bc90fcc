// The reader's voice picker: every voice one can choose, found by typing, grouped by language (the
// listener's first), each with its provider's name, how it sounds, a sample to hear before choosing,
// and a star to keep it among the favourites. A provider that offers no voices now says why in one
// line, with the way to its settings (several fold into one line that opens to each); while searching
// only those whose name matches stay. Choosing a voice makes it the reading voice (a reading under way
// goes on in it).
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { SamplePlayer } from '../audio/sample-player';
import { useAloud } from '../app/aloud-client';
import { loadFavourites, saveFavourites } from '../app/favourite-voices';
import { languageName } from '../app/language-name';
import { loadVoiceChoices, type VoiceGroup } from '../app/voice-choices';
import { messageOf } from '../../../shared/ipc-error';
import { failingFor, pickerList, type FailingProvider, type PickerVoice } from './voice-picker-list';
import './voice-picker.css';

interface Props {
  /** The reading voice's key. */
  current: string;
  /** The text being read (or about to be): its language's voices come first. */
  text: string | null;
  /** `language`: the voice's own (base code), or null when its provider does not say. */
  onChoose(voiceKey: string, name: string, language: string | null): void;
  onClose(): void;
  /** Settings, at this provider's entry (a failing provider), or at the natural voices (none given). */
  onOpenSettings(provider?: string): void;
  onFindNaturalVoices(): void;
  /** Pauses the reading while a sample plays; returns what resumes it. */
  holdReading(): () => void;
  volume: number;
}

type SampleState = { key: string; phase: 'loading' | 'playing' } | null;


export function VoicePicker({ current, text, onChoose, onClose, onOpenSettings, onFindNaturalVoices, holdReading, volume }: Props) {
  const aloud = useAloud();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [groups, setGroups] = useState<VoiceGroup[] | null>(null);
  const [query, setQuery] = useState('');
  const [favourites, setFavourites] = useState(loadFavourites);
  const [sample, setSample] = useState<SampleState>(null);
  const [status, setStatus] = useState('');
  /** The language the text is written in, once told. */
  const [textLanguage, setTextLanguage] = useState<string | null>(null);
  const player = useMemo(() => new SamplePlayer(), []);
  const titleId = useId();
  const searchId = useId();

  useEffect(() => {
    dialogRef.current?.showModal();
    let live = true;
    aloud.settings
      .get()
      .then((s) => loadVoiceChoices(aloud, s.providers))
      .then((g) => live && setGroups(g))
      .catch((err: unknown) => live && setStatus(`Could not list the voices: ${messageOf(err)}`));
    if (text?.trim()) {
      aloud.text.language({ text }).then(
        (found) => live && setTextLanguage(found.language),
        () => undefined, // not known: the list keeps its other order
      );
    }
    return () => {
      live = false;
      player.close();
    };
  }, []);

  // The text's language first, then the reading voice's, then the system's.
  const firstLanguages = useMemo(() => {
    const voice = groups?.flatMap((g) => g.voices).find((v) => `${v.provider}/${v.id}` === current);
    return [...(textLanguage ? [textLanguage] : []), ...(voice?.languages.slice(0, 1) ?? []), navigator.language || 'en'];
  }, [groups, current, textLanguage]);
  const list = useMemo(
    () => pickerList(groups ?? [], { query, favourites, firstLanguages, textLanguage, languageName }),
    [groups, query, favourites, firstLanguages, textLanguage],
  );
  const count = list.sections.reduce((n, s) => n + s.voices.length, 0);
  const failingShown = useMemo(() => failingFor(list.failing, query), [list.failing, query]);

  const toggleFavourite = (v: PickerVoice) => {
    const next = new Set(favourites);
    if (next.has(v.key)) next.delete(v.key);
    else next.add(v.key);
    saveFavourites(next);
    setFavourites(next);
    setStatus(next.has(v.key) ? `${v.name} added to the favourites.` : `${v.name} taken off the favourites.`);
  };

  const playSample = async (v: PickerVoice) => {
    if (sample?.key === v.key) {
      player.stop();
      return;
    }
    setSample({ key: v.key, phase: 'loading' });
    setStatus(`Getting a sample of ${v.name}…`);
    const resume = holdReading();
    try {
      const got = await aloud.voices.sample({ voice: v.key });
      setSample((s) => (s?.key === v.key ? { key: v.key, phase: 'playing' } : s));
      setStatus(`${v.name}: “${got.text}”`);
      await player.play(got.audio, volume);
    } catch (err) {
      setStatus(`Could not play ${v.name}: ${messageOf(err)}`);
    } finally {
      setSample((s) => (s?.key === v.key ? null : s));
      resume();
    }
  };

  return (
    // A modal dialog: focus stays inside, Esc closes it, and focus goes back to the Voice button.
    <dialog ref={dialogRef} className="voice-picker" aria-labelledby={titleId} onClose={onClose}>
      <header className="voice-picker-head">
        <h2 id={titleId}>Choose a voice</h2>
        <button type="button" className="control small" onClick={() => dialogRef.current?.close()}>
          Close
        </button>
      </header>
      <div className="voice-search">
        <label htmlFor={searchId}>Find a voice</label>
        <input id={searchId} type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Name, language or provider" autoComplete="off" spellCheck={false} />
      </div>
      <p className="voice-picker-status" role="status" aria-live="polite">
        {groups === null && !status ? 'Finding voices…' : status}
      </p>
      <div className="voice-picker-list">
        <FailingProviders failing={failingShown} onOpenSettings={onOpenSettings} />
        {groups !== null && count === 0 && (
          <div className="voice-none">
            <p>{query ? `No voice matches “${query}”.` : 'No voices yet.'} Natural voices for many languages can be installed, free, to read offline.</p>
            <button type="button" className="control small" onClick={onFindNaturalVoices}>
              Find natural voices
            </button>
          </div>
        )}
        {list.sections.map((s) => (
          <section key={s.id} aria-labelledby={`${titleId}-${s.id}`}>
            <h3 id={`${titleId}-${s.id}`} className="voice-section-title">
              {s.title}
            </h3>
            <ul className="voice-options">
              {s.voices.map((v) => {
                const chosen = v.key === current;
                const favourite = favourites.has(v.key);
                const heard = sample?.key === v.key ? sample.phase : undefined;
                const label = `${v.name}, ${v.provider}`;
                return (
                  <li key={v.key} className={`voice-option${chosen ? ' chosen' : ''}`} data-sample={heard}>
                    <button type="button" className="voice-choose" aria-current={chosen ? 'true' : undefined} onClick={() => onChoose(v.key, v.name, v.languageCode)}>
                      <span className="voice-name">
                        {v.name}
                        {chosen && <span className="voice-in-use"> · reading voice</span>}
                      </span>
                      <span className="voice-meta">
                        {v.provider} · {v.quality}
                      </span>
                    </button>
                    <button type="button" className="control small" aria-label={heard ? `Stop the sample of ${label}` : `Hear ${label}`} onClick={() => void playSample(v)}>
                      {heard === 'loading' ? '…' : heard ? 'Stop' : 'Hear'}
                    </button>
                    <button type="button" className="control small voice-star" aria-pressed={favourite} aria-label={`Favourite: ${label}`} onClick={() => toggleFavourite(v)}>
                      <span aria-hidden="true">{favourite ? '★' : '☆'}</span>
                    </button>
                  </li>
                );
              })}
            </ul>
          </section>
        ))}
      </div>
      <footer className="voice-picker-foot">
        <span>More voices:</span>
        <button type="button" className="control small" onClick={onFindNaturalVoices}>
          Natural voices
        </button>
        <button type="button" className="control small" onClick={() => onOpenSettings()}>
          Cloud providers
        </button>
      </footer>
    </dialog>
  );
}

/** The providers that offer no voices now: one line each with its fix, or one line for several that opens to each. */
function FailingProviders({ failing, onOpenSettings }: { failing: readonly FailingProvider[]; onOpenSettings(provider?: string): void }) {
  if (failing.length === 0) return null;
  const line = (f: FailingProvider) => (
    <>
      <span className="voice-failing-why">{f.problem}</span>
      <button type="button" className="control small" aria-label={`Open Settings for ${f.name}`} onClick={() => onOpenSettings(f.provider)}>
        Open Settings
      </button>
    </>
  );
  if (failing.length === 1)
    return (
      <p className="voice-failing" role="note">
        {line(failing[0]!)}
      </p>
    );
  return (
    <details className="voice-failing voice-failing-many">
      <summary>{failing.length} providers offer no voices now</summary>
      <ul>
        {failing.map((f) => (
          <li key={f.provider}>{line(f)}</li>
        ))}
      </ul>
    </details>
  );
}
