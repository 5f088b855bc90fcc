// Long, ordinary English prose for benchmarks, the same every run: sentences built from clauses of
// real English in an order fixed by a seeded generator, with numbers and the usual punctuation.

const openings = [
  'In the early morning',
  'After a long and difficult winter',
  'When the committee finally met',
  'According to the old records',
  'Later that afternoon',
  'Despite the heavy rain',
  'For most of the following year',
  'As the train pulled out of the station',
];
const subjects = [
  'the young doctor',
  'our neighbours across the river',
  'a small group of students',
  'the captain of the fishing boat',
  'my grandmother',
  'the city council',
  'an experienced engineer',
  'the two old friends',
];
const predicates = [
  'walked slowly along the narrow road towards the village',
  'decided to rebuild the bridge that the flood had carried away',
  'wrote a long letter explaining what had happened',
  'could not understand why the lights had gone out',
  'planted apple trees on the hill behind the school',
  'spent the evening reading about the history of the harbour',
  'argued that the new library should stay open until midnight',
  'repaired the clock in the tower without any help',
];
const endings = [
  'and nobody was surprised',
  'although the weather was getting worse',
  'because there was simply no other choice',
  'while the children watched from the window',
  'before anyone else had noticed the problem',
  'which turned out to be a very good idea',
];
const asides = [
  'It cost {n} dollars, more than anyone expected.',
  'By then it was already {n} years old.',
  'Nobody knows exactly why.',
  'Was it worth it? Most people thought so.',
  'The newspaper called it "a small miracle".',
  'There were {n} of them in total; some say even more.',
];

/** A deterministic pseudo-random generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** About `words` words of English prose, in paragraphs; identical for the same arguments. */
export function englishText(words: number, seed = 1): string {
  const next = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const paragraphs: string[] = [];
  let sentences: string[] = [];
  let count = 0;
  while (count < words) {
    let sentence =
      next() < 0.3
        ? pick(asides).replace('{n}', String(2 + Math.floor(next() * 1998)))
        : `${pick(openings)}, ${pick(subjects)} ${pick(predicates)}${next() < 0.5 ? `, ${pick(endings)}` : ''}.`;
    const remaining = words - count;
    const sentenceWords = sentence.split(/\s+/);
    if (sentenceWords.length > remaining) sentence = `${sentenceWords.slice(0, remaining).join(' ').replace(/[,;]$/, '')}.`;
    sentences.push(sentence);
    count += Math.min(sentenceWords.length, remaining);
    if (sentences.length >= 6) {
      paragraphs.push(sentences.join(' '));
      sentences = [];
    }
  }
  if (sentences.length > 0) paragraphs.push(sentences.join(' '));
  return paragraphs.join('\n\n');
}
