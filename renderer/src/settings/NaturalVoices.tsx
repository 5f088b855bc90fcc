// Settings' natural voices: the Piper voices and the Kokoro pack installed here (listen, use for
// reading, remove, the room they take) and, when the person asks, the catalogue to install more from
// (Piper's voices, Kokoro's model variants), filtered by language, the one suggested for their
// language first, each install with a progress bar and a way to stop it. Nothing is fetched or
// downloaded until the person asks for it.
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { CatalogueNaturalVoice, InstalledNaturalVoices } from '../../../shared/natural-voices-ipc';
import { useAloud } from '../app/aloud-client';
import { formatBytes } from '../app/format';
import { baseLanguage, languageName } from '../app/language-name';
import { SamplePlayer } from '../audio/sample-player';
import { messageOf } from '../../../shared/ipc-error';
import { loadAppearance } from '../reader/appearance';
import { installedVoiceKey, suggestedVoice } from './suggested-voice';
import { ErrorNotice } from '../app/ErrorNotice';

const ALL = '';

interface Props {
  /** The reading voice's key, and how to make a voice the reading voice. */
  readingVoice: string;
  onUse(voiceKey: string, name: string): void;
  /** The catalogue address setting (null: Piper's own) and how to change it. */
  catalogueUrl: string | null;
  onCatalogueUrl(url: string | null): Promise<void>;
  /** Kokoro's repository address setting (null: Kokoro's own) and how to change it. */
  kokoroSource: string | null;
  onKokoroSource(url: string | null): Promise<void>;
  /** Something changed that the person should hear (a screen reader's live region). */
  onSaid(said: string): void;
  /** Installed voices changed: the voice list elsewhere must follow. */
  onChanged(): void;
  /** A count: each new value above 0 finds the catalogue and brings this section into view. */
  findRequest: number;
}

type Progress = { receivedBytes: number; totalBytes: number };

/** en-US -> American English, as the person's own locale names it. */
const languageNameOf = (tag: string | null) => (tag ? languageName(tag) : 'Language not given');


type Catalogue = Awaited<ReturnType<ReturnType<typeof useAloud>['naturalVoices']['catalogue']>>;

