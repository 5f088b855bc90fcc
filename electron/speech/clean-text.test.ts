import fc from 'fast-check';
import { cleanText, nextCleanCut, originalRange } from './clean-text';

/** Every cleaned code unit that is not a collapsed space must be the very code unit it maps to. */
function expectMapPointsAtSameChars(original: string): void {
  const { text, sourceIndex } = cleanText(original);
  expect(sourceIndex.length).toBe(text.length + 1);
  for (let i = 0; i < text.length; i++) {
    const from = sourceIndex[i]!;
    if (i > 0) expect(from).toBeGreaterThan(sourceIndex[i - 1]!);
    if (text[i] === ' ' || text[i] === '\u2029') expect(original[from]).toMatch(/\s|\u0085/);
    else expect(original.charCodeAt(from)).toBe(text.charCodeAt(i));
  }
  if (text.length > 0) expect(sourceIndex[text.length]).toBe(sourceIndex[text.length - 1]! + 1);
}

describe('cleanText', () => {
  it('collapses whitespace runs to one space and trims the ends', () => {
    expect(cleanText('  Hello \t\u00a0 world \u3000 ').text).toBe('Hello world');
    expect(cleanText('one\ntwo\r\nthree').text).toBe('one two three');
  });

  it('keeps a blank line as one paragraph break', () => {
    expect(cleanText('Title\n\n  First line.\r\n\r\nSecond.').text).toBe('Title\u2029First line.\u2029Second.');
    expect(cleanText('a\u2029b\fc \n \n d').text).toBe('a\u2029b\u2029c\u2029d');
  });

  it('joins a word hyphenated across a line break', () => {
    expect(cleanText('an exam-\nple of it').text).toBe('an example of it');
    expect(cleanText('an exam-  \r\n   ple').text).toBe('an example');
    expect(cleanText('über-\nzeugt').text).toBe('überzeugt');
    expect(cleanText('exam\u00ad\nple and hy\u00adphen').text).toBe('example and hyphen');
  });

  it('keeps real hyphens, and the hyphen of a compound broken before a capital', () => {
    expect(cleanText('a well-known fact').text).toBe('a well-known fact');
    expect(cleanText('the Franco-\nPrussian war').text).toBe('the Franco-Prussian war');
    expect(cleanText('pages 10-\n12').text).toBe('pages 10-12');
  });

  it('does not join across a paragraph break, nor a dash standing apart', () => {
    expect(cleanText('exam-\n\nple').text).toBe('exam-\u2029ple');
    expect(cleanText('wait -\nthen go').text).toBe('wait - then go');
    expect(cleanText('list:\n- milk').text).toBe('list: - milk');
  });

  it('drops control characters but keeps tabs and line breaks as spaces', () => {
    expect(cleanText('a\u0000b\u0007c\u001bd\u007fe\u009ff').text).toBe('abcdef');
    expect(cleanText('a\tb\u000bc').text).toBe('a b c');
  });

  it('drops terminal escape sequences whole (colours, cursor moves, titles), mapping the words back', () => {
    const colour = '\x1b[1;31mred\x1b[0m and \x1b[32mgreen\x1b[39m';
    const c = cleanText(colour);
    expect(c.text).toBe('red and green');
    expect(colour.slice(c.sourceIndex[0]!, c.sourceIndex[2]! + 1)).toBe('red');
    expect(colour.slice(c.sourceIndex[8]!, c.sourceIndex[12]! + 1)).toBe('green');
    expect(cleanText('\x1b]0;my title\x07Hello\x1b[2K\x1b[1Gworld').text).toBe('Helloworld');
    expect(cleanText('\x1b]8;;https://example.com\x1b\\link\x1b]8;;\x1b\\ text').text).toBe('link text');
    expect(cleanText('ls \x1b[?25lhidden cursor\x1b[?25h').text).toBe('ls hidden cursor');
    // A lone ESC, or one ending the text, takes nothing readable with it.
    expect(cleanText('a\x1b7b \x1b').text).toBe('ab');
  });

  it('drops lone surrogates and keeps surrogate pairs and ZWJ sequences whole', () => {
    expect(cleanText('a\ud800b\udc00c\ud83d').text).toBe('abc');
    expect(cleanText('\udfffx\ud83d\ude00y').text).toBe('x\ud83d\ude00y');
    const family = '\u{1f468}\u200d\u{1f469}\u200d\u{1f467}';
    expect(cleanText(`a ${family} \u{1f1eb}\u{1f1f7}`).text).toBe(`a ${family} \u{1f1eb}\u{1f1f7}`);
  });

  it('gives empty text for whitespace and control characters only', () => {
    const cleaned = cleanText(' \n\t\u0001 \ud800 ');
    expect(cleaned.text).toBe('');
    expect([...cleaned.sourceIndex]).toEqual([0]);
  });

  it('maps every cleaned offset back to where it was in the original', () => {
    const original = '  The exam-\nple,\u0001 ok.\n\nNext\u00a0\u00a0one \ud83d\ude00!';
    const { text, sourceIndex } = cleanText(original);
    expect(text).toBe('The example, ok.\u2029Next one \ud83d\ude00!');
    expectMapPointsAtSameChars(original);
    const word = (w: string) => {
      const at = text.indexOf(w);
      const { charStart, charEnd } = originalRange(sourceIndex, at, at + w.length);
      return original.slice(charStart, charEnd);
    };
    expect(word('example')).toBe('exam-\nple');
    expect(word('ok.')).toBe('ok.');
    expect(word('Next one')).toBe('Next\u00a0\u00a0one');
    expect(word('\ud83d\ude00')).toBe('\ud83d\ude00');
  });

  it('maps back and is idempotent on random text', () => {
    const piece = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 8 }),
      fc.constantFrom(' ', '\n', '\r\n', '\n\n', '\t', '-\n', 'ex-\nam', '\u00ad', '\u0000', '\ud800', '\udc00', '\u200d', '\u{1f1eb}'),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
        const original = pieces.join('');
        expectMapPointsAtSameChars(original);
        const { text } = cleanText(original);
        expect(cleanText(text).text).toBe(text);
        expect(text).not.toMatch(/^\s|\s$|\s\s|[^ \P{Zs}]|\p{Cc}|\p{Cs}/u);
      }),
      { numRuns: Number(process.env.ALOUD_FC_RUNS ?? 300) },
    );
  });

  describe('nextCleanCut', () => {
    it('prefers a paragraph break, then the end of a sentence, within reach', () => {
      const text = 'aaa bbb. Ccc ddd\n\nEee fff. Ggg';
      expect(nextCleanCut(text, 0, 100)).toBe(text.indexOf('Eee'));
      expect(nextCleanCut(text, 0, 5)).toBe(text.indexOf('Ccc'));
      expect(nextCleanCut('Done?" Next', 0, 1)).toBe(7);
    });

    it('does not cut after an abbreviation followed by lowercase, after a hyphen or a control character', () => {
      expect(nextCleanCut('e.g. this one. Then x', 0, 15)).toBe(15);
      expect(nextCleanCut('exam-\nple x', 0, 0)).toBe(10);
      expect(nextCleanCut('Franco-\n\nPrussian x', 0, 0)).toBe(18);
      expect(nextCleanCut('a\u0001 b', 0, 0)).toBe(4);
    });

    it('takes the first safe space when no sentence ends within reach, and the end when the text ends first', () => {
      expect(nextCleanCut('one two three four', 0, 10)).toBe(4);
      expect(nextCleanCut('onetwothree', 0, 3)).toBe(11);
      expect(nextCleanCut('one two', 5, 3)).toBe(7);
      expect(nextCleanCut('Short. Text', 0, 100)).toBe(11);
    });

    it('cuts where cleaning the pieces apart gives the cleaned whole, less the space at the cut', () => {
      const text = 'Alpha\u0002 beta. Gamma-\ndelta e.g. epsilon\r\n\r\nZeta\u00ad\neta theta. Iota';
      for (let from = 0; from < text.length; from++) {
        const cut = nextCleanCut(text, from, 8);
        const [head, tail] = [cleanText(text.slice(0, cut)).text, cleanText(text.slice(cut)).text];
        const whole = cleanText(text).text;
        if (tail === '') expect(head).toBe(whole);
        else expect([`${head} ${tail}`, `${head}\u2029${tail}`]).toContain(whole);
      }
    });
  });
});
