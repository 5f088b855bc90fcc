// The window's shell: a tab list (Reader, Library, Settings) that works by keyboard (arrow keys,
// Home, End), one panel shown at a time. The reader stays mounted while hidden, so a reading started
// from the library keeps playing, and highlighting, when the user comes back to it. The Library and
// Settings panels are each the page's main landmark while shown; the reader marks its own (its text).
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { LibraryView } from '../library/LibraryView';
import { Reader } from '../reader/Reader';
import { SettingsView } from '../settings/SettingsView';
import { useAloud } from './aloud-client';
import { defaultReadHotkey, readHotkeyOf, type ReadHotkey } from './read-hotkey';
import './app.css';

const VIEWS = [
  { id: 'reader', label: 'Reader' },
  { id: 'library', label: 'Library' },
  { id: 'settings', label: 'Settings' },
] as const;
export type ViewId = (typeof VIEWS)[number]['id'];

export function App() {
  const [view, setView] = useState<ViewId>('reader');
  // Each ask to find natural voices (the reader's first-run suggestion) opens Settings on them.
  const [findNaturalVoices, setFindNaturalVoices] = useState(0);
  // Each ask to see one provider's settings (a failing provider in the voice picker) brings it into view.
  const [showProvider, setShowProvider] = useState<{ id: string } | null>(null);
  const tabs = useRef(new Map<ViewId, HTMLButtonElement>());
  // The read hotkey the reader shows and answers to: the settings' (Settings tells each change).
  const aloud = useAloud();
  const [readHotkey, setReadHotkey] = useState<ReadHotkey>(() => defaultReadHotkey(navigator.userAgent));
  useEffect(() => {
    aloud.settings.get().then((s) => setReadHotkey(readHotkeyOf(s)), () => undefined);
  }, []);

  const select = useCallback((next: ViewId, focus = false) => {
    setView(next);
    if (focus) tabs.current.get(next)?.focus();
  }, []);

  const onKeyDown = (e: KeyboardEvent) => {
    const i = VIEWS.findIndex((v) => v.id === view);
    const to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: VIEWS.length - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    select(VIEWS[(to + VIEWS.length) % VIEWS.length]!.id, true);
  };

  return (
    <div className="app">
      <nav className="app-nav" aria-label="Views">
        <div className="tabs" role="tablist" aria-label="Aloud" onKeyDown={onKeyDown}>
          {VIEWS.map((v) => (
            <button
              key={v.id}
              ref={(el) => void (el ? tabs.current.set(v.id, el) : tabs.current.delete(v.id))}
              type="button"
              role="tab"
              id={`tab-${v.id}`}
              aria-controls={`panel-${v.id}`}
              aria-selected={view === v.id}
              tabIndex={view === v.id ? 0 : -1}
              className="tab"
              onClick={() => select(v.id)}
            >
              {v.label}
            </button>
          ))}
        </div>
      </nav>
      {VIEWS.map((v) => {
        const panel = (
          <section key={v.id} role="tabpanel" id={`panel-${v.id}`} aria-labelledby={`tab-${v.id}`} hidden={view !== v.id} className="panel">
            {v.id === 'reader' && (
              <Reader
                active={view === 'reader'}
                readHotkey={readHotkey}
                onChooseNaturalVoice={() => {
                  setFindNaturalVoices((n) => n + 1);
                  select('settings');
                }}
                onOpenSettings={(provider) => {
                  if (provider) setShowProvider({ id: provider });
                  select('settings');
                }}
                onOpenLibrary={() => select('library')}
              />
            )}
            {v.id === 'library' && <LibraryView active={view === 'library'} onPlay={() => select('reader')} />}
            {v.id === 'settings' && <SettingsView active={view === 'settings'} findNaturalVoices={findNaturalVoices} showProvider={showProvider} onSettings={(s) => setReadHotkey(readHotkeyOf(s))} />}
          </section>
        );
        // Each view is the page's main landmark while shown; only one main is shown at a time (the
        // hidden ones are hidden with their panels), so every part of a view lies inside a landmark.
        return (
          <main key={v.id} className="panel-main" aria-labelledby={`tab-${v.id}`} hidden={view !== v.id}>
            {panel}
          </main>
        );
      })}
    </div>
  );
}
