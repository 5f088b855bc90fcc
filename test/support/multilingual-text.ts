// Random text for property tests of the text pipeline: many scripts, emoji (ZWJ sequences, flags,
// skin tones), combining marks, mixed whitespace and line breaks, control characters, lone surrogates.
import fc from 'fast-check';

const pieces = [
  'The',
  'quick',
  'brown',
  'fox',
  'well-known',
  'e-mail',
  'U.S.A.',
  '3.14',
  "don't",
  'exam-\nple',
  'Franco-\nPrussian',
  '我们是中国人',
  '東京タワーへ行きました',
  '한국어를',
  'مرحبا',
  'بالعالم',
  'שלום',
  'ไปเที่ยว',
  '\u{1f600}',
  '\u{1f468}\u200d\u{1f469}\u200d\u{1f467}\u200d\u{1f466}',
  '\u{1f44d}\u{1f3fd}',
  '\u{1f1eb}\u{1f1f7}\u{1f1e9}\u{1f1ea}',
  'e\u0301te\u0301',
  'Z\u0351\u0352\u0353algo',
  'x\u0000y',
  '\ud800',
  'https://example.com/a/very/long/path?with=query&and=more',
];
const punctuation = ['.', ',', ';', ':', '!', '?', '—', ' —', '。', '，', '、', '…', ')', '"', '؟'];
const spaces = [' ', ' ', ' ', '  ', '\n', '\r\n', '\n\n', '\t', '\u00a0', '\u3000', ''];

const token = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...pieces) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }) },
);
/** Text of up to `maxTokens` words, each maybe followed by punctuation, then some whitespace (or none). */
export function multilingualTextOf(maxTokens: number): fc.Arbitrary<string> {
  return fc
    .array(fc.tuple(token, fc.option(fc.constantFrom(...punctuation), { freq: 3 }), fc.constantFrom(...spaces)), { maxLength: maxTokens })
    .map((parts) => parts.map(([w, p, s]) => w + (p ?? '') + s).join(''));
}

export const multilingualText = multilingualTextOf(80);

