// The user's pronunciation rules: how a word is said, fixed once for every reading. A rule finds plain
// text or a regular expression (with $1-style groups in its replacement), as a whole word or anywhere,
// matching case or not, for every language or one, for every voice or one. Rules are kept in the
// settings, applied before the text is cut into sentences (electron/speech/fit-to-hear.ts), and move
// between readers as JSON or as the plain `find=replace` lists other readers use. Free of zod: the
// command line's say path loads it.
import { messageOf } from './ipc-error';

export interface PronunciationRule {
  find: string;
  replace: string;
  /** `find` is a regular expression (JavaScript syntax, Unicode). */
  regex: boolean;
  /** Only where `find` is a whole word (not inside a longer one). */
  wholeWord: boolean;
  matchCase: boolean;
  /** A language (its base tag: 'en', 'fr') the rule is for; null: every language. */
  language: string | null;
  /** A voice key the rule is for; null: every voice. */
  voice: string | null;
}

export const MAX_PRONUNCIATION_RULES = 1000;

/** Why a rule cannot be used, in one sentence; null when it can. */
export function ruleProblem(rule: PronunciationRule): string | null {
  if (!rule.find) return 'A rule needs something to find.';
  if (rule.find.length > 500 || rule.replace.length > 500) return 'A rule’s find and replace are 500 characters at most.';
  try {
    // The person's own pattern first, so the message speaks of it and not of the whole-word wrapping.
    if (rule.regex) new RegExp(rule.find, 'u');
    const re = compileRule(rule);
    if (rule.regex && canBacktrackWithoutEnd(rule.find)) {
      return `“${rule.find}” could take too long on some texts: a repeated group holds a repetition or a choice of its own (as (a+)+ does), so write it without the nesting.`;
    }
    if (re.test('')) return `“${rule.find}” matches empty text, so it would replace between every letter.`;
  } catch (err) {
    const why = err instanceof Error ? err.message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /su, '') : String(err);
    return `“${rule.find}” is not a valid regular expression (${why.toLowerCase()}).`;
  }
  return null;
}

/** A group (or the whole pattern) as far as backtracking goes. */
interface GroupShape {
  /** It holds a repetition of varying length (+, *, ?, {1,3}): the same text can be split in several ways. */
  varies: boolean;
  /** It holds a choice (|): the same text may match more than one branch. */
  chooses: boolean;
}

/**
 * Whether a (valid, Unicode-mode) pattern has the shape that backtracks exponentially in JavaScript's
 * engine: a group repeated without bound (or more than 10 times) that itself holds a repetition of
 * varying length or a choice, as (a+)+, (a|a)*, (\w+\s?)*. A linear-time look at the pattern,
 * run before the rule is ever used: JavaScript cannot interrupt a regular expression once it runs, and
 * with 40 letters (a+)+$ takes minutes. Conservative: a few harmless patterns ((?:ha|he)+) are refused.
 */
export function canBacktrackWithoutEnd(source: string): boolean {
  const groups: GroupShape[] = [{ varies: false, chooses: false }];
  // What a quantifier would apply to: a group just closed, another atom, or nothing.
  let last: GroupShape | 'atom' | null = null;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    const current = groups.at(-1)!;
    if (c === '\\') {
      const next = source[i + 1];
      if ((next === 'p' || next === 'P' || next === 'u') && source[i + 2] === '{') i = source.indexOf('}', i);
      else if (next === 'k' && source[i + 2] === '<') i = source.indexOf('>', i);
      else i++;
      if (i < 0) return false;
      last = 'atom';
    } else if (c === '[') {
      for (i++; i < source.length && source[i] !== ']'; i++) if (source[i] === '\\') i++;
      last = 'atom';
    } else if (c === '(') {
      groups.push({ varies: false, chooses: false });
      if (source[i + 1] === '?') {
        const head = /^\?(?:<[=!]|[:=!]|<[^>]*>)/u.exec(source.slice(i + 1));
        if (head) i += head[0].length;
      }
      last = null;
    } else if (c === ')') {
      const closed = groups.pop()!;
      if (groups.length === 0) return false;
      const parent = groups.at(-1)!;
      parent.varies ||= closed.varies;
      parent.chooses ||= closed.chooses;
      last = closed;
    } else if (c === '|') {
      current.chooses = true;
      last = null;
    } else if (c === '*' || c === '+' || c === '?' || (c === '{' && /^\{\d+(?:,\d*)?\}/u.test(source.slice(i)))) {
      let min = c === '+' ? 1 : 0;
      let max = c === '?' ? 1 : Infinity;
      if (c === '{') {
        const [, lo, comma, hi] = /^\{(\d+)(,?)(\d*)\}/u.exec(source.slice(i))!;
        min = Number(lo);
        max = comma ? (hi ? Number(hi) : Infinity) : min;
        i = source.indexOf('}', i);
      }
      if (source[i + 1] === '?') i++; // lazy: the same backtracking
      if (typeof last === 'object' && last !== null && max > 10 && (last.varies || last.chooses)) return true;
      if (last !== null && min !== max) current.varies = true;
      last = null;
    } else last = 'atom';
  }
  return false;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');

