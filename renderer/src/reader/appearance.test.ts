import { DEFAULT_APPEARANCE, parseAppearance, schemeFor, TEXT_SIZE_MAX } from './appearance';

const system = (dark: boolean, more: boolean) => (q: string) => (q.includes('contrast') ? more : q.includes('dark') ? dark : false);

describe('the colour scheme of a theme', () => {
  it('is the theme chosen, whatever the system prefers', () => {
    for (const prefers of [system(false, false), system(true, true)]) {
      expect(schemeFor('light', prefers)).toBe('light');
      expect(schemeFor('dark', prefers)).toBe('dark');
      expect(schemeFor('high-contrast', prefers)).toBe('high-contrast');
    }
  });

  it("follows the system's contrast, then its colour scheme, for System", () => {
    expect(schemeFor('system', system(false, false))).toBe('light');
    expect(schemeFor('system', system(true, false))).toBe('dark');
    expect(schemeFor('system', system(false, true))).toBe('high-contrast');
    expect(schemeFor('system', system(true, true))).toBe('high-contrast');
  });
});

describe('the display choices read back from storage', () => {
  it('keeps every choice there is', () => {
    const chosen = { theme: 'dark', highlight: 'underline', mark: 'sentence', colour: 'blue', font: 'dyslexic', textSize: 32, lineSpacing: 2.5, letterSpacing: 0.12, wordSpacing: 0.16, column: 'narrow', lineFocus: 3, queueMode: 'queue', volume: 0.5 } as const;
    expect(parseAppearance(JSON.parse(JSON.stringify(chosen)))).toEqual(chosen);
  });

  it('reads a value that is no choice (older, hand-edited, hostile) as the default, and bounds the size and volume', () => {
    const stored = { theme: 'neon', mark: 'paragraph', colour: '#f00', font: 'url(http://x)', textSize: 1e9, lineSpacing: 40, letterSpacing: -3, wordSpacing: 'wide', column: 9, lineFocus: 2, volume: Number.NaN };
    const a = parseAppearance(stored);
    expect(a).toMatchObject({ ...DEFAULT_APPEARANCE, textSize: TEXT_SIZE_MAX });
    expect(parseAppearance(null)).toEqual(DEFAULT_APPEARANCE);
    expect(parseAppearance('text')).toEqual(DEFAULT_APPEARANCE);
  });
});
