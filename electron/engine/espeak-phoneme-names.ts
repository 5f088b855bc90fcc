// The names of eSpeak's phonemes as its trainers' phonemizers write them. piper-phonemize and
// piper1-gpl (espeak_TextToPhonemesWithTerminator), misaki and kokoro-js's `phonemizer`
// (espeak_TextToPhonemes) take a clause's phonemes as eSpeak writes them right after translating it
// (GetTranslatedPhonemeString, dictionary.c). eSpeak's phoneme events name them later, while it
// synthesizes: without the length mark of a lengthened phoneme (SFLAG_LENGTHEN: Italian tʃitːˈa,
// French sˈyːʁ), with the stress its intonation pass (CalcPitches) raised (Spanish pˌaɾa -> pˈaɾa), and
// with IPA names chosen after that (Portuguese ɐ̃ʊ̃ -> ɐ̃ʊ). Aloud still needs the events, which alone say
// where each word is in the text; so the names of TextToPhonemes replace the events' one for one.

export interface PhonemeName {
  name: string;
  /**
   * Spaces written right before it inside its clause: a word's start, or two where a word starts with
   * a phoneme that has no name (a Dutch number: heːft  ˈeːn), which piper-phonemize keeps.
   */
  spaces: number;
  /** The first phoneme of a clause. */
  clauseStart: boolean;
}

/**
 * The phonemes of eSpeak's TextToPhonemes output written with '_' between a word's phonemes, ' '
 * before a word and ' | ' between clauses (the Emscripten build's text_to_phonemes), in order;
 * language switches such as (en) are left out, as the events' are.
 */
export function textToPhonemesNames(output: string): PhonemeName[] {
  const names: PhonemeName[] = [];
  for (const clause of output.split(' | ')) {
    let spaces = 0;
    let clauseStart = true;
    for (const token of clause.split(/(_| )/)) {
      if (token === ' ') spaces++;
      else if (token !== '_' && token !== '' && !token.startsWith('(')) {
        names.push({ name: token, spaces, clauseStart });
        spaces = 0;
        clauseStart = false;
      }
    }
  }
  return names;
}

/** A phoneme without what the two namings may differ in: stress and length marks, combining diacritics. */
const base = (name: string) => name.normalize('NFD').replace(/[ˈˌːˑ]/g, '').replace(/\p{M}/gu, '');

/**
 * A word's event phonemes with each one that starts with a modifier letter or diacritic (its stress
 * marks aside) joined to the one before, as TextToPhonemes writes them with no separator between:
 * Polish p + ʲ is pʲ.
 */
function joinModifiers(phonemes: readonly string[]): string[] {
  const joined: string[] = [];
  for (const name of phonemes) {
    const first = name.replace(/^[ˈˌ]+/, '').codePointAt(0) ?? 0;
    if (joined.length > 0 && first >= 0x2b0 && first <= 0x36f) joined[joined.length - 1] += name;
    else joined.push(name);
  }
  return joined;
}

/**
 * The events' phonemes (each word's, in order) renamed as TextToPhonemes names them. The two lists
 * come from the same translation of the same text, so they pair one for one; if they do not (a
 * phoneme one of them has no name for), the events' names are kept, whole, rather than guessed.
 * A space TextToPhonemes writes that the words' joining does not (one more than one at a word's
 * start inside a clause; any at a clause's start or inside a word) leads its phoneme's name.
 */
export function renamePhonemes(eventWords: readonly (readonly string[])[], names: readonly PhonemeName[]): string[][] {
  const words = eventWords.map(joinModifiers);
  const total = words.reduce((sum, phonemes) => sum + phonemes.length, 0);
  const unchanged = () => eventWords.map((phonemes) => [...phonemes]);
  if (total !== names.length) return unchanged();
  let at = 0;
  for (const phonemes of words) for (const name of phonemes) if (base(name) !== base(names[at++]!.name)) return unchanged();
  at = 0;
  return words.map((phonemes, w) =>
    phonemes.map((_, i) => {
      const { name, spaces, clauseStart } = names[at++]!;
      const joined = i === 0 && w > 0 && !clauseStart ? 1 : 0;
      return ' '.repeat(Math.max(0, spaces - joined)) + name;
    }),
  );
}
