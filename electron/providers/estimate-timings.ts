// Estimated word timings for voices that send none: the text's words are laid over the audio,
// anchored at the pauses the speaker makes (found by energy) matched to the text's sentence and
// clause boundaries, and spread between anchors by each word's expected length (syllables).
import type { EncodedAudio, PcmAudio, WordTiming } from '../../shared/chunk';
import { createDurationCounter } from './encoded-duration';
import { SynthesisError } from '../speech/synthesis-error';

const FRAME_MS = 10;
/** A silence at least this long may be a clause or sentence pause (stop closures are shorter). */
const MIN_PAUSE_MS = 90;
/** Below the loud frames' level by this much counts as silence. */
const SILENCE_BELOW_PEAK_DB = 32;
const ABSOLUTE_FLOOR_DB = -60;
/** Expected ms of voiced speech per weight unit at rate 1 (about one syllable), before any is measured. */
const DEFAULT_MS_PER_UNIT = 215;

type GapClass = 'sentence' | 'clause' | 'none';

export interface TextWord {
  text: string;
  charStart: number;
  charEnd: number;
  /** Expected relative spoken length. */
  weight: number;
  /** The boundary after this word. */
  gapAfter: GapClass;
}

interface Pause {
  startMs: number;
  endMs: number;
}

/** Words (runs containing a letter or digit), their weights and the boundary that follows each. */
export function splitWords(text: string): TextWord[] {
  const words: TextWord[] = [];
  const token = /\S+/gu;
  for (let m = token.exec(text); m; m = token.exec(text)) {
    const raw = m[0];
    const inner = /[\p{L}\p{N}](?:.*[\p{L}\p{N}\p{M}])?/u.exec(raw);
    if (!inner) {
      // A lone dash or ellipsis between words still marks a clause boundary.
      const prev = words.at(-1);
      if (prev && /[—–-]|\.\.\.|…|[;:]/u.test(raw) && prev.gapAfter === 'none') prev.gapAfter = 'clause';
      continue;
    }
    const charStart = m.index + inner.index;
    const charEnd = charStart + inner[0].length;
    const trailing = raw.slice(inner.index + inner[0].length);
    words.push({ text: inner[0], charStart, charEnd, weight: wordWeight(inner[0]), gapAfter: gapClass(trailing, text, m.index + raw.length) });
  }
  return words;
}

