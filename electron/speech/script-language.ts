// The language a text's writing system names, for scripts the language detector does not know (it
// reads 60 languages; Tibetan, Khmer or Lao come back unknown). Only scripts used for one language,
// or one above all others, are listed; Latin, Cyrillic, Arabic and the like say nothing on their own.

const SCRIPTS: readonly [RegExp, string][] = [
  [/\p{Script=Tibetan}/u, 'bo'],
  [/\p{Script=Khmer}/u, 'km'],
  [/\p{Script=Lao}/u, 'lo'],
  [/\p{Script=Myanmar}/u, 'my'],
  [/\p{Script=Sinhala}/u, 'si'],
  [/\p{Script=Thaana}/u, 'dv'],
  [/\p{Script=Mongolian}/u, 'mn'],
  [/\p{Script=Canadian_Aboriginal}/u, 'iu'],
  [/\p{Script=Ethiopic}/u, 'am'],
  [/\p{Script=Georgian}/u, 'ka'],
  [/\p{Script=Armenian}/u, 'hy'],
  [/\p{Script=Thai}/u, 'th'],
  [/\p{Script=Hangul}/u, 'ko'],
  [/[\p{Script=Hiragana}\p{Script=Katakana}]/u, 'ja'],
  [/\p{Script=Cherokee}/u, 'chr'],
  [/\p{Script=Tifinagh}/u, 'zgh'],
  [/\p{Script=Syriac}/u, 'syr'],
  [/\p{Script=Nko}/u, 'nqo'],
  [/\p{Script=Ol_Chiki}/u, 'sat'],
  [/\p{Script=Yi}/u, 'ii'],
];

/** How much of a text is looked at: its script shows at once. */
const SAMPLE_CHARS = 2000;

/** The language most of the text's letters are written for, or null (a script of many languages, or none). */
export function scriptLanguage(text: string): string | null {
  const counts = new Map<string, number>();
  let letters = 0;
  for (const ch of text.slice(0, SAMPLE_CHARS)) {
    if (!/[\p{L}\p{M}]/u.test(ch)) continue;
    letters++;
    const hit = SCRIPTS.find(([script]) => script.test(ch));
    if (hit) counts.set(hit[1], (counts.get(hit[1]) ?? 0) + 1);
  }
  for (const [language, n] of counts) if (n * 2 > letters) return language;
  return null;
}
