// The reading the reader shows: its text, where it began, its timeline of words heard, how much audio
// has arrived, and what follows from those alone: the spoken word's place, the position bar's figures
// and the start buffer. The session (reading-session.ts) drives it; nothing here touches audio.
import type { Chunk } from '../../../shared/chunk';
import type { EventPayload, PlayerState } from '../../../shared/ipc';
import type { ChunkAudioFeed } from '../audio/chunk-audio-feed';
import { PlayerTimeline } from './player-timeline';
import { positionTimes, wordIndexAt, wordStarts } from './reading-position';
import { sentenceStarts } from './sentences';
import { bufferSecondsFor, spokenSecondsGuess } from './start-buffer';

export type PlayerPosition = NonNullable<PlayerState['position']>;

export class ShownReading {
  readonly readingId: string;
  readonly text: string;
  readonly voice: string;
  readonly timeline = new PlayerTimeline();
  /** False until the first chunk sets the player's rate. */
  begun = false;
  ended: EventPayload<'reading:ended'> | null = null;
  /** The segment the clock was last found in, and the last one told to main. */
  segmentHint = -1;
  reportedSegment = 0;
  private sentenceStarts: number[] | null;
  private wordStartList: number[] | null = null;
  /** How long the reading may last, for the start buffer until the voice sends words. */
  private readonly guessedSeconds: number;
  /** performance.now() when the reading started, for the delivery speed. */
  private readonly startedAt = performance.now();
  private receivedSeconds = 0;
  /** Furthest character the received words reach. */
  private wordsReach = 0;

  constructor(
    started: EventPayload<'reading:started'>,
    /** Where this reading began in the text (a seek starts part way). */
    readonly fromChar: number,
    /** Decodes (MP3, Opus, WAV) and orders the chunks' audio into the player. */
    readonly feed: ChunkAudioFeed,
    /** The reading shown before, whose sentences serve again when the text is the same (a seek). */
    previous: ShownReading | null,
  ) {
    this.readingId = started.readingId;
    this.text = started.text;
    this.voice = started.voice;
    this.sentenceStarts = previous?.text === started.text ? previous.sentenceStarts : null;
    this.guessedSeconds = spokenSecondsGuess(fromChar > 0 ? started.text.slice(fromChar) : started.text);
  }

  sentences(): number[] {
    this.sentenceStarts ??= sentenceStarts(this.text);
    return this.sentenceStarts;
  }

  wordStarts(): number[] {
    this.wordStartList ??= wordStarts(this.text);
    return this.wordStartList;
  }

  /** Where the `wordIndex`-th word heard starts; where the reading began before the first word. */
  spokenChar(wordIndex: number): number {
    return this.timeline.words[wordIndex]?.charStart ?? this.fromChar;
  }

  /** Where the text's `word`-th word (the position bar's index) starts. */
  wordStart(word: number): number {
    const starts = this.wordStarts();
    return starts[Math.min(word, starts.length - 1)] ?? 0;
  }

  /**
   * Where the listener is, for the position bar (here and in the mini player): the spoken word among
   * the text's words, and the time heard and left at the pace heard so far (a sentence or so heard
   * gives a pace worth telling; before that, a default pace at the Speed).
   */
  position(wordIndex: number, sampleRate: number, speed: number): PlayerPosition {
    const starts = this.wordStarts();
    const words = this.timeline.words;
    const first = words[0];
    const at = words[wordIndex];
    const secondsPerChar = first && at && at.charStart - first.charStart >= 40 && sampleRate > 0 ? (at.frame - first.frame) / sampleRate / (at.charStart - first.charStart) : null;
    const word = wordIndexAt(starts, this.spokenChar(wordIndex));
    const times = positionTimes(starts[word] ?? 0, this.text.length, secondsPerChar, speed);
    return { word, words: starts.length, heardSeconds: times.heard, leftSeconds: times.left };
  }

  /** Counts a chunk's audio and words as arrived. */
  received(chunk: Chunk): void {
    const audio = chunk.audio;
    this.receivedSeconds += audio.kind === 'pcm' ? audio.samples.length / audio.channels / audio.sampleRate : chunk.durationMs / 1000;
    for (const w of chunk.words) this.wordsReach = Math.max(this.wordsReach, w.charEnd);
  }

  /** Enough to buffer, at the speed synthesis is delivering, to play to the end without running dry. */
  startBufferSeconds(playbackSpeed: number): number {
    const length = this.text.length - this.fromChar;
    return bufferSecondsFor({
      receivedSeconds: this.receivedSeconds,
      elapsedSeconds: (performance.now() - this.startedAt) / 1000,
      textFraction: length > 0 ? Math.max(0, this.wordsReach - this.fromChar) / length : 1,
      guessedSeconds: this.guessedSeconds,
      playbackSpeed,
    });
  }
}
