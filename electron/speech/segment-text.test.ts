import fc from 'fast-check';
import { cleanText, isWordJoiningHyphen } from './clean-text';
import { multilingualText } from '../../test/support/multilingual-text';
import { ruleProblem } from '../../shared/pronunciation';
import { iterateSegments, segmentText } from './segment-text';
import { segmentWindowed } from './windowed-segments';

const wordSegmenter = new Intl.Segmenter(undefined, { granularity: 'word' });
const graphemeSegmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The index of the cleaned character that came from original offset `at`. */
function cleanedOffset(sourceIndex: Int32Array, at: number): number {
  let lo = 0;
  let hi = sourceIndex.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sourceIndex[mid]! < at) lo = mid + 1;
    else hi = mid;
  }
  if (sourceIndex[lo] !== at) expect.fail(`no cleaned character comes from offset ${at}`);
  return lo;
}

/** Checks every promise segmentText makes about `original`. */
function expectSoundSegments(original: string, maxChars: number, segments = segmentText(original, { maxChars })): void {
  const cleaned = cleanText(original);
  const text = cleaned.text;
  const ranges: Array<[number, number]> = [];
  // Problems are collected and asserted once: a 50 KB text has thousands of segments.
  const problems: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  let prevEnd = 0;
  segments.forEach((s, i) => {
    const at = `segment ${i} ${JSON.stringify(s.text)}`;
    check(s.index === i, `${at}: index ${s.index}`);
    check(s.text.length > 0 && s.text.length <= maxChars, `${at}: length ${s.text.length} of ${maxChars}`);
    check(!/^\s|\s$/u.test(s.text), `${at}: starts or ends with whitespace`);
    // Original ranges: in order, inside the text, not overlapping, and they map back.
    check(s.charStart >= prevEnd && s.charEnd > s.charStart && s.charEnd <= original.length, `${at}: range ${s.charStart}-${s.charEnd} after ${prevEnd}`);
    prevEnd = s.charEnd;
    const back = cleanText(original.slice(s.charStart, s.charEnd)).text;
    check(back === s.text, `${at}: its original range cleans to ${JSON.stringify(back)}`);
    check(s.sourceIndex.length === s.text.length + 1, `${at}: sourceIndex length ${s.sourceIndex.length}`);
    check(s.sourceIndex[0] === s.charStart && s.sourceIndex[s.text.length] === s.charEnd, `${at}: sourceIndex ends`);
    // The same characters as the cleaned whole, at the same place.
    const start = cleanedOffset(cleaned.sourceIndex, s.charStart);
    check(text.slice(start, start + s.text.length) === s.text, `${at}: not at ${start} in the cleaned text`);
    for (let k = 0; k < s.text.length; k++) {
      if (s.sourceIndex[k] !== cleaned.sourceIndex[start + k]) {
        problems.push(`${at}: sourceIndex[${k}] is ${s.sourceIndex[k]}, not ${cleaned.sourceIndex[start + k]}`);
        break;
      }
    }
    ranges.push([start, start + s.text.length]);
  });
  expect(problems).toEqual([]);

  // Nothing lost: between and around segments there is only whitespace.
  let at = 0;
  for (const [start, end] of [...ranges, [text.length, text.length] as const]) {
    check(/^\s*$/u.test(text.slice(at, start)), `lost ${JSON.stringify(text.slice(at, start))} at ${at}`);
    at = end;
  }

  // No boundary inside a word; a word longer than maxChars is cut between grapheme clusters only.
  // Intl.Segmenter on the whole text is the oracle, in windows for long text: plain iteration costs
  // the square of the length (V8 copies the input into every segment), and windowed-segments.test.ts
  // proves the windows give exactly what plain iteration gives.
  const boundaries = new Set(ranges.flatMap(([s, e]) => [s, e]));
  const wordSpans: [number, number][] = [];
  let hasLongWord = false;
  // A word and a hyphen after it that may join a wrapped line go together, so they count as one.
  for (const { segment, index, isWordLike } of text.length > 4096 ? segmentWindowed(wordSegmenter, text) : wordSegmenter.segment(text)) {
    if (isWordLike) wordSpans.push([index, index + segment.length]);
    const unit = segment.length + (isWordJoiningHyphen(text, index + segment.length) ? 1 : 0);
    if (unit > maxChars) hasLongWord = true;
    check(!boundaries.has(index + segment.length) || !isWordJoiningHyphen(text, index + segment.length), `boundary between "${segment}" and its hyphen`);
    let graphemeEdges: Set<number> | undefined;
    for (let b = index + 1; b < index + segment.length; b++) {
      if (!boundaries.has(b)) continue;
      check(unit > maxChars, `boundary inside "${segment}"`);
      graphemeEdges ??= new Set([...graphemeSegmenter.segment(segment)].map((g) => index + g.index));
      check(graphemeEdges.has(b), `boundary inside a grapheme of "${segment}"`);
    }
  }
  expect(problems).toEqual([]);

  // Every word of the cleaned input lies in exactly one segment (in order, as the ranges are). The words
  // come from the whole text, not from each segment alone: ICU's word-likeness of a character can depend
  // on its neighbours (a CJK radical after an ideograph is a word; alone it is not).
  if (!hasLongWord) {
    const homeless = wordSpans.filter(([s, e]) => ranges.filter(([a, b]) => s >= a && e <= b).length !== 1);
    expect(homeless.map(([s, e]) => text.slice(s, e))).toEqual([]);
  }
}

