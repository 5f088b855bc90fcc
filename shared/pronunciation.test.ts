import { describe, expect, it } from 'vitest';
import { compileRule, parseRulesFile, plainRule, pronunciationOf, ruleProblem, rulesFor, rulesToFindReplace, rulesToJson, type PronunciationRule } from './pronunciation';

const rule = (r: Partial<PronunciationRule>): PronunciationRule => ({ ...plainRule('x', 'y'), ...r });
const apply = (r: PronunciationRule, text: string) => (r.regex ? text.replace(compileRule(r), r.replace) : text.replace(compileRule(r), () => r.replace));

describe('pronunciation rules', () => {
  it('finds a plain word whole and case-blind by default, in any script', () => {
    const r = plainRule('SQL', 'sequel');
    expect(apply(r, 'SQL, sql and MySQL')).toBe('sequel, sequel and MySQL');
    expect(apply(plainRule('über', 'ueber'), 'über überall Über')).toBe('ueber überall ueber');
    expect(apply(rule({ find: 'SQL', replace: 'sequel', matchCase: true }), 'SQL and sql')).toBe('sequel and sql');
    expect(apply(rule({ find: 'SQL', replace: 'sequel', wholeWord: false }), 'MySQL')).toBe('Mysequel');
    // Plain text is literal: dots and $ are not special.
    expect(apply(plainRule('e.g.', 'for example'), 'e.g. egg')).toBe('for example egg');
    expect(apply(plainRule('cost', '$1 each'), 'the cost')).toBe('the $1 each');
  });

  it('takes regular expressions with groups', () => {
    const r = rule({ find: '(\\d+)°C', replace: '$1 degrees Celsius', regex: true, wholeWord: false });
    expect(apply(r, 'It is 21°C, not 70°F.')).toBe('It is 21 degrees Celsius, not 70°F.');
  });

  it('says in one sentence why a rule cannot be used', () => {
    expect(ruleProblem(plainRule('', 'x'))).toBe('A rule needs something to find.');
    expect(ruleProblem(rule({ find: '(unclosed', regex: true }))).toBe('“(unclosed” is not a valid regular expression (unterminated group).');
    expect(ruleProblem(rule({ find: 'a*', regex: true, wholeWord: false }))).toBe('“a*” matches empty text, so it would replace between every letter.');
    expect(ruleProblem(plainRule('ok', 'fine'))).toBeNull();
  });

  it('keeps the rules for the voice and the language of a reading', () => {
    const all = [plainRule('a', '1'), rule({ find: 'b', language: 'fr' }), rule({ find: 'c', voice: 'piper/x' }), rule({ find: 'd', language: 'en', voice: 'builtin/en-us' })];
    expect(rulesFor(all, 'builtin/en-us', 'en-GB').map((r) => r.find)).toEqual(['a', 'd']);
    expect(rulesFor(all, 'piper/x', 'fr-FR').map((r) => r.find)).toEqual(['a', 'b', 'c']);
    expect(rulesFor(all, 'piper/x', undefined).map((r) => r.find)).toEqual(['a', 'c']);
  });

  it('reads find=replace lists as other readers write them, and says which lines it could not', () => {
    const { rules, problems } = parseRulesFile('\uFEFF# my list\nGIF=jif\n\n; old\nnginx = engine x\nno equals here\n=nothing\nlol=laugh=out=loud\r\n');
    expect(rules.map((r) => [r.find, r.replace])).toEqual([
      ['GIF', 'jif'],
      ['nginx', 'engine x'],
      ['lol', 'laugh=out=loud'],
    ]);
    expect(problems).toEqual(['Line 6: “no equals here” has no find=replace.', 'Line 7: “=nothing” has no find=replace.']);
  });

  it('writes and reads back its own JSON, every field kept, and refuses what it cannot use', () => {
    const mine = [rule({ find: '(\\d+)%', replace: '$1 percent', regex: true, wholeWord: false, matchCase: true, language: 'en', voice: 'builtin/en-us' }), plainRule('Aloud', 'a loud')];
    expect(parseRulesFile(rulesToJson(mine))).toEqual({ rules: mine, problems: [] });
    expect(parseRulesFile('[{"find":"a","replace":"b"},{"find":"(","replace":"x","regex":true},{"nope":1}]').problems).toEqual([
      expect.stringMatching(/^Rule 2: “\(” is not a valid regular expression/u),
      'Rule 3: it needs at least "find" and "replace" as text.',
    ]);
    expect(parseRulesFile('{ not json').problems[0]).toMatch(/^The file is not valid JSON/u);
  });

  it('writes a find=replace list of the rules that fit one, and counts the others', () => {
    const out = rulesToFindReplace([plainRule('GIF', 'jif'), rule({ find: 'x+', regex: true }), rule({ find: 'b', language: 'fr' })]);
    expect(out).toEqual({ text: 'GIF=jif\n', left: 2 });
  });

  it('reads back the rules saved with a reading, and none from a reading without', () => {
    expect(pronunciationOf({ pronunciation: [plainRule('a', 'b')] })).toEqual([plainRule('a', 'b')]);
    expect(pronunciationOf({})).toEqual([]);
    expect(pronunciationOf({ pronunciation: [{ find: '(', replace: '', regex: true }] })).toEqual([]);
  });
});

describe('a regular expression that could freeze the reading (issue 26, case 3)', () => {
  it.each(['(a+)+$', '(a*)*b', '(?:\\w+\\s?)*$', '(a|a)+$', '(x+x+)+y', '([a-z]+)*$', '(a{1,})+', '((ab)*)+c', '(?<w>\\d+)+!', '(a+){2,}$', '(?:a|aa)*$', '(\\d+|\\w+)*%'])('is refused in one sentence: %s', (find) => {
    for (const wholeWord of [false, true]) {
      const problem = ruleProblem(rule({ find, regex: true, wholeWord }));
      expect(problem).toMatch(/^“.+” could take too long on some texts: [^\n]+\.$/u);
    }
    // A rule that got past the check (a settings file edited by hand) is not applied.
    expect(rulesFor([rule({ find, regex: true }), plainRule('ok', 'fine')], 'builtin/en-us', 'en').map((r) => r.find)).toEqual(['ok']);
  });

  it.each(['(\\d+)°C', 'Dr\\.', '(\\d+)(st|nd|rd|th)', '[A-Z]{2,}', '(\\w+)@(\\w+)\\.org', 'colou?r', '(?:ha){2}', '(?:Mr|Mrs|Ms)\\.', '\\b(\\d{1,3})(?:,(\\d{3}))+\\b', 'a+b+c+'])('takes an ordinary one: %s', (find) => {
    expect(ruleProblem(rule({ find, regex: true }))).toBeNull();
  });
});
