import { describe, expect, it } from 'vitest';
import { KOKORO_MAX_IDS, kokoroVoiceInfo, parseKokoroVocab, styleRow, STYLE_DIM } from './kokoro-pack';
import { KOKORO_RUN_SIZES, kokoroInput, kokoroSpelling, kokoroWord, kokoroWordIds, misakiSpelling } from './kokoro-phonemes';
import { phonemeRuns, type PhonemizedWord } from './piper-phonemes';

const vocab = new Map([...'$;:,.!? həlˈoʊwɜɹdɪsæjk…"ɛna'].map((c, i) => [c, i] as [string, number]));
const word = (phonemes: string[], after = ''): PhonemizedWord => ({ offset: 0, phonemes, after });

describe("Kokoro's input", () => {
  it("spells eSpeak's IPA as Kokoro's vocabulary has it, as kokoro-js does", () => {
    expect(kokoroSpelling('ɡɹeɪt')).toBe('ɡɹeɪt');
    expect(kokoroSpelling('rɛd')).toBe('ɹɛd');
    expect(kokoroSpelling('lɔx')).toBe('lɔk');
    expect(kokoroSpelling('ɬan')).toBe('lan');
    expect(kokoroSpelling('nʲet')).toBe('njet');
    // Composed, not decomposed: ç is one symbol of the vocabulary, not c and a cedilla.
    expect(kokoroSpelling('c\u0327a')).toBe('ça');
  });

  it('is one id per character between two pads, words joined by a space and the punctuation kept, with each word’s first id', () => {
    const input = kokoroInput([word(['h', 'ə', 'l', 'ˈoʊ'], ','), word(['w', 'ˈɜː', 'ɹ', 'l', 'd'], '.')], vocab);
    const id = (s: string) => [...s].map((c) => vocab.get(c)!);
    expect(input.ids).toEqual([0, ...id('həlˈoʊ,'), ...id(' '), ...id('wˈɜɹld.'), 0].filter((x) => x !== undefined));
    expect(input.wordStarts).toEqual([1, 1 + [...'həlˈoʊ, '].length]);
    expect(input.missing).toEqual(['ː']);
  });

  it('keeps every run inside the model’s 512 positions', () => {
    const words = Array.from({ length: 400 }, () => word(['h', 'ə', 'l', 'ˈoʊ']));
    const runs = phonemeRuns(words, KOKORO_RUN_SIZES, kokoroWordIds);
    expect(runs.length).toBeGreaterThan(1);
    for (const run of runs) expect(kokoroInput(run, vocab).ids.length).toBeLessThanOrEqual(KOKORO_MAX_IDS);
  });

  it('starts with a run of a word, each run of the first sentence after at most twice the one before, later sentences whole', () => {
    const words = Array.from({ length: 120 }, () => word(['h', 'ə', 'l', 'ˈoʊ'])); // 6 characters and a space each
    const weights = (runs: PhonemizedWord[][]) => runs.map((run) => run.reduce((n, w) => n + kokoroWordIds(w), 0));
    expect(weights(phonemeRuns(words, KOKORO_RUN_SIZES, kokoroWordIds))).toEqual([7, 14, 28, 49, 98, 196, 385, 63]); // each ends at the word that reaches 6, 12, 24 ... 400
    // A later sentence is one run.
    expect(weights(phonemeRuns(words.slice(0, 20), KOKORO_RUN_SIZES, kokoroWordIds, 3))).toEqual([140]);
  });

  it('picks the style row for the number of phonemes, as kokoro-js does', () => {
    const styles = Float32Array.from({ length: 510 * STYLE_DIM }, (_, i) => Math.floor(i / STYLE_DIM));
    expect(styleRow(styles, 2)[0]).toBe(0);
    expect(styleRow(styles, 50)[0]).toBe(48);
    expect(styleRow(styles, 5000)[0]).toBe(509);
    expect(styleRow(styles, 50).length).toBe(STYLE_DIM);
  });
});

describe('a Kokoro pack', () => {
  it("reads a voice's language from its name, and leaves out those eSpeak cannot phonemize for it", () => {
    expect(kokoroVoiceInfo('af_heart')).toEqual({ name: 'af_heart', language: 'en-US', espeakVoice: 'en-us', displayName: 'Heart' });
    expect(kokoroVoiceInfo('bm_george')).toMatchObject({ language: 'en-GB', espeakVoice: 'en', displayName: 'George' });
    expect(kokoroVoiceInfo('ff_siwis')).toMatchObject({ language: 'fr-FR', espeakVoice: 'fr' });
    expect(kokoroVoiceInfo('jf_alpha')).toBeUndefined(); // Japanese: Kokoro's own G2P
    expect(kokoroVoiceInfo('zm_yunxi')).toBeUndefined();
    expect(kokoroVoiceInfo('../x')).toBeUndefined();
  });

  it("reads the vocabulary of onnx-community's tokenizer.json and of hexgrad's config.json, and refuses anything else in words", () => {
    const symbols = Object.fromEntries([...' ;:,.!?abcdefghij'].map((c, i) => [c, i + 1]));
    expect(parseKokoroVocab(JSON.stringify({ model: { type: 'WordLevel', vocab: { $: 0, ...symbols } } })).get(' ')).toBe(1);
    expect(parseKokoroVocab(JSON.stringify({ n_token: 178, vocab: symbols })).get('a')).toBe(8);
    expect(() => parseKokoroVocab('{')).toThrow('its phoneme vocabulary (tokenizer.json) is not valid JSON');
    expect(() => parseKokoroVocab('{"model": {}}')).toThrow('its tokenizer.json has no phoneme vocabulary');
    expect(() => parseKokoroVocab('{"vocab": {"a": 1}}')).toThrow('its tokenizer.json is not a Kokoro phoneme vocabulary');
  });
});

