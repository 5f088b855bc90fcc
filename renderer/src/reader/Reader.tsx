// The reader window: the text being read with the spoken word highlighted, the player's controls,
// a status line for screen readers, and a box to paste text into.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ReadingSession, type ReaderStatus } from './reading-session';
import { WordHighlighter } from './word-highlighter';

interface Shown {
  text: string;
  voice: string;
  rate: number;
}

export function Reader() {
  const [reading, setReading] = useState<Shown | null>(null);
  const [status, setStatus] = useState<ReaderStatus>({ phase: 'idle', message: 'Ready.' });
  const [draft, setDraft] = useState('');
  const sessionRef = useRef<ReadingSession | null>(null);
  const viewportRef = useRef<HTMLDivElement>(null);
  const textRef = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    let highlighter: WordHighlighter | null = null;
    const session = new ReadingSession(window.aloud, {
      showReading: (r) => setReading({ text: r.text, voice: r.voice, rate: r.rate }),
      showStatus: setStatus,
      highlight: (word) => {
        const viewport = viewportRef.current;
        const text = textRef.current;
        if (!viewport || !text) return;
        if (highlighter?.textElement !== text) highlighter = new WordHighlighter(viewport, text);
        if (word) highlighter.show(word.charStart, word.charEnd);
        else highlighter.clear();
      },
    });
    sessionRef.current = session;
    window.__aloudPlayer = session.probe;
    return () => {
      highlighter?.clear();
      session.dispose();
      sessionRef.current = null;
    };
  }, []);

  // Space pauses or resumes, Escape stops; typing in the text box keeps its Space.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const session = sessionRef.current;
      if (!session || e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
      if (e.key === 'Escape' && session.isActive()) {
        e.preventDefault();
        void session.stop();
      } else if (e.key === ' ' && !isTypingTarget(e.target)) {
        e.preventDefault();
        session.togglePause();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const active = status.phase === 'starting' || status.phase === 'reading' || status.phase === 'paused';
  const paused = status.phase === 'paused';

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const text = draft.trim();
    if (!text) return;
    // Move to the text being read: Space then pauses there, instead of pressing Read again.
    viewportRef.current?.focus({ preventScroll: true });
    void sessionRef.current?.read(text);
  };

  return (
    <div className="reader">
      <header className="reader-header">
        <h1 className="brand">Aloud</h1>
        <p className={`status status-${status.phase}`} role="status" aria-live="polite" aria-atomic="true">
          {status.message}
        </p>
      </header>

      <main className="reading" ref={viewportRef} tabIndex={-1} aria-label="Text being read">
        {reading ? (
          <article className="page">
            <p className="voice-line">
              {voiceLabel(reading.voice)} · {formatRate(reading.rate)}
            </p>
            <p className="text" ref={textRef}>
              {reading.text}
            </p>
          </article>
        ) : (
          <div className="empty">
            <p className="empty-title">Nothing is being read.</p>
            <p>Paste text below and choose Read, or select text anywhere and press {READ_SHORTCUT}.</p>
          </div>
        )}
      </main>

      <section className="controls" aria-label="Player">
        <button
          type="button"
          className="control primary"
          onClick={() => sessionRef.current?.togglePause()}
          disabled={!active}
          aria-keyshortcuts="Space"
        >
          {paused ? <PlayIcon /> : <PauseIcon />}
          <span>{paused ? 'Resume' : 'Pause'}</span>
        </button>
        <button
          type="button"
          className="control"
          onClick={() => void sessionRef.current?.stop()}
          disabled={!active}
          aria-keyshortcuts="Escape"
        >
          <StopIcon />
          <span>Stop</span>
        </button>
        <p className="hint" aria-hidden="true">
          <kbd>Space</kbd> pause · <kbd>Esc</kbd> stop
        </p>
      </section>

      <form className="composer" onSubmit={onSubmit} aria-label="Read new text">
        <label htmlFor="draft" className="composer-label">
          Text to read
        </label>
        <textarea
          id="draft"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          rows={3}
          placeholder="Paste or type text here"
          spellCheck={false}
        />
        <button type="submit" className="control accent" disabled={draft.trim() === ''}>
          <SpeakerIcon />
          <span>Read</span>
        </button>
      </form>
    </div>
  );
}

/** The global hotkey main registers (electron/main/hotkey.ts), as this platform writes it. */
const READ_SHORTCUT = /Mac/.test(navigator.userAgent) ? '⌘⌥R' : 'Ctrl+Alt+R';

function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  // Buttons handle Space themselves; text fields need it for typing.
  return target.isContentEditable || ['TEXTAREA', 'INPUT', 'SELECT', 'BUTTON'].includes(target.tagName);
}

/** 'builtin/en-us' -> 'Built-in voice · en-us'; other providers' keys as 'provider · id'. */
function voiceLabel(voice: string): string {
  const slash = voice.indexOf('/');
  if (slash < 0) return voice;
  const provider = voice.slice(0, slash);
  return `${provider === 'builtin' ? 'Built-in voice' : provider} · ${voice.slice(slash + 1)}`;
}

function formatRate(rate: number): string {
  return `${Number(rate.toFixed(2))}× speed`;
}

const iconProps = { width: 18, height: 18, viewBox: '0 0 24 24', 'aria-hidden': true, focusable: false } as const;

function PauseIcon() {
  return (
    <svg {...iconProps}>
      <rect x="6" y="5" width="4" height="14" rx="1" fill="currentColor" />
      <rect x="14" y="5" width="4" height="14" rx="1" fill="currentColor" />
    </svg>
  );
}

function PlayIcon() {
  return (
    <svg {...iconProps}>
      <path d="M8 5.5v13a1 1 0 0 0 1.5.86l10.4-6.5a1 1 0 0 0 0-1.72L9.5 4.64A1 1 0 0 0 8 5.5z" fill="currentColor" />
    </svg>
  );
}

function StopIcon() {
  return (
    <svg {...iconProps}>
      <rect x="6" y="6" width="12" height="12" rx="1.5" fill="currentColor" />
    </svg>
  );
}

function SpeakerIcon() {
  return (
    <svg {...iconProps}>
      <path d="M4 9.5h3.5L12 5.5v13l-4.5-4H4z" fill="currentColor" />
      <path
        d="M15.5 9a4 4 0 0 1 0 6M18 6.5a7.5 7.5 0 0 1 0 11"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.8"
        strokeLinecap="round"
      />
    </svg>
  );
}
