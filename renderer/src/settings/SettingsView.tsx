// Settings: the reading voice (from each provider's cached voice list) and how it makes the Speed
// (the one Speed control is the reader's), the built-in fallback, the natural offline voices (install,
// listen, remove), the cloud providers (add one, paste its key, test the connection), and the
// library's size/age limit. Keys go to main once and never come back: a provider shows only "Key saved".
// One way of saving everywhere: a change is saved as it is made (a typed value once it is complete:
// on Enter or on leaving the field), and the header says so for a few seconds. No Save buttons. An
// index at the top (beside the sections in a wide window) leads to each section.
import { useCallback, useEffect, useId, useState, type FormEvent, type KeyboardEvent, type MouseEvent } from 'react';
import type { LibraryLimits } from '../../../shared/library-ipc';
import type { ConnectionResultView, ProviderView, SettingsView as Settings, StoppedReadings } from '../../../shared/settings-ipc';
import { HEARING_RULE_TEXT, HEARING_RULES } from '../../../shared/hearing-rules';
import type { SpeedMethod } from '../../../shared/speed';
import { loadVoiceChoices, type VoiceGroup, type VoiceKind } from '../app/voice-choices';
import { formatBytes } from '../app/format';
import { messageOf } from '../../../shared/ipc-error';
import { useVoiceNames } from '../app/voice-names';
import { useAloud } from '../app/aloud-client';
import { ViewHeader } from '../app/ViewHeader';
import { NaturalVoices } from './NaturalVoices';
import { PronunciationRules } from './PronunciationRules';
import { HotkeySettings } from './HotkeySettings';
import { withChange, type SettingsChange } from './settings-change';
import { ErrorNotice } from '../app/ErrorNotice';

type Kind = Settings['kinds'][number];
const STOPPED_SAID: Record<StoppedReadings, string> = {
  complete: 'A stopped reading will be finished in the background.',
  keep: 'A stopped reading will be kept as heard.',
  discard: 'A stopped reading will be deleted.',
};

const SPEED_METHOD_LABELS: Record<SpeedMethod, string> = { auto: 'Automatic', stretch: 'Time-stretch', voice: 'The voice’s own rate' };
const SPEED_METHOD_SAID: Record<SpeedMethod, string> = {
  auto: 'This voice’s speed will be made the way that suits it.',
  stretch: 'This voice’s speed will be made by time-stretching.',
  voice: 'This voice’s speed will be made by its own rate.',
};

/** The voice list's group for each provider: the offline ones say so; each cloud provider goes by its own name. */
const groupLabel = (g: { kind: VoiceKind; label: string }) => (g.kind === 'builtin' ? 'Built-in voice (offline)' : g.kind === 'natural' ? `${g.label} (natural, offline)` : g.label);

/** How long a confirmation ('Voice saved.') stays in the header. */
const CONFIRMATION_MS = 6000;

type TestState = { busy: true } | { busy: false; result: ConnectionResultView } | null;

/**
 * `findNaturalVoices`: a count; each new value opens the natural voices' catalogue and shows it.
 * `showProvider`: each new value brings that provider's entry into view and focus.
 */