describe("Kokoro's spelling beyond English", () => {
  it('merges eSpeak’s tied pairs as misaki does for the other languages, keeping r and x', () => {
    // "ojo rojo", "carro", "mucho": eSpeak's phonemes (one event per phoneme, a tied pair being one).
    expect(misakiSpelling(['ˈo', 'x', 'o', 'r', 'ˈo', 'x', 'o'])).toBe('ˈoxoɾˈoxo'.replace('ɾ', 'r'));
    expect(misakiSpelling(['k', 'ˈa', 'r', 'o'])).toBe('kˈaro');
    expect(misakiSpelling(['m', 'ˈu', 'tʃ', 'o', 'ˈaɪ', 'ts', '-'])).toBe('mˈuʧoˈIʦ');
    // TextToPhonemes' names carry a length mark and a word's second space (espeak-phoneme-names.ts).
    expect(misakiSpelling(['a', 'dʒː', 'ˈu', ' ˈtʃ', 'a'])).toBe('aʤːˈu ˈʧa');
    // English voices keep kokoro-js's replacements.
    expect(kokoroWord({ offset: 0, phonemes: ['r', 'ˈo', 'x', 'o'], after: '' }, 'en-us')).toBe('ɹˈoko');
    expect(kokoroWord({ offset: 0, phonemes: ['r', 'ˈo', 'x', 'o'], after: '' }, 'es')).toBe('rˈoxo');
  });

  it('spells English numbers as kokoro-js does: "two hundred" apart, American "ninety" with a d', () => {
    expect(kokoroSpelling('tˈuːhˈʌndɹɪd')).toBe('tˈuː hˈʌndɹɪd');
    expect(kokoroSpelling('nˈaɪnti', 'en-us')).toBe('nˈaɪndi');
    expect(kokoroSpelling('nˈaɪnti', 'en')).toBe('nˈaɪnti');
    // "Kokoro" as kokoro-js says it, and a lone "z" joined to the word before.
    expect(kokoroSpelling('kəkˈoːɹoʊ')).toBe('kˈoʊkəɹoʊ');
    expect(kokoroSpelling('kəkˈɔːɹəʊ', 'en')).toBe('kˈəʊkəɹəʊ');
    const z = kokoroInput([{ offset: 0, phonemes: ['h', 'ɛ', 'd'], after: '', gap: ' ' }, { offset: 4, phonemes: ['z'], after: '.', gap: '.' }], new Map([...vocab, ['z', 40]]));
    expect(z.ids).toEqual([0, vocab.get('h'), vocab.get('ɛ'), vocab.get('d'), 40, vocab.get('.'), 0]);
  });

  it('keeps the text’s punctuation at a clause’s end, as kokoro-js does', () => {
    const input = kokoroInput([{ offset: 0, phonemes: ['w', 'ˈɛ', 'l'], after: '', gap: '… ', fused: true }, { offset: 6, phonemes: ['n', 'ˈaʊ'], after: '.', gap: '.”' }], vocab);
    expect(input.ids).toEqual([0, ...[...'wˈɛl… nˈaʊ."'].map((c) => vocab.get(c)!), 0]);
  });

  it('keeps a sentence’s opening quote before it and its closing quote after it, but not the next sentence’s', () => {
    const spell = (run: PhonemizedWord[]) => kokoroInput(run, vocab).ids.slice(1, -1).map((id) => [...vocab].find(([, v]) => v === id)![0]).join('');
    // “Is it?” “No.”  and  Baker St. near: every punctuation between words is kept, as kokoro-js keeps it.
    expect(spell([{ offset: 1, phonemes: ['ɪs'], after: '', gap: ' ', before: '“' }, { offset: 4, phonemes: ['ɪk'], after: '?', gap: '?” “', sentenceEnd: true }])).toBe('"ɪs ɪk?"');
    expect(spell([{ offset: 0, phonemes: ['sən'], after: '', gap: '. ' }, { offset: 4, phonemes: ['nˈɪɹ'], after: '', gap: '' }])).toBe('sən. nˈɪɹ');
  });
});
