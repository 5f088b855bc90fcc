import { describe, expect, it } from 'vitest';
import { EspeakPhonemizer } from './espeak-phonemizer';
import { renamePhonemes, textToPhonemesNames } from './espeak-phoneme-names';
import { trainersEspeak } from './piper-espeak-data';

describe("eSpeak's phonemes named as TextToPhonemes names them", () => {
  it('reads the phonemes, spaces and clauses of TextToPhonemes output, without language switches', () => {
    expect(textToPhonemesNames('l_a t_ʃ_i_tː_ˈa | (en)_h_ˈɛ_l_oʊ_(it)  ˈeː_n')).toEqual([
      { name: 'l', spaces: 0, clauseStart: true },
      { name: 'a', spaces: 0, clauseStart: false },
      { name: 't', spaces: 1, clauseStart: false },
      { name: 'ʃ', spaces: 0, clauseStart: false },
      { name: 'i', spaces: 0, clauseStart: false },
      { name: 'tː', spaces: 0, clauseStart: false },
      { name: 'ˈa', spaces: 0, clauseStart: false },
      { name: 'h', spaces: 0, clauseStart: true },
      { name: 'ˈɛ', spaces: 0, clauseStart: false },
      { name: 'l', spaces: 0, clauseStart: false },
      { name: 'oʊ', spaces: 0, clauseStart: false },
      { name: 'ˈeː', spaces: 2, clauseStart: false },
      { name: 'n', spaces: 0, clauseStart: false },
    ]);
  });

  it('renames the events’ phonemes one for one, joining a modifier to its phoneme, and keeps a second space', () => {
    const names = textToPhonemesNames('pʲ_ˈɛ_s h_eː_f_t  ˈeː_n');
    expect(renamePhonemes([['p', 'ʲ', 'ˈɛ', 's'], ['h', 'eː', 'f', 't'], ['ˈe', 'n']], names)).toEqual([['pʲ', 'ˈɛ', 's'], ['h', 'eː', 'f', 't'], [' ˈeː', 'n']]);
  });

  it('keeps the events’ names, whole, when the two do not pair', () => {
    const words = [['t', 'ʃ', 'i'], ['t', 'ˈa']];
    expect(renamePhonemes(words, textToPhonemesNames('t_ʃ_i t_ˈa_a'))).toEqual(words);
    expect(renamePhonemes(words, textToPhonemesNames('t_ʃ_i d_ˈa'))).toEqual(words);
  });

  it("gives the real engine's words the lengths, stress and nasals piper-phonemize writes", async () => {
    const p = new EspeakPhonemizer(await trainersEspeak());
    const said = (voice: string, text: string) => p.phonemize(text, 0, text.length, voice)!.map((w) => w.phonemes.join('')).join(' ');
    // The events alone gave tʃitˈa, pˈaɾa and kˌoɾasˈɐ̃ʊ (see espeak-phoneme-names.ts).
    expect(said('it', 'La città.')).toBe('la tʃitːˈa');
    expect(said('es', '«Para», dijo.')).toBe('pˌaɾa dˈixo');
    expect(said('pt-br', 'coração').normalize('NFD')).toBe('kˌoɾasˈɐ̃ʊ̃'.normalize('NFD'));
  });
});
