// The reader's display choices, kept in localStorage (they belong to this window, not to main):
// theme, the reading text's font, size, spacing and column, line focus, how and in what colour the
// spoken word and its sentence are marked, the volume, and what a new reading does while one plays.
// Applied as data attributes and CSS variables on <html>: data-scheme picks theme.css's colours,
// data-mark-colour the highlight's, reader.css the rest.
// The Speed is not here: it is one setting in main (settings:get/set `speed`), shared with the tray,
// the library's replays and the command line.

export const THEMES = ['system', 'light', 'dark', 'high-contrast'] as const;
export type Theme = (typeof THEMES)[number];
/** How the spoken word is drawn. */
export const HIGHLIGHT_STYLES = ['background', 'underline', 'box', 'contrast'] as const;
export type HighlightStyle = (typeof HIGHLIGHT_STYLES)[number];
/** What is marked: the word, its sentence, or both. */
export const HIGHLIGHT_MARKS = ['both', 'word', 'sentence'] as const;
export type HighlightMark = (typeof HIGHLIGHT_MARKS)[number];
/** The marks' colour; theme.css holds each one's shades for every scheme, all within WCAG contrast. */
export const HIGHLIGHT_COLOURS = ['yellow', 'green', 'blue', 'pink'] as const;
export type HighlightColour = (typeof HIGHLIGHT_COLOURS)[number];
/** The reading text's font: the bundled hyperlegible and dyslexia-friendly faces, or the system's. */
export const FONTS = ['serif', 'sans', 'hyperlegible', 'dyslexic'] as const;
export type ReadingFont = (typeof FONTS)[number];
/** The longest line, in characters ('full': the pane's width). */
export const COLUMNS = ['narrow', 'medium', 'wide', 'full'] as const;
export type Column = (typeof COLUMNS)[number];
/** How many lines around the spoken word stay bright (0: no line focus). */
export const LINE_FOCUS = [0, 1, 3, 5] as const;
export type LineFocus = (typeof LINE_FOCUS)[number];
export type QueueMode = 'replace' | 'queue';

/** Spacing steps: from the font's own up to past WCAG 1.4.12's text-spacing figures. */
export const LINE_SPACINGS = [1.5, 1.75, 2, 2.5] as const;
export const LETTER_SPACINGS = [0, 0.05, 0.12, 0.2] as const;
export const WORD_SPACINGS = [0, 0.16, 0.32, 0.5] as const;

export interface Appearance {
  theme: Theme;
  highlight: HighlightStyle;
  mark: HighlightMark;
  colour: HighlightColour;
  font: ReadingFont;
  /** Reading text size in px. */
  textSize: number;
  /** Line height, a multiple of the text size. */
  lineSpacing: number;
  /** Extra space between letters and between words, in em. */
  letterSpacing: number;
  wordSpacing: number;
  column: Column;
  lineFocus: LineFocus;
  queueMode: QueueMode;
  /** Output volume, 0 to 1. */
  volume: number;
}

export const TEXT_SIZE_MIN = 14;
export const TEXT_SIZE_MAX = 56;
const KEY = 'aloud.reader.appearance';
export const DEFAULT_APPEARANCE: Readonly<Appearance> = {
  theme: 'system',
  highlight: 'background',
  mark: 'both',
  colour: 'yellow',
  font: 'serif',
  textSize: 21,
  lineSpacing: 1.75,
  letterSpacing: 0,
  wordSpacing: 0,
  column: 'medium',
  lineFocus: 0,
  queueMode: 'replace',
  volume: 1,
};

/** `value` when it is one of `allowed`, else `fallback`: whatever storage holds (an older or hand-edited value) reads as a choice there is. */
const oneOf = <T>(allowed: readonly T[], value: unknown, fallback: T): T => (allowed.includes(value as T) ? (value as T) : fallback);

export function loadAppearance(): Appearance {
  try {
    return parseAppearance(JSON.parse(localStorage.getItem(KEY) ?? '{}'));
  } catch {
    return { ...DEFAULT_APPEARANCE };
  }
}