describe('segmentText', () => {
  it('gives no segments for empty or whitespace-only text', () => {
    expect(segmentText('', { maxChars: 100 })).toEqual([]);
    expect(segmentText(' \n\t\u3000\u0001 ', { maxChars: 100 })).toEqual([]);
  });

  it('keeps one sentence per segment, even short ones, with ranges in the original', () => {
    const original = '  Hi. The quick brown fox jumps over the lazy dog.\n\nIt was not amused!  Really?';
    const segments = segmentText(original, { maxChars: 200 });
    expect(segments.map((s) => s.text)).toEqual(['Hi.', 'The quick brown fox jumps over the lazy dog.', 'It was not amused!', 'Really?']);
    expect(segments.map((s) => original.slice(s.charStart, s.charEnd))).toEqual(segments.map((s) => s.text));
    expectSoundSegments(original, 200, segments);
  });

  it('ends a sentence at a paragraph break but not at a wrapped line', () => {
    const segments = segmentText('Chapter One\n\nIt was a dark\nand stormy night', { maxChars: 200 });
    expect(segments.map((s) => s.text)).toEqual(['Chapter One', 'It was a dark and stormy night']);
  });

  it('does not end a sentence inside a word where the sentence and word rules disagree', () => {
    expect(segmentText('U.S.A.ꀀ next. Then', { maxChars: 50 }).map((s) => s.text)).toEqual(['U.S.A.ꀀ next.', 'Then']);
    expectSoundSegments('U.S.A.ꀀ ', 12);
  });

  it('splits a long sentence at clause boundaries before word boundaries', () => {
    const original = 'When the rain stopped, the children ran outside; they played until dark, and nobody called them in.';
    const segments = segmentText(original, { maxChars: 40 });
    expect(segments.map((s) => s.text)).toEqual([
      'When the rain stopped,',
      'the children ran outside;',
      'they played until dark,',
      'and nobody called them in.',
    ]);
    expectSoundSegments(original, 40, segments);
  });

  it('splits at a word boundary when no clause boundary is near', () => {
    const original = 'alpha beta gamma delta epsilon zeta eta theta iota kappa lambda';
    const segments = segmentText(original, { maxChars: 20 });
    expect(segments.map((s) => s.text)).toEqual(['alpha beta gamma', 'delta epsilon zeta', 'eta theta iota kappa', 'lambda']);
  });

  it('splits CJK text without spaces at its clause marks and word boundaries', () => {
    const original = '我们是中国人，我们爱和平、我们爱自由。东京タワーへ行きました';
    const segments = segmentText(original, { maxChars: 8, locale: 'zh' });
    expect(segments.map((s) => s.text).slice(0, 3)).toEqual(['我们是中国人，', '我们爱和平、', '我们爱自由。']);
    expect(segments.slice(3).map((s) => s.text).join('')).toBe('东京タワーへ行きました');
    expectSoundSegments(original, 8, segments);
  });

  it('cuts a word longer than maxChars between grapheme clusters, never inside one', () => {
    const family = '\u{1f468}\u200d\u{1f469}\u200d\u{1f467}\u200d\u{1f466}'; // 11 code units, one cluster
    const url = `https://example.com/${'abc\u0301'.repeat(1200)}`; // ~5,000 chars with combining marks
    const emoji = family.repeat(30);
    const flags = '\u{1f1eb}\u{1f1f7}'.repeat(40);
    for (const [original, maxChars] of [
      [url, 100],
      [emoji, 16],
      [flags, 7],
      ['中'.repeat(1000), 50],
    ] as const) {
      const segments = segmentText(original, { maxChars });
      expect(segments.length).toBeGreaterThan(1);
      expectSoundSegments(original, maxChars, segments);
    }
    expect(segmentText(family.repeat(3), { maxChars: 16 }).map((s) => s.text)).toEqual([family, family, family]);
  });

  it('never splits a surrogate pair when a single cluster exceeds maxChars', () => {
    const stack = `a${'\u0301'.repeat(30)}\u{1f600}${'\u0301'.repeat(5)}`;
    const segments = segmentText(stack, { maxChars: 4 });
    expect(segments.map((s) => s.text).join('')).toBe(stack);
    for (const s of segments) {
      expect(s.text.length).toBeLessThanOrEqual(4);
      expect(s.text).not.toMatch(/^[\udc00-\udfff]|[\ud800-\udbff]$/u);
    }
  });

  it('keeps a hyphen that joins a hard-wrapped word with the word before it, even inside a word longer than maxChars', () => {
    // Found by exploration (ALOUD_FC_SEED=random): a grapheme cut before the "-" left the next segment's
    // original slice "-\nPrussian", which cleans on its own to "- Prussian".
    for (const [original, maxChars] of [
      ['Francoaaaaaa-\nPrussian', 12],
      ['Franco-\nPrussian', 6],
      ['xx Franco-\nPrussian war', 2],
      ['Bismarck 1870-\n1871', 4],
    ] as const) {
      const segments = segmentText(original, { maxChars });
      expect(segments.some((s) => original[s.charStart] === '-')).toBe(false);
      expectSoundSegments(original, maxChars, segments);
    }
    expect(segmentText('Francoaaaaaa-\nPrussian', { maxChars: 12 }).map((s) => s.text)).toEqual(['Francoaaaaa', 'a-Prussian']);
  });

  it('uses the locale for sentence rules and ignores an unknown one', () => {
    expect(segmentText('Hello there. Bye.', { maxChars: 50, locale: 'not a locale!' }).map((s) => s.text)).toEqual(['Hello there.', 'Bye.']);
    expect(segmentText('Hallo. Tschüss.', { maxChars: 50, locale: 'de-DE' }).map((s) => s.text)).toEqual(['Hallo.', 'Tschüss.']);
  });

  it('gives the same sound segments for a long text of many paragraphs, made a few paragraphs at a time', () => {
    const paragraph = fc
      .array(fc.constantFrom('Lorem ipsum dolor.', 'Sit amet, consectetur?', '我们是中国人。', 'exam-\nple', 'x\u0001', '\u{1f1eb}\u{1f1f7}'), { minLength: 40, maxLength: 60 })
      .map((ws) => ws.join(' '));
    const separator = fc.constantFrom('\n\n', '\r\n\r\n', ' \n \u0002\n ', '\u2029', '-\n\n', '\f');
    fc.assert(
      fc.property(fc.array(fc.tuple(paragraph, separator), { minLength: 40, maxLength: 40 }), fc.integer({ min: 20, max: 300 }), (parts, maxChars) => {
        const original = parts.map(([p, s]) => p + s).join('');
        fc.pre(original.length > 3 * 4096); // several blocks
        expectSoundSegments(original, maxChars);
      }),
      { numRuns: 5, endOnFailure: true }, // each run checks ~20 KB: no shrinking
    );
  });

  it('makes the first segment of a 1 MB text from its first sentence and a few KB only', () => {
    // Work counted in characters handed to Intl.Segmenter, not in time. The first sentence must be
    // read to its end (12 KB in the second text), the rest of the book not at all.
    const book = 'It was a dark and stormy night, and the rain fell in torrents. '.repeat(16_000);
    const long = `${'word, '.repeat(2000)}end. ${book}`;
    const spy = vi.spyOn(Intl.Segmenter.prototype, 'segment');
    try {
      for (const [text, maxChars] of [
        [book, 200],
        [long, 300],
      ] as const) {
        spy.mockClear();
        const first = iterateSegments(text, { maxChars }).next();
        expect(first.done).toBe(false);
        const scanned = spy.mock.calls.reduce((n, [s]) => n + s.length, 0);
        expect(scanned).toBeLessThan(50_000);
        expect(text.length).toBeGreaterThan(1_000_000);
      }
    } finally {
      spy.mockRestore();
    }
  });

  it('cuts a long line with no white space into blocks of at most 16 K for cleaning, keeping every character whole and read once', () => {
    // An emoji sequence (joiners, a skin tone) and a combining accent sit on each block boundary.
    const unit = 'x'.repeat(16_380) + '👩🏽\u200d👩\u200d👧e\u0301';
    const original = unit.repeat(3);
    const spy = vi.spyOn(Intl.Segmenter.prototype, 'segment');
    try {
      const first = iterateSegments(original, { maxChars: 400 }).next();
      expect(first.done).toBe(false);
      // The first segment cleaned and looked at one block, not the whole line.
      expect(spy.mock.calls.reduce((n, [s]) => n + s.length, 0)).toBeLessThan(40_000);
    } finally {
      spy.mockRestore();
    }
    const segments = segmentText(original, { maxChars: 400 });
    expect(segments.map((s) => s.text).join('')).toBe(original);
    expect(segments.filter((s) => s.text.includes('👩🏽\u200d👩\u200d👧')).length).toBe(3);
    // Each segment maps back to its own place in the line, in order.
    let end = 0;
    for (const s of segments) {
      expect(s.charStart).toBe(end);
      expect(original.slice(s.charStart, s.charEnd)).toBe(s.text);
      end = s.charEnd;
    }
  });

  it('refuses a maxChars too small to hold a surrogate pair', () => {
    expect(() => segmentText('text', { maxChars: 1 })).toThrow(RangeError);
  });

  it('keeps every word, in order, in segments that map back, on random multilingual text', () => {
    fc.assert(
      fc.property(multilingualText, fc.integer({ min: 12, max: 300 }), (original, maxChars) => expectSoundSegments(original, maxChars)),
      { numRuns: Number(process.env.ALOUD_FC_RUNS ?? 300) },
    );
  });

  it('does the same with a 50 KB paragraph with no full stop', () => {
    const word = fc.constantFrom('lorem', 'ipsum,', 'dolor', 'sit;', 'amet', '我们是中国人', 'مرحبا', '\u{1f600}', '—', 'e\u0301te\u0301', '\n');
    fc.assert(
      fc.property(fc.array(word, { minLength: 12_000, maxLength: 12_000 }), fc.integer({ min: 40, max: 400 }), (words, maxChars) => {
        const original = words.join(' ');
        expect(original.length).toBeGreaterThan(50_000);
        const segments = segmentText(original, { maxChars });
        expect(segments.length).toBeGreaterThan(50_000 / maxChars);
        expectSoundSegments(original, maxChars, segments);
      }),
      { numRuns: 3, endOnFailure: true }, // each run checks 50 KB: no shrinking
    );
  });
});

