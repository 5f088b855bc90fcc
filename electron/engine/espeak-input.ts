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

export function prepareEspeakInput(text: string): EspeakInput {
  let input = '';
  const offsets: number[] = [];
  const emit = (s: string, at: number) => {
    input += s;
    for (const _ of s) offsets.push(at);
  };
  for (let i = 0; i < text.length; ) {
    const code = text.codePointAt(i)!;
    const width = code > 0xffff ? 2 : 1;
    const ch = text.slice(i, i + width);
    if (ch in entities) emit(entities[ch]!, i);
    else if (ch === '[' && text[i + 1] === '[') emit('[ ', i);
    else if (code >= 0xd800 && code <= 0xdfff) emit('\ufffd', i); // a lone surrogate
    else if (code < 0x20 && ch !== '\n' && ch !== '\t') emit(' ', i); // NUL and other controls
    else emit(ch, i);
    i += width;
  }
  offsets.push(text.length);
  return { input, sourceOffset: Int32Array.from(offsets) };
}

/** The UTF-16 offset in the original text that eSpeak's 1-based text position points at. */
export function sourcePosition(prepared: EspeakInput, espeakPosition: number): number {
  const { sourceOffset } = prepared;
  const index = Math.min(Math.max(espeakPosition - 1, 0), sourceOffset.length - 1);
  return sourceOffset[index]!;
}
