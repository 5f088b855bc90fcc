// A language's name as the person's own locale writes it: 'fr' -> French, 'en-US' -> American English.
const names = new Intl.DisplayNames(undefined, { type: 'language' });

/** The name of a BCP-47 tag or language code; the code itself when it is not one the browser knows. */
export function languageName(tag: string): string {
  try {
    return names.of(tag) ?? tag;
  } catch {
    return tag;
  }
}

/** The language part of a tag, lower-cased: en-GB, en_US -> en. */
export const baseLanguage = (tag: string): string => tag.split(/[-_]/u)[0]!.toLowerCase();
