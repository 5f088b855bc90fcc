// The text pipeline on a 10,000-word text: full segmentation against a plain Intl.Segmenter sentence
// pass over the same text (segmentText also cleans, checks word boundaries and maps offsets, but
// segments in windows: V8 copies the whole input into every segment object, so the plain pass grows
// with the square of the length), and the time to the first segment, which must not grow with the
// length of the text (10,000 words and a 1 MB book against 10 words). With the rules that make text fit
// to hear (links, citations, page numbers...), both again beside the same without them: the rules'
// whole-text pass (page furniture, code fences) runs before the first segment.
import { DEFAULT_HEARING_RULES } from '../../shared/hearing-rules';
import { iterateSegments, segmentText } from '../../electron/speech/segment-text';
import { median, report, reportRatio } from './format';

const vocabulary = 'the of and a to in is was it for on with as his that he at by from they this had not but be are or an which one you were her all she there would their we him been has when who will no more if out so said what up its about into than them can only other new some could time these two may then do first any my now such like our over man me even most made after also did many before must through back years where much your way well down should because each just those people how too little state good very make world still own see men work long get here between both life being under never day same another know while last might us great old year off come since against go came right used take three'.split(' ');

/** Deterministic prose: sentences of 4-28 words, some with commas, semicolons or a question mark. */
function prose(words: number): string {
  let seed = 42;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const out: string[] = [];
  let left = words;
  while (left > 0) {
    const n = Math.min(left, 4 + rand(25));
    const sentence: string[] = [];
    for (let i = 0; i < n; i++) {
      let w = vocabulary[rand(vocabulary.length)]!;
      if (i === 0) w = w[0]!.toUpperCase() + w.slice(1);
      if (i > 2 && i < n - 2 && rand(9) === 0) w += rand(3) === 0 ? ';' : ',';
      sentence.push(w);
    }
    out.push(sentence.join(' ') + (rand(7) === 0 ? '?' : '.'));
    left -= n;
  }
  return out.join(rand(5) === 0 ? '\n\n' : ' ');
}

function timeMs(fn: () => unknown, runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

export default async function bench(): Promise<void> {
  const long = prose(10_000);
  const short = prose(10);
  const sentences = new Intl.Segmenter('en', { granularity: 'sentence' });
  const maxChars = 300;
  // Warm up both paths (ICU data, JIT).
  segmentText(long, { maxChars });
  for (const _ of sentences.segment(long));

  const full = timeMs(() => segmentText(long, { maxChars }), 15);
  const floor = timeMs(() => {
    for (const _ of sentences.segment(long));
  }, 15);
  const count = segmentText(long, { maxChars }).length;
  report(`segments of a ${long.length}-char, 10,000-word text`, count, 'segments');
  reportRatio('segmentText, 10,000 words', full, 'ms', 'Intl.Segmenter sentences alone', floor);

  const firstLong = timeMs(() => iterateSegments(long, { maxChars }).next(), 31);
  const firstShort = timeMs(() => iterateSegments(short, { maxChars }).next(), 31);
  reportRatio('first segment, 10,000 words', firstLong, 'ms', 'first segment, 10 words', firstShort);
  const book = prose(200_000);
  const firstBook = timeMs(() => iterateSegments(book, { maxChars }).next(), 31);
  reportRatio(`first segment, 200,000 words (${(book.length / 1e6).toFixed(1)} MB)`, firstBook, 'ms', 'first segment, 10 words', firstShort);

  const hearing = DEFAULT_HEARING_RULES;
  const fitted = timeMs(() => segmentText(long, { maxChars, hearing }), 15);
  reportRatio('segmentText fit to hear, 10,000 words', fitted, 'ms', 'segmentText as written', full);
  const firstBookFitted = timeMs(() => iterateSegments(book, { maxChars, hearing }).next(), 31);
  reportRatio(`first segment fit to hear, 200,000 words (${(book.length / 1e6).toFixed(1)} MB)`, firstBookFitted, 'ms', 'first segment as written', firstBook);
}
