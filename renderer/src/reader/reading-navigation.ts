// Moving about in the text shown: main starts a new reading of the same text at the place asked for,
// whose word offsets still point into the whole text, so the highlight lands where the person went.
import { kindOf, messageOf, type ErrorKind } from '../../../shared/ipc-error';
import type { AloudClient } from '../app/aloud-client';
import { nextSentenceStart, previousSentenceStart } from './sentences';
import type { ShownReading } from './shown-reading';

/** The reading shown, with the index of the word heard (-1 before the first) and the Speed. */
export interface ShownPlace {
  reading: ShownReading;
  wordIndex: number;
  speed: number;
}

export class ReadingNavigation {
  /** The offset a move asked for, until main announces the reading that starts there. */
  private pendingFrom = 0;

  constructor(
    private readonly aloud: AloudClient,
    private readonly place: () => ShownPlace | null,
    private readonly failed: (message: string, kind: ErrorKind) => void,
  ) {}

  /** Where the reading main just announced starts (0 unless a move asked for it). */
  takePendingFrom(): number {
    const from = this.pendingFrom;
    this.pendingFrom = 0;
    return from;
  }

  /** Where the word being spoken (or last spoken) starts; null with no text shown. */
  spokenAt(): number | null {
    const at = this.place();
    return at ? at.reading.spokenChar(at.wordIndex) : null;
  }

  /** Reads the shown text from `fromChar` (a word start), with `voice` or the same voice. */
  async seek(fromChar: number, voice?: string): Promise<void> {
    const at = this.place();
    if (!at) return;
    this.pendingFrom = fromChar;
    try {
      await this.aloud.reading.start({ text: at.reading.text, voice: voice ?? at.reading.voice, speed: at.speed, fromChar, mode: 'replace' });
    } catch (err) {
      this.failed(`Could not move there: ${messageOf(err)}`, kindOf(err));
    }
  }

  /**
   * Reads on from the spoken word as written in `language` (the person's correction of the language
   * detected): main picks the voice for that language.
   */
  async readAs(language: string): Promise<void> {
    const at = this.place();
    if (!at) return;
    const fromChar = at.reading.spokenChar(at.wordIndex);
    this.pendingFrom = fromChar;
    try {
      await this.aloud.reading.start({ text: at.reading.text, speed: at.speed, fromChar, language, mode: 'replace' });
    } catch (err) {
      this.failed(`Could not read it as another language: ${messageOf(err)}`, kindOf(err));
    }
  }

  /** Back to the start of the previous sentence (of the current one when at its first word). */
  previousSentence(): Promise<void> {
    const at = this.place();
    return at ? this.seek(previousSentenceStart(at.reading.sentences(), at.reading.spokenChar(at.wordIndex))) : Promise.resolve();
  }

  nextSentence(): Promise<void> {
    const at = this.place();
    const next = at ? nextSentenceStart(at.reading.sentences(), at.reading.spokenChar(at.wordIndex)) : null;
    return next === null ? Promise.resolve() : this.seek(next);
  }

  /** Reads on from the text's `word`-th word (the position bar's index). */
  seekToWord(word: number): Promise<void> {
    const at = this.place();
    return at ? this.seek(at.reading.wordStart(word)) : Promise.resolve();
  }
}
