// The reader window, the text first: the text being read fills the free height, the spoken word
// highlighted and kept in view; under it one bar of controls whose buttons keep their place and size
// in every state (the less used ones, volume and the shortcuts, behind More; the text's display choices behind
// Text); a status line for screen readers; and a box to paste text into, folded to one line while a
// text is shown. The Voice button names the voice heard and why (voice-label.ts).
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { clampSpeed, SPEED_MAX, SPEED_MIN } from '../../../shared/speed';
import { applyAppearance, clampSize, loadAppearance, saveAppearance, takeLegacySpeed, type Appearance } from './appearance';
import { DisplayOptions } from './DisplayOptions';
import { ErrorBanner } from './ErrorBanner';
import { FallbackNotice } from './FallbackNotice';
import { FirstRunGuide } from './FirstRunGuide';
import { ReadingPosition } from './ReadingPosition';
import type { PlayerPosition } from './reading-session';
import { SpeakerIcon } from '../app/icons';
import { PlayerControls } from './PlayerControls';
import { useAloud } from '../app/aloud-client';
import { readHotkeyLabel, type ReadHotkey } from '../app/read-hotkey';
import { languageName } from '../app/language-name';
import { messageOf } from '../../../shared/ipc-error';
import { VoicePicker } from './VoicePicker';
import { useVoiceNames } from '../app/voice-names';
import { attachPlayerProbe } from './player-probe';
import type { ReaderStatus } from './reader-status';
import { QueueList } from './QueueList';
import { ReaderHelp } from './ReaderHelp';
import { ReadingSession } from './reading-session';
import { sentenceRange, sentenceStarts } from './sentences';
import { useReaderKeys } from './use-reader-keys';
import { useWordCursor } from './use-word-cursor';
import { LineFocus } from './line-focus';
import { useSpokenVoice } from './use-spoken-voice';
import { voiceLabel } from './voice-label';
import { revealPane, WordHighlighter } from './word-highlighter';
// The reading fonts, bundled (no network at run time): a hyperlegible face and a dyslexia-friendly one.
import '@fontsource/atkinson-hyperlegible/400.css';
import '@fontsource/opendyslexic/400.css';
import './reader.css';

interface Shown {
  text: string;
  voice: string;
  speed: number;
  /** The text's language as told or detected (ISO 639-1), null when not known. */
  language: string | null;
  /** No voice there is speaks that language. */
  unspoken: boolean;
}

/** The languages the reader offers to read a text as, besides the one detected. */
const READ_AS = ['en', 'fr', 'de', 'es', 'it', 'pt', 'nl', 'sv', 'pl', 'cs', 'ru', 'uk', 'tr', 'ar', 'hi', 'zh', 'ja', 'ko', 'el', 'fi'];


/**
 * `active`: the reader is the view shown (the reading voice is read again, as Settings may have changed it);
 * `onChooseNaturalVoice`: open Settings on the natural voices (the first-run suggestion's button);
 * `onOpenSettings`: open Settings, at one provider's entry when given (a failed reading, a failing provider);
 * `onOpenLibrary`: show the Library (the first-run guide's last step).
 */