/** What storage held, made into choices there are (anything else: the default). */
export function parseAppearance(stored: unknown): Appearance {
  const raw = (typeof stored === 'object' && stored !== null ? stored : {}) as Partial<Record<keyof Appearance, unknown>>;
  const d = DEFAULT_APPEARANCE;
  return {
    theme: oneOf(THEMES, raw.theme, d.theme),
    highlight: oneOf(HIGHLIGHT_STYLES, raw.highlight, d.highlight),
    mark: oneOf(HIGHLIGHT_MARKS, raw.mark, d.mark),
    colour: oneOf(HIGHLIGHT_COLOURS, raw.colour, d.colour),
    font: oneOf(FONTS, raw.font, d.font),
    textSize: typeof raw.textSize === 'number' && Number.isFinite(raw.textSize) ? clampSize(raw.textSize) : d.textSize,
    lineSpacing: oneOf(LINE_SPACINGS, raw.lineSpacing, d.lineSpacing),
    letterSpacing: oneOf(LETTER_SPACINGS, raw.letterSpacing, d.letterSpacing),
    wordSpacing: oneOf(WORD_SPACINGS, raw.wordSpacing, d.wordSpacing),
    column: oneOf(COLUMNS, raw.column, d.column),
    lineFocus: oneOf(LINE_FOCUS, raw.lineFocus, d.lineFocus),
    queueMode: raw.queueMode === 'queue' ? 'queue' : 'replace',
    volume: typeof raw.volume === 'number' && Number.isFinite(raw.volume) ? Math.min(1, Math.max(0, raw.volume)) : d.volume,
  };
}

export function saveAppearance(a: Appearance): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(a));
  } catch {
    // Storage full or disabled: the choice lasts for this session only.
  }
  applyAppearance(a);
}

/** The colours theme.css paints with: the theme chosen, or the system's for System. */
export type Scheme = 'light' | 'dark' | 'high-contrast';

/** `prefers` answers a media query (window.matchMedia in the page). */
export function schemeFor(theme: Theme, prefers: (query: string) => boolean): Scheme {
  if (theme !== 'system') return theme;
  if (prefers('(prefers-contrast: more)')) return 'high-contrast';
  return prefers('(prefers-color-scheme: dark)') ? 'dark' : 'light';
}

const SYSTEM_QUERIES = ['(prefers-contrast: more)', '(prefers-color-scheme: dark)'];
let applied: { a: Appearance; root: HTMLElement } | null = null;
let watching = false;

export function applyAppearance(a: Appearance, root: HTMLElement = document.documentElement): void {
  root.dataset.theme = a.theme;
  root.dataset.scheme = schemeFor(a.theme, (q) => window.matchMedia(q).matches);
  root.dataset.highlight = a.highlight;
  root.dataset.mark = a.mark;
  root.dataset.markColour = a.colour;
  root.dataset.readingFont = a.font;
  root.dataset.column = a.column;
  root.style.setProperty('--reader-text-size', `${a.textSize}px`);
  root.style.setProperty('--reader-line-height', String(a.lineSpacing));
  root.style.setProperty('--reader-letter-spacing', `${a.letterSpacing}em`);
  root.style.setProperty('--reader-word-spacing', `${a.wordSpacing}em`);
  applied = { a, root };
  // System follows the system's changes while the window is open.
  if (!watching) {
    watching = true;
    for (const q of SYSTEM_QUERIES) window.matchMedia(q).addEventListener('change', () => applied && applyAppearance(applied.a, applied.root));
  }
}

export function clampSize(px: number): number {
  return Math.min(TEXT_SIZE_MAX, Math.max(TEXT_SIZE_MIN, Math.round(px)));
}

/**
 * The playback speed an older reader kept here (it multiplied the voice rate in the settings), once:
 * it is removed as it is read, so the reader can fold it into the one Speed. Null when there is none.
 */
export function takeLegacySpeed(): number | null {
  try {
    const raw = JSON.parse(localStorage.getItem(KEY) ?? '{}') as { speed?: unknown };
    const speed = raw.speed;
    if (speed === undefined) return null;
    delete raw.speed;
    localStorage.setItem(KEY, JSON.stringify(raw));
    return typeof speed === 'number' && Number.isFinite(speed) ? speed : null;
  } catch {
    return null;
  }
}
