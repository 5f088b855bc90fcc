// Whether a text has anything a voice can say: a character that is not white space, a control or
// format character (zero-width spaces, a byte-order mark, direction marks) or a separator.

const SPEAKABLE = /[^\s\p{Cc}\p{Cf}\p{Z}]/u;

export function hasSpeakableText(text: string): boolean {
  return SPEAKABLE.test(text);
}
