import { plainEspeakText, prepareEspeakInput, sourcePosition } from './espeak-input';

/** eSpeak's 1-based code point position of the first occurrence of `needle` in the prepared input. */
function espeakPositionOf(input: string, needle: string): number {
  return [...input.slice(0, input.indexOf(needle))].length + 1;
}

describe('prepareEspeakInput', () => {
  it('leaves plain text alone and maps every position to itself', () => {
    const text = 'Hello, world.';
    const prepared = prepareEspeakInput(text);
    expect(prepared.input).toBe(text);
    for (let i = 0; i <= text.length; i++) expect(sourcePosition(prepared, i + 1)).toBe(i);
  });

  it('escapes SSML markup so it is read, and maps the escapes back to the character', () => {
    const text = 'a < b & c > d';
    const prepared = prepareEspeakInput(text);
    expect(prepared.input).toBe('a &lt; b &amp; c &gt; d');
    expect(sourcePosition(prepared, espeakPositionOf(prepared.input, 'b'))).toBe(text.indexOf('b'));
    expect(sourcePosition(prepared, espeakPositionOf(prepared.input, 'd'))).toBe(text.indexOf('d'));
    // Any position inside an entity points at the character it stands for.
    const amp = espeakPositionOf(prepared.input, '&amp;');
    for (let k = 0; k < 5; k++) expect(sourcePosition(prepared, amp + k)).toBe(text.indexOf('&'));
  });

  it('breaks up [[ so text is never taken as phoneme input', () => {
    const prepared = prepareEspeakInput("say [[h@'loU]] now");
    expect(prepared.input).not.toContain('[[');
    expect(sourcePosition(prepared, espeakPositionOf(prepared.input, 'now'))).toBe("say [[h@'loU]] now".indexOf('now'));
  });

  it('counts code points as eSpeak does and maps them to UTF-16 offsets', () => {
    const text = '😀 é 日本 𝒳 word';
    const prepared = prepareEspeakInput(text);
    expect(prepared.input).toBe(text);
    // '😀' and '𝒳' are two UTF-16 units but one eSpeak character each.
    expect(sourcePosition(prepared, 3)).toBe(text.indexOf('é'));
    expect(sourcePosition(prepared, espeakPositionOf(text, 'word'))).toBe(text.indexOf('word'));
    expect(sourcePosition(prepared, [...text].length + 1)).toBe(text.length);
  });

  it('replaces NUL, control characters and lone surrogates, one for one', () => {
    const text = 'a\u0000b\u0007c\ud800d\udc00e\nf';
    const prepared = prepareEspeakInput(text);
    expect(prepared.input).toBe('a b c\ufffdd\ufffde\nf');
    for (const ch of 'abcdef') expect(sourcePosition(prepared, prepared.input.indexOf(ch) + 1)).toBe(text.indexOf(ch));
  });

  it('clamps positions outside the text to its ends', () => {
    const prepared = prepareEspeakInput('abc');
    expect(sourcePosition(prepared, 0)).toBe(0);
    expect(sourcePosition(prepared, 99)).toBe(3);
  });
});

describe('plainEspeakText', () => {
  it('gives TextToPhonemes the text as it is, markup and [[ too, with only what cannot cross into C replaced', () => {
    expect(plainEspeakText('<b>&amp; [[x]] 😀')).toBe('<b>&amp; [[x]] 😀');
    expect(plainEspeakText('a\u0000b\u0007c\ud800d\udc00e\nf')).toBe('a b c\ufffdd\ufffde\nf');
  });
});