/**
 * The rule as a global regular expression (`indices`: with each group's offsets). Throws when `find` is
 * not a valid regular expression.
 */
export function compileRule(rule: PronunciationRule, indices = false): RegExp {
  const body = rule.regex ? rule.find : escapeRegex(rule.find);
  // \b knows ASCII letters only: whole words in every script.
  const pattern = rule.wholeWord ? `(?<![\\p{L}\\p{N}_])(?:${body})(?![\\p{L}\\p{N}_])` : body;
  return new RegExp(pattern, `g${rule.matchCase ? '' : 'i'}u${indices ? 'd' : ''}`);
}

/** The rules that apply to a reading by `voice` (a voice key) in `language` (a BCP-47 tag, if known). */
export function rulesFor(rules: readonly PronunciationRule[], voice: string, language: string | undefined): PronunciationRule[] {
  const base = language?.split(/[-_]/u)[0]?.toLowerCase();
  // A rule that cannot be used (a settings file edited by hand) is left out, never run.
  return rules.filter((r) => (r.voice === null || r.voice === voice) && (r.language === null || r.language === base) && ruleProblem(r) === null);
}

/** A rule as typed: whole word, case-blind, for every language and voice. */
export function plainRule(find: string, replace: string): PronunciationRule {
  return { find, replace, regex: false, wholeWord: true, matchCase: false, language: null, voice: null };
}

/** The rules as Aloud's JSON file. */
export function rulesToJson(rules: readonly PronunciationRule[]): string {
  return `${JSON.stringify({ aloudPronunciation: 1, rules }, null, 2)}\n`;
}

/** The rules as `find=replace` lines (regular-expression rules and limited rules do not fit: left out). */
export function rulesToFindReplace(rules: readonly PronunciationRule[]): { text: string; left: number } {
  const fits = rules.filter((r) => !r.regex && r.language === null && r.voice === null && !r.find.includes('='));
  return { text: fits.map((r) => `${r.find}=${r.replace}\n`).join(''), left: rules.length - fits.length };
}

/**
 * Reads a rules file: Aloud's JSON, or `find=replace` lines (blank lines and lines starting with # or ;
 * skipped). Returns the rules it could read and, for each line or entry it could not, why.
 */
export function parseRulesFile(text: string): { rules: PronunciationRule[]; problems: string[] } {
  const body = text.replace(/^\uFEFF/u, '');
  const rules: PronunciationRule[] = [];
  const problems: string[] = [];
  if (/^\s*[{[]/u.test(body)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch (err) {
      return { rules, problems: [`The file is not valid JSON (${messageOf(err)}).`] };
    }
    const list = Array.isArray(parsed) ? parsed : isObject(parsed) && Array.isArray(parsed['rules']) ? parsed['rules'] : null;
    if (!list) return { rules, problems: ['The JSON file has no list of rules.'] };
    list.forEach((entry: unknown, i) => {
      const rule = ruleFromJson(entry);
      const problem = rule ? ruleProblem(rule) : 'it needs at least "find" and "replace" as text.';
      if (rule && !problem) rules.push(rule);
      else problems.push(`Rule ${i + 1}: ${problem}`);
    });
  } else {
    body.split(/\r?\n/u).forEach((line, i) => {
      const trimmed = line.trim();
      if (!trimmed || trimmed.startsWith('#') || trimmed.startsWith(';')) return;
      const eq = line.indexOf('=');
      if (eq <= 0) {
        problems.push(`Line ${i + 1}: “${trimmed.slice(0, 60)}” has no find=replace.`);
        return;
      }
      const rule = plainRule(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
      const problem = ruleProblem(rule);
      if (problem) problems.push(`Line ${i + 1}: ${problem}`);
      else rules.push(rule);
    });
  }
  if (rules.length > MAX_PRONUNCIATION_RULES) {
    problems.push(`Only the first ${MAX_PRONUNCIATION_RULES} rules are kept.`);
    rules.length = MAX_PRONUNCIATION_RULES;
  }
  return { rules, problems };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function ruleFromJson(entry: unknown): PronunciationRule | null {
  if (!isObject(entry) || typeof entry['find'] !== 'string' || typeof entry['replace'] !== 'string') return null;
  const flag = (key: string, fallback: boolean) => (typeof entry[key] === 'boolean' ? (entry[key] as boolean) : fallback);
  const text = (key: string) => (typeof entry[key] === 'string' && entry[key] ? (entry[key] as string) : null);
  return {
    find: entry['find'],
    replace: entry['replace'],
    regex: flag('regex', false),
    wholeWord: flag('wholeWord', true),
    matchCase: flag('matchCase', false),
    language: text('language')?.toLowerCase() ?? null,
    voice: text('voice'),
  };
}

/** The pronunciation rules a saved reading was made with (its settings record); [] for none. */
export function pronunciationOf(settings: Record<string, unknown> | undefined): PronunciationRule[] {
  const saved = settings?.['pronunciation'];
  if (!Array.isArray(saved)) return [];
  return saved.map(ruleFromJson).filter((r): r is PronunciationRule => r !== null && ruleProblem(r) === null);
}
