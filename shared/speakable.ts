// Whether a text has anything a voice can say: a character that is not white space, a control or
// format character (zero-width spaces, a byte-order mark, direction marks) or a separator; and the
// most one reading may hold.

/** The longest text one reading takes (the tray, the reader, the command line): generous, but bounded; a whole book is about 1 MB of text. */
export const MAX_READING_CHARS = 2_000_000;

const SPEAKABLE = /[^\s\p{Cc}\p{Cf}\p{Z}]/u;

export function hasSpeakableText(text: string): boolean {
  return SPEAKABLE.test(text);
}
