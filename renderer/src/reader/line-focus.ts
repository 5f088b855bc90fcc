// Line focus (as Immersive Reader's): the lines around the spoken word stay bright and the rest of the
// text is veiled. One element, `window`, placed over those lines inside the text's page; its shadow
// (reader.css) is the veil, clipped by the scrolling pane. It moves only when the word changes line.

export class LineFocus {
  private top = Number.NaN;

  constructor(
    /** The positioned box the window is placed in (the page that scrolls with the text). */
    private readonly page: HTMLElement,
    private readonly window: HTMLElement,
    /** The paragraph of the text, whose line height a line is. */
    readonly textElement: HTMLElement,
  ) {}

  /** Brightens `lines` lines centred on `word` (0: no line focus). */
  follow(word: Range, lines: number): void {
    const box = word.getBoundingClientRect();
    if (lines <= 0 || box.height === 0) return this.hide();
    const style = getComputedStyle(this.textElement);
    const lineHeight = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.5;
    const page = this.page.getBoundingClientRect();
    const top = Math.round(box.top + box.height / 2 - page.top - (lines * lineHeight) / 2);
    this.window.hidden = false;
    if (top === this.top && this.window.style.height === `${lines * lineHeight}px`) return;
    this.top = top;
    this.window.style.top = `${top}px`;
    this.window.style.height = `${lines * lineHeight}px`;
  }

  hide(): void {
    this.window.hidden = true;
    this.top = Number.NaN;
  }
}
