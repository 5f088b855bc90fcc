// The reader's "Text and queue options", opened from the player bar's Text button: theme; the reading text's font,
// size, spacing and column; line focus; how, where and in what colour the spoken word is marked; and what
// new text does while a reading is under way. The choices themselves are kept by the reader
// (appearance.ts); every colour is within WCAG contrast in every theme (theme.css).
import { useId } from 'react';
import {
  COLUMNS,
  DEFAULT_APPEARANCE,
  FONTS,
  HIGHLIGHT_COLOURS,
  HIGHLIGHT_MARKS,
  HIGHLIGHT_STYLES,
  LETTER_SPACINGS,
  LINE_FOCUS,
  LINE_SPACINGS,
  THEMES,
  WORD_SPACINGS,
  type Appearance,
  type Column,
  type HighlightColour,
  type HighlightMark,
  type HighlightStyle,
  type LineFocus,
  type ReadingFont,
  type Theme,
} from './appearance';

const THEME_LABELS: Record<Theme, string> = { system: 'System', light: 'Light', dark: 'Dark', 'high-contrast': 'High contrast' };
const HIGHLIGHT_LABELS: Record<HighlightStyle, string> = {
  background: 'Background',
  underline: 'Underline',
  box: 'Bold box',
  contrast: 'High contrast',
};
const MARK_LABELS: Record<HighlightMark, string> = { both: 'Word and sentence', word: 'Word only', sentence: 'Sentence only' };
const COLOUR_LABELS: Record<HighlightColour, string> = { yellow: 'Yellow', green: 'Green', blue: 'Blue', pink: 'Pink' };
const FONT_LABELS: Record<ReadingFont, string> = { serif: 'Serif', sans: 'Sans-serif', hyperlegible: 'Atkinson Hyperlegible', dyslexic: 'OpenDyslexic' };
const COLUMN_LABELS: Record<Column, string> = { narrow: 'Narrow', medium: 'Medium', wide: 'Wide', full: 'Full width' };
const FOCUS_LABELS: Record<LineFocus, string> = { 0: 'Off', 1: 'One line', 3: 'Three lines', 5: 'Five lines' };
const SPACING_WORDS = ['Normal', 'Wide', 'Wider', 'Widest'];

/** A labelled select of `values`, each shown as `show(value, index)`; named by its label alone (not its options). */
function Choice<T extends string | number>({ label, values, value, show, onChange }: { label: string; values: readonly T[]; value: T; show(v: T, i: number): string; onChange(v: T): void }) {
  const id = useId();
  return (
    <div className="choice">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={String(value)} onChange={(e) => onChange(values.find((v) => String(v) === e.target.value) ?? value)}>
        {values.map((v, i) => (
          <option key={String(v)} value={String(v)}>
            {show(v, i)}
          </option>
        ))}
      </select>
    </div>
  );
}

/** `choose`: change some of the appearance; `resize`: make the text larger (or smaller, by a negative number) by that many pixels. */
export function DisplayOptions({ look, choose, resize }: { look: Appearance; choose(change: Partial<Appearance>): void; resize(by: number): void }) {
  return (
    <section id="reader-display" className="display" aria-labelledby="reader-display-title">
      <h2 id="reader-display-title" className="panel-title">
        Text and queue options
      </h2>
      <div className="display-grid">
        <Choice label="Theme" values={THEMES} value={look.theme} show={(t) => THEME_LABELS[t]} onChange={(theme) => choose({ theme })} />
        <Choice label="Font" values={FONTS} value={look.font} show={(f) => FONT_LABELS[f]} onChange={(font) => choose({ font })} />
        <div className="size" role="group" aria-label="Text size">
          <span aria-hidden="true">Text size</span>
          <button type="button" className="control small" onClick={() => resize(-2)} aria-label="Smaller text" aria-keyshortcuts="-">
            A−
          </button>
          <span className="size-value">{look.textSize}px</span>
          <button type="button" className="control small" onClick={() => resize(2)} aria-label="Larger text" aria-keyshortcuts="+">
            A+
          </button>
        </div>
        <Choice label="Line spacing" values={LINE_SPACINGS} value={look.lineSpacing} show={(v) => `${v}×`} onChange={(lineSpacing) => choose({ lineSpacing })} />
        <Choice label="Letter spacing" values={LETTER_SPACINGS} value={look.letterSpacing} show={(_, i) => SPACING_WORDS[i]!} onChange={(letterSpacing) => choose({ letterSpacing })} />
        <Choice label="Word spacing" values={WORD_SPACINGS} value={look.wordSpacing} show={(_, i) => SPACING_WORDS[i]!} onChange={(wordSpacing) => choose({ wordSpacing })} />
        <Choice label="Column width" values={COLUMNS} value={look.column} show={(c) => COLUMN_LABELS[c]} onChange={(column) => choose({ column })} />
        <Choice label="Line focus" values={LINE_FOCUS} value={look.lineFocus} show={(n) => FOCUS_LABELS[n]} onChange={(lineFocus) => choose({ lineFocus })} />
        <Choice label="Highlight" values={HIGHLIGHT_MARKS} value={look.mark} show={(m) => MARK_LABELS[m]} onChange={(mark) => choose({ mark })} />
        <Choice label="Word highlight" values={HIGHLIGHT_STYLES} value={look.highlight} show={(h) => HIGHLIGHT_LABELS[h]} onChange={(highlight) => choose({ highlight })} />
        <Choice label="Highlight colour" values={HIGHLIGHT_COLOURS} value={look.colour} show={(c) => COLOUR_LABELS[c]} onChange={(colour) => choose({ colour })} />
        <label>
          New text while reading
          <select value={look.queueMode} onChange={(e) => choose({ queueMode: e.target.value === 'queue' ? 'queue' : 'replace' })}>
            <option value="replace">Replaces the reading</option>
            <option value="queue">Waits in the queue</option>
          </select>
        </label>
        <button
          type="button"
          className="control small"
          onClick={() => {
            // The look only: the volume and the queue's behaviour are not display choices.
            const { volume: _v, queueMode: _q, ...look } = DEFAULT_APPEARANCE;
            choose(look);
          }}
        >
          Reset display
        </button>
      </div>
    </section>
  );
}