export function Reader({
  active: shown,
  readHotkey,
  onChooseNaturalVoice,
  onOpenSettings,
  onOpenLibrary,
}: {
  active: boolean;
  /** The read hotkey as set in Settings. */
  readHotkey: ReadHotkey;
  onChooseNaturalVoice(): void;
  onOpenSettings(provider?: string): void;
  onOpenLibrary(): void;
}) {
  const aloud = useAloud();
  const [reading, setReading] = useState<Shown | null>(null);
  /** The reading voice, as main's settings hold it (the Voice button names it). */
  const [voiceKey, setVoiceKey] = useState<string | null>(null);
  /** Whether a text in another language is read by that language's voice (main's setting), else by the chosen voice. */
  const [voiceByLanguage, setVoiceByLanguage] = useState(true);
  const [pickerOpen, setPickerOpen] = useState(false);
  /** The voice heard now, and why (by language, standing in for a failing voice). */
  const spoken = useSpokenVoice();
  /** What just changed that is not the reading's own status (a voice chosen), for screen readers. */
  const [said, setSaid] = useState('');
  // Refetched when the voice changes, so a provider added since is named too.
  const names = useVoiceNames(`${reading?.voice ?? ''} ${voiceKey ?? ''} ${spoken?.voice ?? ''}`);
  const [status, setStatus] = useState<ReaderStatus>({ phase: 'idle', message: 'Ready.' });
  const [draft, setDraft] = useState('');
  /** The composer is open to type in (it opens on focus, and folds again once its text is read). */
  const [composing, setComposing] = useState(false);
  const [helpOpen, setHelpOpen] = useState(false);
  /** The bar's two panels: the display choices, and More (volume, the shortcuts). */
  const [displayOpen, setDisplayOpen] = useState(false);
  const [moreOpen, setMoreOpen] = useState(false);
  const [look, setLook] = useState<Appearance>(loadAppearance);
  /** The Speed, as main's settings hold it (the one Speed: tray readings and library replays too). */
  const [speed, setSpeed] = useState(1);
  // The position bar, as the session reports it (once a second while reading, and at every change):
  // a report that changes nothing shown renders nothing.
  const [position, setPosition] = useState<PlayerPosition | null>(null);
  const showPosition = useCallback(
    (now: PlayerPosition | null) =>
      setPosition((was) => {
        const same = was && now && was.word === now.word && Math.round(was.heardSeconds) === Math.round(now.heardSeconds) && Math.round(was.leftSeconds) === Math.round(now.leftSeconds) && was.words === now.words;
        return same ? was : now;
      }),
    [],
  );
  const sessionRef = useRef<ReadingSession | null>(null);
  /** The shown text and its sentence starts, for the sentence highlight. */
  const sentencesRef = useRef<{ text: string; starts: number[] } | null>(null);
  const viewportRef = useRef<HTMLDivElement>(null);
  const textRef = useRef<HTMLParagraphElement>(null);
  const pageRef = useRef<HTMLElement>(null);
  const focusRef = useRef<HTMLDivElement>(null);
  /** A reading just started: its first word brings the pane into the window (a zoomed window scrolls). */
  const revealRef = useRef(false);
  /** The lines line focus keeps bright (0: off), for the highlight callback. */
  const focusLinesRef = useRef(0);

  useEffect(() => {
    let highlighter: WordHighlighter | null = null;
    let lineFocus: LineFocus | null = null;
    const session = new ReadingSession(aloud, {
      showReading: (r) => {
        if (sentencesRef.current?.text !== r.text) sentencesRef.current = { text: r.text, starts: sentenceStarts(r.text) };
        setReading({ text: r.text, voice: r.voice, speed: r.speed, language: r.language ?? null, unspoken: r.unspoken === true });
        revealRef.current = true;
      },
      showStatus: setStatus,
      showSpeed: setSpeed,
      showPosition,
      highlight: (word) => {
        const viewport = viewportRef.current;
        const text = textRef.current;
        if (!viewport || !text) return;
        if (highlighter?.textElement !== text) highlighter = new WordHighlighter(viewport, text);
        const s = sentencesRef.current;
        if (!word) {
          highlighter.clear();
          return;
        }
        if (revealRef.current) {
          revealRef.current = false;
          revealPane(viewport);
        }
        highlighter.show(word.charStart, word.charEnd, s ? sentenceRange(s.text, s.starts, word.charStart) : undefined);
        const page = pageRef.current;
        const veil = focusRef.current;
        if (page && veil && (lineFocus === null || lineFocus.textElement !== text)) lineFocus = new LineFocus(page, veil, text);
        lineFocus?.follow(highlighter.word, focusLinesRef.current);
      },
    });
    sessionRef.current = session;
    // The end-to-end tests' window on the player: compiled in only for test builds.
    if (__ALOUD_PROBE__) window.__aloudPlayer = attachPlayerProbe(session, aloud);
    void session.loadSpeed(takeLegacySpeed()).then((s) => sessionRef.current === session && setSpeed(s));
    return () => {
      highlighter?.clear();
      session.dispose();
      sessionRef.current = null;
    };
  }, []);

  useEffect(() => {
    if (!shown) return;
    let live = true;
    aloud.settings.get().then(
      (s) => {
        if (!live) return;
        setVoiceKey(s.voice);
        setVoiceByLanguage(s.voiceByLanguage);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [shown]);

  /**
   * The voice chosen in the picker reads from now on, and reads its language whenever a text is in it; a
   * reading under way goes on in it from the spoken word.
   */
  const chooseVoice = async (key: string, name: string, language: string | null) => {
    setPickerOpen(false);
    try {
      setVoiceKey((await aloud.settings.set({ voice: key, ...(language ? { languageVoice: { language, voice: key } } : {}) })).voice);
      setSaid(`${name} will read from now on.`);
      const session = sessionRef.current;
      if (session?.isActive()) await session.seek(session.spokenAt() ?? 0, key);
    } catch (err) {
      setSaid(`Could not choose ${name}: ${messageOf(err)}`);
    }
  };

  useEffect(() => {
    applyAppearance(look);
    focusLinesRef.current = look.lineFocus;
    if (look.lineFocus === 0 && focusRef.current) focusRef.current.hidden = true;
    if (sessionRef.current) sessionRef.current.queueMode = look.queueMode;
    // Main keeps it too: readings from the tray and the hotkey follow the same choice.
    void aloud.queue.mode({ mode: look.queueMode }).catch(() => {});
  }, [look]);
  // Volume acts on the player at once, mid-reading too.
  useEffect(() => {
    sessionRef.current?.setVolume(look.volume);
  }, [look.volume]);
  const choose = (change: Partial<Appearance>) =>
    setLook((prev) => {
      const next = { ...prev, ...change };
      saveAppearance(next);
      return next;
    });
  const resize = (by: number) => setLook((prev) => {
    const next = { ...prev, textSize: clampSize(prev.textSize + by) };
    saveAppearance(next);
    return next;
  });

  useReaderKeys({ sessionRef, readHotkey, pickerOpen, helpOpen, setHelpOpen, resize });
  const { cursorWord, onTextClick, onTextKey } = useWordCursor({ text: reading?.text ?? null, sessionRef, viewportRef, textRef });

  const active = status.phase === 'starting' || status.phase === 'reading' || status.phase === 'paused';
  const paused = status.phase === 'paused';


  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const text = draft.trim();
    if (!text) return;
    setComposing(false);
    // Move to the text being read: Space then pauses there, instead of pressing Read again. In a zoomed
    // window the page brings the text into view.
    viewportRef.current?.focus({ preventScroll: true });
    if (viewportRef.current) revealPane(viewportRef.current);
    void sessionRef.current?.read(text);
  };

  const label = voiceLabel(names, voiceKey, spoken, languageName);
  /** The voice for the text's language reads it, not the chosen one: the pane says so, and offers the chosen one. */
  const routed = spoken?.readingId && spoken.byLanguage && voiceKey && spoken.voice !== voiceKey ? spoken : null;

  return (
    <div className={`reader${reading ? ' has-text' : ''}`}>
      {/* The banner landmark: everything in the reader lies in a landmark (axe best practices). */}
      <header className="reader-header">
        <h1 className="brand">Aloud</h1>
        {/* A failure is shown in the banner below; the line stays to announce it. */}
        <p className={`status status-${status.phase}${status.phase === 'error' ? ' sr-only' : ''}`} role="status" aria-live="polite" aria-atomic="true">
          {status.message}
        </p>
        <p className="sr-only" aria-live="polite">
          {said}
        </p>
      </header>

      {status.phase === 'error' ? (
        <ErrorBanner
          message={status.message}
          kind={status.kind ?? 'internal'}
          voice={sessionRef.current?.voice() ?? null}
          onRetry={() => void sessionRef.current?.retry()}
          onUseBuiltin={(voice) => void sessionRef.current?.retry(voice)}
          onOpenSettings={() => onOpenSettings()}
        />
      ) : (
        <FirstRunGuide
          shortcut={readHotkeyLabel(readHotkey)}
          readsSelection={READS_SELECTION}
          onHearSample={(text) => void sessionRef.current?.read(text)}
          onChooseVoice={() => setPickerOpen(true)}
          onFindNaturalVoices={onChooseNaturalVoice}
          onUseVoice={(key, name) => void chooseVoice(key, name, null)}
          onOpenLibrary={onOpenLibrary}
          onDone={() => document.getElementById('draft')?.focus()}
        />
      )}

      {/* A region of the view's main landmark (App.tsx): a page holds one main. */}
      <section
        className="reading"
        ref={viewportRef}
        tabIndex={0}
        aria-label="Text being read"
        aria-keyshortcuts="Control+ArrowLeft Control+ArrowRight Enter"
        onKeyDown={onTextKey}
      >
        {reading ? (
          <article className="page" ref={pageRef}>
            <p className="voice-line">
              {names.voice(spoken?.readingId ? spoken.voice : reading.voice)} · {formatSpeed(speed)} · click a word to read from it
            </p>
            {routed && (
              <div className="notice routed-notice" role="note">
                <p>
                  {names.voice(routed.voice)} reads this {routed.language ? `${languageName(routed.language)} ` : ''}text, chosen by its language. You chose {names.voice(voiceKey!)}.
                </p>
                <button type="button" className="control small" onClick={() => void sessionRef.current?.seek(sessionRef.current.spokenAt() ?? 0, voiceKey!)}>
                  Read it with {names.voice(voiceKey!)}
                </button>
              </div>
            )}
            <FallbackNotice />
            <label className="read-as">
              Language
              {/* Detected from the text; another reads it on from the spoken word with the voice for that language. */}
              <select aria-label="Language of this text" value={reading.language ?? ''} onChange={(e) => e.target.value && void sessionRef.current?.readAs(e.target.value)}>
                {!reading.language && <option value="">Not known</option>}
                {[...new Set([...(reading.language ? [reading.language] : []), ...READ_AS])].map((code) => (
                  <option key={code} value={code}>
                    {languageName(code)}
                  </option>
                ))}
              </select>
            </label>
            {reading.unspoken && reading.language && (
              <div className="notice unspoken-notice" role="note">
                <p>
                  No voice here speaks {languageName(reading.language)}, so {names.voice(reading.voice)} reads it as best it can.
                </p>
                <button type="button" className="control small" onClick={onChooseNaturalVoice}>
                  Find natural voices
                </button>
              </div>
            )}
            <p className="text" ref={textRef} onClick={onTextClick}>
              {reading.text}
            </p>
            {/* Line focus: the lines around the spoken word stay bright, the rest is veiled (line-focus.ts). */}
            <div className="line-focus" ref={focusRef} hidden aria-hidden="true" />
            <p className="sr-only" aria-live="polite">
              {cursorWord}
            </p>
          </article>
        ) : (
          <div className="empty">
            <p className="empty-title">Nothing is being read.</p>
            <p>
              Paste text below and choose Read
              {readHotkeyLabel(readHotkey) ? `, or select text anywhere and press ${readHotkeyLabel(readHotkey)}.` : ', or set a hotkey for reading in Settings.'}
            </p>
          </div>
        )}
      </section>

      <section className="controls" aria-label="Player">
        <div className="bar">
          <div className="bar-row">
            <div className="transport" role="group" aria-label="Playback">
              <PlayerControls
                hasText={!!reading}
                active={active}
                paused={paused}
                shortcuts
                onCommand={(command) => {
                  const session = sessionRef.current;
                  if (!session) return;
                  if (command === 'restart') void session.restart();
                  else if (command === 'previous-sentence') void session.previousSentence();
                  else if (command === 'toggle-pause') session.togglePause();
                  else if (command === 'next-sentence') void session.nextSentence();
                  else void session.stop();
                }}
              />
            </div>
            {/* Held open while a text is shown, so the bar does not move when the position arrives. */}
            {reading && <div className="position-slot">{position && <ReadingPosition {...position} onSeek={(word) => void sessionRef.current?.seekToWord(word)} />}</div>}
          </div>
          <div className="bar-row">
            <button type="button" className="control voice-button" aria-haspopup="dialog" aria-label={`Voice: ${label}`} title={label} onClick={() => setPickerOpen(true)}>
              <span className="voice-button-name">{label}</span>
            </button>
            <label className="player-range speed">
              <span>Speed</span>
              <input
                type="range"
                min={SPEED_MIN}
                max={SPEED_MAX}
                step={0.25}
                value={speed}
                aria-valuetext={`${speed} times`}
                onChange={(e) => {
                  const s = clampSpeed(Number(e.target.value));
                  setSpeed(s);
                  sessionRef.current?.setSpeed(s);
                }}
              />
              <span className="range-value" aria-hidden="true">
                {speed}×
              </span>
            </label>
            <div className="tools">
              <button
                type="button"
                className="control display-toggle"
                aria-expanded={displayOpen}
                aria-controls="reader-display"
                aria-label="Text and queue options"
                onClick={() => setDisplayOpen((o) => !o)}
              >
                <span aria-hidden="true" className="display-glyph">
                  Aa
                </span>
                <span className="tool-word">Text</span>
              </button>
              <button type="button" className="control icon-only more-toggle" aria-expanded={moreOpen} aria-controls="reader-more" aria-label="More" onClick={() => setMoreOpen((o) => !o)}>
                <span aria-hidden="true">⋯</span>
              </button>
            </div>
          </div>
        </div>
      </section>

      {moreOpen && (
        <section id="reader-more" className="more" aria-label="More">
          <label className="player-range">
            <span>Volume</span>
            <input
              type="range"
              min={0}
              max={1}
              step={0.05}
              value={look.volume}
              aria-valuetext={`${Math.round(look.volume * 100)} percent`}
              onChange={(e) => choose({ volume: Number(e.target.value) })}
            />
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={!voiceByLanguage}
              onChange={(e) => {
                const keep = e.target.checked;
                aloud.settings.set({ voiceByLanguage: !keep }).then(
                  (s) => {
                    setVoiceByLanguage(s.voiceByLanguage);
                    setSaid(keep ? 'Your chosen voice reads every language from the next reading on.' : 'Each language is read by its own voice from the next reading on.');
                  },
                  (err: unknown) => setSaid(`Could not change it: ${messageOf(err)}`),
                );
              }}
            />
            Always use my chosen voice, whatever the language
          </label>
          <button
            type="button"
            className="control small help-toggle"
            aria-expanded={helpOpen}
            aria-controls="reader-help"
            aria-label="Keyboard shortcuts"
            aria-keyshortcuts="?"
            onClick={() => setHelpOpen((o) => !o)}
          >
            Keyboard shortcuts
          </button>
        </section>
      )}

      {pickerOpen && voiceKey && (
        <VoicePicker
          current={voiceKey}
          text={reading?.text ?? (draft.trim() || null)}
          volume={look.volume}
          onChoose={(key, name, language) => void chooseVoice(key, name, language)}
          onClose={() => setPickerOpen(false)}
          onOpenSettings={(provider) => {
            setPickerOpen(false);
            onOpenSettings(provider);
          }}
          onFindNaturalVoices={() => {
            setPickerOpen(false);
            onChooseNaturalVoice();
          }}
          holdReading={() => sessionRef.current?.hold() ?? (() => {})}
        />
      )}

      {helpOpen && <ReaderHelp />}

      {displayOpen && <DisplayOptions look={look} choose={choose} resize={resize} />}

      <QueueList />

      {/* While a text is shown the composer is one line; it opens when it takes the focus and stays open (no
          jump under the pointer on its way to Read) until its text is read. */}
      <form className={`composer${reading && !composing ? ' folded' : ''}`} onSubmit={onSubmit} aria-label="Read new text">
        <label htmlFor="draft" className="composer-label">
          Text to read
        </label>
        <textarea
          id="draft"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onFocus={() => setComposing(true)}
          rows={3}
          placeholder={reading ? 'New text: paste or type here' : 'Paste or type text here'}
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

/**
 * The hotkey reads the selection on Linux (its PRIMARY selection). On Windows and macOS it reads the
 * selection only when the optional selection source loads (electron/main/selection-source.ts), else what
 * was copied, so the guide there says to copy, which works either way.
 */
const READS_SELECTION = /Linux/.test(navigator.userAgent) && !/Android/.test(navigator.userAgent);

function formatSpeed(speed: number): string {
  return `${Number(speed.toFixed(2))}× speed`;
}

