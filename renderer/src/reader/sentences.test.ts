import { nextSentenceStart, nextWord, previousSentenceStart, previousWord, sentenceIndexAt, sentenceRange, sentenceStarts, wordStartAt } from './sentences';

const TEXT = 'Anna Smith came home.  It was late! Was it? Yes.';

describe('sentences of the reading', () => {
  it('finds each sentence start at its first word', () => {
    const starts = sentenceStarts(TEXT, 'en');
    expect(starts.map((s) => TEXT.slice(s, s + 3))).toEqual(['Ann', 'It ', 'Was', 'Yes']);
  });

  it('goes to the previous and next sentence from any word', () => {
    const starts = sentenceStarts(TEXT, 'en');
    const late = TEXT.indexOf('late');
    expect(TEXT.slice(previousSentenceStart(starts, late), previousSentenceStart(starts, late) + 9)).toBe('Anna Smit');
    expect(TEXT.slice(nextSentenceStart(starts, late)!)).toBe('Was it? Yes.');
    expect(previousSentenceStart(starts, 0)).toBe(0);
    expect(nextSentenceStart(starts, TEXT.indexOf('Yes'))).toBeNull();
    expect(sentenceIndexAt(starts, TEXT.indexOf('It'))).toBe(1);
  });

  it('gives the sentence range without its trailing spaces', () => {
    const starts = sentenceStarts(TEXT, 'en');
    const r = sentenceRange(TEXT, starts, TEXT.indexOf('home'));
    expect(TEXT.slice(r.start, r.end)).toBe('Anna Smith came home.');
  });

  it('takes a click anywhere in a word (or the space after it) to a word start', () => {
    expect(wordStartAt(TEXT, TEXT.indexOf('mith'))).toBe(TEXT.indexOf('Smith'));
    expect(wordStartAt(TEXT, TEXT.indexOf('home.') + 5)).toBe(TEXT.indexOf('It'));
    expect(wordStartAt(TEXT, TEXT.length)).toBe(TEXT.indexOf('Yes'));
  });

  it('steps word by word for the keyboard word cursor, over punctuation and spaces, CJK included', () => {
    const word = (w: { start: number; end: number } | null) => (w ? TEXT.slice(w.start, w.end) : null);
    expect(word(nextWord(TEXT, -1, 'en'))).toBe('Anna');
    expect(word(nextWord(TEXT, TEXT.indexOf('home'), 'en'))).toBe('It');
    expect(word(nextWord(TEXT, TEXT.indexOf('ome'), 'en'))).toBe('It');
    expect(nextWord(TEXT, TEXT.indexOf('Yes'), 'en')).toBeNull();
    expect(word(previousWord(TEXT, TEXT.indexOf('It'), 'en'))).toBe('home');
    expect(word(previousWord(TEXT, TEXT.length, 'en'))).toBe('Yes');
    expect(previousWord(TEXT, 0, 'en')).toBeNull();
    const zh = '我们今天去公园。';
    const first = nextWord(zh, -1, 'zh')!;
    const second = nextWord(zh, first.start, 'zh')!;
    expect(first.end).toBeLessThan(zh.length - 1);
    expect(second.start).toBe(first.end);
    expect(previousWord(zh, second.start, 'zh')).toEqual(first);
  });
});
