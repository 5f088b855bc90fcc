// Marks the spoken word with the CSS Custom Highlight API: a Range over the one text node that holds
// the reading, painted by `::highlight(aloud-word)`. No DOM is rebuilt per word, so moving the
// highlight every animation frame costs next to nothing even for a book-length text.
// Char offsets are UTF-16 code units, the same unit as DOM Range offsets.

const HIGHLIGHT_NAME = 'aloud-word';
/** The sentence around the spoken word, painted more softly by `::highlight(aloud-sentence)`. */
const SENTENCE_NAME = 'aloud-sentence';
/** Keep the spoken line inside the middle of the view: scroll when it leaves this band. */
const BAND_TOP = 0.15;
const BAND_BOTTOM = 0.8;

export class WordHighlighter {
  private readonly range = new Range();
  private readonly sentence = new Range();

  constructor(
    /** The scrolling box that shows the text. */
    private readonly viewport: HTMLElement,
    /** The element whose single text node is the reading's original text. */
    readonly textElement: HTMLElement,
  ) {}

  /** The spoken word's range (empty before the first word). */
  get word(): Range {
    return this.range;
  }

  show(charStart: number, charEnd: number, sentence?: { start: number; end: number }): void {
    const node = this.textElement.firstChild;
    if (!(node instanceof Text)) return;
    const end = Math.min(charEnd, node.length);
    this.range.setStart(node, Math.min(charStart, end));
    this.range.setEnd(node, end);
    if (typeof CSS !== 'undefined' && CSS.highlights) {
      const word = new Highlight(this.range);
      word.priority = 1; // Painted over the sentence.
      CSS.highlights.set(HIGHLIGHT_NAME, word);
      if (sentence) {
        const sEnd = Math.min(sentence.end, node.length);
        this.sentence.setStart(node, Math.min(sentence.start, sEnd));
        this.sentence.setEnd(node, sEnd);
        CSS.highlights.set(SENTENCE_NAME, new Highlight(this.sentence));
      } else CSS.highlights.delete(SENTENCE_NAME);
    }
    keepInView(this.viewport, this.range);
  }

  clear(): void {
    if (typeof CSS !== 'undefined' && CSS.highlights) {
      CSS.highlights.delete(HIGHLIGHT_NAME);
      CSS.highlights.delete(SENTENCE_NAME);
    }
  }
}

/**
 * Scrolls `range` back into the middle of `viewport` when it drifts out of it: the spoken word, or
 * the word the keyboard's word cursor is on. Instant when the user asks for reduced motion.
 */
export function keepInView(viewport: HTMLElement, range: Range): void {
  const word = range.getBoundingClientRect();
  if (word.height === 0) return;
  const view = viewport.getBoundingClientRect();
  const top = view.top + view.height * BAND_TOP;
  const bottom = view.top + view.height * BAND_BOTTOM;
  if (word.top >= top && word.bottom <= bottom) return;
  viewport.scrollBy({
    top: word.top - (view.top + view.height * 0.33),
    behavior: reducedMotion().matches ? 'instant' : 'smooth',
  });
}

/**
 * Brings the whole pane into the window when part of it is scrolled off: in a short or zoomed window
 * the page scrolls, and after Read (or a reading started from elsewhere) the text must be in view.
 */
export function revealPane(viewport: HTMLElement): void {
  const pane = viewport.getBoundingClientRect();
  if (pane.height === 0 || (pane.top >= -1 && pane.bottom <= innerHeight + 1)) return;
  viewport.scrollIntoView({ block: pane.height > innerHeight ? 'start' : 'nearest', behavior: 'instant' });
}

let motionQuery: MediaQueryList | null = null;
/** Live: follows the system setting as it changes. */
function reducedMotion(): MediaQueryList {
  motionQuery ??= matchMedia('(prefers-reduced-motion: reduce)');
  return motionQuery;
}
