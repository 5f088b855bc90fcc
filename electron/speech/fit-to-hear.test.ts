import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_HEARING_RULES, HEARING_RULE_TEXT, HEARING_RULES, type HearingRules } from '../../shared/hearing-rules';
import { multilingualText } from '../../test/support/multilingual-text';
import { plainRule, ruleProblem, type PronunciationRule } from '../../shared/pronunciation';
import { fitToHear, isSkipped, planHearing } from './fit-to-hear';

const rule = (r: Partial<PronunciationRule>): PronunciationRule => ({ ...plainRule('x', 'y'), ...r });

const ALL = DEFAULT_HEARING_RULES;
const only = (rule: keyof HearingRules): HearingRules => ({ ...Object.fromEntries(HEARING_RULES.map((r) => [r, false])), [rule]: true }) as HearingRules;
/** The text heard, with the whole plan applied as the segmenter applies it. */
const heard = (text: string, rules: HearingRules = ALL) => {
  const plan = planHearing(text, rules);
  return fitToHear(text, rules, (i) => isSkipped(plan, i)).text.replace(/\s+/gu, ' ').trim();
};
/** The original range each word heard comes from. */
const sources = (text: string, rules: HearingRules = ALL) => {
  const h = fitToHear(text, rules);
  return [...h.text.matchAll(/\S+/gu)].map((m) => [m[0], text.slice(h.sourceIndex[m.index]!, h.sourceIndex[m.index + m[0].length - 1]! + 1)]);
};

describe('text made fit to hear', () => {
  it('reads a link as its site, without the sentence’s full stop', () => {
    expect(heard('See https://www.github.com/aloud/app?tab=readme#top. Then www.example.org:8080/x, too.')).toBe(
      'See link to github.com. Then link to example.org, too.',
    );
  });

  it('reads an e-mail address as name at site, and a link inside one is not taken for a link', () => {
    expect(heard('Write to ada.lovelace@example.org or bob@www.example.com.')).toBe('Write to ada.lovelace at example.org or bob at www.example.com.');
  });

  it('drops thousands separators, but not from a list of numbers or a decimal', () => {
    expect(heard('It cost 1,234,567 dollars; pick 1, 2 or 3; pi is 3.14159; 12,34 stays.')).toBe('It cost 1234567 dollars; pick 1, 2 or 3; pi is 3.14159; 12,34 stays.');
  });

  it('skips citation marks, bracketed and superscript, and keeps squares and ordinary brackets', () => {
    expect(heard('Water boils.[1][12, 14][3–5] It is hot[citation needed] and wet[a]. Area¹ is 3 km² [see below].')).toBe(
      'Water boils. It is hot and wet. Area is 3 km² [see below].',
    );
  });

  it('skips fenced code blocks and reads inline code plainly', () => {
    expect(heard('Run this:\n```sh\nnpm ci\nnpm test\n```\nthen `npm start` opens it.')).toBe('Run this: then npm start opens it.');
    // An unfinished fence runs to the end.
    expect(heard('Before.\n```\ncode that never ends')).toBe('Before.');
  });

  it('skips bullets and box-drawing lines, and emoji with their skin tones and joins', () => {
    expect(heard('• one\n▪ two\n──────\n┌─┐')).toBe('one two');
    expect(heard('Great 👍🏽 work 🎉 from 👨‍👩‍👧 in 🇫🇷. © 2026 ™ → fine')).toBe('Great work from in . © 2026 ™ → fine');
  });

  it('skips page numbers and a running header repeated every page, but not chapter titles', () => {
    const page = (n: number) => `A Tale of Two Cities\n${Array.from({ length: 20 }, (_, i) => `Line ${n * 20 + i} of the story goes on here.`).join('\n')}\n- ${n} -\n`;
    const book = [1, 2, 3, 4].map(page).join('\f');
    const spoken = heard(book);
    expect(spoken).not.toMatch(/Tale of Two Cities|- \d -/u);
    expect(spoken).toMatch(/^Line 20 of the story/u);
    // Chapter titles a few hundred lines apart, unevenly: kept.
    const chapters = ['Chapter 1', ...Array(40).fill('Text.'), 'Chapter 2', ...Array(400).fill('Text.'), 'Chapter 3', ...Array(90).fill('Text.'), 'Chapter 4'].join('\n');
    expect(heard(chapters).match(/Chapter \d/gu)).toEqual(['Chapter 1', 'Chapter 2', 'Chapter 3', 'Chapter 4']);
  });

  it('does what Settings says each rule does, on its own example', () => {
    for (const rule of HEARING_RULES) {
      const { example, heard: expected } = HEARING_RULE_TEXT[rule];
      expect(heard(example, only(rule)), rule).toBe(expected);
    }
  });

  it('changes nothing with every rule off', () => {
    const off = Object.fromEntries(HEARING_RULES.map((r) => [r, false])) as HearingRules;
    const text = 'See https://x.org [1] 1,000 `x` • 👍 ```\ncode\n```';
    expect(fitToHear(text, off).text).toBe(text);
  });

  it('keeps each word heard on the words the user sees: a replacement spreads over what it replaces', () => {
    expect(sources('Go to https://github.com/aloud now.')).toEqual([
      ['Go', 'Go'],
      ['to', 'to'],
      ['link', 'https'],
      ['to', '//g'],
      ['github.com', 'thub.com/aloud'],
      ['now.', 'now.'],
    ]);
    expect(sources('Mail ada.lovelace@example.org now.')).toEqual([
      ['Mail', 'Mail'],
      ['ada.lovelace', 'ada.lovelace'],
      ['at', '@'],
      ['example.org', 'example.org'],
      ['now.', 'now.'],
    ]);
    expect(sources('It is 1,234 km[2] long.')).toEqual([
      ['It', 'It'],
      ['is', 'is'],
      ['1234', '1,234'],
      ['km', 'km'],
      ['long.', 'long.'],
    ]);
  });

  it('keeps offsets non-decreasing and inside the text, for any text and any set of rules', () => {
    const rules = fc.record(Object.fromEntries(HEARING_RULES.map((r) => [r, fc.boolean()])) as Record<keyof HearingRules, fc.Arbitrary<boolean>>);
    const extra = fc.constantFrom('https://www.a.org/x.', 'a@b.co', '1,234,567', '[12]', 'word²', '`code`', '```\nx\n```', '• ', '──', '👍🏽', '🇫🇷', '\n3\n');
    const text = fc.array(fc.oneof(multilingualText, extra), { maxLength: 12 }).map((parts) => parts.join(' '));
    fc.assert(
      fc.property(text, rules, (t, r) => {
        const plan = planHearing(t, r);
        const h = fitToHear(t, r, (i) => isSkipped(plan, i));
        expect(h.sourceIndex.length).toBe(h.text.length + 1);
        for (let i = 0; i < h.text.length; i++) {
          expect(h.sourceIndex[i]!).toBeGreaterThanOrEqual(0);
          expect(h.sourceIndex[i]!).toBeLessThan(t.length);
          if (i > 0) expect(h.sourceIndex[i]!).toBeGreaterThanOrEqual(h.sourceIndex[i - 1]!);
        }
        expect(h.sourceIndex[h.text.length]).toBe(t.length);
      }),
    );
  });
});