function gapClass(trailing: string, text: string, after: number): GapClass {
  if (/[.!?…。！？।॥]/u.test(trailing)) return 'sentence';
  if (/\n\s*\n/u.test(text.slice(after, after + 4))) return 'sentence';
  if (/[,;:—–)"»”]/u.test(trailing)) return 'clause';
  return 'none';
}

/** Tunable weights of the word-length model (fitted to the built-in voice; see the bench). */
const WEIGHTS = { base: 0.3, syllable: 0.25, consonant: 0.25, vowel: 0, digitSyllable: 1.25, functionWord: 0.6, phraseFinal: 0.3 };

/** Short unstressed words that speakers say quickly. */
const FUNCTION_WORDS = new Set(
  'a an the of to and or but in on at by for from with as is are was were be been it its this that these those his her he she we you they i me my our your their not no so if than then there'.split(' '),
);

/**
 * A word's expected spoken length: a fixed part per word, its syllables (vowel groups; numbers as
 * English number words), and its consonants (clusters take time: "strengths" is one syllable).
 */
export function wordWeight(word: string): number {
  const W = WEIGHTS;
  const lower = word.toLowerCase();
  let weight = W.base;
  for (const run of lower.match(/[0-9]+/gu) ?? []) weight += W.digitSyllable * numberSyllables(run);
  const letters = lower.replace(/[^\p{L}\p{M}]/gu, '');
  if (letters.length > 0) {
    if (/^[a-z]+$/u.test(letters)) {
      let groups = letters.match(/[aeiouy]+/gu)?.length ?? 0;
      if (groups > 1 && /[^aeiouy]e$/u.test(letters) && !/[^aeiouy]le$/u.test(letters)) groups -= 1;
      // All-consonant words (abbreviations like "BBC") are spelled out.
      if (groups === 0) groups = letters.length;
      const vowels = letters.replace(/[^aeiouy]/gu, '').length;
      weight += W.syllable * groups + W.consonant * (letters.length - vowels) + W.vowel * vowels;
      if (FUNCTION_WORDS.has(letters)) weight *= W.functionWord;
    } else {
      // Other scripts: characters are a fair proxy for syllables.
      weight += W.syllable * Math.max(1, letters.length * 0.5);
    }
  }
  return Math.max(0.6, weight);
}

const UNIT_SYL = [2, 1, 1, 1, 1, 1, 1, 2, 1, 1]; // zero one two ... seven(2) ...
const TEEN_SYL = [1, 3, 1, 2, 2, 2, 2, 3, 2, 2]; // ten eleven twelve thirteen ...
const TENS_SYL = [0, 0, 2, 2, 2, 2, 2, 3, 2, 2]; // twenty ... seventy(3) ...

/** Syllables of a digit run read as English: digit by digit when long or 0-led, years in pairs. */
export function numberSyllables(run: string): number {
  if (run.length > 4 || (run.length > 1 && run.startsWith('0'))) return [...run].reduce((n, d) => n + UNIT_SYL[Number(d)]!, 0);
  const n = Number(run);
  if (n >= 1100 && n <= 1999 && n % 100 !== 0) return below100(Math.floor(n / 100)) + (n % 100 < 10 ? 1 + UNIT_SYL[n % 10]! : below100(n % 100));
  let syl = 0;
  if (n >= 1000) syl += UNIT_SYL[Math.floor(n / 1000)]! + 2;
  const h = Math.floor((n % 1000) / 100);
  if (h > 0) syl += UNIT_SYL[h]! + 2;
  const rest = n % 100;
  if (rest > 0 || n === 0) syl += below100(rest);
  return syl;
}

function below100(n: number): number {
  if (n < 10) return UNIT_SYL[n]!;
  if (n < 20) return TEEN_SYL[n - 10]!;
  return TENS_SYL[Math.floor(n / 10)]! + (n % 10 ? UNIT_SYL[n % 10]! : 0);
}

/** Per-frame loudness in dB (full scale) of 10 ms frames. */
class FrameMeter {
  readonly frameLen: number;
  private carry: Float32Array;
  private carryLen = 0;
  readonly db: number[] = [];
  /** Histogram of frame loudness in 1 dB bins from -120 dB, for a cheap percentile. */
  private readonly hist = new Uint32Array(121);

  constructor(readonly sampleRate: number) {
    this.frameLen = Math.max(1, Math.round((sampleRate * FRAME_MS) / 1000));
    this.carry = new Float32Array(this.frameLen);
  }

  push(samples: Float32Array): void {
    let i = 0;
    if (this.carryLen > 0) {
      const take = Math.min(this.frameLen - this.carryLen, samples.length);
      this.carry.set(samples.subarray(0, take), this.carryLen);
      this.carryLen += take;
      i = take;
      if (this.carryLen < this.frameLen) return;
      this.add(frameDb(this.carry, 0, this.frameLen));
      this.carryLen = 0;
    }
    for (; i + this.frameLen <= samples.length; i += this.frameLen) this.add(frameDb(samples, i, this.frameLen));
    const rest = samples.length - i;
    if (rest > 0) {
      this.carry.set(samples.subarray(i));
      this.carryLen = rest;
    }
  }

  /** Flush a final partial frame. */
  finish(): void {
    if (this.carryLen > 0) this.add(frameDb(this.carry, 0, this.carryLen));
    this.carryLen = 0;
  }

  private add(d: number): void {
    this.db.push(d);
    this.hist[Math.min(120, Math.max(0, Math.round(d + 120)))]!++;
  }

  /** Silence is well below the level of the loud frames (their 90th percentile). */
  silenceThreshold(): number {
    const floorBin = ABSOLUTE_FLOOR_DB + 120;
    let loud = 0;
    for (let b = floorBin + 1; b <= 120; b++) loud += this.hist[b]!;
    if (loud === 0) return ABSOLUTE_FLOOR_DB;
    let seen = 0;
    let b = floorBin + 1;
    for (; b <= 120; b++) {
      seen += this.hist[b]!;
      if (seen >= loud * 0.9) break;
    }
    return Math.max(ABSOLUTE_FLOOR_DB, b - 120 - SILENCE_BELOW_PEAK_DB);
  }
}

function frameDb(s: Float32Array, from: number, n: number): number {
  let sum = 0;
  for (let i = from; i < from + n; i++) sum += s[i]! * s[i]!;
  return 10 * Math.log10(sum / n + 1e-12);
}

interface Alignment {
  /** Pairs of (pause index, index of the word the pause follows). */
  anchors: { pause: number; word: number }[];
  cost: number;
}

const UNMATCHED_GAP_COST: Record<GapClass, number> = { sentence: 1.2, clause: 0.5, none: 0 };
const TIME_SCALE_MS = 350;

/**
 * Aligns pauses to word boundaries (a monotone matching, by dynamic programming).
 * voiced[j] is pause j's position in voiced time (time with all pauses removed); cum[i] the
 * weight through word i; msPerUnit the speaking pace; coveredUnits how much text the audio spans.
 */
function alignPauses(pauses: Pause[], voiced: number[], words: TextWord[], cum: number[], msPerUnit: number, coveredUnits: number): Alignment {
  const P = pauses.length;
  // Gaps after words 0..G-1 (the last word has no gap inside the window).
  const G = Math.max(0, words.length - 1);
  const unmatchedPause = (j: number): number => {
    const d = pauses[j]!.endMs - pauses[j]!.startMs;
    return Math.min(2, Math.max(0, (d - MIN_PAUSE_MS) / 120)) + 0.15;
  };
  const gapCost = (i: number): number => (cum[i]! < coveredUnits ? UNMATCHED_GAP_COST[words[i]!.gapAfter] : 0);
  const matchCost = (j: number, i: number): number => {
    const d = pauses[j]!.endMs - pauses[j]!.startMs;
    const timeCost = Math.abs(voiced[j]! - cum[i]! * msPerUnit) / TIME_SCALE_MS;
    const cls = words[i]!.gapAfter;
    const classCost = cls === 'sentence' ? 0 : cls === 'clause' ? (d > 450 ? 0.4 : 0.05) : d > 200 ? 1.5 : 0.6;
    return timeCost + classCost;
  };
  // dp[j][i]: best cost having placed the first j pauses and considered the first i gaps.
  const W = G + 1;
  const dp = new Float64Array((P + 1) * W).fill(Infinity);
  const from = new Uint8Array((P + 1) * W);
  dp[0] = 0;
  for (let j = 0; j <= P; j++) {
    for (let i = 0; i <= G; i++) {
      const here = dp[j * W + i]!;
      if (here === Infinity) continue;
      if (j < P) relax(j + 1, i, here + unmatchedPause(j), 1);
      if (i < G) relax(j, i + 1, here + gapCost(i), 2);
      if (j < P && i < G) relax(j + 1, i + 1, here + matchCost(j, i), 3);
    }
  }
  function relax(j: number, i: number, cost: number, how: number): void {
    const k = j * W + i;
    if (cost < dp[k]!) {
      dp[k] = cost;
      from[k] = how;
    }
  }
  const anchors: { pause: number; word: number }[] = [];
  let j = P;
  let i = G;
  const cost = dp[P * W + G]!;
  while (j > 0 || i > 0) {
    const how = from[j * W + i];
    if (how === 3) anchors.push({ pause: j - 1, word: i - 1 });
    if (how === 1 || how === 3) j--;
    if (how === 2 || how === 3) i--;
    if (how === 0) break;
  }
  anchors.reverse();
  return { anchors, cost };
}

/**
 * Estimates word timings as PCM arrives. push() returns the words it is now sure of (those before
 * a pause that is well matched and followed by more speech); finish() returns the rest.
 * Times are ms from the start of the audio; char offsets index the text given.
 */
export class TimingEstimator {
  private readonly words: TextWord[];
  private readonly meter: FrameMeter;
  /** Next word not yet emitted. */
  private nextWord = 0;
  /** Frame from which the next words' audio starts (after the last committed pause). */
  private anchorFrame = 0;
  private committedVoicedMs = 0;
  private committedUnits = 0;
  private finished = false;

  constructor(
    readonly text: string,
    readonly sampleRate: number,
    private readonly rate = 1,
  ) {
    this.words = splitWords(text);
    this.meter = new FrameMeter(sampleRate);
  }

  /** Feed mono PCM; returns words newly timed. */
  push(samples: Float32Array): WordTiming[] {
    if (this.finished) throw new Error('TimingEstimator: push after finish');
    this.meter.push(samples);
    return this.commit(false);
  }

  finish(): WordTiming[] {
    if (this.finished) return [];
    this.meter.finish();
    const out = this.commit(true);
    this.finished = true;
    return out;
  }

  private msPerUnit(): number {
    // Pace measured on what is committed, once there is enough of it.
    if (this.committedUnits >= 8) return this.committedVoicedMs / this.committedUnits;
    return DEFAULT_MS_PER_UNIT / this.rate;
  }

  /**
   * The stream broke off: the words that, at the pace measured so far, were fully heard in the
   * audio received (with a margin: better to say a word again than to lose it). Ends the estimator.
   */
  partial(marginMs = 150): WordTiming[] {
    if (this.finished) return [];
    this.meter.finish();
    this.finished = true;
    return this.commit('partial', marginMs);
  }

  private commit(mode: boolean | 'partial', marginMs = 0): WordTiming[] {
    const final = mode !== false;
    const words = this.words.slice(this.nextWord);
    if (words.length === 0) return [];
    const db = this.meter.db;
    const threshold = this.meter.silenceThreshold();
    const silent = (f: number): boolean => db[f]! < threshold;

    // Voice onset after the anchor.
    let start = this.anchorFrame;
    while (start < db.length && silent(start)) start++;
    if (start >= db.length) return final ? this.spread(words, this.anchorFrame * FRAME_MS, this.anchorFrame * FRAME_MS, []) : [];
    let end = db.length;
    if (final) while (end > start && silent(end - 1)) end--;

    // Complete pauses inside [start, end): silent runs long enough and followed by voice.
    const pauses: Pause[] = [];
    const minFrames = Math.ceil(MIN_PAUSE_MS / FRAME_MS);
    for (let f = start; f < end; ) {
      if (!silent(f)) {
        f++;
        continue;
      }
      let g = f;
      while (g < end && silent(g)) g++;
      if (g < end && g - f >= minFrames) pauses.push({ startMs: f * FRAME_MS, endMs: g * FRAME_MS });
      f = g;
    }
    const startMs = start * FRAME_MS;
    const endMs = end * FRAME_MS;
    const voiced: number[] = [];
    let removed = 0;
    for (const p of pauses) {
      voiced.push(p.startMs - startMs - removed);
      removed += p.endMs - p.startMs;
    }
    const voicedTotal = endMs - startMs - removed;
    const cum: number[] = [];
    let acc = 0;
    for (const w of words) cum.push((acc += w.weight));

    if (mode === 'partial') {
      const pace = this.msPerUnit();
      let count = 0;
      while (count < words.length && cum[count]! * pace <= voicedTotal - marginMs) count++;
      if (count === 0) return [];
      const heard = words.slice(0, count);
      const alignment = alignPauses(pauses, voiced, heard, cum, pace, cum[count - 1]!);
      // Where the last heard word ends, in real time: its voiced end plus the pauses before it.
      let endReal = startMs + cum[count - 1]! * pace;
      for (const p of pauses) if (p.startMs < endReal) endReal += p.endMs - p.startMs;
      return this.emitAnchored(heard, alignment, pauses, startMs, Math.min(endReal, endMs), count);
    }

    if (final) {
      const alignment = alignPauses(pauses, voiced, words, cum, voicedTotal / acc, acc);
      return this.emitAnchored(words, alignment, pauses, startMs, endMs, words.length);
    }

    // Mid-stream: the end of the text is unknown, so try a range of paces and keep the best fit.
    if (pauses.length < 2) return [];
    const base = this.msPerUnit();
    const narrow = this.committedUnits >= 8;
    const kMax = narrow ? 4 : 10;
    // Only the words the audio so far could reach at the fastest pace tried take part.
    const reach = voicedTotal / (base * Math.pow(1.05, -kMax)) + 4;
    let n = 2;
    while (n < words.length && cum[n - 1]! < reach) n++;
    const near = words.slice(0, n);
    let best: Alignment | undefined;
    for (let k = -kMax; k <= kMax; k++) {
      const msPerUnit = base * Math.pow(1.05, k);
      const a = alignPauses(pauses, voiced, near, cum, msPerUnit, voicedTotal / msPerUnit);
      if (!best || a.cost < best.cost) best = a;
    }
    // Commit up to the second-to-last anchor: the last one still lacks context after it.
    const anchors = best!.anchors.filter((a) => words[a.word]!.gapAfter !== 'none');
    if (anchors.length < 2) return [];
    const upto = anchors.at(-2)!;
    const used = { anchors: best!.anchors.filter((a) => a.word <= upto.word), cost: best!.cost };
    const untilMs = pauses[upto.pause]!.startMs;
    return this.emitAnchored(words, used, pauses, startMs, untilMs, upto.word + 1, pauses[upto.pause]!.endMs);
  }

  /** Times words[0..count) between the anchors, then moves the anchor past them. */
  private emitAnchored(words: TextWord[], alignment: Alignment, pauses: Pause[], startMs: number, endMs: number, count: number, nextAnchorMs?: number): WordTiming[] {
    const out: WordTiming[] = [];
    let segStartMs = startMs;
    let firstWord = 0;
    const anchored = new Set(alignment.anchors.map((a) => a.pause));
    const pieces = [...alignment.anchors.filter((a) => a.word < count - 1 || nextAnchorMs !== undefined), null];
    for (const a of pieces) {
      const lastWord = a ? a.word : count - 1;
      const segEndMs = a ? pauses[a.pause]!.startMs : endMs;
      const inner = pauses.filter((p, k) => !anchored.has(k) && p.startMs >= segStartMs && p.endMs <= segEndMs);
      out.push(...this.spread(words.slice(firstWord, lastWord + 1), segStartMs, segEndMs, inner));
      firstWord = lastWord + 1;
      if (!a) break;
      segStartMs = pauses[a.pause]!.endMs;
      if (firstWord >= count) break;
    }
    this.nextWord += count;
    if (nextAnchorMs !== undefined) this.anchorFrame = Math.round(nextAnchorMs / FRAME_MS);
    return out;
  }

  /** Spreads words by weight over the voiced time of [fromMs, toMs), skipping the given pauses. */
  private spread(words: TextWord[], fromMs: number, toMs: number, pauses: Pause[]): WordTiming[] {
    if (words.length === 0) return [];
    const silentMs = pauses.reduce((s, p) => s + (p.endMs - p.startMs), 0);
    const voicedMs = Math.max(0, toMs - fromMs - silentMs);
    // The last word before a pause is drawn out (phrase-final lengthening).
    const weights = words.map((w, i) => (i === words.length - 1 ? w.weight * (1 + WEIGHTS.phraseFinal) : w.weight));
    const total = weights.reduce((s, w) => s + w, 0);
    // Voiced offset -> real time, stepping over the pauses; an onset lands after a pause, not in it.
    const toReal = (v: number, onset: boolean): number => {
      let t = fromMs + v;
      for (const p of pauses) {
        if (t > p.startMs || (onset && t === p.startMs)) t += p.endMs - p.startMs;
        else break;
      }
      return t;
    };
    const out: WordTiming[] = [];
    let acc = 0;
    for (const [i, w] of words.entries()) {
      const s = toReal((acc / total) * voicedMs, true);
      acc += weights[i]!;
      const e = toReal((acc / total) * voicedMs, false);
      out.push({ text: w.text, charStart: w.charStart, charEnd: w.charEnd, startMs: s, endMs: Math.max(s, e) });
    }
    this.committedVoicedMs += voicedMs;
    this.committedUnits += total;
    return out;
  }
}

/** Whole-audio estimate. */
export function estimateWordTimings(text: string, samples: Float32Array, sampleRate: number, rate = 1): WordTiming[] {
  const est = new TimingEstimator(text, sampleRate, rate);
  return [...est.push(samples), ...est.finish()];
}

/** Pauses a speaker makes at boundaries, at rate 1, for the text-only estimate. */
export const TEXT_ONLY_PAUSE_MS = { sentence: 400, clause: 170 };

/**
 * Word timings from the text and the audio's length alone, for audio that is not decoded here
 * (MP3, Opus): boundaries get typical pauses, the rest is spread by word weight.
 */
export function textOnlyWordTimings(text: string, durationMs: number, rate = 1): WordTiming[] {
  const words = splitWords(text);
  if (words.length === 0) return [];
  const pauseAfter = (w: TextWord, i: number): number =>
    i === words.length - 1 ? 0 : w.gapAfter === 'sentence' ? TEXT_ONLY_PAUSE_MS.sentence / rate : w.gapAfter === 'clause' ? TEXT_ONLY_PAUSE_MS.clause / rate : 0;
  const weights = words.map((w, i) => (w.gapAfter !== 'none' || i === words.length - 1 ? w.weight * (1 + WEIGHTS.phraseFinal) : w.weight));
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  let pauses = words.reduce((a, w, i) => a + pauseAfter(w, i), 0);
  // Never let the pauses take more than half the audio.
  const scale = pauses > durationMs / 2 ? durationMs / 2 / pauses : 1;
  pauses *= scale;
  const perUnit = (durationMs - pauses) / totalWeight;
  const out: WordTiming[] = [];
  let t = 0;
  for (const [i, w] of words.entries()) {
    const endMs = t + weights[i]! * perUnit;
    out.push({ text: w.text, charStart: w.charStart, charEnd: w.charEnd, startMs: t, endMs });
    t = endMs + pauseAfter(w, i) * scale;
  }
  return out;
}

/** The naive baseline: words spread over the whole audio by character count. */
export function uniformWordTimings(text: string, durationMs: number): WordTiming[] {
  const words = splitWords(text);
  const total = words.reduce((s, w) => s + w.text.length + 1, 0);
  let acc = 0;
  return words.map((w) => {
    const startMs = (acc / total) * durationMs;
    acc += w.text.length + 1;
    return { text: w.text, charStart: w.charStart, charEnd: w.charEnd, startMs, endMs: (acc / total) * durationMs };
  });
}

/** Mono PCM as an adapter decodes it from the wire. */
export interface PcmPiece {
  samples: Float32Array;
  sampleRate: number;
}

/** After the first part (sent at once, for a quick start), parts gather at least this much audio. */
const MIN_PART_MS = 100;

/**
 * Turns a provider's bare PCM into SynthesisParts with estimated word timings: each part carries
 * the words the estimator has committed so far, and the last part the rest. A stream whose audio
 * ends exactly on a part boundary gets a final empty part to carry the last words.
 */
export async function* withEstimatedTimings(
  text: string,
  rate: number,
  source: AsyncIterable<PcmPiece>,
): AsyncGenerator<{ audio: PcmAudio; words: WordTiming[] }> {
  let estimator: TimingEstimator | undefined;
  let sampleRate = 0;
  let pending: Float32Array[] = [];
  let pendingLen = 0;
  let words: WordTiming[] = [];
  let sentAny = false;
  const take = (): Float32Array<ArrayBuffer> => {
    const out = new Float32Array(pendingLen);
    let at = 0;
    for (const p of pending) {
      out.set(p, at);
      at += p.length;
    }
    pending = [];
    pendingLen = 0;
    return out;
  };
  try {
    for await (const piece of source) {
      if (piece.samples.length === 0) continue;
      if (!estimator) {
        sampleRate = piece.sampleRate;
        estimator = new TimingEstimator(text, sampleRate, rate);
      } else if (piece.sampleRate !== sampleRate) throw new Error(`sample rate changed mid-stream (${sampleRate} -> ${piece.sampleRate})`);
      words.push(...estimator.push(piece.samples));
      pending.push(piece.samples);
      pendingLen += piece.samples.length;
      if (!sentAny || pendingLen >= (sampleRate * MIN_PART_MS) / 1000) {
        sentAny = true;
        yield { audio: { kind: 'pcm', sampleRate, channels: 1, samples: take() }, words };
        words = [];
      }
    }
  } catch (err) {
    // The stream broke: hand on the audio received and the words it surely holds, so whatever
    // takes over starts after them (reading.ts restarts past the last word reported).
    if (estimator && !(err instanceof Error && err.name === 'AbortError')) {
      words.push(...estimator.partial());
      if (pendingLen > 0 || words.length > 0) yield { audio: { kind: 'pcm', sampleRate, channels: 1, samples: take() }, words };
    }
    throw err;
  }
  if (!estimator) return;
  words.push(...estimator.finish());
  if (pendingLen > 0 || words.length > 0) yield { audio: { kind: 'pcm', sampleRate, channels: 1, samples: take() }, words };
}

/**
 * Passes compressed audio (MP3, Ogg Opus) on as it comes, each part with its duration from the
 * container framing. Without decoding there are no pauses to see, so the words are spread by the
 * text-only estimate once the whole duration is known: the last part carries them (the first part
 * goes at once; after it, one part is held back to carry the words).
 */
export async function* encodedWithTextTimings(
  provider: string,
  text: string,
  rate: number,
  mime: string,
  source: AsyncIterable<Uint8Array>,
): AsyncGenerator<{ audio: EncodedAudio; words: WordTiming[]; durationMs: number }> {
  const counter = createDurationCounter(mime);
  if (!counter) throw new SynthesisError(provider, 'server', `cannot play ${mime} audio`);
  let held: { audio: EncodedAudio; words: WordTiming[]; durationMs: number } | undefined;
  let totalMs = 0;
  let sent = 0;
  try {
    for await (const bytes of source) {
      if (bytes.byteLength === 0) continue;
      const durationMs = counter.push(bytes);
      totalMs += durationMs;
      const part = { audio: { kind: 'encoded' as const, mime, bytes: new Uint8Array(bytes) }, words: [] as WordTiming[], durationMs };
      if (sent === 0) {
        sent++;
        yield part;
        continue;
      }
      if (held) {
        sent++;
        yield held;
      }
      held = part;
    }
  } catch (err) {
    // The stream broke: the audio held back still goes on (without words: the text-only estimate
    // cannot tell which words a partial stream holds, so a fallback starts the text again).
    if (held && !(err instanceof Error && err.name === 'AbortError')) yield held;
    throw err;
  }
  if (sent === 0) return;
  const words = textOnlyWordTimings(text, totalMs, rate);
  yield held ? { ...held, words } : { audio: { kind: 'encoded', mime, bytes: new Uint8Array(0) }, words, durationMs: 0 };
}
