// kokoro-js's text normalization for its English voices (kokoro.js 1.2.1, src/phonemize.js,
// normalize_text), which Kokoro's English was phonemized through: quotes and brackets, Dr./Mr./Ms.,
// years said as pairs (1999 "nineteen ninety-nine"), times (10:30 "ten thirty", 3:00 "three o'clock",
// 9:05 "nine oh five"), thousands separators dropped, money ($5.25 "five dollars and twenty-five
// cents"), decimals said digit by digit ("two point five"), ranges (555-1234 "555 to 1234"), letters
// with dots (U.S.). Each rule is applied in kokoro-js's order, and every character of the result
// keeps the offset in the original text it came from, so a word eSpeak reads in the normalized text
// is highlighted where the user sees it.

export interface NormalizedText {
  text: string;
  /** UTF-16 offset in the original text of each character of `text`, plus one for the end. */
  source: number[];
}

type Replacement = string | ((match: string, ...groups: string[]) => string);

/** `text` with each match of `pattern` replaced, every new character mapped to where its match began. */
function rewrite(input: NormalizedText, pattern: RegExp, replacement: Replacement): NormalizedText {
  const matches = pattern.global ? [...input.text.matchAll(pattern)] : [pattern.exec(input.text)].filter((m) => m !== null);
  if (matches.length === 0) return input;
  let text = '';
  const source: number[] = [];
  let at = 0;
  for (const match of matches) {
    text += input.text.slice(at, match.index);
    source.push(...input.source.slice(at, match.index));
    const replaced = typeof replacement === 'string' ? replacement : replacement(match[0], ...match.slice(1).map((g) => g ?? ''));
    text += replaced;
    for (let i = 0; i < replaced.length; i++) source.push(input.source[match.index]!);
    at = match.index + match[0].length;
  }
  text += input.text.slice(at);
  source.push(...input.source.slice(at));
  return { text, source };
}

/** kokoro-js's split_num: a year in pairs, a time in hours and minutes. */
export function splitNumber(match: string): string {
  if (match.includes('.')) return match;
  if (match.includes(':')) {
    const [h, m] = match.split(':').map(Number) as [number, number];
    if (m === 0) return `${h} o'clock`;
    if (m < 10) return `${h} oh ${m}`;
    return `${h} ${m}`;
  }
  const year = parseInt(match.slice(0, 4), 10);
  if (year < 1100 || year % 1000 < 10) return match;
  const left = match.slice(0, 2);
  const right = parseInt(match.slice(2, 4), 10);
  const suffix = match.endsWith('s') ? 's' : '';
  if (year % 1000 >= 100 && year % 1000 <= 999) {
    if (right === 0) return `${left} hundred${suffix}`;
    if (right < 10) return `${left} oh ${right}${suffix}`;
  }
  return `${left} ${right}${suffix}`;
}

/** kokoro-js's flip_money: $5.25 "5 dollars and 25 cents". */
export function money(match: string): string {
  const bill = match[0] === '$' ? 'dollar' : 'pound';
  const amount = match.slice(1);
  if (isNaN(Number(amount))) return `${amount} ${bill}s`;
  if (!match.includes('.')) return `${amount} ${bill}${amount === '1' ? '' : 's'}`;
  const [b, c] = amount.split('.') as [string, string];
  const d = parseInt(c.padEnd(2, '0'), 10);
  const coins = match[0] === '$' ? (d === 1 ? 'cent' : 'cents') : d === 1 ? 'penny' : 'pence';
  return `${b} ${bill}${b === '1' ? '' : 's'} and ${d} ${coins}`;
}

/** kokoro-js's point_num: 2.5 "2 point 5", the decimals digit by digit. */
export function pointNumber(match: string): string {
  const [a, b] = match.split('.') as [string, string];
  return `${a} point ${b.split('').join(' ')}`;
}

/** kokoro-js's rules, in its order. */
const RULES: [RegExp, Replacement][] = [
  [/[‘’]/g, "'"],
  [/«/g, '“'],
  [/»/g, '”'],
  [/[“”]/g, '"'],
  [/\(/g, '«'],
  [/\)/g, '»'],
  [/、/g, ', '],
  [/。/g, '. '],
  [/！/g, '! '],
  [/，/g, ', '],
  [/：/g, ': '],
  [/；/g, '; '],
  [/？/g, '? '],
  [/[^\S \n]/g, ' '],
  // Not global in kokoro-js: the first run of spaces only.
  [/ {2,}/, ' '],
  [/(?<=\n) +(?=\n)/g, ''],
  [/\bD[Rr]\.(?= [A-Z])/g, 'Doctor'],
  [/\b(?:Mr\.|MR\.(?= [A-Z]))/g, 'Mister'],
  [/\b(?:Ms\.|MS\.(?= [A-Z]))/g, 'Miss'],
  [/\b(?:Mrs\.|MRS\.(?= [A-Z]))/g, 'Mrs'],
  [/\betc\.(?! [A-Z])/gi, 'etc'],
  [/\b(y)eah?\b/gi, (_, y) => `${y}e'a`],
  [/\d*\.\d+|\b\d{4}s?\b|(?<!:)\b(?:[1-9]|1[0-2]):[0-5]\d\b(?!:)/g, splitNumber],
  [/(?<=\d),(?=\d)/g, ''],
  [/[$£]\d+(?:\.\d+)?(?: hundred| thousand| (?:[bm]|tr)illion)*\b|[$£]\d+\.\d\d?\b/gi, money],
  [/\d*\.\d+/g, pointNumber],
  [/(?<=\d)-(?=\d)/g, ' to '],
  [/(?<=\d)S/g, ' S'],
  [/(?<=[BCDFGHJ-NP-TV-Z])'?s\b/g, "'S"],
  [/(?<=X')S\b/g, 's'],
  [/(?:[A-Za-z]\.){2,} [a-z]/g, (m) => m.replace(/\./g, '-')],
  [/(?<=[A-Z])\.(?=[A-Z])/gi, '-'],
];

/** The text as kokoro-js reads it for an English voice, with where each character came from. */
export function kokoroNormalize(text: string): NormalizedText {
  let out: NormalizedText = { text, source: Array.from({ length: text.length + 1 }, (_, i) => i) };
  for (const [pattern, replacement] of RULES) out = rewrite(out, pattern, replacement);
  // kokoro-js trims the result.
  const start = out.text.length - out.text.trimStart().length;
  const end = out.text.trimEnd().length;
  return { text: out.text.slice(start, end), source: [...out.source.slice(start, end), out.source[end]!] };
}