export function NaturalVoices({ readingVoice, onUse, catalogueUrl, onCatalogueUrl, kokoroSource, onKokoroSource, onSaid, onChanged, findRequest }: Props) {
  const aloud = useAloud();
  const [installed, setInstalled] = useState<InstalledNaturalVoices | null>(null);
  const [catalogue, setCatalogue] = useState<Catalogue | null>(null);
  const [loadingCatalogue, setLoadingCatalogue] = useState(false);
  const [language, setLanguage] = useState<string | null>(null);
  const [progress, setProgress] = useState<Record<string, Progress>>({});
  const [error, setError] = useState('');
  const languageId = useId();

  const refreshInstalled = useCallback(async () => {
    try {
      setInstalled(await aloud.naturalVoices.installed());
    } catch (err) {
      setError(messageOf(err));
    }
  }, []);

  useEffect(() => {
    void refreshInstalled();
    return aloud.on('natural-voices:progress', (p) => setProgress((all) => (all[p.key] ? { ...all, [p.key]: p } : all)));
  }, [refreshInstalled]);

  const findVoices = async () => {
    setLoadingCatalogue(true);
    setError('');
    try {
      const got = await aloud.naturalVoices.catalogue();
      setCatalogue(got);
      // The person's own language first, when the catalogue has it.
      const own = baseLanguage(navigator.language || 'en');
      setLanguage((current) => current ?? (got.voices.some((v) => baseLanguage(v.language) === own) ? own : ALL));
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setLoadingCatalogue(false);
    }
  };

  const sectionRef = useRef<HTMLElement>(null);
  useEffect(() => {
    if (findRequest === 0) return;
    sectionRef.current?.scrollIntoView({ block: 'start' });
    void findVoices();
  }, [findRequest]);

  const install = async (voice: CatalogueNaturalVoice) => {
    setProgress((all) => ({ ...all, [voice.key]: { receivedBytes: 0, totalBytes: voice.sizeBytes } }));
    setError('');
    try {
      const result = await aloud.naturalVoices.install({ key: voice.key });
      onSaid(`${voice.name} installed.${result.note ? ` ${result.note}` : ''}`);
      setCatalogue((c) => c && { ...c, voices: c.voices.map((v) => (v.key === voice.key ? { ...v, installed: true } : v)) });
      await refreshInstalled();
      onChanged();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setProgress(({ [voice.key]: _, ...rest }) => rest);
    }
  };

  const remove = async (key: string, name: string) => {
    try {
      await aloud.naturalVoices.remove({ key });
      onSaid(`${name} removed.`);
      setCatalogue((c) => c && { ...c, voices: c.voices.map((v) => (v.key === key ? { ...v, installed: false } : v)) });
      await refreshInstalled();
      onChanged();
    } catch (err) {
      setError(messageOf(err));
    }
  };

  // A sample, as the reader's voice picker plays it: one sentence, at the reader's volume.
  const player = useMemo(() => new SamplePlayer(), []);
  useEffect(() => () => player.close(), []);
  const listen = async (voiceKey: string) => {
    try {
      const got = await aloud.voices.sample({ voice: voiceKey });
      await player.play(got.audio, loadAppearance().volume);
    } catch (err) {
      setError(messageOf(err));
    }
  };

  // A voice not yet installed is heard from its recorded sample in the catalogue (nothing is installed).
  const [sampling, setSampling] = useState<string | null>(null);
  const listenFirst = async (key: string) => {
    setSampling(key);
    try {
      const got = await aloud.naturalVoices.sample({ key });
      await player.play(got.audio, loadAppearance().volume);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setSampling((s) => (s === key ? null : s));
    }
  };

  const languages = useMemo(() => {
    const names = new Map<string, string>();
    for (const v of catalogue?.voices ?? []) {
      // A Kokoro pack's languageName lists all it speaks; its language is its first.
      const name = v.family === 'kokoro' ? languageName(baseLanguage(v.language)) : v.languageName.replace(/ \(.*\)$/, '');
      if (!names.has(baseLanguage(v.language))) names.set(baseLanguage(v.language), name);
    }
    return [...names].sort((a, b) => a[1].localeCompare(b[1]));
  }, [catalogue]);

  const shown = useMemo(() => {
    const list = (catalogue?.voices ?? []).filter((v) => !language || baseLanguage(v.language) === language);
    const suggested = suggestedVoice(list, navigator.language || 'en');
    return { list: suggested ? [suggested, ...list.filter((v) => v !== suggested)] : list, suggested };
  }, [catalogue, language]);

  return (
    <section className="card" aria-labelledby="natural-heading" ref={sectionRef}>
      <h2 id="natural-heading" className="card-title" tabIndex={-1}>
        Natural voices (offline)
      </h2>
      <p className="hint">Natural-sounding voices (Piper, Kokoro) that run on this computer, every word highlighted as it is spoken. Each is downloaded once, when you ask; then it works offline.</p>
      {error && (
        <ErrorNotice>
          {error}
        </ErrorNotice>
      )}
      {installed?.problems.map((p) => (
        <ErrorNotice key={p.key} role={null}>
          {p.key} cannot be used: {p.problem}. Remove it and install it again.
        </ErrorNotice>
      ))}

      {installed && installed.voices.length > 0 ? (
        <>
          <ul className="providers" aria-label="Installed natural voices">
            {installed.voices.map((v) => {
              const key = installedVoiceKey(v);
              const inUse = v.family === 'kokoro' ? readingVoice.startsWith('kokoro/') : readingVoice.startsWith(`piper/${v.key}`);
              return (
                <li key={v.key} className="provider">
                  <div className="provider-head">
                    <div>
                      <p className="provider-name">{v.name}</p>
                      <p className="provider-meta">
                        {v.family === 'kokoro' ? [...new Set(v.languages.map((l) => languageName(baseLanguage(l))))].join(', ') : languageNameOf(v.language)}
                        {v.family === 'kokoro' ? ` · ${v.speakers.length} voices, chosen in the reader` : v.speakers.length > 1 ? ` · ${v.speakers.length} speakers` : ''} · {formatBytes(v.sizeBytes)}
                        {inUse ? ' · Reading voice' : ''}
                      </p>
                    </div>
                    <div className="provider-actions">
                      <button type="button" className="control small" onClick={() => void listen(key)} aria-label={`Listen to ${v.name}`}>
                        Listen
                      </button>
                      {!inUse && (
                        <button type="button" className="control small" onClick={() => onUse(key, v.name)} aria-label={`Read with ${v.name}`}>
                          Use
                        </button>
                      )}
                      <button type="button" className="control small" onClick={() => void remove(v.key, v.name)} aria-label={`Remove ${v.name}`}>
                        Remove
                      </button>
                    </div>
                  </div>
                </li>
              );
            })}
          </ul>
          <p className="hint">
            Installed voices take {formatBytes(installed.sizeBytes)} in {installed.folder}.
          </p>
        </>
      ) : (
        installed && <p className="muted">No natural voice installed yet. Find one for your language below: a medium-quality Piper voice is about 60 MB, Kokoro (English and five more languages) about 120 MB.</p>
      )}

      {!catalogue ? (
        <div>
          <button type="button" className="control" onClick={() => void findVoices()} disabled={loadingCatalogue}>
            {loadingCatalogue ? 'Looking…' : 'Find voices to install'}
          </button>
        </div>
      ) : (
        <div className="natural-catalogue">
          <div className="form-grid">
            <label htmlFor={languageId}>Language</label>
            <select id={languageId} value={language ?? ALL} onChange={(e) => setLanguage(e.target.value)}>
              <option value={ALL}>All languages ({catalogue.voices.length} voices)</option>
              {languages.map(([code, name]) => (
                <option key={code} value={code}>
                  {name}
                </option>
              ))}
            </select>
          </div>
          <ul className="providers" aria-label="Natural voices you can install">
            {shown.list.map((v) => {
              const p = progress[v.key];
              return (
                <li key={v.key} className="provider" data-sample={sampling === v.key ? 'playing' : undefined}>
                  <div className="provider-head">
                    <div>
                      <p className="provider-name">
                        {v.name}
                        {v === shown.suggested && <span className="badge">Suggested</span>}
                      </p>
                      <p className="provider-meta">
                        {v.languageName} · {v.family === 'kokoro' ? `${v.speakers} voices · ` : v.speakers > 1 ? `${v.speakers} speakers · ` : ''}
                        {formatBytes(v.sizeBytes)}
                      </p>
                    </div>
                    <div className="provider-actions">
                      {v.installed ? (
                        <span className="muted">Installed</span>
                      ) : p ? (
                        <button type="button" className="control small" onClick={() => void aloud.naturalVoices.cancelInstall({ key: v.key })} aria-label={`Stop installing ${v.name}`}>
                          Stop
                        </button>
                      ) : (
                        <>
                          {v.hasSample && (
                            <button type="button" className="control small" onClick={() => void listenFirst(v.key)} aria-label={`Listen to a sample of ${v.name}`}>
                              Listen
                            </button>
                          )}
                          <button type="button" className="control small" onClick={() => void install(v)} aria-label={`Install ${v.name}, ${formatBytes(v.sizeBytes)}`}>
                            Install
                          </button>
                        </>
                      )}
                    </div>
                  </div>
                  {p && (
                    <div className="download">
                      <progress max={p.totalBytes || 1} value={p.receivedBytes} aria-label={`Downloading ${v.name}`} />
                      <span className="muted">
                        {formatBytes(p.receivedBytes)} of {formatBytes(p.totalBytes)}
                      </span>
                    </div>
                  )}
                </li>
              );
            })}
          </ul>
          {catalogue.problem && <p className="notice">{catalogue.problem}</p>}
        </div>
      )}
      {/* Where the voices come from: for a mirror or a copy of one's own, not something most people change. */}
      <details className="catalogue-address advanced">
        <summary>Advanced: where voices are downloaded from</summary>
        {catalogue && (
          <p className="hint">
            From {catalogue.catalogueUrl} and {catalogue.kokoroSource}.
          </p>
        )}
        <AddressForm
          label="Piper voices"
          url={catalogueUrl}
          placeholder="Piper's own (huggingface.co/rhasspy/piper-voices)"
          hint="For a mirror or your own copy of the Piper voices repository; leave it empty for Piper’s own. Saved when you press Enter or leave the field."
          onSave={onCatalogueUrl}
          onSaved={() => setCatalogue(null)}
        />
        <AddressForm
          label="Kokoro"
          url={kokoroSource}
          placeholder="Kokoro's own (huggingface.co/onnx-community/Kokoro-82M-v1.0-ONNX-timestamped)"
          hint="For a mirror or your own copy of Kokoro’s repository; leave it empty for Kokoro’s own."
          onSave={onKokoroSource}
          onSaved={() => setCatalogue(null)}
        />
      </details>
    </section>
  );
}

interface AddressFormProps {
  label: string;
  url: string | null;
  placeholder: string;
  hint: string;
  onSave(url: string | null): Promise<void>;
  onSaved(): void;
}

/**
 * A catalogue's address: the repository's own, or a mirror or a self-hosted copy. Saved once typed
 * (Enter, or leaving the field), as every setting is.
 */
function AddressForm({ label, url, placeholder, hint, onSave, onSaved }: AddressFormProps) {
  const [draft, setDraft] = useState(url ?? '');
  const id = useId();
  useEffect(() => setDraft(url ?? ''), [url]);
  /** On Enter always (the catalogue is found again from it); on leaving the field, if it changed. */
  const save = async (always: boolean) => {
    const next = draft.trim() ? draft.trim() : null;
    if (!always && next === url) return;
    await onSave(next);
    onSaved();
  };
  return (
    <>
      <div className="inline-form">
        <label htmlFor={id}>{label}</label>
        <input
          id={id}
          type="url"
          value={draft}
          placeholder={placeholder}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && void save(true)}
          onBlur={() => void save(false)}
          aria-describedby={`${id}-hint`}
          spellCheck={false}
        />
      </div>
      <p className="hint" id={`${id}-hint`}>
        {hint}
      </p>
    </>
  );
}
