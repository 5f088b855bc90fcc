// A language's name as the person's own locale writes it: 'fr' -> French, 'en-US' -> American English.
const names = new Intl.DisplayNames(undefined, { type: 'language' });

/**
 * Names for the languages main may name by their script (electron/speech/script-language.ts), for a
 * browser whose locale data lacks them (Chromium's smaller ICU returns the code itself).
 */
const SCRIPT_LANGUAGES: Record<string, string> = {
  bo: 'Tibetan',
  km: 'Khmer',
  lo: 'Lao',
  my: 'Burmese',
  si: 'Sinhala',
  dv: 'Divehi',
  mn: 'Mongolian',
  iu: 'Inuktitut',
  am: 'Amharic',
  ka: 'Georgian',
  hy: 'Armenian',
  th: 'Thai',
  chr: 'Cherokee',
  zgh: 'Tamazight',
  syr: 'Syriac',
  nqo: 'N’Ko',
  sat: 'Santali',
  ii: 'Yi',
};

/** The name of a BCP-47 tag or language code; the code itself when it is not one the browser knows. */
export function languageName(tag: string): string {
  let name: string | undefined;
  try {
    name = names.of(tag);
  } catch {
    // not a well-formed tag
  }
  return name && name.toLowerCase() !== tag.toLowerCase() ? name : (SCRIPT_LANGUAGES[tag.toLowerCase()] ?? tag);
}

/** The language part of a tag, lower-cased: en-GB, en_US -> en. */
export const baseLanguage = (tag: string): string => tag.split(/[-_]/u)[0]!.toLowerCase();