export function SettingsView({
  active,
  findNaturalVoices = 0,
  showProvider = null,
  onSettings,
}: {
  active: boolean;
  findNaturalVoices?: number;
  showProvider?: { id: string } | null;
  /** Told the settings each time they change here (the reader follows the read hotkey). */
  onSettings?(settings: Settings): void;
}) {
  const aloud = useAloud();
  const [settings, setSettings] = useState<Settings | null>(null);
  const [voices, setVoices] = useState<VoiceGroup[]>([]);
  const names = useVoiceNames(voices);
  const [announcement, setAnnouncement] = useState('');
  const [error, setError] = useState('');

  const refresh = useCallback(async () => {
    try {
      const s = await aloud.settings.get();
      setSettings(s);
      // A provider without a working key offers no voices until it has one (its entry below says why).
      setVoices((await loadVoiceChoices(aloud, s.providers)).filter((g) => g.voices.length > 0));
    } catch (err) {
      setError(messageOf(err));
    }
  }, []);

  useEffect(() => {
    if (active) void refresh();
  }, [active, refresh]);

  useEffect(() => {
    if (settings) onSettings?.(settings);
  }, [settings]);

  // A confirmation is said, then goes: an old sentence in the header would read as news.
  useEffect(() => {
    if (!announcement) return;
    const t = setTimeout(() => setAnnouncement(''), CONFIRMATION_MS);
    return () => clearTimeout(t);
  }, [announcement]);

  useEffect(() => {
    if (!showProvider || !settings) return;
    const entry = document.getElementById(`provider-${showProvider.id}`);
    entry?.scrollIntoView({ block: 'center' });
    entry?.focus({ preventScroll: true });
  }, [showProvider, settings !== null]);

  const change = async (patch: SettingsChange, said: string) => {
    // Shown at once; main's answer replaces it, and a refusal brings back what main holds.
    setSettings((shown) => (shown ? withChange(shown, patch) : shown));
    try {
      setSettings(await aloud.settings.set(patch));
      setAnnouncement(said);
      setError('');
    } catch (err) {
      setError(messageOf(err));
      await aloud.settings.get().then(setSettings, () => undefined);
    }
  };

  if (!settings) {
    return (
      <div className="view settings">
        <header className="view-header">
          <h1 className="view-title">
            Settings
          </h1>
        </header>
        {error ? <ErrorNotice>{error}</ErrorNotice> : <p className="view-status">Loading…</p>}
      </div>
    );
  }

  return (
    <div className="view settings">
      <ViewHeader title="Settings" announcement={announcement} />
      <div className="settings-scroll">
        <SettingsIndex />
        <div className="settings-sections">
          {settings.problem && <p className="notice">{settings.problem}</p>}
          {error && (
            <ErrorNotice>
              {error}
            </ErrorNotice>
          )}

          <section className="card" aria-labelledby="reading-heading">
            <h2 id="reading-heading" className="card-title" tabIndex={-1}>
              Reading
            </h2>
            <div className="form-grid">
              <label htmlFor="voice">Voice</label>
              <select id="voice" value={settings.voice} onChange={(e) => void change({ voice: e.target.value }, 'Voice saved.')}>
                {!voices.some((g) => g.voices.some((v) => `${v.provider}/${v.id}` === settings.voice)) && <option value={settings.voice}>{names.voice(settings.voice)} (not available now)</option>}
                {voices.map((g) => (
                  <optgroup key={g.provider} label={groupLabel(g)}>
                    {g.voices.map((v) => (
                      <option key={`${v.provider}/${v.id}`} value={`${v.provider}/${v.id}`}>
                        {v.name}
                        {v.languages[0] && !v.name.includes('(') ? ` (${v.languages[0]})` : ''}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>

              <label htmlFor="speed-method">Speed by</label>
              <select
                id="speed-method"
                aria-describedby="speed-method-hint"
                value={settings.speedMethods[settings.voice] ?? 'auto'}
                onChange={(e) => {
                  const method = e.target.value as SpeedMethod;
                  void change({ speedMethod: { voice: settings.voice, method } }, SPEED_METHOD_SAID[method]);
                }}
              >
                {(['auto', 'stretch', 'voice'] as const).map((m) => (
                  <option key={m} value={m}>
                    {SPEED_METHOD_LABELS[m]}
                  </option>
                ))}
              </select>
            </div>
            <p id="speed-method-hint" className="hint">
              For this voice. The Speed is set in the reader ({settings.speed}× now). Time-stretch keeps the voice as recorded and replays saved readings at
              any Speed; the voice’s own rate sounds more natural but is made anew for each Speed, within the voice’s range. Automatic uses the built-in
              and natural voices’ own rate and time-stretches cloud voices.
            </p>
            <label className="check">
              <input
                type="checkbox"
                checked={settings.fallbackToBuiltin}
                onChange={(e) =>
                  void change({ fallbackToBuiltin: e.target.checked }, e.target.checked ? 'A failing provider will hand over to the built-in voice.' : 'A failing provider will stop the reading.')
                }
              />
              Continue with the built-in voice if a provider fails
            </label>
            <div className="form-grid">
              <label htmlFor="stopped-readings">A reading stopped part way</label>
              <select
                id="stopped-readings"
                aria-describedby="stopped-readings-hint"
                value={settings.stoppedReadings}
                onChange={(e) => {
                  const policy = e.target.value as StoppedReadings;
                  void change({ stoppedReadings: policy }, STOPPED_SAID[policy]);
                }}
              >
                {/* Short enough to show whole in a 360 px window; the hint below says the rest. */}
                <option value="complete">Finish and keep it</option>
                <option value="keep">Keep what was heard</option>
                <option value="discard">Delete it</option>
              </select>
            </div>
            <p id="stopped-readings-hint" className="hint">
              Finishing goes on in the background and makes the whole reading replayable from the library; it runs only while nothing else is being read.
            </p>
          </section>

          <HotkeySettings
            hotkeys={settings.hotkeys}
            platform={settings.platform}
            whenNothingSelected={settings.whenNothingSelected}
            onWhenNothingSelected={(choice) =>
              void change({ whenNothingSelected: choice }, choice === 'say' ? 'With nothing selected, the hotkey will say so.' : 'With nothing selected, the hotkey will read the clipboard.')
            }
            onSave={async (action, accelerator, said) => {
              setSettings(await aloud.settings.set({ hotkeys: { [action]: accelerator } }));
              setAnnouncement(said);
            }}
          />

          <section className="card" aria-labelledby="startup-heading">
            <h2 id="startup-heading" className="card-title" tabIndex={-1}>
              Starting Aloud
            </h2>
            <label className="check">
              <input
                type="checkbox"
                checked={settings.launchAtLogin === true}
                disabled={settings.launchAtLogin === null}
                aria-describedby="startup-hint"
                onChange={(e) => void change({ launchAtLogin: e.target.checked }, e.target.checked ? 'Aloud will start in the tray when you log in.' : 'Aloud will not start when you log in.')}
              />
              Start Aloud in the tray when I log in
            </label>
            <p id="startup-hint" className="hint">
              {settings.launchAtLogin === null ? 'The installed app can do this; this copy runs from its sources.' : 'It waits in the tray, with its hotkeys, and opens no window.'}
            </p>
          </section>

          <section className="card" aria-labelledby="hearing-heading">
            <h2 id="hearing-heading" className="card-title" tabIndex={-1}>
              Text made fit to hear
            </h2>
            <p className="hint">What a page shows but a listener does not want spelled out. From the next reading on; the text shown stays as it is.</p>
            <ul className="hearing-rules">
              {HEARING_RULES.map((rule) => {
                const { label, example, heard } = HEARING_RULE_TEXT[rule];
                return (
                  <li key={rule}>
                    <label className="check">
                      <input
                        type="checkbox"
                        checked={settings.hearing[rule]}
                        aria-describedby={`hearing-${rule}-example`}
                        onChange={(e) => void change({ hearing: { [rule]: e.target.checked } }, `${label}: ${e.target.checked ? 'on' : 'off'}.`)}
                      />
                      {label}
                    </label>
                    <p id={`hearing-${rule}-example`} className="hearing-example">
                      <code>{example}</code> is heard as {heard ? <q>{heard}</q> : <em>nothing</em>}
                    </p>
                  </li>
                );
              })}
            </ul>
          </section>

          <PronunciationRules
            rules={settings.pronunciation}
            readingVoice={{ key: settings.voice, name: names.voice(settings.voice) }}
            onSave={async (pronunciation, said) => {
              setSettings(await aloud.settings.set({ pronunciation }));
              setAnnouncement(said);
            }}
          />

          <NaturalVoices
            readingVoice={settings.voice}
            onUse={(key, name) => void change({ voice: key }, `${name} will read from now on.`)}
            catalogueUrl={settings.voiceCatalogueUrl}
            onCatalogueUrl={(url) => change({ voiceCatalogueUrl: url }, url ? 'Catalogue address saved.' : 'Back to Piper’s own catalogue.')}
            kokoroSource={settings.kokoroSourceUrl}
            onKokoroSource={(url) => change({ kokoroSourceUrl: url }, url ? 'Kokoro’s address saved.' : 'Back to Kokoro’s own repository.')}
            onSaid={setAnnouncement}
            onChanged={() => void refresh()}
            findRequest={findNaturalVoices}
          />

          <section className="card" aria-labelledby="providers-heading">
            <h2 id="providers-heading" className="card-title" tabIndex={-1}>
              Cloud voices
            </h2>
            {!settings.keyStorage.available && (
              <ErrorNotice role="note">
                {settings.keyStorage.message}
              </ErrorNotice>
            )}
            {settings.providers.length === 0 ? (
              <p className="muted">No providers yet. The built-in voice works offline; add a provider for more voices.</p>
            ) : (
              <ul className="providers">
                {settings.providers.map((p) => (
                  <ProviderRow key={p.id} provider={p} kinds={settings.kinds} keyStorage={settings.keyStorage.available} onChanged={(said) => (setAnnouncement(said), void refresh())} />
                ))}
              </ul>
            )}
            <AddProvider kinds={settings.kinds} keyStorage={settings.keyStorage.available} onAdded={(p) => (setAnnouncement(p.check && !p.check.ok ? `${p.name} added, but it does not work: ${p.check.message}` : `${p.name} added.`), void refresh())} />
          </section>

          <LibraryLimitsCard onSaved={setAnnouncement} />
        </div>
      </div>
    </div>
  );
}

/** Each section, by its heading's id: the index's links. */
const SECTIONS = [
  { heading: 'reading-heading', label: 'Reading' },
  { heading: 'hotkeys-heading', label: 'Hotkeys' },
  { heading: 'startup-heading', label: 'Starting Aloud' },
  { heading: 'hearing-heading', label: 'Text made fit to hear' },
  { heading: 'pronunciation-heading', label: 'Pronunciation' },
  { heading: 'natural-heading', label: 'Natural voices' },
  { heading: 'providers-heading', label: 'Cloud voices' },
  { heading: 'limits-heading', label: 'Library' },
] as const;

/** The sections' index: a link to each, which brings its section into view and its heading into focus. */
function SettingsIndex() {
  const go = (e: MouseEvent<HTMLAnchorElement>, id: string) => {
    const heading = document.getElementById(id);
    if (!heading) return;
    // In-page, without changing the address (the window's address says which view it loads).
    e.preventDefault();
    heading.closest('section')?.scrollIntoView({ block: 'start' });
    heading.focus({ preventScroll: true });
  };
  return (
    <nav className="settings-index" aria-label="Settings sections">
      <ul>
        {SECTIONS.map((section) => (
          <li key={section.heading}>
            <a href={`#${section.heading}`} onClick={(e) => go(e, section.heading)}>
              {section.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** What the row says of the key: none, saved but not tried yet, working, or not working (the line below says why). */
function keyState(provider: ProviderView): string {
  if (!provider.hasKey) return 'No key';
  if (!provider.check) return 'Key saved, not tested yet';
  return provider.check.ok ? 'Key works' : 'Not working';
}

function CheckResult({ check }: { check: NonNullable<ProviderView['check']> }) {
  return check.ok ? (
    <span className="test-result ok">
      <CheckIcon /> {check.message}
    </span>
  ) : (
    <span className="test-result fail">{check.message}</span>
  );
}

function kindName(kinds: Kind[], kind: string): string {
  return kinds.find((k) => k.kind === kind)?.displayName ?? kind;
}

function TestResult({ state }: { state: TestState }) {
  if (!state) return null;
  if (state.busy) return <span className="test-result">Testing…</span>;
  const r = state.result;
  return r.ok ? (
    <span className="test-result ok">
      <CheckIcon /> Connected: {r.voices} {r.voices === 1 ? 'voice' : 'voices'}.
    </span>
  ) : (
    <span className="test-result fail">{r.message}</span>
  );
}

function ProviderRow({ provider, kinds, keyStorage, onChanged }: { provider: ProviderView; kinds: Kind[]; keyStorage: boolean; onChanged: (said: string) => void }) {
  const aloud = useAloud();
  const [test, setTest] = useState<TestState>(null);
  const [key, setKey] = useState('');
  const [error, setError] = useState('');
  const keyId = useId();
  const run = async () => {
    setTest({ busy: true });
    try {
      const result = await aloud.settings.testProvider({ id: provider.id });
      setTest(null);
      // The row's mark shows the result, which the list refreshed now carries.
      onChanged(result.ok ? `${provider.name} works.` : result.message);
    } catch (err) {
      setTest({ busy: false, result: { ok: false, kind: 'config', message: messageOf(err) } });
    }
  };
  // Saved when complete: on Enter or on leaving the field (a key is pasted whole), then tested.
  const saveKey = async () => {
    if (!key.trim() || test?.busy) return;
    setTest({ busy: true });
    try {
      const saved = await aloud.settings.updateProvider({ id: provider.id, patch: {}, key });
      setKey('');
      setError('');
      setTest(null);
      onChanged(saved.check?.ok === false ? `New key saved for ${provider.name}, but it does not work: ${saved.check.message}` : `New key saved for ${provider.name}; it works.`);
    } catch (err) {
      setTest(null);
      setError(messageOf(err));
    }
  };
  const remove = async () => {
    try {
      await aloud.settings.removeProvider({ id: provider.id });
      onChanged(`${provider.name} removed.`);
    } catch (err) {
      setError(messageOf(err));
    }
  };
  return (
    <li className="provider" id={`provider-${provider.id}`} tabIndex={-1}>
      <div className="provider-head">
        <div>
          <p className="provider-name">{provider.name}</p>
          <p className="provider-meta">
            {kindName(kinds, provider.kind)}
            {provider.baseUrl ? ` · ${provider.baseUrl}` : ''} · {keyState(provider)}
          </p>
        </div>
        <div className="provider-actions">
          <button type="button" className="control small" onClick={() => void run()} aria-label={`Test connection to ${provider.name}`}>
            Test connection
          </button>
          <button type="button" className="control small" onClick={() => void remove()} aria-label={`Remove ${provider.name}`}>
            Remove
          </button>
        </div>
      </div>
      <p className="provider-test" role="status" aria-live="polite">
        {test ? <TestResult state={test} /> : provider.check && <CheckResult check={provider.check} />}
      </p>
      {keyStorage && (
        <div className="inline-form">
          <label htmlFor={keyId}>{provider.hasKey ? 'Replace the API key' : 'API key'}</label>
          <input
            id={keyId}
            type="password"
            value={key}
            onChange={(e) => setKey(e.target.value)}
            onKeyDown={(e) => e.key === 'Enter' && void saveKey()}
            onBlur={() => void saveKey()}
            placeholder="Paste it, then press Enter"
            autoComplete="off"
            spellCheck={false}
          />
        </div>
      )}
      {error && (
        <ErrorNotice>
          {error}
        </ErrorNotice>
      )}
    </li>
  );
}

/** The form starts on the provider most people have: an OpenAI-compatible server, else ElevenLabs. */
function defaultKind(kinds: Kind[]): Kind['kind'] {
  for (const common of ['openai', 'elevenlabs'] as const) if (kinds.some((k) => k.kind === common)) return common;
  return kinds[0]?.kind ?? 'openai';
}

function AddProvider({ kinds, keyStorage, onAdded }: { kinds: Kind[]; keyStorage: boolean; onAdded: (p: ProviderView) => void }) {
  const aloud = useAloud();
  const [kind, setKind] = useState<Kind['kind']>(defaultKind(kinds));
  const [name, setName] = useState('');
  const [baseUrl, setBaseUrl] = useState('');
  const [model, setModel] = useState('');
  const [key, setKey] = useState('');
  const [test, setTest] = useState<TestState>(null);
  const [error, setError] = useState('');
  const info = kinds.find((k) => k.kind === kind);
  const input = () => ({
    kind,
    name: name.trim() || info?.displayName || kind,
    ...(baseUrl.trim() ? { baseUrl: baseUrl.trim() } : {}),
    ...(model.trim() ? { model: model.trim() } : {}),
  });
  const withKey = () => (key.trim() ? { key: key.trim() } : {});

  const run = async () => {
    setTest({ busy: true });
    try {
      setTest({ busy: false, result: await aloud.settings.testProvider({ input: input(), ...withKey() }) });
    } catch (err) {
      setTest({ busy: false, result: { ok: false, kind: 'config', message: messageOf(err) } });
    }
  };
  const add = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const p = await aloud.settings.addProvider({ input: input(), ...withKey() });
      setName('');
      setBaseUrl('');
      setModel('');
      setKey('');
      setTest(null);
      setError('');
      onAdded(p);
    } catch (err) {
      setError(messageOf(err));
    }
  };

  return (
    <form className="add-provider" onSubmit={(e) => void add(e)} aria-labelledby="add-provider-heading">
      <h3 id="add-provider-heading" className="subhead">
        Add a provider
      </h3>
      <div className="form-grid">
        <label htmlFor="provider-kind">Provider</label>
        <select id="provider-kind" value={kind} onChange={(e) => (setKind(e.target.value as Kind['kind']), setTest(null))}>
          {kinds.map((k) => (
            <option key={k.kind} value={k.kind}>
              {k.displayName}
            </option>
          ))}
        </select>
        <label htmlFor="provider-name">Name</label>
        <input id="provider-name" value={name} onChange={(e) => setName(e.target.value)} placeholder={info?.displayName} autoComplete="off" />
        <label htmlFor="provider-url">Server address</label>
        <input id="provider-url" type="url" value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} placeholder={info?.defaultBaseUrl} autoComplete="off" spellCheck={false} />
        <label htmlFor="provider-model">Model</label>
        <input id="provider-model" value={model} onChange={(e) => setModel(e.target.value)} placeholder="The provider’s default" autoComplete="off" spellCheck={false} />
        <label htmlFor="provider-key">API key</label>
        <input
          id="provider-key"
          type="password"
          value={key}
          onChange={(e) => setKey(e.target.value)}
          disabled={!keyStorage}
          placeholder={info?.keyRequired ? 'Paste the key' : 'Optional for this provider'}
          autoComplete="off"
          spellCheck={false}
        />
      </div>
      <p className="provider-test" role="status" aria-live="polite">
        <TestResult state={test} />
      </p>
      {error && (
        <ErrorNotice>
          {error}
        </ErrorNotice>
      )}
      <div className="form-actions">
        <button type="button" className="control" onClick={() => void run()}>
          Test connection
        </button>
        <button type="submit" className="control accent">
          Add provider
        </button>
      </div>
    </form>
  );
}

function LibraryLimitsCard({ onSaved }: { onSaved: (said: string) => void }) {
  const aloud = useAloud();
  const [limits, setLimits] = useState<(LibraryLimits & { usage: { count: number; audioBytes: number } }) | null>(null);
  const [mb, setMb] = useState('');
  const [days, setDays] = useState('');
  const [error, setError] = useState('');
  useEffect(() => {
    aloud.library.limits().then(
      (l) => {
        setLimits(l);
        setMb(l.maxBytes === null ? '' : String(Math.round(l.maxBytes / 1024 ** 2)));
        setDays(l.maxAgeDays === null ? '' : String(l.maxAgeDays));
      },
      (err: unknown) => setError(messageOf(err)),
    );
  }, []);
  const asked = () => ({
    maxBytes: mb.trim() ? Math.round(Number(mb) * 1024 ** 2) : null,
    maxAgeDays: days.trim() ? Math.round(Number(days)) : null,
  });
  // Saved once a value is complete (Enter, or leaving the field), never half-typed: a limit of 1 on
  // the way to 100 would remove readings.
  const save = async () => {
    if (!limits) return;
    const next = asked();
    if (next.maxBytes === limits.maxBytes && next.maxAgeDays === limits.maxAgeDays) return;
    try {
      const r = await aloud.library.setLimits(next);
      setLimits(r);
      setError('');
      onSaved(`Library limit saved${r.removed ? `; ${r.removed} older ${r.removed === 1 ? 'reading was' : 'readings were'} removed` : ''}.`);
    } catch (err) {
      setError(messageOf(err));
    }
  };
  const commit = {
    onBlur: () => void save(),
    onKeyDown: (e: KeyboardEvent<HTMLInputElement>) => e.key === 'Enter' && void save(),
  };
  return (
    <section className="card" aria-labelledby="limits-heading">
      <h2 id="limits-heading" className="card-title" tabIndex={-1}>
        Library
      </h2>
      <p className="muted">
        {limits ? `${limits.usage.count} ${limits.usage.count === 1 ? 'reading' : 'readings'}, ${formatBytes(limits.usage.audioBytes)} of audio. ` : ''}
        When the library passes a limit, the oldest readings that are not pinned are removed.
      </p>
      <div className="form-grid">
        <label htmlFor="limit-size">Keep at most (MB)</label>
        <input id="limit-size" type="number" min={1} step={1} inputMode="numeric" value={mb} onChange={(e) => setMb(e.target.value)} placeholder="No limit" {...commit} />
        <label htmlFor="limit-age">Keep for (days)</label>
        <input id="limit-age" type="number" min={1} step={1} inputMode="numeric" value={days} onChange={(e) => setDays(e.target.value)} placeholder="No limit" {...commit} />
      </div>
      {error && <ErrorNotice>{error}</ErrorNotice>}
    </section>
  );
}

function CheckIcon() {
  return (
    <svg width={16} height={16} viewBox="0 0 24 24" aria-hidden focusable={false}>
      <path d="M5 12.5 10 17l9-10" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
