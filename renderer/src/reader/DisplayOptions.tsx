// The reader's "Display and queue options": theme, word highlight, text size, and what new text does
// while a reading is under way. The choices themselves are kept by the reader (appearance.ts).
import { HIGHLIGHT_STYLES, THEMES, type Appearance, type HighlightStyle, type Theme } from './appearance';

const THEME_LABELS: Record<Theme, string> = { system: 'System', light: 'Light', dark: 'Dark', 'high-contrast': 'High contrast' };
const HIGHLIGHT_LABELS: Record<HighlightStyle, string> = {
  background: 'Background',
  underline: 'Underline',
  box: 'Bold box',
  contrast: 'High contrast',
};

/** `choose`: change some of the appearance; `resize`: make the text larger (or smaller, by a negative number) by that many pixels. */
export function DisplayOptions({ look, choose, resize }: { look: Appearance; choose(change: Partial<Appearance>): void; resize(by: number): void }) {
  return (
    <details className="display">
      <summary>Display and queue options</summary>
      <div className="display-grid">
        <label>
          Theme
          <select value={look.theme} onChange={(e) => choose({ theme: e.target.value as Theme })}>
            {THEMES.map((t) => <option key={t} value={t}>{THEME_LABELS[t]}</option>)}
          </select>
        </label>
        <label>
          Word highlight
          <select value={look.highlight} onChange={(e) => choose({ highlight: e.target.value as HighlightStyle })}>
            {HIGHLIGHT_STYLES.map((h) => <option key={h} value={h}>{HIGHLIGHT_LABELS[h]}</option>)}
          </select>
        </label>
        <div className="size" role="group" aria-label="Text size">
          <span aria-hidden="true">Text size</span>
          <button type="button" className="control small" onClick={() => resize(-2)} aria-label="Smaller text" aria-keyshortcuts="-">A−</button>
          <span className="size-value">{look.textSize}px</span>
          <button type="button" className="control small" onClick={() => resize(2)} aria-label="Larger text" aria-keyshortcuts="+">A+</button>
        </div>
        <label>
          New text while reading
          <select value={look.queueMode} onChange={(e) => choose({ queueMode: e.target.value === 'queue' ? 'queue' : 'replace' })}>
            <option value="replace">Replaces the reading</option>
            <option value="queue">Waits in the queue</option>
          </select>
        </label>
      </div>
    </details>
  );
}
