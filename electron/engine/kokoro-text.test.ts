import { describe, expect, it } from 'vitest';
import { corpus } from '../../test/phonemes/conformance';
import { kokoroJsNormalize } from '../../test/phonemes/oracles';
import { kokoroNormalize } from './kokoro-text';

describe("kokoro-js's text normalization", () => {
  it('reads every English sentence of the corpus as kokoro-js does', () => {
    const texts = [...corpus.languages['en']!.sentences, 'Yeah, Mr. T paid £3.50 in the 1980s (roughly) — etc. Call 555-1234.', '  Two  spaces,\u00a0a NBSP.  '];
    for (const text of texts) expect(kokoroNormalize(text).text, text).toBe(kokoroJsNormalize(text));
  });

  it('keeps, for every character, where in the original text it came from', () => {
    const text = 'Pay $5.25 to Dr. Smith at 10:30.';
    const { text: read, source } = kokoroNormalize(text);
    expect(read).toBe('Pay 5 dollars and 25 cents to Doctor Smith at 10 30.');
    const from = (needle: string) => text.slice(source[read.indexOf(needle)]!);
    expect(from('dollars')).toMatch(/^\$5\.25/);
    expect(from('Doctor')).toMatch(/^Dr\./);
    expect(from('Smith')).toMatch(/^Smith/);
    expect(from('30.')).toMatch(/^10:30/);
    expect(source).toHaveLength(read.length + 1);
    expect(source.at(-1)).toBe(text.length);
  });
});
