// The text pane's word cursor: a click on a word reads from it, and in the text Ctrl+Left/Right choose
// a word and Enter reads from it (listed under "?", ReaderHelp.tsx).
import { useState, type KeyboardEvent as ReactKeyboardEvent, type MouseEvent, type RefObject } from 'react';
import type { ReadingSession } from './reading-session';
import { nextWord, previousWord, wordStartAt } from './sentences';
import { keepInView } from './word-highlighter';

/**
 * `text`: the text shown (null when nothing is); `viewportRef`: the text pane, which scrolls;
 * `textRef`: the paragraph that holds the text. Gives the word under the cursor (for screen readers),
 * and the handlers for the paragraph's clicks and the pane's keys.
 */
export function useWordCursor({
  text,
  sessionRef,
  viewportRef,
  textRef,
}: {
  text: string | null;
  sessionRef: RefObject<ReadingSession | null>;
  viewportRef: RefObject<HTMLElement | null>;
  textRef: RefObject<HTMLParagraphElement | null>;
}) {
  /** The word under the keyboard's word cursor, told to screen readers. */
  const [cursorWord, setCursorWord] = useState('');

  /** A click on a word reads from that word. */
  const onTextClick = (e: MouseEvent<HTMLParagraphElement>) => {
    const node = textRef.current?.firstChild;
    if (!(node instanceof Text) || text === null) return;
    const sel = window.getSelection();
    if (sel && !sel.isCollapsed) return; // The user is selecting text, not clicking a word.
    const offset = caretOffsetAt(e.clientX, e.clientY, node);
    if (offset === null) return;
    void sessionRef.current?.seek(wordStartAt(text, offset));
  };

  /**
   * The text is one tab stop; in it Ctrl+Left/Right move a word cursor (the selection, as in any text,
   * so screen readers and forced colours show it) from the spoken word, and Enter reads from the
   * selection or caret (the word cursor, caret browsing, or text selected by keyboard).
   */
  const onTextKey = (e: ReactKeyboardEvent<HTMLElement>) => {
    if (text === null) return;
    if ((e.key === 'ArrowRight' || e.key === 'ArrowLeft') && e.ctrlKey && !e.altKey && !e.metaKey && !e.shiftKey) {
      moveWordCursor(e.key === 'ArrowRight' ? 1 : -1);
      e.preventDefault();
      return;
    }
    if (e.key !== 'Enter') return;
    const node = textRef.current?.firstChild;
    const sel = window.getSelection();
    if (!(node instanceof Text) || !sel || sel.rangeCount === 0) return;
    const range = sel.getRangeAt(0);
    if (range.startContainer !== node) return;
    e.preventDefault();
    const cursorOn = !range.collapsed && range.endContainer === node && text.slice(range.startOffset, range.endOffset) === cursorWord;
    // The cursor sits on a word start as the locale splits words (CJK has no spaces to go back to).
    void sessionRef.current?.seek(cursorOn ? range.startOffset : wordStartAt(text, range.startOffset));
    sel.collapseToStart();
    setCursorWord('');
  };

  const moveWordCursor = (by: 1 | -1) => {
    const node = textRef.current?.firstChild;
    const viewport = viewportRef.current;
    const sel = window.getSelection();
    if (!(node instanceof Text) || !viewport || !sel || text === null) return;
    const range = sel.rangeCount > 0 ? sel.getRangeAt(0) : null;
    // From the word on the cursor, else from the spoken word, else from the start (or the end).
    const from = range && !range.collapsed && range.startContainer === node ? range.startOffset : sessionRef.current?.spokenAt() ?? (by > 0 ? -1 : node.length);
    const word = by > 0 ? nextWord(text, from) : previousWord(text, from);
    if (!word) return;
    sel.setBaseAndExtent(node, word.start, node, word.end);
    keepInView(viewport, sel.getRangeAt(0));
    setCursorWord(text.slice(word.start, word.end));
  };

  return { cursorWord, onTextClick, onTextKey };
}

/** Where in `node` the point (x, y) on screen falls, as a character offset; null when it is not on that text. */
function caretOffsetAt(x: number, y: number, node: Text): number | null {
  const doc = document as Document & { caretPositionFromPoint?: (x: number, y: number) => { offsetNode: Node; offset: number } | null };
  const pos = doc.caretPositionFromPoint?.(x, y);
  if (pos) return pos.offsetNode === node ? pos.offset : null;
  const range = document.caretRangeFromPoint?.(x, y);
  return range && range.startContainer === node ? range.startOffset : null;
}
