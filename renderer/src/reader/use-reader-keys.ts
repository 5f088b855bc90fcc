// The reader's shortcuts (listed under "?", ReaderHelp.tsx), taken from the whole window; typing in a
// field keeps its keys.
import { useEffect, type RefObject } from 'react';
import { isReadHotkey, type ReadHotkey } from '../app/read-hotkey';
import type { MediaAction } from './media-session';
import type { ReadingSession } from './reading-session';

/**
 * `pickerOpen`: the voice picker is open (it is modal: its keys are its own);
 * `helpOpen`, `setHelpOpen`: the shortcuts list is shown ("?" toggles it, Escape closes it);
 * `resize`: make the text larger (or smaller, by a negative number) by that many pixels.
 */
export function useReaderKeys({
  sessionRef,
  readHotkey,
  pickerOpen,
  helpOpen,
  setHelpOpen,
  resize,
}: {
  sessionRef: RefObject<ReadingSession | null>;
  /** The read hotkey as set in Settings. */
  readHotkey: ReadHotkey;
  pickerOpen: boolean;
  helpOpen: boolean;
  setHelpOpen(open: boolean | ((open: boolean) => boolean)): void;
  resize(by: number): void;
}): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const session = sessionRef.current;
      // The voice picker is modal: its keys are its own.
      if (!session || pickerOpen || e.defaultPrevented) return;
      // The read hotkey pressed in this window (where main's global shortcut does not take it first)
      // reads what is selected here: the first-run guide's "try it now".
      if (isReadHotkey(e, readHotkey)) {
        const selected = window.getSelection()?.toString().trim() ?? '';
        if (!selected) return;
        e.preventDefault();
        void session.read(selected);
        return;
      }
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      const media = MEDIA_KEYS[e.key];
      if (media) {
        // Media keys type nothing, so they act from a text field too.
        e.preventDefault();
        session.mediaKey(media);
        return;
      }
      if (e.key === 'Escape') {
        if (helpOpen) setHelpOpen(false);
        else if (session.isActive()) void session.stop();
        else return;
        e.preventDefault();
        return;
      }
      if (isTypingTarget(e.target) || (e.key === ' ' && e.target instanceof HTMLElement && ['BUTTON', 'SUMMARY'].includes(e.target.tagName))) return;
      const act: Record<string, () => void> = {
        ' ': () => session.togglePause(),
        ArrowLeft: () => void session.previousSentence(),
        ArrowRight: () => void session.nextSentence(),
        r: () => void session.restart(),
        '+': () => resize(2),
        '=': () => resize(2),
        '-': () => resize(-2),
        '?': () => setHelpOpen((o) => !o),
      };
      const run = act[e.key];
      if (!run) return;
      e.preventDefault();
      run();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [helpOpen, pickerOpen, readHotkey]);
}

const MEDIA_KEYS: Partial<Record<string, MediaAction>> = {
  MediaPlayPause: 'play-pause',
  MediaPlay: 'play',
  MediaPause: 'pause',
  MediaStop: 'stop',
  MediaTrackPrevious: 'previous',
  MediaTrackNext: 'next',
};

function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  // Text fields and lists need their keys; buttons keep Space (handled above) but take the shortcuts.
  return target.isContentEditable || ['TEXTAREA', 'INPUT', 'SELECT'].includes(target.tagName);
}
