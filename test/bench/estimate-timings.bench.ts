// How close estimated word timings (for providers that send none) come to the truth: the built-in
// voice's own word events, over varied text. Word-onset error, mean and p95, for the whole-audio
// estimate and the streaming one, beside the naive baseline (words spread evenly by characters).
import { DEFAULT_BUILTIN_VOICE, createBuiltinVoice } from '../../electron/engine/builtin-voice';
import { TimingEstimator, estimateWordTimings, textOnlyWordTimings, uniformWordTimings } from '../../electron/providers/estimate-timings';
import type { WordTiming } from '../../shared/chunk';
import { percentile, report, reportRatio } from './format';

export const SENTENCES = [
  'The rain had stopped by noon. Then, quite suddenly, the sun came out over the hills, and everyone went outside.',
  'Good morning! Did you sleep well? I hope so; we have a long day ahead of us.',
  'On 4 July 1999, at 10:30, Dr. Smith paid $5.25 for a well-known book.',
  'Extraordinary phenomena, unexplained by contemporary physics, fascinated the committee for decades.',
  'Yes. No. Maybe. I really cannot say.',
  'She sells sea shells by the sea shore, and the shells she sells are surely sea shells.',
  'In the beginning the universe was created. This has made a lot of people very angry and been widely regarded as a bad move.',
  'Please remember to bring: a torch, two blankets, some water, and the map that Peter drew.',
  'The quick brown fox jumps over the lazy dog while the cat watches from the window sill.',
  'Although the results were encouraging, the researchers cautioned that further trials would be necessary before any recommendation could be made.',
  'It was the best of times, it was the worst of times, it was the age of wisdom, it was the age of foolishness.',
  'Call me at 555 0199 before Friday, or send an email to the office.',
];

/** Longer passages: several pauses, so the streaming estimate commits words before the end. */
export const PASSAGES = [
  'My grandmother, who lived in a small village near the coast, used to tell us stories about the sea. Some were true; others, she admitted, were invented on the spot. We loved them all the same.',
  'The meeting is scheduled for Tuesday. Bring your laptop, your notes, and a list of questions. If you cannot attend, let me know by Monday evening.',
  'Photosynthesis converts light energy into chemical energy. Plants, algae and some bacteria use it to produce glucose from carbon dioxide and water.',
];

/** Not used when the word-length model was fitted: a check that it was not fitted to the test. */
export const HELD_OUT = [
  'Turn left at the second traffic light, then keep going until you see the old church on your right.',
  'Scientists have discovered a new species of frog in the mountains of Peru; it is smaller than a thumbnail.',
  'What time does the library close on Saturdays? I need to return three books before the weekend.',
  'The orchestra played for nearly two hours, and when the final note faded, the audience rose to its feet.',
  'Her brother, a carpenter by trade, built the table, the chairs, and even the wooden spoons in the kitchen.',
];

interface Errors {
  estimated: number[];
  streamed: number[];
  /** From the text and the duration only, as for MP3/Opus audio that is not decoded. */
  textOnly: number[];
  naive: number[];
}

function onsetErrors(est: WordTiming[], truth: WordTiming[]): number[] {
  const byStart = new Map(est.map((w) => [w.charStart, w]));
  return truth.flatMap((t) => {
    const e = byStart.get(t.charStart);
    return e ? [Math.abs(e.startMs - t.startMs)] : [];
  });
}

export default async function bench(): Promise<void> {
  const voice = createBuiltinVoice();
  await voice.warmUp();
  const errors: Errors = { estimated: [], streamed: [], textOnly: [], naive: [] };
  const heldOut: Errors = { estimated: [], streamed: [], textOnly: [], naive: [] };
  let words = 0;
  let matched = 0;
  for (const [rate, texts] of [
    [1, [...SENTENCES, ...PASSAGES, ...HELD_OUT]],
    [1.5, [...SENTENCES.slice(0, 4), ...HELD_OUT.slice(0, 2)]],
    [0.8, [...PASSAGES, ...HELD_OUT.slice(2)]],
  ] as const) {
    for (const text of texts) {
      const into = HELD_OUT.includes(text) ? heldOut : errors;
      const parts: Float32Array[] = [];
      const truth: WordTiming[] = [];
      let sampleRate = 22050;
      const streaming = new TimingEstimator(text, sampleRate, rate);
      const streamed: WordTiming[] = [];
      for await (const part of voice.synthesize({ text, voice: DEFAULT_BUILTIN_VOICE, synthRate: rate, signal: new AbortController().signal })) {
        if (part.audio.kind !== 'pcm') throw new Error('expected PCM');
        sampleRate = part.audio.sampleRate;
        parts.push(part.audio.samples);
        streamed.push(...streaming.push(part.audio.samples));
        for (const w of part.words) if (!truth.some((t) => t.charStart === w.charStart)) truth.push(w);
      }
      streamed.push(...streaming.finish());
      const samples = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
      let at = 0;
      for (const p of parts) {
        samples.set(p, at);
        at += p.length;
      }
      const est = onsetErrors(estimateWordTimings(text, samples, sampleRate, rate), truth);
      words += truth.length;
      matched += est.length;
      into.estimated.push(...est);
      into.streamed.push(...onsetErrors(streamed, truth));
      into.textOnly.push(...onsetErrors(textOnlyWordTimings(text, (samples.length / sampleRate) * 1000, rate), truth));
      into.naive.push(...onsetErrors(uniformWordTimings(text, (samples.length / sampleRate) * 1000), truth));
    }
  }
  await voice.close();
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  report('words compared (engine words whose start matches an estimated word)', matched, `of ${words}`);
  for (const [name, e] of [
    ['', errors],
    [', held-out sentences', heldOut],
  ] as const) {
    reportRatio(`word-onset error, mean (whole-audio estimate${name})`, mean(e.estimated), 'ms', 'naive spread by characters', mean(e.naive));
    reportRatio(`word-onset error, p95 (whole-audio estimate${name})`, percentile(e.estimated, 95), 'ms', 'naive spread by characters', percentile(e.naive, 95));
    reportRatio(`word-onset error, mean (streaming estimate${name})`, mean(e.streamed), 'ms', 'naive spread by characters', mean(e.naive));
    reportRatio(`word-onset error, p95 (streaming estimate${name})`, percentile(e.streamed, 95), 'ms', 'naive spread by characters', percentile(e.naive, 95));
    reportRatio(`word-onset error, mean (text and duration only: MP3/Opus${name})`, mean(e.textOnly), 'ms', 'naive spread by characters', mean(e.naive));
  }
  report('aim for the mean onset error', 80, 'ms', 'under 80 ms');
}
