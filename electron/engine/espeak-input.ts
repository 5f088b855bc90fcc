// The request text as eSpeak must receive it, with a map back to the request text.
// The Emscripten build always synthesizes with SSML and [[phoneme]] input on, so markup characters
// are escaped and "[[" is broken up; a NUL would end the C string, and lone surrogates cannot be
// encoded as UTF-8. eSpeak reports word positions as 1-based code point indexes into what it was
// given: `sourceOffset` turns such an index back into a UTF-16 offset into the original text.

export interface EspeakInput {
  input: string;
  /** UTF-16 offset in the original text of each code point of `input`, plus one entry for the end. */
  sourceOffset: Int32Array;
}

const entities: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;' };

/** What stands for a character that cannot cross into C: a lone surrogate, NUL and other controls. */
function safeChar(ch: string, code: number): string {
  if (code >= 0xd800 && code <= 0xdfff) return '\ufffd';
  if (code < 0x20 && ch !== '\n' && ch !== '\t') return ' ';
  return ch;
}

/** Each code point of the text with its UTF-16 offset. */
function* codePoints(text: string): Generator<[ch: string, code: number, at: number]> {
  for (let i = 0; i < text.length; ) {
    const code = text.codePointAt(i)!;
    const width = code > 0xffff ? 2 : 1;
    yield [text.slice(i, i + width), code, i];
    i += width;
  }
}

export function prepareEspeakInput(text: string): EspeakInput {
  let input = '';
  const offsets: number[] = [];
  const emit = (s: string, at: number) => {
    input += s;
    for (const _ of s) offsets.push(at);
  };
  for (const [ch, code, i] of codePoints(text)) {
    if (ch in entities) emit(entities[ch]!, i);
    else if (ch === '[' && text[i + 1] === '[') emit('[ ', i);
    else emit(safeChar(ch, code), i);
  }
  offsets.push(text.length);
  return { input, sourceOffset: Int32Array.from(offsets) };
}

/**
 * The text as eSpeak's TextToPhonemes must receive it (plain text, as piper-phonemize gives it: no
 * markup, no [[phonemes]]): only what cannot cross into C as UTF-8 is replaced, one character for one.
 */
export function plainEspeakText(text: string): string {
  let plain = '';
  for (const [ch, code] of codePoints(text)) plain += safeChar(ch, code);
  return plain;
}

/** The UTF-16 offset in the original text that eSpeak's 1-based text position points at. */
export function sourcePosition(prepared: EspeakInput, espeakPosition: number): number {
  const { sourceOffset } = prepared;
  const index = Math.min(Math.max(espeakPosition - 1, 0), sourceOffset.length - 1);
  return sourceOffset[index]!;
}