describe('pronunciation rules in the text heard', () => {
  const heardWith = (text: string, rules: PronunciationRule[], hearing: HearingRules | null = null) => fitToHear(text, hearing, undefined, rules);

  it('applies the user’s rules in order, the first to start winning, and the user’s rule over a built-in one at the same place', () => {
    const rules = [plainRule('New York', 'the Big Apple'), plainRule('York', 'Yorke'), plainRule('1,000', 'a thousand')];
    expect(heardWith('From New York to York, 1,000 miles, 2,000 back', rules, ALL).text).toBe('From the Big Apple to Yorke, a thousand miles, 2000 back');
  });

  it('keeps offsets on the words shown when a rule changes the length, with regex groups', () => {
    const r = rule({ find: '(\\d+)°C', replace: '$1 degrees Celsius', regex: true, wholeWord: false });
    const text = 'Now 21°C outside.';
    const h = heardWith(text, [r]);
    expect(h.text).toBe('Now 21 degrees Celsius outside.');
    const words = [...h.text.matchAll(/\S+/gu)].map((m) => text.slice(h.sourceIndex[m.index]!, h.sourceIndex[m.index + m[0].length - 1]! + 1));
    expect(words).toEqual(['Now', '21', '°', '°C', 'outside.']);
  });

  it('keeps offsets non-decreasing and inside the text for random rule sets', () => {
    const ruleArb = fc.record({
      find: fc.constantFrom('a', 'the', 'x+', '(\\w)\\1', 'é', 'New York', '[0-9]+'),
      replace: fc.constantFrom('', 'b', 'longer text', '$1$1', 'ç'),
      regex: fc.boolean(),
      wholeWord: fc.boolean(),
      matchCase: fc.boolean(),
      language: fc.constant(null),
      voice: fc.constant(null),
    });
    fc.assert(
      fc.property(multilingualText, fc.array(ruleArb, { maxLength: 5 }), (t, rules) => {
        const usable = rules.filter((r) => ruleProblem(r) === null);
        const h = heardWith(t, usable, ALL);
        for (let i = 0; i < h.text.length; i++) {
          expect(h.sourceIndex[i]!).toBeLessThan(t.length);
          if (i > 0) expect(h.sourceIndex[i]!).toBeGreaterThanOrEqual(h.sourceIndex[i - 1]!);
        }
        expect(h.sourceIndex[h.text.length]).toBe(t.length);
      }),
    );
  });
});