describe('segmenting from an offset (a seek)', () => {
  it('gives what the text blanked before the offset would give, with offsets into the whole text', () => {
    fc.assert(
      fc.property(multilingualText, fc.integer({ min: 8, max: 300 }), fc.nat(), (text, maxChars, pick) => {
        const starts = [...wordSegmenter.segment(text)].filter((w) => w.isWordLike).map((w) => w.index);
        const from = starts.length ? starts[pick % starts.length]! : 0;
        const seeked = segmentText(text, { maxChars, from });
        const blanked = segmentText(' '.repeat(from) + text.slice(from), { maxChars });
        expect(seeked.map((s) => [s.text, s.charStart, s.charEnd])).toEqual(blanked.map((s) => [s.text, s.charStart, s.charEnd]));
        expect(seeked.every((s) => s.charStart >= from)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses an offset outside the text', () => {
    expect(() => segmentText('Hello.', { maxChars: 50, from: 7 })).toThrow(RangeError);
  });
});

describe('pronunciation rules that a hostile or careless hand wrote (issue 26, cases 3 and 4)', () => {
  const rule = (find: string, replace: string, regex = false) => ({ find, replace, regex, wholeWord: false, matchCase: false, language: null, voice: null });

  it('a rule that grows the text beyond ten times its length is refused in one sentence, before the text is made', () => {
    const text = 'A banana and a pear. '.repeat(1000);
    let error: unknown;
    try {
      segmentText(text, { maxChars: 400, pronunciation: [rule('a', 'x'.repeat(500))] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/^The pronunciation rule for “a” would make the text more than 10 times as long as written: [^\n]+\.$/u);
    // An ordinary expansion, even of every word of a short text, is read.
    expect(segmentText('WHO and UN.', { maxChars: 400, pronunciation: [rule('WHO', 'the World Health Organization'), rule('UN', 'the United Nations')] }).map((s) => s.text)).toEqual([
      'the World Health Organization and the United Nations.',
    ]);
  });

  it('a rule whose regular expression backtracks without end is not applied (40 a: 2^40 steps)', () => {
    const hostile = rule('(a+)+$', 'x', true);
    expect(ruleProblem(hostile)).not.toBeNull(); // (before the check, the next line took minutes)
    const text = `${'a'.repeat(40)}!`;
    expect(segmentText(text, { maxChars: 400, pronunciation: [hostile] }).map((s) => s.text)).toEqual([text]);
  });
});
