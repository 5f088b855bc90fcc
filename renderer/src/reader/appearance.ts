// The reader's display choices, kept in localStorage (they belong to this window, not to main):
// theme, how the spoken word is marked, text size, and what a new reading does while one plays.
// Applied as data attributes / a CSS variable on <html>: data-scheme picks theme.css's colours.
// The Speed is not here: it is one setting in main (settings:get/set `speed`), shared with the tray,
// the library's replays and the command line.

export const THEMES = ['system', 'light', 'dark', 'high-contrast'] as const;
export type Theme = (typeof THEMES)[number];
export const HIGHLIGHT_STYLES = ['background', 'underline', 'box', 'contrast'] as const;
export type HighlightStyle = (typeof HIGHLIGHT_STYLES)[number];
export type QueueMode = 'replace' | 'queue';

export interface Appearance {
  theme: Theme;
  highlight: HighlightStyle;
  /** Reading text size in px. */
  textSize: number;
  queueMode: QueueMode;
  /** Output volume, 0 to 1. */
  volume: number;
}

export const TEXT_SIZE_MIN = 14;
export const TEXT_SIZE_MAX = 40;
const KEY = 'aloud.reader.appearance';
const DEFAULTS: Appearance = { theme: 'system', highlight: 'background', textSize: 21, queueMode: 'replace', volume: 1 };

export function loadAppearance(): Appearance {
  try {
    const raw = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<Appearance>;
    return {
      theme: THEMES.includes(raw.theme as Theme) ? (raw.theme as Theme) : DEFAULTS.theme,
      highlight: HIGHLIGHT_STYLES.includes(raw.highlight as HighlightStyle) ? (raw.highlight as HighlightStyle) : DEFAULTS.highlight,
      textSize: clampSize(typeof raw.textSize === 'number' ? raw.textSize : DEFAULTS.textSize),
      queueMode: raw.queueMode === 'queue' ? 'queue' : 'replace',
      volume: typeof raw.volume === 'number' ? Math.min(1, Math.max(0, raw.volume)) : DEFAULTS.volume,
    };
  } catch {
    return { ...DEFAULTS };
  }
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
  root.style.setProperty('--reader-text-size', `${a.textSize}px`);
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
