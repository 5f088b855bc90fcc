import { nextSentenceStart, previousSentenceStart, sentenceIndexAt, sentenceRange, sentenceStarts, wordStartAt } from './sentences';

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
});
