// Aloud's model input against the voices' own phonemizers (oracles.ts), over the corpus in
// test/fixtures/phonemes/corpus.json: what the conformance test asserts and the bench prints.
// Each sentence is read after a short first one (the language's primer), as a reading's later
// sentences are: the ids compared are those of the runs Aloud actually sends for it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EspeakPhonemizer } from '../../electron/engine/espeak-phonemizer';
import { parseKokoroVocab } from '../../electron/engine/kokoro-pack';
import { kokoroInput } from '../../electron/engine/kokoro-phonemes';
import { speechRuns, type VoiceFamily } from '../../electron/engine/natural-voice-runs';
import { parsePiperConfig } from '../../electron/engine/piper-config';
import { trainersEspeak } from '../../electron/engine/piper-espeak-data';
import { modelInput, type PhonemizedWord } from '../../electron/engine/piper-phonemes';
import { kokoroJsPhonemize, piperPhonemize } from './oracles';

const fixtures = join(import.meta.dirname, '..', 'fixtures');

export interface Corpus {
  languages: Record<string, { espeak: string; primer: string; sentences: string[] }>;
}
export const corpus = JSON.parse(readFileSync(join(fixtures, 'phonemes', 'corpus.json'), 'utf8')) as Corpus;

// A real Piper voice's phoneme map (the tiny fixture voices carry the full map of piper's voices).
const piperMap = parsePiperConfig(readFileSync(join(fixtures, 'voices', 'en_US-tiny-low.onnx.json'), 'utf8')).phonemeIds;
// Kokoro's vocabulary as onnx-community's tokenizer.json has it.
const kokoroVocab = parseKokoroVocab(readFileSync(join(fixtures, 'voices', 'kokoro-tiny', 'tokenizer.json'), 'utf8'));
const KOKORO_SPACE = kokoroVocab.get(' ')!;

export interface Difference {
  text: string;
  ours: string;
  oracle: string;
}

export interface LanguageFigures {
  family: VoiceFamily;
  language: string;
  sentences: number;
  identical: number;
  differences: Difference[];
}

let phonemizer: EspeakPhonemizer | undefined;
async function espeak(): Promise<EspeakPhonemizer> {
  // The natural voices' worker's own engine: eSpeak NG with the trainers' data.
  phonemizer ??= new EspeakPhonemizer(await trainersEspeak());
  return phonemizer;
}

/** The runs Aloud sends for `sentence` when it follows `primer` in one reading. */
export async function runsAfterPrimer(family: VoiceFamily, espeakVoice: string, primer: string, sentence: string): Promise<PhonemizedWord[][]> {
  const text = `${primer} ${sentence}`;
  const runs: PhonemizedWord[][] = [];
  for (const run of speechRuns(await espeak(), text, family, espeakVoice)) {
    if (run === 'aborted') throw new Error('aborted');
    if (run.some((word) => word.offset > primer.length)) runs.push(run);
  }
  return runs;
}

const show = (ids: number[][], names: Map<number, string>) => ids.map((run) => run.map((id) => names.get(id) ?? `#${id}`).join('')).join(' | ');

export async function piperFigures(language: string): Promise<LanguageFigures> {
  const { espeak: voice, primer, sentences } = corpus.languages[language]!;
  const names = new Map<number, string>();
  for (const [symbol, ids] of piperMap) if (symbol !== '_') names.set(ids[0]!, symbol);
  names.set(piperMap.get('_')![0]!, '');
  const figures: LanguageFigures = { family: 'piper', language, sentences: sentences.length, identical: 0, differences: [] };
  for (const text of sentences) {
    const ours = (await runsAfterPrimer('piper', voice, primer, text)).map((run) => modelInput(run, piperMap).ids);
    // As Piper sends them to the model: piper1-gpl skips a sentence without phonemes (voice.py,
    // synthesize: `if not phonemes: continue`), such as the one piper-phonemize makes of the closing
    // quote after a period ("now.”), and so does Aloud.
    const oracle = (await piperPhonemize(voice, text)).filter((s) => s.phonemes.length > 0).map((s) => s.ids);
    if (JSON.stringify(ours) === JSON.stringify(oracle)) figures.identical++;
    else figures.differences.push({ text, ours: show(ours, names), oracle: show(oracle, names) });
  }
  return figures;
}

/** Kokoro's English voices: American (a, en-us) and British (b, en-gb), as kokoro-js reads them. */
export async function kokoroFigures(variant: 'a' | 'b'): Promise<LanguageFigures> {
  const { primer, sentences } = corpus.languages['en']!;
  const voice = variant === 'a' ? 'en-us' : 'en';
  const names = new Map([...kokoroVocab].map(([symbol, id]) => [id, symbol]));
  const figures: LanguageFigures = { family: 'kokoro', language: `en-${variant === 'a' ? 'us' : 'gb'}`, sentences: sentences.length, identical: 0, differences: [] };
  for (const text of sentences) {
    // Runs are sentences (kokoro-js's stream splits at them too): joined by a space, they are the text's.
    const runs = (await runsAfterPrimer('kokoro', voice, primer, text)).map((run) => kokoroInput(run, kokoroVocab, voice).ids.slice(1, -1));
    const ours = runs.flatMap((ids, i) => (i === 0 ? ids : [KOKORO_SPACE, ...ids]));
    const phonemes = await kokoroJsPhonemize(text, variant);
    const oracle = [...phonemes].map((symbol) => kokoroVocab.get(symbol)).filter((id) => id !== undefined);
    if (JSON.stringify(ours) === JSON.stringify(oracle)) figures.identical++;
    else figures.differences.push({ text, ours: show([ours], names), oracle: show([oracle], names) });
  }
  return figures;
}

export const PIPER_LANGUAGES = Object.keys(corpus.languages);

export function percent(f: Pick<LanguageFigures, 'identical' | 'sentences'>): string {
  return `${((100 * f.identical) / f.sentences).toFixed(1)}%`;
}

/**
 * The differences allowed, each with its reason: applied to both sides' phonemes (as `show` writes
 * them) of a sentence that differs, they must make the two the same.
 */
export interface Allowance {
  name: string;
  family: VoiceFamily;
  languages: string[];
  reason: string;
  normalize: (phonemes: string) => string;
}

// None for Piper: with the fork's data (piper-espeak-data.ts) and TextToPhonemes' names
// (espeak-phoneme-names.ts) every sentence of the corpus is identical. Before them, the differences
// were eSpeak NG data versions (oːɹ/ɔːɹ, German y/ʏ, Russian ё) and the events' names (lengths ː,
// raised stress, pt ɐ̃ʊ̃), all gone now.
export const ALLOWANCES: Allowance[] = [];

/** The allowances that make a difference vanish; undefined when none does. */
export function allowancesFor(family: VoiceFamily, language: string, difference: Difference): string[] | undefined {
  const applicable = ALLOWANCES.filter((a) => a.family === family && a.languages.includes(language));
  let ours = difference.ours;
  let oracle = difference.oracle;
  const used: string[] = [];
  for (const allowance of applicable) {
    const [o, r] = [allowance.normalize(ours), allowance.normalize(oracle)];
    if (o !== ours || r !== oracle) used.push(allowance.name);
    [ours, oracle] = [o, r];
  }
  return ours.normalize('NFD') === oracle.normalize('NFD') ? used : undefined;
}
