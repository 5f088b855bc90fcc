// The themes' colours, read from renderer/src/theme.css, against WCAG 2.2: text 4.5:1 (1.4.3) on the page, the
// sentence band and the word; the marks 3:1 (1.4.11): the word against its sentence (by its fill, or
// its edge underline), and the sentence against the page (by its band, or its edge underline, which
// must also stand out from the band it is drawn on); in every highlight colour the reader offers.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Read as the file it is (the renderer's own tests run without Node's file system, and Vite's CSS
// handling would not give its text).
const css = readFileSync(join(import.meta.dirname, '../../renderer/src/theme.css'), 'utf8');

/** Each scheme's colours with each highlight colour: `light/yellow`, `dark/green`... (yellow is the scheme's own). */
function themes(): Map<string, Record<string, string>> {
  const blocks: { scheme: string; colour: string | undefined; vars: Record<string, string> }[] = [];
  for (const m of css.matchAll(/:root(?:\[data-scheme='([a-z-]+)'\])?(?:\[data-mark-colour='([a-z]+)'\])?\s*\{([^}]*)\}/g)) {
    const vars = Object.fromEntries([...m[3]!.matchAll(/--([a-z0-9-]+):\s*(#[0-9a-f]{6})\s*;/gi)].map((v) => [v[1]!, v[2]!.toLowerCase()]));
    blocks.push({ scheme: m[1] ?? 'light', colour: m[2], vars });
  }
  const base = (scheme: string) => ({ ...blocks.find((b) => b.scheme === 'light' && !b.colour)!.vars, ...blocks.find((b) => b.scheme === scheme && !b.colour)?.vars });
  const out = new Map<string, Record<string, string>>();
  for (const scheme of [...new Set(blocks.map((b) => b.scheme))]) {
    out.set(`${scheme}/yellow`, base(scheme));
    for (const colour of [...new Set(blocks.filter((b) => b.colour).map((b) => b.colour!))]) {
      // As the cascade has it: the light colour block applies in every scheme, the scheme's own over it.
      const own = blocks.find((b) => b.scheme === scheme && b.colour === colour);
      if (scheme !== 'light' && !own) throw new Error(`theme.css gives ${colour} no colours for the ${scheme} scheme`);
      out.set(`${scheme}/${colour}`, { ...base(scheme), ...blocks.find((b) => b.scheme === 'light' && b.colour === colour)!.vars, ...own?.vars });
    }
  }
  return out;
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

describe('the themes meet WCAG contrast', () => {
  const all = themes();

  it('has the three themes, each in the four highlight colours', () => {
    expect([...all.keys()].sort()).toEqual(['light', 'dark', 'high-contrast'].flatMap((s) => ['yellow', 'green', 'blue', 'pink'].map((c) => `${s}/${c}`)).sort());
  });

  it.each([...all])('%s: text is 4.5:1 on the page, on the sentence band and on the word', (_, c) => {
    expect(contrast(c['text']!, c['surface']!)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(c['text']!, c['sentence-bg']!)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(c['word-text']!, c['word-bg']!)).toBeGreaterThanOrEqual(4.5);
  });

  it.each([...all])('%s: the word stands out from its sentence, and the sentence from the page, at 3:1', (_, c) => {
    const word = Math.max(contrast(c['word-bg']!, c['sentence-bg']!), contrast(c['word-edge']!, c['sentence-bg']!));
    expect(word).toBeGreaterThanOrEqual(3);
    const sentence = Math.max(contrast(c['sentence-bg']!, c['surface']!), Math.min(contrast(c['sentence-edge']!, c['surface']!), contrast(c['sentence-edge']!, c['sentence-bg']!)));
    expect(sentence).toBeGreaterThanOrEqual(3);
    // The 'contrast' highlight style paints the word in the text colour.
    expect(contrast(c['text']!, c['sentence-bg']!)).toBeGreaterThanOrEqual(3);
    // The word alone (no sentence marked), in the underline style: its edge on the page.
    expect(contrast(c['word-edge']!, c['surface']!)).toBeGreaterThanOrEqual(3);
  });
});
