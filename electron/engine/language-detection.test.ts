import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLanguageDetection } from './language-detection';

const snippets = (JSON.parse(readFileSync(join(import.meta.dirname, '../../test/fixtures/language-snippets.json'), 'utf8')) as { snippets: Record<string, string[]> }).snippets;
const detector = createLanguageDetection();
afterAll(() => detector.close());

describe('the language detector, in its worker thread', () => {
  it('tells the language of the held-out snippets, at least 97 of each 100', async () => {
    let right = 0;
    let all = 0;
    for (const [language, list] of Object.entries(snippets)) {
      for (const text of list) {
        all++;
        if ((await detector.detect(text))?.language === language) right++;
      }
    }
    expect(all).toBe(200);
    expect(right / all).toBeGreaterThanOrEqual(0.97);
  });

  it('answers questions asked together, each with its own answer', async () => {
    const answers = await Promise.all([detector.detect(snippets['fr']![0]!), detector.detect(snippets['ja']![0]!), detector.detect(snippets['de']![0]!)]);
    expect(answers.map((a) => a?.language)).toEqual(['fr', 'ja', 'de']);
  });

  it('cannot tell a text with no letters, and looks only at the start of a long one', async () => {
    expect(await detector.detect('12 345 — 67.')).toBeNull();
    const book = `${`${snippets['es']!.join(' ')} `.repeat(3)}${'The rest of this long text is in English. '.repeat(5000)}`;
    expect((await detector.detect(book))?.language).toBe('es');
  });

  it('starts its worker again after it was closed', async () => {
    const again = createLanguageDetection();
    expect((await again.detect(snippets['sv']![0]!))?.language).toBe('sv');
    await again.close();
    expect((await again.detect(snippets['pl']![0]!))?.language).toBe('pl');
    await again.close();
  });
});
